import { recordAudit } from '#src/modules/audit/audit.service.ts';
import { clvOptions, rfmOptions, today } from '#src/modules/analytics/analytics.options.ts';
import { computeClv } from '#src/modules/analytics/clv.service.ts';
import { withCustomerFacts } from '#src/modules/analytics/facts.service.ts';
import * as repo from '#src/modules/analytics/scores.repo.ts';
import type { ScoreRun, ScoresInput, ScoresStatus } from '#src/modules/analytics/scores.schema.ts';
import { inCustomerSlices } from '#src/modules/analytics/slices.ts';
import type { Actor, Deps } from '#src/shared/context.ts';
import { AppError, notFound } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';
import { minorDigits } from '#src/shared/money.ts';

/**
 * Analytics results written back to customers (issue 5 item 6): each customer's ABC class (by revenue, default
 * cut-offs, all time to the as-of day), RFM scores and segment, revenue to date, and from BG/NBD + Gamma-Gamma with
 * the defaults of DESIGN §4 (calibration to the as-of day, 52 weeks, 10 % a year, margin 1) P(alive), expected
 * purchases and expected value, in `customer_scores`, so that the customer list, its filters and later segments and
 * campaigns use them. A run scores the whole base into scratch, adds lifetime values, then writes the scores back in
 * slices of customers (DESIGN §6), each slice in one transaction; a reader sees each customer's scores whole, with
 * the day they are as of. When the data cannot support the models (too few customers or repeat buyers), the run
 * still writes the classes and segments, leaves lifetime value empty and says why.
 *
 * Runs happen on demand (the API, `guanxi analyze scores`) and every day: a running server starts one as of today
 * once the business day has changed (startScoresSchedule). One run at a time across every process.
 */

/** A run whose heartbeat is older than this was left by a process that is gone. */
export const SCORES_STALE_AFTER_MS = 10 * 60_000;
/** How often a running server looks whether the scores are as of today. */
const SCHEDULE_EVERY_MS = 10 * 60_000;
/** The first look after the server starts. */
const SCHEDULE_FIRST_MS = 60_000;
/** Lifetime values per statement into scratch. */
const CLV_BATCH = 5000;

export const abandonedScoresMessage =
  'the process running this recompute stopped (killed or crashed) before it finished; the scores are as of the last finished run';

const systemActor: Actor = {
  userId: null,
  label: 'system',
  role: 'admin',
  teamId: null,
  ip: null,
  requestId: null,
};

/** Runs this process is running, per database: a way to stop each, and its end. */
const runningHere = new WeakMap<
  Deps['db'],
  Map<string, { stop: AbortController; finished: Promise<unknown> }>
>();
const runsOf = (deps: Deps) => {
  let runs = runningHere.get(deps.db);
  if (!runs) runningHere.set(deps.db, (runs = new Map()));
  return runs;
};

const stoppedMessage =
  'the server stopped before the recompute finished; the scores are as of the last finished run';

/** Stops this process' runs between two steps (each then ends failed) and waits for them: the app is closing. */
export async function stopScoreRuns(deps: Deps): Promise<void> {
  const runs = [...runsOf(deps).values()];
  for (const run of runs) run.stop.abort();
  await Promise.all(runs.map((run) => run.finished));
}

type RunRow = NonNullable<Awaited<ReturnType<typeof repo.findRun>>>;

const presentRun = (row: RunRow): ScoreRun => ({
  id: row.id,
  asOf: row.as_of,
  currency: row.currency,
  status: row.status as ScoreRun['status'],
  customers: row.customers,
  clvCustomers: row.clv_customers,
  message: row.message,
  createdBy: row.created_by,
  startedAt: row.started_at.toISOString(),
  finishedAt: row.finished_at?.toISOString() ?? null,
});

/**
 * Fails runs left running by a process that is gone: on the embedded engine at start every one this process does
 * not run (one process opens a data directory at a time), otherwise those whose heartbeat is stale.
 */
export async function failAbandonedScoreRuns(deps: Deps, options: { atStart: boolean }): Promise<number> {
  const now = deps.clock.now();
  const everyOther = options.atStart && deps.engine === 'pglite';
  const failed = await repo.failAbandonedRuns(
    deps.db,
    everyOther ? null : new Date(now.getTime() - SCORES_STALE_AFTER_MS),
    [...runsOf(deps).keys()],
    { message: abandonedScoresMessage, finished_at: now },
  );
  for (const run of failed)
    deps.logger.warn({ scoreRunId: run.id }, 'score recompute failed: the process running it is gone');
  return failed.length;
}

export interface StartedRun {
  run: ScoreRun;
  /** The run when it has finished (done or failed); never rejects. */
  finished: Promise<ScoreRun>;
}

/**
 * Starts a recompute as of `input.asOf` (default today) in `input.currency` (default the business currency),
 * audited; 409 `analytics.scores_running` while another runs. The work goes on after this returns.
 */
export async function startScoresRun(
  deps: Deps,
  actor: Actor,
  input: ScoresInput,
  onProgress?: (message: string) => void,
): Promise<StartedRun> {
  const options = rfmOptions(deps, input);
  const id = newId();
  const startedAt = deps.clock.now();
  const start = () =>
    deps.db.transaction().execute(async (tx) => {
      const row = { id, as_of: options.asOf, currency: options.currency, created_by: actor.label };
      if (!(await repo.insertRun(tx, { ...row, started_at: startedAt }))) return null;
      const run = presentRun((await repo.findRun(tx, id))!);
      await recordAudit(tx, actor, {
        at: startedAt,
        action: 'run',
        entity: 'score_run',
        entityId: id,
        after: run,
      });
      return run;
    });
  let run = await start();
  if (!run && (await failAbandonedScoreRuns(deps, { atStart: false })) > 0) run = await start();
  if (!run)
    throw new AppError(
      'analytics.scores_running',
      'another recompute of the customer scores is running; wait for it to finish (GET /api/v1/analytics/scores)',
    );
  const stop = new AbortController();
  const finished = runScores(
    deps,
    { id, as_of: options.asOf, currency: options.currency, started_at: startedAt },
    stop.signal,
    onProgress,
  ).finally(() => runsOf(deps).delete(id));
  runsOf(deps).set(id, { stop, finished });
  return { run, finished };
}

class Stopped extends Error {}

/** The work of one run, its end recorded in its row. */
async function runScores(
  deps: Deps,
  run: { id: string; as_of: string; currency: string; started_at: Date },
  signal: AbortSignal,
  onProgress?: (message: string) => void,
): Promise<ScoreRun> {
  // between steps and slices: the app may be closing
  const beat = async () => {
    if (signal.aborted) throw new Stopped();
    await repo.heartbeat(deps.db, run.id, deps.clock.now());
  };
  try {
    const customers = await withCustomerFacts(
      deps,
      { from: null, through: run.as_of },
      { onProgress },
      async (facts) => {
        onProgress?.('scoring RFM and ABC');
        return repo.insertScoreParts(deps.db, run.id, facts, run.as_of, run.currency);
      },
    );
    await beat();
    const clv = await scratchLifetimeValues(deps, run, beat, onProgress);
    await beat();
    await inCustomerSlices(
      deps,
      'writing the scores back',
      async (after, last) => {
        await repo.writeBackSlice(deps.db, run, after, last);
        await beat();
      },
      { onProgress },
    );
    await repo.finishRun(deps.db, run.id, {
      status: 'done',
      customers,
      clv_customers: clv.customers,
      message: clv.message,
      finished_at: deps.clock.now(),
    });
  } catch (error) {
    if (!(error instanceof Stopped))
      deps.logger.error({ err: error, scoreRunId: run.id }, 'score recompute failed');
    await repo
      .finishRun(deps.db, run.id, {
        status: 'failed',
        message:
          error instanceof Stopped
            ? stoppedMessage
            : error instanceof AppError
              ? error.message
              : 'the recompute failed; the server log says why',
        finished_at: deps.clock.now(),
      })
      .catch((e: unknown) =>
        deps.logger.error({ err: e, scoreRunId: run.id }, 'could not record the failure'),
      );
  } finally {
    await repo
      .deleteScoreScratch(deps.db, run.id)
      .catch((e: unknown) =>
        deps.logger.warn({ err: e, scoreRunId: run.id }, 'could not remove score scratch'),
      );
  }
  return presentRun((await repo.findRun(deps.db, run.id))!);
}

/**
 * Fits the models as of the run's day and writes every customer's P(alive), expected purchases and value to scratch;
 * when the data cannot support the models, none, and why.
 */
async function scratchLifetimeValues(
  deps: Deps,
  run: { id: string; as_of: string; currency: string },
  beat: () => Promise<void>,
  onProgress?: (message: string) => void,
): Promise<{ customers: number; message: string | null }> {
  let items;
  try {
    const options = clvOptions(deps, { asOf: run.as_of, currency: run.currency });
    items = (await computeClv(deps, systemActor, options, { all: true }, onProgress)).customers.items;
  } catch (error) {
    if (error instanceof AppError && error.code === 'analytics.insufficient_data')
      return { customers: 0, message: `lifetime value left out: ${error.message}` };
    throw error;
  }
  const money = 10 ** minorDigits(run.currency);
  onProgress?.(`storing ${items.length} lifetime values`);
  for (let i = 0; i < items.length; i += CLV_BATCH) {
    await beat();
    await repo.insertClvParts(
      deps.db,
      run.id,
      items.slice(i, i + CLV_BATCH).map((item) => ({
        customerId: item.customerId,
        pAlive: item.pAlive,
        expectedPurchases: item.expectedPurchases,
        expectedValue: Math.round(item.expectedValue * money),
      })),
    );
  }
  return { customers: items.length, message: null };
}

/** One run; 404 when there is none with that id. */
export async function scoreRun(deps: Deps, id: string): Promise<ScoreRun> {
  const row = await repo.findRun(deps.db, id);
  if (!row) throw notFound('score_run.not_found', id);
  return presentRun(row);
}

/** The latest run and the one whose scores the customers show. */
export async function scoresStatus(deps: Deps): Promise<ScoresStatus> {
  const { latest, done } = await repo.latestRuns(deps.db);
  return { latest: latest && presentRun(latest), current: done && presentRun(done) };
}

/**
 * Keeps the scores as of today while the server runs: a first look a minute after start, then every ten minutes;
 * a look starts a run (as `system`) when the latest finished run is as of an earlier day than today in the business
 * time zone and anyone has bought anything. Runs left by a process that is gone are failed first.
 */
export function startScoresSchedule(deps: Deps): { stop(): Promise<void> } {
  let looking: Promise<void> | null = null;
  const look = () => {
    looking ??= (async () => {
      await failAbandonedScoreRuns(deps, { atStart: false });
      const { latest, done } = await repo.latestRuns(deps.db);
      const day = today(deps);
      if (latest?.status === 'running' || (done && done.as_of >= day)) return;
      if (!(await repo.anyPurchase(deps.db))) return;
      const { finished } = await startScoresRun(deps, systemActor, { asOf: day });
      await finished;
    })()
      .catch((error: unknown) => {
        if (!(error instanceof AppError && error.code === 'analytics.scores_running'))
          deps.logger.error({ err: error }, 'scheduled score recompute failed');
      })
      .finally(() => (looking = null));
  };
  const first = setTimeout(look, SCHEDULE_FIRST_MS);
  const timer = setInterval(look, SCHEDULE_EVERY_MS);
  first.unref();
  timer.unref();
  return {
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      await stopScoreRuns(deps);
      await looking;
    },
  };
}
