import { sql, type Kysely } from 'kysely';
import type { DB } from '#src/db/schema.ts';
import { searchKeys } from '#src/modules/customers/customers.search-keys.ts';
import { Random } from '#src/modules/demo/random.ts';
import { refreshCustomerStats } from '#src/modules/orders/customer-stats.repo.ts';
import { newId } from '#src/shared/ids.ts';

/**
 * Small random order histories for the analytics tests: ties in every measure (few distinct days and amounts),
 * returns, cancellations, zero-value orders, orders in another currency, customers without purchases and
 * customers in the recycle bin. Loaded as the application stores them, customer_stats kept by its own code.
 */
export interface TestCustomer {
  id: string;
  ref: string;
  name: string;
  deleted: boolean;
  ownerId: string | null;
}

export interface TestOrder {
  id: string;
  customerId: string;
  /** `YYYY-MM-DD`, the business-time-zone day. */
  day: string;
  /** Minor units; negative for a return. */
  amount: number;
  currency: string;
  status: 'completed' | 'pending' | 'cancelled' | 'returned';
  margin: number | null;
}

export interface Dataset {
  customers: TestCustomer[];
  orders: TestOrder[];
}

const addDays = (day: string, days: number) => {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
};

export interface DatasetOptions {
  customers?: number;
  /** First day orders may fall on, and how many days they spread over. */
  start?: string;
  days?: number;
  /** Owners customers are given (in turn, some none). */
  ownerIds?: string[];
}

export function randomDataset(seed: number, options: DatasetOptions = {}): Dataset {
  const rng = new Random(seed);
  const count = options.customers ?? 20 + rng.int(40);
  const start = options.start ?? '2025-01-01';
  const span = options.days ?? 30 + rng.int(150);
  // few distinct values, so ties are common
  const amounts = Array.from({ length: 3 + rng.int(6) }, () => rng.int(20) * 500);
  const customers: TestCustomer[] = Array.from({ length: count }, (_, i) => {
    const owners = options.ownerIds ?? [];
    return {
      id: newId(),
      // refs of varied length and case, so their order is not their creation order
      ref: `${['K', 'a', 'Z', 'b'][rng.int(4)]}${rng.int(1000)}-${i}`,
      name: `客户${seed}-${i}`,
      deleted: rng.chance(0.05),
      ownerId: owners.length && rng.chance(0.8) ? owners[rng.int(owners.length)]! : null,
    };
  });
  const orders: TestOrder[] = [];
  for (const customer of customers) {
    const n = rng.chance(0.1) ? 0 : 1 + rng.int(rng.chance(0.3) ? 12 : 4);
    for (let k = 0; k < n; k++) {
      const day = addDays(start, rng.int(span));
      const currency = rng.chance(0.1) ? 'USD' : 'CNY';
      const roll = rng.float();
      const status =
        roll < 0.08 ? 'returned' : roll < 0.14 ? 'cancelled' : roll < 0.2 ? 'pending' : 'completed';
      const base = rng.chance(0.08) ? 0 : amounts[rng.int(amounts.length)]!;
      orders.push({
        id: newId(),
        customerId: customer.id,
        day,
        amount: status === 'returned' ? -Math.max(base, 100) : base,
        currency,
        status,
        margin: rng.chance(0.3) ? null : Math.round(base * rng.float() * 0.5),
      });
    }
  }
  return { customers, orders };
}

/** Replaces every customer and order with the dataset's, and brings customer_stats current as the app does. */
export async function loadDataset(db: Kysely<DB>, dataset: Dataset): Promise<void> {
  await sql`delete from rfm_snapshot_customers`.execute(db);
  await sql`delete from rfm_snapshots`.execute(db);
  await sql`delete from customer_scores`.execute(db);
  await sql`delete from customer_stats`.execute(db);
  await sql`delete from orders`.execute(db);
  await sql`delete from customers`.execute(db);
  if (dataset.customers.length)
    await db
      .insertInto('customers')
      .values(
        dataset.customers.map((c) => ({
          id: c.id,
          ref: c.ref,
          kind: 'person',
          name: c.name,
          owner_id: c.ownerId,
          deleted_at: c.deleted ? new Date('2025-06-01T00:00:00Z') : null,
          ...searchKeys({ name: c.name, kind: 'person', ref: c.ref, email: null, phone: null }),
        })),
      )
      .execute();
  for (let i = 0; i < dataset.orders.length; i += 500)
    await db
      .insertInto('orders')
      .values(
        dataset.orders.slice(i, i + 500).map((o) => ({
          id: o.id,
          ref: `O-${o.id}`,
          customer_id: o.customerId,
          // noon in Shanghai (the tests' business time zone) on that day
          ordered_at: `${o.day}T04:00:00Z`,
          order_day: o.day,
          amount: o.amount,
          currency: o.currency,
          status: o.status,
          margin: o.margin,
        })),
      )
      .execute();
  await refreshCustomerStats(
    db,
    dataset.customers.map((c) => c.id),
  );
}
