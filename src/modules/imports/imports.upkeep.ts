import { rm } from 'node:fs/promises';
import * as repo from '#src/modules/imports/imports.repo.ts';
import { runningHere, STALE_AFTER_MS } from '#src/modules/imports/imports.run.ts';
import { UPLOAD_RETENTION_DAYS } from '#src/modules/imports/imports.service.ts';
import type { Deps } from '#src/shared/context.ts';

/**
 * Upkeep of the web wizard's imports, when the server starts and then every minute (server/app.ts): runs whose
 * server process is gone are failed instead of staying `running` forever, and uploaded files are removed some days
 * after their import is done.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
/** How often a running server looks again. */
export const UPKEEP_EVERY_MS = 60_000;

export const abandonedRunMessage =
  'the server process running this import stopped (killed or crashed) before it finished; run it again to finish it (what is stored is skipped)';

/**
 * Fails the imports left `running` by a server process that is gone; returns how many. Only runs that cannot still
 * be alive are failed:
 * - never one this process runs;
 * - on the embedded engine, at start, every other one: one process at a time opens a data directory (DESIGN §1,
 *   its lock), and this one just has, so whoever ran them has exited;
 * - otherwise (PostgreSQL, where several servers share one database, and every later look) only runs whose
 *   heartbeat is older than STALE_AFTER_MS, eight times the interval at which a live run refreshes it (imports.run.ts). The
 *   runner's pid cannot tell: it may be on another machine, and containers repeat host names and pids. Heartbeats
 *   are times of each server's clock, so the servers' clocks must agree to well within that limit (NTP keeps them
 *   within milliseconds).
 * So on PostgreSQL a run killed just before its server restarts is failed by the first look after the limit, not
 * at start: another server may still be running it.
 */
export async function failAbandonedImports(deps: Deps, options: { atStart: boolean }): Promise<number> {
  const now = deps.clock.now();
  const everyOther = options.atStart && deps.engine === 'pglite';
  const failed = await repo.failAbandonedRuns(
    deps.db,
    runningHere(deps),
    everyOther ? null : new Date(now.getTime() - STALE_AFTER_MS),
    { message: abandonedRunMessage, finished_at: now },
  );
  for (const run of failed)
    deps.logger.warn(
      { importId: run.id, runner: run.runner, heartbeatAt: run.heartbeat_at },
      'import failed: the process running it is gone',
    );
  return failed.length;
}

/**
 * Removes the uploaded files and error reports of imports done with more than UPLOAD_RETENTION_DAYS ago (finished,
 * or uploaded and never run), and their rows' references to them: such an import can no longer be run or its
 * report downloaded (upload the file again). Returns how many imports lost their files.
 */
export async function removeOldUploads(deps: Deps): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - UPLOAD_RETENTION_DAYS * DAY_MS);
  const released = await repo.releaseFiles(deps.db, before);
  for (const { id, path, error_report } of released)
    for (const file of [path, error_report])
      if (file)
        await rm(file, { force: true }).catch((error: unknown) =>
          deps.logger.warn({ err: error, importId: id, file }, 'could not remove an old import file'),
        );
  return released.length;
}

/**
 * Starts the upkeep: once now (awaited: the server listens after it) and every UPKEEP_EVERY_MS until `stop`. A
 * failed later look is logged and tried again next time.
 */
export async function startImportUpkeep(deps: Deps): Promise<{ stop(): Promise<void> }> {
  await failAbandonedImports(deps, { atStart: true });
  await removeOldUploads(deps);
  let looking: Promise<void> | null = null;
  const timer = setInterval(() => {
    looking ??= (async () => {
      await failAbandonedImports(deps, { atStart: false });
      await removeOldUploads(deps);
    })()
      .catch((error: unknown) => deps.logger.error({ err: error }, 'import upkeep failed'))
      .finally(() => (looking = null));
  }, UPKEEP_EVERY_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await looking;
    },
  };
}
