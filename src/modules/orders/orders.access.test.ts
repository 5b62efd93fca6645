import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderDetail } from '#src/modules/orders/orders.schema.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { TestClock } from '#test/support/clock.ts';
import { insertCustomerRow } from '#test/support/factories.ts';
import { expectProblem } from '#test/support/problem.ts';

/** Who may see and change orders (their customer decides), and the order list. */
let t: TestApp;
let admin: Session;
let sales: Session;
let otherSales: Session;
let service: Session;
const clock = new TestClock('2026-05-04T02:00:00Z');

beforeAll(async () => {
  t = await openTestApp({ clock });
  [admin, sales, otherSales, service] = await Promise.all([
    t.signedIn('admin'),
    t.signedIn('sales'),
    t.signedIn('sales'),
    t.signedIn('service'),
  ]);
});
afterAll(() => t?.close());

const api = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  session: Session | null = admin,
) =>
  t.app.inject({
    method,
    url,
    ...(session && { headers: session.bearer }),
    ...(payload !== undefined && { payload: payload as object }),
  });

const customerOf = (owner: Session) => insertCustomerRow(t.database.db, { owner_id: owner.user.id });

async function book(payload: Record<string, unknown>, session: Session = admin): Promise<OrderDetail> {
  const response = await api('POST', '/api/v1/orders', payload, session);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<OrderDetail>();
}

describe('who may see and change orders', () => {
  it('requires a login', async () => {
    expectProblem(await api('GET', '/api/v1/orders', undefined, null), 401, 'auth.required');
    expectProblem(await api('POST', '/api/v1/orders', { amount: 1 }, null), 401, 'auth.required');
  });

  it("does not show sales staff another owner's customer's orders: 404, never 403", async () => {
    const theirs = await customerOf(otherSales);
    const order = await book({ customerId: theirs.id, amount: 10 }, otherSales);
    expectProblem(await api('GET', `/api/v1/orders/${order.id}`, undefined, sales), 404, 'order.not_found');
    expectProblem(
      await api('PATCH', `/api/v1/orders/${order.id}`, { version: 1, notes: 'x' }, sales),
      404,
      'order.not_found',
    );
    expectProblem(
      await api('DELETE', `/api/v1/orders/${order.id}`, undefined, sales),
      404,
      'order.not_found',
    );
    expectProblem(
      await api('POST', '/api/v1/orders', { customerId: theirs.id, amount: 1 }, sales),
      404,
      'customer.not_found',
    );
    const list = await api('GET', `/api/v1/orders?customerId=${theirs.id}`, undefined, sales);
    expect(list.json()).toEqual({ items: [], nextCursor: null });
    const own = await api('GET', `/api/v1/orders?customerId=${theirs.id}`, undefined, otherSales);
    expect(own.json<{ items: { id: string }[] }>().items.map((o) => o.id)).toEqual([order.id]);
  });

  it('cannot move an order to a customer the seller may not change', async () => {
    const mine = await customerOf(sales);
    const theirs = await customerOf(otherSales);
    const order = await book({ customerId: mine.id, amount: 10 }, sales);
    expectProblem(
      await api('PATCH', `/api/v1/orders/${order.id}`, { version: 1, customerId: theirs.id }, sales),
      404,
      'customer.not_found',
    );
  });

  it('lets service staff read orders but not book them', async () => {
    const customer = await customerOf(sales);
    const order = await book({ customerId: customer.id, amount: 10 }, sales);
    expect((await api('GET', `/api/v1/orders/${order.id}`, undefined, service)).statusCode).toBe(200);
    expectProblem(
      await api('POST', '/api/v1/orders', { customerId: customer.id, amount: 1 }, service),
      403,
      'auth.forbidden',
    );
    expectProblem(
      await api('PATCH', `/api/v1/orders/${order.id}`, { version: 1, notes: 'x' }, service),
      403,
      'auth.forbidden',
    );
  });

  it("hides a soft-deleted customer's orders", async () => {
    const customer = await customerOf(admin);
    const order = await book({ customerId: customer.id, amount: 10 });
    await t.database.db
      .updateTable('customers')
      .set({ deleted_at: clock.now() })
      .where('id', '=', customer.id)
      .execute();
    expectProblem(await api('GET', `/api/v1/orders/${order.id}`), 404, 'order.not_found');
    const list = await api('GET', `/api/v1/orders?customerId=${customer.id}`);
    expect(list.json()).toEqual({ items: [], nextCursor: null });
  });
});

describe('the order list', () => {
  it('pages newest first by default, filters by status, currency and period, and sorts oldest first', async () => {
    const customer = await customerOf(admin);
    const times = [
      '2026-03-01T01:00:00Z',
      '2026-03-02T01:00:00Z',
      '2026-03-03T01:00:00Z',
      '2026-03-04T01:00:00Z',
    ];
    const ids: string[] = [];
    for (const [index, orderedAt] of times.entries()) {
      const order = await book({
        customerId: customer.id,
        orderedAt,
        amount: index + 1,
        currency: index === 3 ? 'USD' : 'CNY',
        status: index === 0 ? 'pending' : 'completed',
      });
      ids.push(order.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (
        await api(
          'GET',
          `/api/v1/orders?customerId=${customer.id}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        )
      ).json();
      seen.push(...page.items.map((o) => o.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());

    const ascending = await api('GET', `/api/v1/orders?customerId=${customer.id}&sort=orderedAt`);
    expect(ascending.json<{ items: { id: string }[] }>().items.map((o) => o.id)).toEqual(ids);
    const pick = async (query: string) =>
      (await api('GET', `/api/v1/orders?customerId=${customer.id}&${query}`))
        .json<{ items: { id: string }[] }>()
        .items.map((o) => o.id);
    expect(await pick('status=pending,completed&currency=CNY')).toEqual([ids[2], ids[1], ids[0]]);
    expect(await pick('status=pending')).toEqual([ids[0]]);
    expect(await pick('from=2026-03-02&to=2026-03-03')).toEqual([ids[2], ids[1]]);
    expect(await pick('to=2026-03-02T01:00:00Z')).toEqual([ids[1], ids[0]]);
    expectProblem(await api('GET', '/api/v1/orders?status=lost'), 400, 'request.invalid');
    expectProblem(await api('GET', '/api/v1/orders?cursor=bogus'), 400, 'request.invalid');
  });
});
