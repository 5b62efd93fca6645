import { sql } from 'kysely';
import { abcRanked } from '#src/modules/analytics/abc.repo.ts';
import { defaultCutoffs } from '#src/modules/analytics/analytics.options.ts';
import type { FactsTable } from '#src/modules/analytics/facts.repo.ts';
import { rfmScored } from '#src/modules/analytics/rfm.repo.ts';
import type { Db } from '#src/shared/context.ts';

/**
 * The results written back to customers (customer_scores; scores.service.ts): the whole base scored into a run's
 * scratch in one statement (RFM and ABC over the same facts), lifetime values added to scratch in batches, then
 * written back in slices of customers.
 */

const runColumns = [
  'id',
  'as_of',
  'currency',
  'status',
  'customers',
  'clv_customers',
  'message',
  'created_by',
  'started_at',
  'heartbeat_at',
  'finished_at',
] as const;

/**
 * Starts a run: its row, status running. False when another run is running (the unique index on running runs
 * refuses a second, whichever process asks).
 */
export async function insertRun(
  db: Db,
  row: { id: string; as_of: string; currency: string; created_by: string; started_at: Date },
): Promise<boolean> {
  const result = await db
    .insertInto('customer_score_runs')
    .values({ ...row, status: 'running', heartbeat_at: row.started_at })
    .onConflict((oc) =>
      oc
        .expression(sql`(true)`)
        .where('status', '=', 'running')
        .doNothing(),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export const heartbeat = (db: Db, id: string, at: Date) =>
  db
    .updateTable('customer_score_runs')
    .set({ heartbeat_at: at })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();

export const finishRun = (
  db: Db,
  id: string,
  end: {
    status: 'done' | 'failed';
    customers?: number | null;
    clv_customers?: number | null;
    message: string | null;
    finished_at: Date;
  },
) =>
  db
    .updateTable('customer_score_runs')
    .set({ ...end, heartbeat_at: end.finished_at })
    .where('id', '=', id)
    .execute();

/** Fails the runs still running whose heartbeat is before `before` (null: every one but `except`). */
export const failAbandonedRuns = (
  db: Db,
  before: Date | null,
  except: readonly string[],
  end: { message: string; finished_at: Date },
) =>
  db
    .updateTable('customer_score_runs')
    .set({ status: 'failed', message: end.message, finished_at: end.finished_at })
    .where('status', '=', 'running')
    .$if(before !== null, (q) => q.where('heartbeat_at', '<', before!))
    .$if(except.length > 0, (q) => q.where('id', 'not in', except))
    .returning(['id'])
    .execute();

export const findRun = (db: Db, id: string) =>
  db.selectFrom('customer_score_runs').select(runColumns).where('id', '=', id).executeTakeFirst();

/** The latest run, and the latest that finished (whose scores the customers show). */
export async function latestRuns(db: Db) {
  const latest = await db
    .selectFrom('customer_score_runs')
    .select(runColumns)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const done =
    latest?.status === 'done'
      ? latest
      : await db
          .selectFrom('customer_score_runs')
          .select(runColumns)
          .where('status', '=', 'done')
          .orderBy('started_at', 'desc')
          .orderBy('id', 'desc')
          .limit(1)
          .executeTakeFirst();
  return { latest: latest ?? null, done: done ?? null };
}

/**
 * Scores every customer with a purchase in the currency up to asOf into the run's scratch: RFM (rfm.repo.ts) and
 * the ABC class by revenue over all time to asOf with the default cut-offs (abc.repo.ts), from the same facts.
 * Returns the customers scored.
 */
export async function insertScoreParts(
  db: Db,
  runId: string,
  facts: FactsTable,
  asOf: string,
  currency: string,
): Promise<number> {
  const result = await sql`
    with ${rfmScored(facts, asOf, currency)},
    ${abcRanked(facts, { currency, by: 'revenue', cutoffs: defaultCutoffs })}
    insert into analytics_score_parts
      (run_id, customer_id, value_class, recency_days, rfm_r, rfm_f, rfm_m, rfm_segment, revenue)
    select ${runId}, s.customer_id, c.class, s.recency_days, s.r, s.f, s.m, s.segment, s.monetary
    from segmented s
    join classed c on c.customer_id = s.customer_id`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** One customer's lifetime value for the scratch: expected value in minor units. */
export interface ClvPart {
  customerId: string;
  pAlive: number;
  expectedPurchases: number;
  expectedValue: number;
}

/** Adds a batch of lifetime values to the run's scratch (one statement, arrays unnested). */
export async function insertClvParts(db: Db, runId: string, parts: readonly ClvPart[]): Promise<void> {
  if (parts.length === 0) return;
  await sql`
    insert into analytics_score_clv (run_id, customer_id, p_alive, expected_purchases, expected_value)
    select ${runId}, t.customer_id, t.p_alive, t.expected_purchases, t.expected_value
    from unnest(${parts.map((p) => p.customerId)}::uuid[], ${parts.map((p) => p.pAlive)}::float8[],
                ${parts.map((p) => p.expectedPurchases)}::float8[],
                ${parts.map((p) => p.expectedValue)}::bigint[])
         as t (customer_id, p_alive, expected_purchases, expected_value)`.execute(db);
}

/**
 * Writes the scores of the customers with ids in (after, last] back from scratch, in one transaction: each scored
 * customer's row replaced, the rows of those no longer scored (no purchase as of the day, in the recycle bin)
 * removed. Ranges are stated on both sides of each join, as the planner does not carry them across (clv.repo.ts).
 */
export async function writeBackSlice(
  db: Db,
  run: { id: string; as_of: string; currency: string; started_at: Date },
  after: string | null,
  last: string,
): Promise<void> {
  const range = (column: string) =>
    after === null
      ? sql`${sql.ref(column)} <= ${last}::uuid`
      : sql`${sql.ref(column)} > ${after}::uuid and ${sql.ref(column)} <= ${last}::uuid`;
  await db.transaction().execute(async (tx) => {
    await sql`
      delete from customer_scores s
      where ${range('s.customer_id')}
        and not exists (
          select 1 from analytics_score_parts p where p.run_id = ${run.id} and p.customer_id = s.customer_id)`.execute(
      tx,
    );
    await sql`
      insert into customer_scores
        (customer_id, as_of, currency, value_class, recency_days, rfm_r, rfm_f, rfm_m, rfm_segment, revenue,
         p_alive, expected_purchases, expected_value, computed_at)
      select p.customer_id, ${run.as_of}::date, ${run.currency}, p.value_class, p.recency_days, p.rfm_r, p.rfm_f,
             p.rfm_m, p.rfm_segment, p.revenue, v.p_alive, v.expected_purchases, v.expected_value, ${run.started_at}
      from analytics_score_parts p
      -- a customer erased since it was scored has no row to write
      join customers c on c.id = p.customer_id and ${range('c.id')}
      left join analytics_score_clv v on v.run_id = p.run_id and v.customer_id = p.customer_id
        and ${range('v.customer_id')}
      where p.run_id = ${run.id} and ${range('p.customer_id')}
      on conflict (customer_id) do update set
        as_of = excluded.as_of, currency = excluded.currency, value_class = excluded.value_class,
        recency_days = excluded.recency_days, rfm_r = excluded.rfm_r, rfm_f = excluded.rfm_f,
        rfm_m = excluded.rfm_m, rfm_segment = excluded.rfm_segment, revenue = excluded.revenue,
        p_alive = excluded.p_alive, expected_purchases = excluded.expected_purchases,
        expected_value = excluded.expected_value, computed_at = excluded.computed_at`.execute(tx);
  });
}

/** Removes a run's scratch, and scratch that runs which never finished left over a day ago. */
export async function deleteScoreScratch(db: Db, runId: string): Promise<void> {
  for (const table of ['analytics_score_parts', 'analytics_score_clv'] as const)
    await sql`
      delete from ${sql.table(table)} where run_id = ${runId} or created_at < now() - interval '1 day'`.execute(
      db,
    );
}

/** Whether anyone has bought anything (a row of customer_stats). */
export async function anyPurchase(db: Db): Promise<boolean> {
  const row = await db.selectFrom('customer_stats').select('customer_id').limit(1).executeTakeFirst();
  return row !== undefined;
}
