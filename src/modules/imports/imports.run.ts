import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { resolveColumns } from '#src/modules/imports/columns.ts';
import { importFile, type ImportProgress } from '#src/modules/imports/import-file.ts';
import * as repo from '#src/modules/imports/imports.repo.ts';
import type { Import, ImportEntity, RunInput } from '#src/modules/imports/imports.schema.ts';
import {
  findVisible,
  present,
  uploadsDir,
  type StoredOptions,
} from '#src/modules/imports/imports.service.ts';
import { isKnownEncoding } from '#src/modules/imports/read-file.ts';
import type { Actor, Deps } from '#src/shared/context.ts';
import { AppError, invalid } from '#src/shared/errors.ts';

/**
 * Running an uploaded import (the web wizard): in the background of the server process, one run at a time per
 * import, its progress and counts written to the `imports` row as it goes.
 */

/** Imports running in this process, per database, so shutdown (and tests) can stop or wait for them. */
interface Running {
  task: Promise<void>;
  stop: AbortController;
}
const runningByDb = new WeakMap<Deps['db'], Map<string, Running>>();
const runningOf = (deps: Deps) => {
  let running = runningByDb.get(deps.db);
  if (!running) runningByDb.set(deps.db, (running = new Map()));
  return running;
};

/**
 * Resolves once every import this process runs on this database has finished. With `stop` (the server shutting
 * down), each is stopped after the batch it is writing and marked `cancelled`: running it again finishes it, since
 * what is stored is skipped.
 */
export async function settleImports(deps: Deps, options: { stop?: boolean } = {}): Promise<void> {
  const running = runningOf(deps);
  while (running.size > 0) {
    if (options.stop) for (const run of running.values()) run.stop.abort();
    await Promise.allSettled([...running.values()].map((run) => run.task));
  }
}

/**
 * Starts an uploaded import in the background and answers at once; progress and counts appear on the import. A
 * dry run may be followed by a real run; a finished real run is not started again (upload the file again).
 */
export async function runImport(deps: Deps, actor: Actor, id: string, input: RunInput): Promise<Import> {
  const row = await findVisible(deps, actor, id);
  const options = row.options as StoredOptions;
  const entity = row.entity as ImportEntity;
  if (input.encoding && !isKnownEncoding(input.encoding))
    throw invalid('encoding', `${input.encoding} is not an encoding Guanxi knows (use utf8, gb18030 or gbk)`);
  // a mapping that leaves out a required column fails now, not in the background
  resolveColumns(entity, options.headers, input.mapping ?? {});
  const now = deps.clock.now();
  const runOptions: StoredOptions = {
    ...options,
    mapping: input.mapping ?? null,
    noCreate: input.noCreate,
    currency: input.currency ?? null,
    encodingGiven: input.encoding ?? options.encodingGiven ?? null,
    lines: null,
    customersCreated: 0,
  };
  const claimed = await repo.claimImport(
    deps.db,
    id,
    [
      { status: 'uploaded' },
      { status: 'failed' },
      { status: 'cancelled' },
      { status: 'completed', dryRun: true },
    ],
    {
      dry_run: input.dryRun,
      options: runOptions,
      started_at: now,
      finished_at: null,
      rows_done: 0,
      imported: 0,
      skipped: 0,
      errors: 0,
      error_report: null,
      message: null,
    },
  );
  if (!claimed)
    throw new AppError(
      'import.state',
      row.status === 'running'
        ? 'the import is running already'
        : 'the import has run; upload the file again to import it once more',
    );
  const running = runningOf(deps);
  const stop = new AbortController();
  const task = execute(deps, actor, { ...row, options: runOptions }, input, stop.signal).finally(() =>
    running.delete(id),
  );
  running.set(id, { task, stop });
  return present((await repo.findImport(deps.db, id))!);
}

async function execute(
  deps: Deps,
  actor: Actor,
  row: repo.ImportRow,
  input: RunInput,
  signal: AbortSignal,
): Promise<void> {
  const options = row.options as StoredOptions;
  const errorsPath = path.join(uploadsDir(deps), `${row.id}.errors.csv`);
  await rm(errorsPath, { force: true });
  // progress is written as it comes, one update at a time, the latest winning
  let latest: ImportProgress | null = null;
  let writing: Promise<void> | null = null;
  const writeProgress = async () => {
    while (latest) {
      const progress: ImportProgress = latest;
      latest = null;
      await repo.updateImport(deps.db, row.id, {
        rows_done: progress.rowsDone,
        imported: progress.imported,
        skipped: progress.skipped,
        errors: progress.errors,
      });
    }
  };
  const onProgress = (progress: ImportProgress) => {
    latest = progress;
    writing ??= writeProgress().finally(() => (writing = null));
  };
  try {
    const result = await importFile(
      deps,
      actor,
      {
        entity: row.entity as ImportEntity,
        path: options.path,
        map: options.mapping ?? undefined,
        dryRun: input.dryRun,
        noCreate: input.noCreate,
        currency: input.currency,
        encoding: options.encodingGiven ?? undefined,
        errorsPath,
        importId: row.id,
        fileName: row.file_name,
        signal,
      },
      onProgress,
    );
    latest = null;
    await writing;
    await repo.updateImport(deps.db, row.id, {
      status: 'completed',
      rows_done: result.rowsRead,
      imported: result.imported,
      skipped: result.skipped,
      errors: result.errors,
      error_report: result.errorReport,
      finished_at: deps.clock.now(),
      options: { ...options, lines: result.lines, customersCreated: result.customersCreated },
    });
  } catch (error) {
    // the last progress is written first: it holds what was done before the stop or failure
    await writing;
    const stopped = signal.aborted;
    if (!stopped && !(error instanceof AppError))
      deps.logger.error({ err: error, importId: row.id }, 'import failed');
    await repo
      .updateImport(deps.db, row.id, {
        status: stopped ? 'cancelled' : 'failed',
        message: stopped
          ? 'Guanxi stopped while the import ran; run it again to finish it (what is stored is skipped)'
          : error instanceof AppError
            ? error.message
            : `the import stopped: ${(error as Error).message}; the rows before it were imported`,
        // rows rejected before the stop or failure are in the report
        error_report: existsSync(errorsPath) ? errorsPath : null,
        finished_at: deps.clock.now(),
      })
      .catch((updateError: unknown) =>
        deps.logger.error({ err: updateError, importId: row.id }, 'could not record the failed import'),
      );
  }
}
