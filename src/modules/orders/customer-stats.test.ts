import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderDetail } from '#src/modules/orders/orders.schema.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { TestClock } from '#test/support/clock.ts';
import { insertCustomerRow } from '#test/support/factories.ts';

/** customer_stats (DESIGN §6) is kept current in the transaction of every order write. */
let t: TestApp;
let admin: Session;

beforeAll(async () => {
  t = await openTestApp({ clock: new TestClock('2026-06-01T00:00:00Z') });
  admin = await t.signedIn('admin');
});
afterAll(() => t?.close());

const send = async (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) => {
  const response = await t.app.inject({
    method,
    url,
    headers: admin.bearer,
    ...(payload && { payload }),
  });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return method === 'DELETE' ? null : response.json<OrderDetail>();
};

interface Summary {
  customer_id: string;
  currency: string;
  first_order_day: string;
  last_order_day: string;
  orders: number;
  purchase_days: number;
  revenue: number;
  repeat_revenue: number;
  margin: number | null;
  returns: number;
}

/**
 * The summaries recomputed the slow, obvious way from every order: a purchase is an order neither cancelled nor
 * returned; revenue counts everything not cancelled (returns are negative); repeat revenue is what purchases
 * brought after the first purchase day. A customer without a purchase in a currency has no summary for it.
 */
async function bruteForce(): Promise<Summary[]> {
  const orders = await t.database.db
    .selectFrom('orders')
    .select(['customer_id', 'currency', 'order_day', 'amount', 'margin', 'status'])
    .execute();
  const groups = new Map<string, typeof orders>();
  for (const order of orders) {
    const key = `${order.customer_id} ${order.currency}`;
    groups.set(key, [...(groups.get(key) ?? []), order]);
  }
  const summaries: Summary[] = [];
  for (const group of groups.values()) {
    const counted = group.filter((o) => o.status !== 'cancelled');
    const purchases = counted.filter((o) => o.status !== 'returned');
    if (purchases.length === 0) continue;
    const days = purchases.map((o) => o.order_day).sort();
    const margins = counted.filter((o) => o.margin !== null);
    summaries.push({
      customer_id: group[0]!.customer_id,
      currency: group[0]!.currency,
      first_order_day: days[0]!,
      last_order_day: days.at(-1)!,
      orders: purchases.length,
      purchase_days: new Set(days).size,
      revenue: counted.reduce((sum, o) => sum + o.amount, 0),
      repeat_revenue: purchases.filter((o) => o.order_day > days[0]!).reduce((sum, o) => sum + o.amount, 0),
      margin: margins.length ? margins.reduce((sum, o) => sum + o.margin!, 0) : null,
      returns: group.filter((o) => o.status === 'returned').length,
    });
  }
  return sortSummaries(summaries);
}

const sortSummaries = (rows: Summary[]) =>
  rows.sort((a, b) => `${a.customer_id}${a.currency}`.localeCompare(`${b.customer_id}${b.currency}`));

const stored = async () =>
  sortSummaries(
    await t.database.db
      .selectFrom('customer_stats')
      .select([
        'customer_id',
        'currency',
        'first_order_day',
        'last_order_day',
        'orders',
        'purchase_days',
        'revenue',
        'repeat_revenue',
        'margin',
        'returns',
      ])
      .execute(),
  );

describe('customer_stats', () => {
  it('equals a brute-force recomputation after every insert, update, delete and move between customers', async () => {
    const anna = await insertCustomerRow(t.database.db, { owner_id: admin.user.id });
    const bo = await insertCustomerRow(t.database.db, { owner_id: admin.user.id });
    const check = async (step: string) => expect(await stored(), step).toEqual(await bruteForce());

    const first = await send('POST', '/api/v1/orders', {
      customerId: anna.id,
      orderedAt: '2026-01-05T03:00:00Z',
      amount: 120,
      margin: 40,
    });
    await check('first order');
    const sameDay = await send('POST', '/api/v1/orders', {
      customerId: anna.id,
      orderedAt: '2026-01-05T09:00:00Z',
      items: [{ productName: 'Cup', quantity: 3, unitPrice: 0.335 }],
    });
    await check('a second order the same day');
    const usd = await send('POST', '/api/v1/orders', {
      customerId: anna.id,
      orderedAt: '2026-02-01T03:00:00Z',
      currency: 'USD',
      amount: 15,
    });
    await check('an order in another currency');
    const later = await send('POST', '/api/v1/orders', {
      customerId: anna.id,
      orderedAt: '2026-03-10T03:00:00Z',
      amount: 80,
    });
    await send('POST', '/api/v1/orders', {
      customerId: anna.id,
      orderedAt: '2026-03-11T03:00:00Z',
      amount: 500,
      status: 'cancelled',
    });
    await send('POST', '/api/v1/orders', {
      customerId: anna.id,
      orderedAt: '2026-03-12T03:00:00Z',
      items: [{ productName: 'Cup', quantity: -1, unitPrice: 0.335 }],
    });
    await check('later, cancelled and returned orders');

    await send('PATCH', `/api/v1/orders/${first!.id}`, { version: 1, status: 'cancelled' });
    await check('the first purchase cancelled: the first purchase day moves');
    await send('PATCH', `/api/v1/orders/${later!.id}`, {
      version: 1,
      items: [{ productName: 'Pot', quantity: 2, unitPrice: '45.5' }],
    });
    await check('items replaced');
    await send('PATCH', `/api/v1/orders/${sameDay!.id}`, { version: 1, customerId: bo.id });
    await check('an order moved to another customer');
    await send('PATCH', `/api/v1/orders/${usd!.id}`, {
      version: 1,
      customerId: bo.id,
      currency: 'EUR',
      amount: 9,
    });
    await check('moved and re-priced in another currency');
    await send('DELETE', `/api/v1/orders/${later!.id}`);
    await check('an order deleted');
    await send('DELETE', `/api/v1/orders/${first!.id}`);
    await check('another deleted');
    expect((await stored()).filter((s) => s.customer_id === bo.id)).toHaveLength(2);
  });

  it('keeps repeat revenue to purchase days after the first', async () => {
    const customer = await insertCustomerRow(t.database.db, { owner_id: admin.user.id });
    const orders = [
      // cancelled before the first purchase: no purchase, so it does not set the first day
      { orderedAt: '2026-04-30T03:00:00Z', amount: 999, status: 'cancelled' },
      { orderedAt: '2026-05-01T03:00:00Z', amount: 10 },
      { orderedAt: '2026-05-01T13:00:00Z', amount: 5 },
      { orderedAt: '2026-05-03T03:00:00Z', amount: 20 },
      { orderedAt: '2026-05-04T03:00:00Z', amount: -3 },
      { orderedAt: '2026-05-05T03:00:00Z', amount: 7.5 },
    ];
    for (const order of orders) await send('POST', '/api/v1/orders', { customerId: customer.id, ...order });
    expect((await stored()).filter((s) => s.customer_id === customer.id)).toEqual([
      {
        customer_id: customer.id,
        currency: 'CNY',
        first_order_day: '2026-05-01',
        last_order_day: '2026-05-05',
        orders: 4,
        purchase_days: 3,
        revenue: 3950,
        repeat_revenue: 2750,
        margin: null,
        returns: 1,
      },
    ]);
  });

  it('stays right when many orders and contacts for one customer are written at once', async () => {
    const customer = await insertCustomerRow(t.database.db, { owner_id: admin.user.id });
    const requests = Array.from({ length: 24 }, (_, i) =>
      i % 3 === 2
        ? {
            url: '/api/v1/interactions',
            payload: {
              customerId: customer.id,
              channel: 'phone',
              direction: 'outbound',
              occurredAt: `2026-05-${String(1 + i).padStart(2, '0')}T03:00:00Z`,
            },
          }
        : {
            url: '/api/v1/orders',
            payload: {
              customerId: customer.id,
              orderedAt: `2026-05-${String(1 + (i % 5)).padStart(2, '0')}T03:00:00Z`,
              amount: i % 4 === 3 ? -2 : 10 + i,
            },
          },
    );
    const responses = await Promise.all(
      requests.map((request) =>
        t.app.inject({ method: 'POST', url: request.url, headers: admin.bearer, payload: request.payload }),
      ),
    );
    for (const response of responses) expect(response.statusCode, response.body).toBe(201);
    expect(await stored(), 'summaries').toEqual(await bruteForce());
    const { last_contact_at } = await t.database.db
      .selectFrom('customers')
      .leftJoin('customer_last_contact as l', 'l.customer_id', 'customers.id')
      .select('l.last_contact_at')
      .where('customers.id', '=', customer.id)
      .executeTakeFirstOrThrow();
    expect(last_contact_at).toEqual(new Date('2026-05-24T03:00:00Z'));
  });
});
