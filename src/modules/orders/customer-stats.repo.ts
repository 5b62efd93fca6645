import { sql } from 'kysely';
import type { Db } from '#src/shared/context.ts';

/**
 * The per-customer order summary (DESIGN §3 and §6): one row per customer and currency, recomputed from that
 * customer's orders in the same transaction as every order write, so RFM, ABC and default CLV read 1M summary rows
 * instead of 10M orders. A purchase is an order that is neither cancelled nor returned; revenue is net of returns
 * (a returned order's amount is negative); repeat revenue is what was bought on purchase days after the first
 * (the Gamma-Gamma input, DESIGN §4). A customer with no purchase in a currency has no row for it.
 */
const summary = (where: ReturnType<typeof sql>) => sql`
  insert into customer_stats (customer_id, currency, first_order_day, last_order_day, orders, purchase_days,
                              revenue, repeat_revenue, margin, returns)
  select customer_id, currency,
         min(order_day) filter (where purchase),
         max(order_day) filter (where purchase),
         count(*) filter (where purchase),
         count(distinct order_day) filter (where purchase),
         coalesce(sum(amount) filter (where status <> 'cancelled'), 0),
         coalesce(sum(amount) filter (where purchase and order_day > first_day), 0),
         sum(margin) filter (where status <> 'cancelled'),
         count(*) filter (where status = 'returned')
  from (
    select customer_id, currency, order_day, amount, margin, status,
           status not in ('cancelled', 'returned') as purchase,
           min(order_day) filter (where status not in ('cancelled', 'returned'))
             over (partition by customer_id, currency) as first_day
    from orders
    where ${where}
  ) o
  group by customer_id, currency
  having count(*) filter (where purchase) > 0`;

/**
 * Locks the customers' rows until the transaction ends (in id order, so two writers never wait on each other), so
 * concurrent writes for one customer recompute what derives from its history one after the other, each statement
 * after the lock seeing what the other committed. Without it, two order writes on PostgreSQL each deleted the
 * summary they saw and both inserted one: a duplicate key (customer-stats.test.ts). NO KEY UPDATE, because an
 * order's foreign-key check already holds KEY SHARE on the same row, which it does not conflict with.
 */
export async function lockCustomers(db: Db, customerIds: readonly string[]): Promise<void> {
  if (customerIds.length === 0) return;
  await db
    .selectFrom('customers')
    .select('id')
    .where('id', 'in', [...customerIds])
    .orderBy('id')
    .forNoKeyUpdate()
    .execute();
}

/** Recomputes the summaries of these customers; call it inside the transaction that changed their orders. */
export async function refreshCustomerStats(db: Db, customerIds: readonly string[]): Promise<void> {
  const ids = [...new Set(customerIds)];
  // in slices, so one statement never carries more parameters than PostgreSQL accepts
  for (let start = 0; start < ids.length; start += 5000) {
    const slice = ids.slice(start, start + 5000);
    await lockCustomers(db, slice);
    await db.deleteFrom('customer_stats').where('customer_id', 'in', slice).execute();
    await summary(sql`customer_id in (${sql.join(slice)})`).execute(db);
  }
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
  await summary(sql`true`).execute(db);
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
