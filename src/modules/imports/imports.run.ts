import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resolveColumns } from '#src/modules/imports/columns.ts';
import { importFile, type ImportProgress } from '#src/modules/imports/import-file.ts';
import * as repo from '#src/modules/imports/imports.repo.ts';
import type { Import, ImportEntity, RunInput } from '#src/modules/imports/imports.schema.ts';
import {
  findVisible,
  present,
  UPLOAD_RETENTION_DAYS,
  uploadsDir,
  type StoredOptions,
} from '#src/modules/imports/imports.service.ts';
import { isKnownEncoding } from '#src/modules/imports/read-file.ts';
import type { Actor, Deps } from '#src/shared/context.ts';
import { AppError, invalid } from '#src/shared/errors.ts';

/**
 * Running an uploaded import (the web wizard): in the background of the server process, one run at a time per
 * import, its progress and counts written to the `imports` row as it goes. The row names the process running it
 * (`runner`) and when that process last showed it was alive (`heartbeat_at`), so that a run whose process was
 * killed is failed rather than left `running` forever (failAbandonedImports).
 */

/**
 * This process among the servers that may share one PostgreSQL database: host and pid for the person reading the
 * row, and a random part because pids are reused.
 */
export const runnerId = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
/** How often a running import's process refreshes its heartbeat, even while one batch takes long. */
export const HEARTBEAT_MS = 15_000;
/** A run without a heartbeat for this long is taken for dead: eight missed heartbeats. */
export const STALE_AFTER_MS = 8 * HEARTBEAT_MS;

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

/** The imports this process is running on this database. */
export const runningHere = (deps: Deps): string[] => [...runningOf(deps).keys()];

const uploadRemoved = () =>
  new AppError(
    'import.state',
    `the uploaded file was removed after ${UPLOAD_RETENTION_DAYS} days; upload the file again to import it`,
  );

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
  if (!options.path) throw uploadRemoved();
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
    options.path,
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
      runner: runnerId,
      heartbeat_at: now,
    },
  );
  if (!claimed && !((await repo.findImport(deps.db, id))?.options as StoredOptions | undefined)?.path)
    throw uploadRemoved();
  if (!claimed)
    throw new AppError(
      'import.state',
      row.status === 'running'
        ? 'the import is running already'
        : 'the import has run; upload the file again to import it once more',
    );
  const running = runningOf(deps);
  const stop = new AbortController();
  const task = execute(
    deps,
    actor,
    { ...row, options: runOptions },
    options.path,
    input,
    stop.signal,
  ).finally(() => running.delete(id));
  running.set(id, { task, stop });
  return present((await repo.findImport(deps.db, id))!);
}

async function execute(
  deps: Deps,
  actor: Actor,
  row: repo.ImportRow,
  filePath: string,
  input: RunInput,
  signal: AbortSignal,
): Promise<void> {
  const options = row.options as StoredOptions;
  const errorsPath = path.join(uploadsDir(deps), `${row.id}.errors.csv`);
  const update = (changes: repo.ImportChanges) =>
    repo.updateRun(deps.db, row.id, runnerId, { ...changes, heartbeat_at: deps.clock.now() });
  await rm(errorsPath, { force: true });
  // progress is written as it comes, one update at a time, the latest winning
  let latest: ImportProgress | null = null;
  let writing: Promise<void> | null = null;
  const writeProgress = async () => {
    while (latest) {
      const progress: ImportProgress = latest;
      latest = null;
      await update({
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
  // the heartbeat goes on while a long batch runs: the timer fires between the import's awaits
  const heartbeat = setInterval(() => {
    update({}).catch((error: unknown) =>
      deps.logger.warn({ err: error, importId: row.id }, 'could not refresh the import heartbeat'),
    );
  }, HEARTBEAT_MS);
  heartbeat.unref();
  try {
    const result = await importFile(
      deps,
      actor,
      {
        entity: row.entity as ImportEntity,
        path: filePath,
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
    await update({
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
    await update({
      status: stopped ? 'cancelled' : 'failed',
      message: stopped
        ? 'Guanxi stopped while the import ran; run it again to finish it (what is stored is skipped)'
        : error instanceof AppError
          ? error.message
          : `the import stopped: ${(error as Error).message}; the rows before it were imported`,
      // rows rejected before the stop or failure are in the report
      error_report: existsSync(errorsPath) ? errorsPath : null,
      finished_at: deps.clock.now(),
    }).catch((updateError: unknown) =>
      deps.logger.error({ err: updateError, importId: row.id }, 'could not record the failed import'),
    );
  } finally {
    clearInterval(heartbeat);
  }
}
