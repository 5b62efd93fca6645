/**
 * Runs PGlite in a worker thread: PGlite executes queries on the calling thread, and a long analysis would
 * otherwise freeze the HTTP server's event loop (DESIGN §1).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { typeParsers } from '#src/db/types.ts';
import {
  serializeError,
  type WorkerOptions,
  type WorkerRequest,
  type WorkerResponse,
} from '#src/db/pglite/protocol.ts';

const port = parentPort;
if (!port) throw new Error('the PGlite worker must run in a worker thread');
const post = (message: WorkerResponse) => port.postMessage(message);
const options = workerData as WorkerOptions;

let pglite: PGlite;
try {
  pglite = await PGlite.create({
    dataDir: options.pgDataDir,
    extensions: { pg_trgm },
    parsers: typeParsers,
  });
  post({ type: 'ready' });
} catch (error) {
  post({ type: 'failed', error: serializeError(error) });
  process.exit(1);
}

port.on('message', (request: WorkerRequest) => {
  void handle(request);
});

async function handle(request: WorkerRequest): Promise<void> {
  try {
    switch (request.op) {
      case 'query': {
        // Without parameters, use the simple protocol as `pg` does, so multi-statement SQL (migrations) runs.
        const result =
          request.params.length > 0
            ? await pglite.query(request.sql, [...request.params], { rowMode: 'object' })
            : ((await pglite.exec(request.sql, { rowMode: 'object' })).at(-1) ?? {
                rows: [],
                affectedRows: 0,
              });
        post({ type: 'result', id: request.id, rows: result.rows, affectedRows: result.affectedRows });
        return;
      }
      case 'exec': {
        await pglite.exec(request.sql);
        post({ type: 'result', id: request.id, rows: [], affectedRows: undefined });
        return;
      }
      case 'close': {
        await pglite.close();
        post({ type: 'result', id: request.id, rows: [], affectedRows: undefined });
        port?.close();
        return;
      }
    }
  } catch (error) {
    post({ type: 'error', id: request.id, error: serializeError(error) });
  }
}
