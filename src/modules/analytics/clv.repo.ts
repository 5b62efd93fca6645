import { expressionBuilder, sql, type RawBuilder } from 'kysely';
import type { DB } from '#src/db/schema.ts';
import type { FactsSource } from '#src/modules/analytics/analytics.schema.ts';
import { customerVisible, type CustomerScope } from '#src/modules/customers/customers.access.ts';
import type { Db } from '#src/shared/context.ts';

/**
 * The per-customer summaries that BG/NBD and Gamma-Gamma are fitted on (DESIGN §4, Time and money in analytics),
 * computed in SQL. A purchase is an order in the analysis currency that is neither cancelled nor returned, a zero-value
 * order included; purchases on one calendar day (`order_day`, already in the business time zone) are one purchase.
 * Per customer with a purchase up to the calibration end (inclusive):
 *   x = purchase days − 1, t_x = last − first purchase day, T = calibration end − first purchase day (days),
 *   repeat amount = what was bought on the purchase days after the first (minor units), so zbar = repeat amount / x.
 * The fit needs only the distinct (x, t_x, T) with their counts and the distinct (x, repeat amount) of repeat
 * customers, so that is what leaves the database. Customers in the recycle bin are left out.
 */

/** The calibration and, with `holdoutEnd`, the holdout window. */
export interface ClvWindow {
  calibrationEnd: string;
  holdoutEnd: string | null;
  currency: string;
  /** Days per model unit, for the holdout's periods. */
  unitDays: number;
}

/** Frequencies from this one on share the holdout's last frequency bucket (FHL 2005 shows 0…6 and 7+). */
export const FREQUENCY_BUCKETS = 7;

/**
 * One row of a slice's answer; `kind` says what the numbers are:
 * - fit: x, a = t_x days, b = T days, n = customers
 * - spend: x, a = repeat amount (minor units), n = customers (x > 0)
 * - bucket: x = min(x, 7), a = customers, b = their purchase days in the holdout
 * - period: x = holdout period (1, 2, …), n = purchase days in it by calibration customers
 * - later: n = customers whose first purchase is after the calibration end
 * - left_out: label = currency, a = customers, b = purchases up to the calibration end in that currency
 * - item: label = customer id, x, a = t_x days, b = T days, n = repeat amount
 */
export interface ClvSliceRow {
  kind: 'fit' | 'spend' | 'bucket' | 'period' | 'later' | 'left_out' | 'item';
  label: string | null;
  x: number | null;
  a: number | null;
  b: number | null;
  n: number | null;
}

const isPurchase = sql`o.status not in ('cancelled', 'returned')`;

/**
 * Ids in (after, last]: one slice's range of an index on customer id. Joins state it for both sides, since the
 * planner carries equalities across a join but not ranges: without it every slice scanned all customers.
 */
const inRange = (column: RawBuilder<unknown>, after: string | null, last: string) =>
  after === null
    ? sql`${column} <= ${last}::uuid`
    : sql`${column} > ${after}::uuid and ${column} <= ${last}::uuid`;

/**
 * `cal` and `days` from the maintained summaries (`customer_stats`), exact when no order is dated after the
 * calibration end: x = purchase_days − 1, repeat_revenue is the repeat amount. There is no holdout and nobody later.
 */
function fromSummaries(window: ClvWindow, after: string | null, last: string): RawBuilder<unknown> {
  return sql`
    cal as materialized (
      select s.customer_id, c.owner_id, c.team_id, s.purchase_days - 1 as x,
             s.last_order_day - s.first_order_day as tx_days, ${window.calibrationEnd}::date - s.first_order_day as t_days,
             s.repeat_revenue as repeat_amount, 0 as holdout_days
      from customer_stats s
      join customers c on c.id = s.customer_id and c.deleted_at is null
      where s.currency = ${window.currency} and ${inRange(sql`s.customer_id`, after, last)}
        and ${inRange(sql`c.id`, after, last)}
    ),
    days as (select null::uuid as customer_id, null::date as day, null::date as first_day where false),
    left_out as (
      select s.currency, count(*) as customers, sum(s.orders)::bigint as orders
      from customer_stats s
      join customers c on c.id = s.customer_id and c.deleted_at is null
      where s.currency <> ${window.currency} and ${inRange(sql`s.customer_id`, after, last)}
        and ${inRange(sql`c.id`, after, last)}
      group by s.currency
    )`;
}

/**
 * `cal` and `days` from the slice's orders (orders_customer_idx range): purchase days with what was bought on each,
 * and each customer's first purchase day; customers whose first purchase is after the calibration end are not in
 * `cal` (the model is conditioned on a calibration history they do not have).
 */
function fromOrders(window: ClvWindow, after: string | null, last: string): RawBuilder<unknown> {
  const cal = sql`${window.calibrationEnd}::date`;
  const holdoutEnd = window.holdoutEnd === null ? cal : sql`${window.holdoutEnd}::date`;
  return sql`
    days as materialized (
      select o.customer_id, o.order_day as day, sum(o.amount)::bigint as amount,
             min(o.order_day) over (partition by o.customer_id) as first_day
      from orders o
      join customers c on c.id = o.customer_id and c.deleted_at is null
      where ${inRange(sql`o.customer_id`, after, last)} and ${inRange(sql`c.id`, after, last)}
        and o.currency = ${window.currency} and ${isPurchase}
      group by o.customer_id, o.order_day
    ),
    cal as materialized (
      select d.customer_id, c.owner_id, c.team_id, count(*) filter (where d.day <= ${cal}) - 1 as x,
             max(d.day) filter (where d.day <= ${cal}) - d.first_day as tx_days, ${cal} - d.first_day as t_days,
             coalesce(sum(d.amount) filter (where d.day > d.first_day and d.day <= ${cal}), 0)::bigint as repeat_amount,
             count(*) filter (where d.day > ${cal} and d.day <= ${holdoutEnd}) as holdout_days
      from days d
      join customers c on c.id = d.customer_id
      where d.first_day <= ${cal} and ${inRange(sql`c.id`, after, last)}
      group by d.customer_id, c.owner_id, c.team_id, d.first_day
    ),
    left_out as (
      select o.currency, count(distinct o.customer_id) as customers, count(*) as orders
      from orders o
      join customers c on c.id = o.customer_id and c.deleted_at is null
      where ${inRange(sql`o.customer_id`, after, last)} and ${inRange(sql`c.id`, after, last)}
        and o.currency <> ${window.currency} and ${isPurchase}
        and o.order_day <= ${cal}
      group by o.currency
    )`;
}

/**
 * One slice of customers (ids in (after, last]) summarised for the fit, the holdout and what is left out, in one
 * statement; with `items`, also the per-customer summaries of the customers in it that the scope may see.
 */
export async function summariseSlice(
  db: Db,
  source: FactsSource,
  window: ClvWindow,
  after: string | null,
  last: string,
  items: CustomerScope | null,
): Promise<ClvSliceRow[]> {
  const cal = sql`${window.calibrationEnd}::date`;
  const ctes = source === 'summaries' ? fromSummaries(window, after, last) : fromOrders(window, after, last);
  const holdout =
    window.holdoutEnd === null
      ? sql``
      : sql`
    union all
    select 'bucket', null, least(x, ${FREQUENCY_BUCKETS}), count(*), sum(holdout_days)::bigint, null
    from cal group by 3
    union all
    select 'period', null, (day - ${cal} - 1) / ${window.unitDays} + 1, null, null, count(*)
    from days where first_day <= ${cal} and day > ${cal} and day <= ${window.holdoutEnd}::date
    group by 3`;
  const visible = items && customerVisible(items, 'cal')(expressionBuilder<DB, 'customers'>());
  const itemRows =
    visible === null
      ? sql``
      : sql`
    union all
    select 'item', customer_id::text, x, tx_days, t_days, repeat_amount from cal where ${visible}`;
  const { rows } = await sql<ClvSliceRow>`
    with ${ctes}
    select 'fit' as kind, null::text as label, x::bigint as x, tx_days::bigint as a, t_days::bigint as b,
           count(*)::bigint as n
    from cal group by x, tx_days, t_days
    union all
    select 'spend', null, x, repeat_amount, null, count(*) from cal where x > 0 group by x, repeat_amount
    union all
    select 'later', null, null, null, null, count(distinct customer_id) from days where first_day > ${cal}
    union all
    select 'left_out', currency, null, customers, orders, null from left_out
    ${holdout}
    ${itemRows}`.execute(db);
  return rows;
}

/** One customer's calibration summary (an item of the answer). */
export interface ClvCustomerRow {
  customer_id: string;
  x: number;
  tx_days: number;
  t_days: number;
  repeat_amount: number;
}

/**
 * A page of the customers the scope may see, in id order after `after`: those with a purchase up to the calibration
 * end, with their summaries. From `customer_stats` when it answers, else from each customer's orders (a probe of
 * orders_customer_idx per customer).
 */
export async function customerPage(
  db: Db,
  source: FactsSource,
  window: ClvWindow,
  scope: CustomerScope,
  after: string | null,
  limit: number,
): Promise<ClvCustomerRow[]> {
  const cal = sql`${window.calibrationEnd}::date`;
  const visible = customerVisible(scope, 'c')(expressionBuilder<DB, 'customers'>());
  const afterId = after === null ? sql`true` : sql`c.id > ${after}::uuid`;
  if (source === 'summaries') {
    const { rows } = await sql<ClvCustomerRow>`
      select c.id::text as customer_id, s.purchase_days - 1 as x, s.last_order_day - s.first_order_day as tx_days,
             ${cal} - s.first_order_day as t_days, s.repeat_revenue as repeat_amount
      from customer_stats s
      join customers c on c.id = s.customer_id
      where s.currency = ${window.currency} and c.deleted_at is null and ${visible}
        and ${after === null ? sql`true` : sql`s.customer_id > ${after}::uuid`}
      order by s.customer_id
      limit ${limit}`.execute(db);
    return rows;
  }
  const { rows } = await sql<ClvCustomerRow>`
    select c.id::text as customer_id, s.x, s.tx_days, s.t_days, s.repeat_amount
    from customers c
    cross join lateral (
      select count(*) - 1 as x, max(d.day) - min(d.day) as tx_days, ${cal} - min(d.day) as t_days,
             coalesce(sum(d.amount) filter (where d.day > d.first_day), 0)::bigint as repeat_amount
      from (
        select o.order_day as day, sum(o.amount)::bigint as amount, min(o.order_day) over () as first_day
        from orders o
        where o.customer_id = c.id and o.currency = ${window.currency} and ${isPurchase} and o.order_day <= ${cal}
        group by o.order_day
      ) d
    ) s
    where c.deleted_at is null and ${visible} and ${afterId} and s.x >= 0
    order by c.id
    limit ${limit}`.execute(db);
  return rows;
}
