import { sql, type RawBuilder } from 'kysely';
import { sliceRange } from '#src/modules/analytics/facts.repo.ts';
import type { Db } from '#src/shared/context.ts';

/**
 * Cohorts by first-purchase month (DESIGN §4, §6). Each slice of customers adds its partial sums per currency,
 * cohort and month since to the run's scratch; slices hold disjoint customers, so the sums add up exactly. A
 * customer's cohort is the month (of the business-time-zone day) of its first purchase in the currency up to
 * asOf; in month k after it, the customer counts as retained when it made a purchase, and its orders count as
 * revenue net of returns. Orders before the cohort month (returns of earlier purchases) are left out.
 */
const isPurchase = sql`o.status not in ('cancelled', 'returned')`;

const monthNumber = (day: RawBuilder<unknown>) =>
  sql`(extract(year from ${day})::int * 12 + extract(month from ${day})::int)`;

export interface CohortWindow {
  asOf: string;
  /** Cohorts whose first purchase is in [from, to] (null: unbounded). */
  from: string | null;
  to: string | null;
}

export async function insertSliceCohortParts(
  db: Db,
  runId: string,
  after: string | null,
  last: string,
  window: CohortWindow,
): Promise<void> {
  const firstIn = [
    ...(window.from === null ? [] : [sql`o.first_day >= ${window.from}::date`]),
    ...(window.to === null ? [] : [sql`o.first_day <= ${window.to}::date`]),
  ];
  await sql`
    insert into analytics_cohort_parts (run_id, currency, cohort, month_index, customers, orders, revenue)
    select ${runId}, o.currency, date_trunc('month', o.first_day)::date,
           ${monthNumber(sql`o.order_day`)} - ${monthNumber(sql`o.first_day`)} as month_index,
           count(distinct o.customer_id) filter (where o.purchase),
           count(*) filter (where o.purchase),
           coalesce(sum(o.amount) filter (where o.status <> 'cancelled'), 0)
    from (
      select o.customer_id, o.currency, o.order_day, o.amount, o.status, ${isPurchase} as purchase,
             min(o.order_day) filter (where ${isPurchase}) over (partition by o.customer_id, o.currency) as first_day
      from orders o
      join customers c on c.id = o.customer_id
      where ${sliceRange(after, last)} and o.order_day <= ${window.asOf}::date and c.deleted_at is null
    ) o
    where o.first_day is not null
      and o.order_day >= date_trunc('month', o.first_day)::date
      ${firstIn.length ? sql`and ${sql.join(firstIn, sql` and `)}` : sql``}
    group by o.currency, date_trunc('month', o.first_day)::date, month_index`.execute(db);
}

/** The run's cohorts in the currency: customers retained and revenue per month since, with each cohort's size. */
export async function cohortCells(db: Db, runId: string, currency: string) {
  const { rows } = await sql<{
    cohort: string;
    month_index: number;
    cohort_size: number;
    customers: number;
    revenue: number;
  }>`
    select to_char(cohort, 'YYYY-MM') as cohort, month_index,
           sum(sum(customers)) filter (where month_index = 0) over (partition by cohort)::int as cohort_size,
           sum(customers)::int as customers, sum(revenue)::bigint as revenue
    from analytics_cohort_parts
    where run_id = ${runId} and currency = ${currency}
    group by cohort, month_index
    order by cohort, month_index`.execute(db);
  return rows;
}

/** Customers and purchases of the run in other currencies (left out). */
export async function cohortLeftOut(db: Db, runId: string, currency: string) {
  const { rows } = await sql<{ currency: string; customers: number; orders: number }>`
    select currency, (sum(customers) filter (where month_index = 0))::int as customers, sum(orders)::bigint as orders
    from analytics_cohort_parts
    where run_id = ${runId} and currency <> ${currency}
    group by currency
    order by currency`.execute(db);
  return rows;
}
