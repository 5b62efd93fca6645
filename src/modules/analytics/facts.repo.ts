import { expressionBuilder, sql, type RawBuilder } from 'kysely';
import type { DB } from '#src/db/schema.ts';
import { customerVisible, type CustomerScope } from '#src/modules/customers/customers.access.ts';
import type { Db } from '#src/shared/context.ts';

/**
 * Per-customer order facts for RFM and ABC (DESIGN §6): from the maintained summaries (`customer_stats`) when they
 * answer the question, else from a scan of orders written to scratch in slices of customers. Both give, per
 * customer and currency, what customer_stats holds: the last purchase day, purchases (orders neither cancelled nor
 * returned), revenue net of returns (every order but cancelled ones; a return is negative) and margin. A customer
 * has facts in a currency only when it made a purchase in it within the window. Customers in the recycle bin are
 * left out.
 */

/** Where the facts are: `customer_stats`, or one run's scratch rows. */
export type FactsTable = { kind: 'summaries' } | { kind: 'scan'; runId: string };

const isPurchase = sql`o.status not in ('cancelled', 'returned')`;

/**
 * The facts of one currency as rows `(customer_id, ref, name, last_order_day, orders, revenue, margin)`, with the
 * customer's ref (C collation, for ranking ties the same on every database) and name.
 */
export function factsOf(table: FactsTable, currency: string): RawBuilder<unknown> {
  const source =
    table.kind === 'summaries'
      ? sql`customer_stats s`
      : sql`(select * from analytics_customer_facts where run_id = ${table.runId}) s`;
  return sql`
    select s.customer_id, c.ref collate "C" as ref, c.name, s.last_order_day, s.orders, s.revenue, s.margin
    from ${source}
    join customers c on c.id = s.customer_id
    where s.currency = ${currency} and c.deleted_at is null`;
}

/**
 * Purchases in other currencies than the analysis', per currency (reported as left out). Written as two ranges so
 * that customer_stats_currency_idx finds the (usually few) rows of other currencies without reading the table.
 */
export function leftOutOf(table: FactsTable, currency: string): RawBuilder<unknown> {
  const source =
    table.kind === 'summaries'
      ? sql`customer_stats s`
      : sql`(select * from analytics_customer_facts where run_id = ${table.runId}) s`;
  return sql`
    select s.currency, count(*)::int as customers, sum(s.orders)::bigint as orders
    from ${source}
    join customers c on c.id = s.customer_id
    where (s.currency < ${currency} or s.currency > ${currency}) and c.deleted_at is null
    group by s.currency`;
}

/**
 * Whether the customer `customerId` (an SQL expression) is one the scope may see (customers.access.ts), or null when
 * it sees every customer. A semi-join, so that who may see whom is not carried through the ranking's sorts.
 */
export function visibleCustomer(
  scope: CustomerScope,
  customerId: RawBuilder<unknown>,
): RawBuilder<unknown> | null {
  if (scope.kind === 'all') return null;
  const visible = customerVisible(scope, 'v')(expressionBuilder<DB, 'customers'>());
  return sql`${customerId} in (select v.id from customers v where ${visible})`;
}

/** The first and last order day of all orders (two probes of orders_day_idx). */
export async function orderDayRange(db: Db): Promise<{ first: string | null; last: string | null }> {
  const { rows } = await sql<{ first: string | null; last: string | null }>`
    select (select min(order_day) from orders) as first, (select max(order_day) from orders) as last`.execute(
    db,
  );
  return rows[0] ?? { first: null, last: null };
}

/** Customers not in the recycle bin, for progress reports. */
export async function countLiveCustomers(db: Db): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from customers where deleted_at is null`.execute(db);
  return rows[0]?.n ?? 0;
}

/** A slice of customers by id: after `after` (null: from the start), at most `size`; null when none are left. */
export async function nextSlice(
  db: Db,
  after: string | null,
  size: number,
): Promise<{ last: string; count: number } | null> {
  const { rows } = await sql<{ last: string | null; count: number }>`
    with slice as (
      select id from customers
      where ${after === null ? sql`true` : sql`id > ${after}::uuid`}
      order by id
      limit ${size}
    )
    select (select id from slice order by id desc limit 1)::text as last, (select count(*) from slice)::int as count`.execute(
    db,
  );
  const row = rows[0];
  return row?.last ? { last: row.last, count: row.count } : null;
}

/**
 * Orders `o` of the customers `c` with ids in (after, last]: one slice's range of orders_customer_idx and of the
 * customers' primary key. The range is stated for both sides of the join, as the planner carries equalities across
 * a join but not ranges: on `o` alone, it may hash every customer for each slice (clv.repo.ts says the same).
 */
export const sliceRange = (after: string | null, last: string) =>
  after === null
    ? sql`o.customer_id <= ${last}::uuid and c.id <= ${last}::uuid`
    : sql`o.customer_id > ${after}::uuid and o.customer_id <= ${last}::uuid and c.id > ${after}::uuid and c.id <= ${last}::uuid`;

/** The days of orders an analysis reads: `from` (null: all time) through `through`, inclusive. */
export interface OrderWindow {
  from: string | null;
  through: string;
}

const inWindow = (window: OrderWindow) =>
  window.from === null
    ? sql`o.order_day <= ${window.through}::date`
    : sql`o.order_day between ${window.from}::date and ${window.through}::date`;

/** Writes the facts of one slice of customers within the window to the run's scratch. */
export async function insertSliceFacts(
  db: Db,
  runId: string,
  after: string | null,
  last: string,
  window: OrderWindow,
): Promise<void> {
  await sql`
    insert into analytics_customer_facts (run_id, customer_id, currency, last_order_day, orders, revenue, margin)
    select ${runId}, o.customer_id, o.currency,
           max(o.order_day) filter (where ${isPurchase}),
           count(*) filter (where ${isPurchase}),
           coalesce(sum(o.amount) filter (where o.status <> 'cancelled'), 0),
           sum(o.margin) filter (where o.status <> 'cancelled')
    from orders o
    join customers c on c.id = o.customer_id
    where ${sliceRange(after, last)} and ${inWindow(window)} and c.deleted_at is null
    group by o.customer_id, o.currency
    having count(*) filter (where ${isPurchase}) > 0`.execute(db);
}

/** Removes one run's scratch rows. */
export async function deleteRunFacts(db: Db, runId: string): Promise<void> {
  await sql`delete from analytics_customer_facts where run_id = ${runId}`.execute(db);
  await sql`delete from analytics_cohort_parts where run_id = ${runId}`.execute(db);
}

/** Removes scratch that runs which never finished (a killed process) left over a day ago, by the database's clock. */
export async function deleteStaleScratch(db: Db): Promise<void> {
  await sql`delete from analytics_customer_facts where created_at < now() - interval '1 day'`.execute(db);
  await sql`delete from analytics_cohort_parts where created_at < now() - interval '1 day'`.execute(db);
}
