import { Worker } from 'node:worker_threads';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import {
  deserializeError,
  type SerializedDbError,
  type WorkerOptions,
  type WorkerRequest,
  type WorkerResponse,
} from '#src/db/pglite/protocol.ts';

/** A request to the worker before it gets its id. */
type WorkerRequestBody = WorkerRequest extends infer R
  ? R extends WorkerRequest
    ? Omit<R, 'id'>
    : never
  : never;

type Pending = {
  resolve: (result: { rows: unknown[]; affectedRows: number | undefined }) => void;
  reject: (error: Error) => void;
};

/** A FIFO lock: whoever holds it owns PGlite's single connection. */
class Mutex {
  #tail: Promise<void> = Promise.resolve();
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const ready = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => next);
    return ready;
  }
}

/**
 * Kysely driver for PGlite running in a worker thread. PGlite has one connection, so the driver hands it to
 * one holder at a time: a transaction keeps it from BEGIN to COMMIT and every other request waits, which is
 * what keeps concurrent HTTP requests from interleaving statements inside another request's transaction.
 */
export class PgliteWorkerDriver implements Driver {
  readonly #options: WorkerOptions;
  #worker: Worker | undefined;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  readonly #mutex = new Mutex();
  readonly #releases = new WeakMap<DatabaseConnection, () => void>();
  #failure: Error | undefined;

  constructor(options: WorkerOptions) {
    this.#options = options;
  }

  #started: Promise<void> | undefined;

  /** Starts the worker; Kysely calls this on first use and `openDatabase` calls it early, so it runs once. */
  init(): Promise<void> {
    this.#started ??= this.#start();
    return this.#started;
  }

  async #start(): Promise<void> {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), { workerData: this.#options });
    this.#worker = worker;
    await new Promise<void>((resolve, reject) => {
      const onStart = (message: WorkerResponse) => {
        if (message.type === 'ready') done();
        else if (message.type === 'failed') done(deserializeError(message.error));
      };
      const onExit = (code: number) =>
        done(new Error(`the PGlite worker exited with code ${code} while starting`));
      // Remove only our own listeners: Worker uses listener events internally to ref its message port.
      const done = (error?: Error) => {
        worker.off('message', onStart).off('error', done).off('exit', onExit);
        if (error) reject(error);
        else resolve();
      };
      worker.on('message', onStart).on('error', done).on('exit', onExit);
    });
    worker.on('message', (message: WorkerResponse) => this.#onMessage(message));
    worker.on('error', (error) => this.#fail(error));
    worker.on('exit', (code) => this.#fail(new Error(`the PGlite worker exited (code ${code})`)));
  }

  #onMessage(message: WorkerResponse): void {
    if (message.type !== 'result' && message.type !== 'error') return;
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    this.#pending.delete(message.id);
    if (message.type === 'result')
      pending.resolve({ rows: message.rows, affectedRows: message.affectedRows });
    else pending.reject(deserializeError(message.error satisfies SerializedDbError));
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }

  request(message: WorkerRequestBody): Promise<{ rows: unknown[]; affectedRows: number | undefined }> {
    if (this.#failure) return Promise.reject(this.#failure);
    const worker = this.#worker;
    if (!worker) return Promise.reject(new Error('the database is not open'));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.#mutex.acquire();
    const connection = new PgliteWorkerConnection(this);
    this.#releases.set(connection, release);
    return connection;
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    this.#releases.get(connection)?.();
    this.#releases.delete(connection);
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    await connection.executeQuery(CompiledQuery.raw(`begin${isolation}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteIdent(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint ${quoteIdent(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint ${quoteIdent(name)}`));
  }

  /** Closes PGlite cleanly (it writes its state to the data directory) and stops the worker. */
  async destroy(): Promise<void> {
    const worker = this.#worker;
    if (!worker || this.#failure) return;
    const release = await this.#mutex.acquire();
    try {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      await this.request({ op: 'close' });
      this.#failure = new Error('the database is closed');
      await exited;
    } finally {
      release();
    }
  }
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

class PgliteWorkerConnection implements DatabaseConnection {
  readonly #driver: PgliteWorkerDriver;
  constructor(driver: PgliteWorkerDriver) {
    this.#driver = driver;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { rows, affectedRows } = await this.#driver.request({
      op: 'query',
      sql: compiledQuery.sql,
      params: compiledQuery.parameters,
    });
    return {
      rows: rows as R[],
      numAffectedRows: affectedRows === undefined ? undefined : BigInt(affectedRows),
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error(
      'streaming is not supported on the embedded engine; page through results with keyset queries',
    );
  }
}
