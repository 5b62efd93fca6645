import { sql, type RawBuilder } from 'kysely';
import type { Db } from '#src/shared/context.ts';

/**
 * The per-customer order summary (DESIGN §3 and §6): one row per customer and currency, kept current in the same
 * transaction as every order write, so RFM, ABC and default CLV read 1M summary rows instead of 10M orders. A purchase is an order that is neither cancelled nor returned; revenue is net of returns
 * (a returned order's amount is negative); repeat revenue is what was bought on purchase days after the first
 * (the Gamma-Gamma input, DESIGN §4). A customer with no purchase in a currency has no row for it.
 */
const isPurchase = sql`status not in ('cancelled', 'returned')`;

/** The summary's columns over rows `o` of one customer and currency (`purchase` and `first_day` per row). */
const summaryColumns = sql`
  min(order_day) filter (where purchase) as first_order_day,
  max(order_day) filter (where purchase) as last_order_day,
  count(*) filter (where purchase) as orders,
  count(distinct order_day) filter (where purchase) as purchase_days,
  coalesce(sum(amount) filter (where status <> 'cancelled'), 0) as revenue,
  coalesce(sum(amount) filter (where purchase and order_day > first_day), 0) as repeat_revenue,
  sum(margin) filter (where status <> 'cancelled') as margin,
  count(*) filter (where status = 'returned') as returns`;

/** Orders with what the summary needs per row: whether it is a purchase, and its customer's first purchase day. */
const ordersWithFacts = (where: RawBuilder<unknown>) => sql`
  select customer_id, currency, order_day, amount, margin, status, ${isPurchase} as purchase,
         min(order_day) filter (where ${isPurchase}) over (partition by customer_id, currency) as first_day
  from orders
  where ${where}`;

const statsColumns = sql`(customer_id, currency, first_order_day, last_order_day, orders, purchase_days, revenue,
                          repeat_revenue, margin, returns)`;

/**
 * Locks the customers' rows until the transaction ends (in id order, so two writers never wait on each other), so
 * concurrent writes for one customer recompute what derives from its history one after the other, each statement
 * after the lock seeing what the other committed. Without it, two order writes on PostgreSQL each deleted the
 * summary they saw and both inserted one: a duplicate key (customer-stats.test.ts). NO KEY UPDATE, because an
 * order's foreign-key check already holds KEY SHARE on the same row, which it does not conflict with. One statement
 * for a whole batch; it returns the currencies each customer has a summary in.
 */
async function lockCustomers(db: Db, customerIds: readonly string[]): Promise<Map<string, string[]>> {
  if (customerIds.length === 0) return new Map();
  // Customer by customer through the indexes, in the order given (lower-case uuids sort as PostgreSQL sorts uuids):
  // a subquery with a limit or an aggregate is not flattened into a join. Without statistics (a new database,
  // autovacuum behind a bulk import) the planner takes `customer_id = any(…)` for a share of the whole table and
  // reads all of it, every batch.
  const { rows } = await sql<{ id: string; currencies: string[] | null }>`
    select c.id, s.currencies
    from unnest(${[...customerIds].sort()}::uuid[]) as k(id)
    cross join lateral (select id from customers c where c.id = k.id limit 1 for no key update) c
    cross join lateral (
      select array_agg(s.currency) as currencies from customer_stats s where s.customer_id = c.id
    ) s`.execute(db);
  return new Map(rows.map((row) => [row.id, row.currencies ?? []]));
}

/**
 * Recomputes the summaries of locked customers from all their orders, one customer at a time in the plan (the
 * lateral join reads each one's orders through orders_customer_idx whatever the statistics say), and drops the
 * summaries of currencies they no longer bought in.
 */
async function recompute(
  db: Db,
  customerIds: readonly string[],
  stored: Map<string, string[]>,
): Promise<void> {
  if (customerIds.length === 0) return;
  const storedKeys = customerIds.flatMap((id) =>
    (stored.get(id) ?? []).map((currency) => ({ id, currency })),
  );
  await sql`
    with recomputed as materialized (
      select c.id as customer_id, s.*
      from unnest(${[...customerIds]}::uuid[]) as c(id)
      cross join lateral (
        select currency, ${summaryColumns}
        from (${ordersWithFacts(sql`customer_id = c.id`)}) o
        group by currency
        having count(*) filter (where purchase) > 0
      ) s
    ),
    upserted as (
      insert into customer_stats ${statsColumns}
      select customer_id, currency, first_order_day, last_order_day, orders, purchase_days, revenue, repeat_revenue,
             margin, returns
      from recomputed
      on conflict (customer_id, currency) do update
      set first_order_day = excluded.first_order_day, last_order_day = excluded.last_order_day,
          orders = excluded.orders, purchase_days = excluded.purchase_days, revenue = excluded.revenue,
          repeat_revenue = excluded.repeat_revenue, margin = excluded.margin, returns = excluded.returns
    )
    delete from customer_stats s
    using unnest(${storedKeys.map((k) => k.id)}::uuid[], ${storedKeys.map((k) => k.currency)}::text[])
      as gone(customer_id, currency)
    where s.customer_id = gone.customer_id and s.currency = gone.currency
      and not exists (
        select 1 from recomputed r where r.customer_id = gone.customer_id and r.currency = gone.currency)`.execute(
    db,
  );
}

/** Ids as PostgreSQL returns them (lower case), each once. */
const distinctIds = (ids: readonly string[]) => [...new Set(ids.map((id) => id.toLowerCase()))];

/** Recomputes the summaries of these customers; call it inside the transaction that changed their orders. */
export async function refreshCustomerStats(db: Db, customerIds: readonly string[]): Promise<void> {
  const ids = distinctIds(customerIds);
  await recompute(db, ids, await lockCustomers(db, ids));
}

/** An order just inserted, as its customer's summary counts it. */
export interface NewOrderFacts {
  id: string;
  customer_id: string;
  currency: string;
  order_day: string;
  /** Minor units; negative for a return. */
  amount: number;
  margin: number | null;
  status: string;
}

/**
 * Brings the summaries current after a batch that inserted `added` orders and changed orders (updated, moved,
 * deleted) of the `changed` customers, in the batch's transaction. A customer whose only change is new orders on
 * or after its last purchase day (files in time order) gets the new orders added to its summary; the others are
 * recomputed from all their orders. Both give the same summaries (imports.order-stats.test.ts).
 */
export async function refreshCustomerStatsForBatch(
  db: Db,
  added: readonly NewOrderFacts[],
  changed: readonly string[],
): Promise<void> {
  const changedIds = new Set(distinctIds(changed));
  const ids = distinctIds([...added.map((o) => o.customer_id), ...changedIds]);
  const stored = await lockCustomers(db, ids);
  const appended = await appendToSummaries(
    db,
    added.filter((o) => !changedIds.has(o.customer_id.toLowerCase())),
  );
  await recompute(db, [...changedIds, ...appended.recount], stored);
}

/**
 * Adds just-inserted orders to their customers' summaries where that is exact: the customer has a summary in the
 * currency and no new purchase falls before its last purchase day (so first day, earlier purchase days and repeat
 * revenue so far stand), or it had no order in the currency before these. Returns the customers to recompute.
 */
async function appendToSummaries(db: Db, added: readonly NewOrderFacts[]): Promise<{ recount: string[] }> {
  if (added.length === 0) return { recount: [] };
  const { rows } = await sql<{ customer_id: string }>`
    with added as materialized (
      select a.*, ${isPurchase} as purchase
      from unnest(${added.map((o) => o.id)}::uuid[], ${added.map((o) => o.customer_id)}::uuid[],
                  ${added.map((o) => o.currency)}::text[], ${added.map((o) => o.order_day)}::date[],
                  ${added.map((o) => o.amount)}::bigint[], ${added.map((o) => o.margin)}::bigint[],
                  ${added.map((o) => o.status)}::text[])
        as a(id, customer_id, currency, order_day, amount, margin, status)
    ),
    keys as materialized (
      select k.customer_id, k.currency, k.first_new, s.first_order_day, s.last_order_day,
             case
               when s.last_order_day is not null then k.first_new is null or k.first_new >= s.last_order_day
               -- no summary: exact only when these are the customer's first orders in the currency
               else not exists (
                 select 1 from orders o
                 where o.customer_id = k.customer_id and o.currency = k.currency and o.id <> all(k.ids))
             end as appendable
      from (
        select customer_id, currency, array_agg(id) as ids, min(order_day) filter (where purchase) as first_new
        from added
        group by customer_id, currency
      ) k
      -- a probe per key (see lockCustomers)
      left join lateral (
        select s.first_order_day, s.last_order_day
        from customer_stats s
        where s.customer_id = k.customer_id and s.currency = k.currency
        limit 1
      ) s on true
    ),
    sums as (
      select k.customer_id, k.currency,
             coalesce(k.first_order_day, k.first_new) as first_order_day,
             greatest(k.last_order_day, max(a.order_day) filter (where a.purchase)) as last_order_day,
             count(*) filter (where a.purchase) as orders,
             -- days up to the last purchase day are counted already
             count(distinct a.order_day) filter (
               where a.purchase and (k.last_order_day is null or a.order_day > k.last_order_day)) as purchase_days,
             coalesce(sum(a.amount) filter (where a.status <> 'cancelled'), 0) as revenue,
             coalesce(sum(a.amount) filter (
               where a.purchase and a.order_day > coalesce(k.first_order_day, k.first_new)), 0) as repeat_revenue,
             sum(a.margin) filter (where a.status <> 'cancelled') as margin,
             count(*) filter (where a.status = 'returned') as returns
      from keys k
      join added a on a.customer_id = k.customer_id and a.currency = k.currency
      where k.appendable
      group by k.customer_id, k.currency, k.first_order_day, k.last_order_day, k.first_new
    ),
    upserted as (
      insert into customer_stats ${statsColumns}
      select customer_id, currency, first_order_day, last_order_day, orders, purchase_days, revenue, repeat_revenue,
             margin, returns
      from sums
      -- a customer without a summary whose new orders are no purchase (returns only) still has none
      where first_order_day is not null
      on conflict (customer_id, currency) do update
      set last_order_day = excluded.last_order_day,
          orders = customer_stats.orders + excluded.orders,
          purchase_days = customer_stats.purchase_days + excluded.purchase_days,
          revenue = customer_stats.revenue + excluded.revenue,
          repeat_revenue = customer_stats.repeat_revenue + excluded.repeat_revenue,
          margin = case when customer_stats.margin is null and excluded.margin is null then null
                        else coalesce(customer_stats.margin, 0) + coalesce(excluded.margin, 0) end,
          returns = customer_stats.returns + excluded.returns
    )
    select distinct customer_id from keys where not appendable`.execute(db);
  return { recount: rows.map((row) => row.customer_id) };
}

/**
 * Recomputes every order's calendar day in the business time zone and every summary (`guanxi stats rebuild`),
 * e.g. after GUANXI_TZ changed.
 */
export async function rebuildAllCustomerStats(db: Db, timeZone: string): Promise<{ customers: number }> {
  await sql`
    update orders set order_day = (ordered_at at time zone ${timeZone})::date
    where order_day <> (ordered_at at time zone ${timeZone})::date`.execute(db);
  await sql`delete from customer_stats`.execute(db);
  await sql`
    insert into customer_stats ${statsColumns}
    select customer_id, currency, ${summaryColumns}
    from (${ordersWithFacts(sql`true`)}) o
    group by customer_id, currency
    having count(*) filter (where purchase) > 0`.execute(db);
  const { n } = await db
    .selectFrom('customer_stats')
    .select((eb) => eb.fn.count<number>('customer_id').distinct().as('n'))
    .executeTakeFirstOrThrow();
  return { customers: Number(n) };
}

/** A customer's summaries, one per currency it bought in. */
export const findCustomerStats = (db: Db, customerId: string) =>
  db
    .selectFrom('customer_stats')
    .select(['currency', 'first_order_day', 'last_order_day', 'orders', 'revenue'])
    .where('customer_id', '=', customerId)
    .orderBy('currency')
    .execute();
