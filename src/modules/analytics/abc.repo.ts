import { sql, type RawBuilder } from 'kysely';
import type { ItemCursor } from '#src/modules/analytics/analytics.cursor.ts';
import type { AbcMeasure } from '#src/modules/analytics/analytics.schema.ts';
import { factsOf, leftOutOf, visibleCustomer, type FactsTable } from '#src/modules/analytics/facts.repo.ts';
import type { CustomerScope } from '#src/modules/customers/customers.access.ts';
import type { Db } from '#src/shared/context.ts';

/**
 * ABC in one statement (DESIGN §4): customers ranked by revenue (or margin) descending, ties by ref; a customer is
 * A while the cumulative share of every customer ranked before it is under the first cut-off, B under the second,
 * else C. Sums are exact (numeric) and compared with the cut-offs as exact decimals. With no positive total there
 * is no Pareto: every customer is C and every share 0.
 */
export interface AbcQueryOptions {
  currency: string;
  by: AbcMeasure;
  cutoffs: [number, number];
}

export interface AbcItemFilter {
  scope: CustomerScope;
  class?: string | undefined;
  after?: ItemCursor | undefined;
  /** null: every item. */
  limit: number | null;
}

/** One row of the statement's answer; `kind` says which fields are set. */
export interface AbcRow {
  kind: 'total' | 'class' | 'curve' | 'left_out' | 'item';
  /** The class, or the currency of a left_out row. */
  label: string | null;
  /** Customers of a total or class; the rank of a curve point. */
  customers: number | null;
  /** Minor units: the value of a total, class or item; purchases of a left_out row. */
  amount: number;
  /** Of a class: its share of the total; of a curve point or item: the cumulative share. */
  share: number | null;
  ord: number | null;
  customer_id: string | null;
  ref: string | null;
  name: string | null;
}

/** The cut-offs as exact decimals for SQL (0.8 → '0.8'). */
const decimal = (value: number) => String(value);

/** The CTEs `abc_base`, `ranked` and `classed` (one row per customer with its class); named apart from RFM's. */
export function abcRanked(facts: FactsTable, options: AbcQueryOptions): RawBuilder<unknown> {
  const value = options.by === 'margin' ? sql`coalesce(f.margin, 0)` : sql`f.revenue`;
  return sql`
    abc_base as (
      select f.customer_id, f.ref, f.name, ${value} as value
      from (${factsOf(facts, options.currency)}) f
    ),
    ranked as materialized (
      select b.*,
             row_number() over w as rank,
             sum(b.value) over w as cumulative,
             count(*) over () as n,
             sum(b.value) over () as total
      from abc_base b
      window w as (order by b.value desc, b.ref rows between unbounded preceding and current row)
    ),
    classed as materialized (
      select r.*,
             case when r.total <= 0 then 'C'
                  when r.cumulative - r.value < ${decimal(options.cutoffs[0])}::numeric * r.total then 'A'
                  when r.cumulative - r.value < ${decimal(options.cutoffs[1])}::numeric * r.total then 'B'
                  else 'C' end as class,
             case when r.total > 0 then (r.cumulative / r.total)::float8 else 0 end as cumulative_share
      from ranked r
    )`;
}

/** Ranks the whole base and answers its totals, classes, Pareto curve, left-out currencies and a page of items. */
export async function queryAbc(
  db: Db,
  facts: FactsTable,
  options: AbcQueryOptions,
  filter: AbcItemFilter,
): Promise<AbcRow[]> {
  const visible = visibleCustomer(filter.scope, sql`x.customer_id`);
  const conditions: RawBuilder<unknown>[] = visible ? [visible] : [];
  if (filter.class) conditions.push(sql`x.class = ${filter.class}`);
  if (filter.after)
    conditions.push(
      sql`(x.value < ${filter.after.amount}::bigint
           or (x.value = ${filter.after.amount}::bigint and x.ref > ${filter.after.ref}))`,
    );
  const { rows } = await sql<AbcRow>`
    with ${abcRanked(facts, options)},
    items as (
      select x.*
      from classed x
      ${conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``}
      order by x.rank
      ${filter.limit === null ? sql`` : sql`limit ${filter.limit}`}
    )
    select 'total' as kind, null as label, count(*)::int as customers, coalesce(sum(value), 0)::bigint as amount,
           null::float8 as share, null::bigint as ord, null::uuid as customer_id, null::text as ref,
           null::text as name
    from classed
    union all
    select 'class', class, count(*)::int, sum(value)::bigint,
           case when max(total) > 0 then (sum(value) / max(total))::float8 else 0 end, null, null, null, null
    from classed
    group by class
    union all
    -- the last customer of each percent of customers: at most 100 points
    select 'curve', null, rank::int, cumulative::bigint, cumulative_share, null, null, null, null
    from classed
    where rank * 100 / n <> (rank - 1) * 100 / n
    union all
    select 'left_out', l.currency, l.customers, l.orders, null, null, null, null, null
    from (${leftOutOf(facts, options.currency)}) l
    union all
    select 'item', i.class, null, i.value, i.cumulative_share, i.rank, i.customer_id, i.ref, i.name
    from items i`.execute(db);
  return rows;
}
