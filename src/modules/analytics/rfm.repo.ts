import { sql, type RawBuilder } from 'kysely';
import type { ItemCursor } from '#src/modules/analytics/analytics.cursor.ts';
import { factsOf, leftOutOf, visibleCustomer, type FactsTable } from '#src/modules/analytics/facts.repo.ts';
import { rfmGridCells } from '#src/modules/analytics/rfm.segments.ts';
import type { CustomerScope } from '#src/modules/customers/customers.access.ts';
import type { Db } from '#src/shared/context.ts';

/**
 * RFM in one statement (DESIGN §4): over the n customers with a purchase up to asOf, each score is
 * 1 + ⌊5 × (customers with a strictly worse value) / n⌋, which is `1 + 5 * (rank() - 1) / n` in an order from worst
 * to best (rank() counts the strictly worse ones before, and gives ties one rank). Worse is more days since the
 * last purchase, fewer purchases, less revenue. The segment is the score map's cell (rfm.segments.ts). The CTEs
 * are `base`, `scored` and `segmented` (one row per customer with its scores and segment).
 */
export function rfmScored(facts: FactsTable, asOf: string, currency: string): RawBuilder<unknown> {
  return sql`
    base as (
      select f.customer_id, f.ref, f.name, ${asOf}::date - f.last_order_day as recency_days,
             f.orders as frequency, f.revenue as monetary
      from (${factsOf(facts, currency)}) f
    ),
    scored as materialized (
      select b.*,
             (1 + 5 * (rank() over (order by b.recency_days desc) - 1) / count(*) over ())::int as r,
             (1 + 5 * (rank() over (order by b.frequency) - 1) / count(*) over ())::int as f,
             (1 + 5 * (rank() over (order by b.monetary) - 1) / count(*) over ())::int as m
      from base b
    ),
    segmented as materialized (
      select s.*, (${rfmGridCells}::text[])[((s.f + s.m) / 2 - 1) * 5 + s.r] as segment
      from scored s
    )`;
}

export interface RfmItemFilter {
  scope: CustomerScope;
  segment?: string | undefined;
  r?: number | undefined;
  f?: number | undefined;
  m?: number | undefined;
  after?: ItemCursor | undefined;
  /** null: every item. */
  limit: number | null;
}

/** One row of the statement's answer; `kind` says which fields are set. */
export interface RfmRow {
  kind: 'total' | 'segment' | 'left_out' | 'item';
  /** The segment, or the currency of a left_out row. */
  label: string | null;
  customers: number | null;
  /** Minor units: revenue of a total or segment, monetary of an item; purchases of a left_out row. */
  amount: number;
  ord: number | null;
  customer_id: string | null;
  ref: string | null;
  name: string | null;
  recency_days: number | null;
  frequency: number | null;
  r: number | null;
  f: number | null;
  m: number | null;
}

/** Scores the whole base and answers its totals, segments, left-out currencies and a page of visible items. */
export async function queryRfm(
  db: Db,
  facts: FactsTable,
  asOf: string,
  currency: string,
  filter: RfmItemFilter,
): Promise<RfmRow[]> {
  const visible = visibleCustomer(filter.scope, sql`x.customer_id`);
  const conditions: RawBuilder<unknown>[] = visible ? [visible] : [];
  if (filter.segment) conditions.push(sql`x.segment = ${filter.segment}`);
  if (filter.r) conditions.push(sql`x.r = ${filter.r}`);
  if (filter.f) conditions.push(sql`x.f = ${filter.f}`);
  if (filter.m) conditions.push(sql`x.m = ${filter.m}`);
  if (filter.after)
    conditions.push(
      sql`(x.monetary < ${filter.after.amount}::bigint
           or (x.monetary = ${filter.after.amount}::bigint and x.ref > ${filter.after.ref}))`,
    );
  const query = sql<RfmRow>`
    with ${rfmScored(facts, asOf, currency)},
    items as (
      select x.*, row_number() over (order by x.monetary desc, x.ref) as ord
      from segmented x
      ${conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``}
      order by x.monetary desc, x.ref
      ${filter.limit === null ? sql`` : sql`limit ${filter.limit}`}
    )
    select 'total' as kind, null as label, count(*)::int as customers, coalesce(sum(monetary), 0)::bigint as amount,
           null::bigint as ord, null::uuid as customer_id, null::text as ref, null::text as name,
           null::int as recency_days, null::int as frequency, null::int as r, null::int as f, null::int as m
    from segmented
    union all
    select 'segment', segment, count(*)::int, sum(monetary)::bigint, null, null, null, null, null, null, null, null,
           null
    from segmented
    group by segment
    union all
    select 'left_out', l.currency, l.customers, l.orders, null, null, null, null, null, null, null, null, null
    from (${leftOutOf(facts, currency)}) l
    union all
    select 'item', i.segment, null, i.monetary, i.ord, i.customer_id, i.ref, i.name, i.recency_days, i.frequency,
           i.r, i.f, i.m
    from items i`;
  const { rows } = await query.execute(db);
  return rows;
}

/** Writes the scores of the whole base to a snapshot (its row exists); returns the customers scored. */
export async function insertRfmSnapshotCustomers(
  db: Db,
  snapshotId: string,
  facts: FactsTable,
  asOf: string,
  currency: string,
): Promise<number> {
  const result = await sql`
    with ${rfmScored(facts, asOf, currency)}
    insert into rfm_snapshot_customers (snapshot_id, customer_id, recency_days, frequency, monetary, r, f, m, segment)
    select ${snapshotId}, customer_id, recency_days, frequency, monetary, r, f, m, segment
    from segmented`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
