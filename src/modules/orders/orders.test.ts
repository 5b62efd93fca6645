import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderDetail } from '#src/modules/orders/orders.schema.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { TestClock } from '#test/support/clock.ts';
import { insertCustomerRow } from '#test/support/factories.ts';
import { expectProblem, fieldsOf } from '#test/support/problem.ts';

let t: TestApp;
let admin: Session;
let sales: Session;
const clock = new TestClock('2026-05-04T02:00:00Z');

beforeAll(async () => {
  t = await openTestApp({ clock });
  [admin, sales] = await Promise.all([t.signedIn('admin'), t.signedIn('sales')]);
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

const statsOf = (customerId: string) =>
  t.database.db
    .selectFrom('customer_stats')
    .select([
      'currency',
      'first_order_day',
      'last_order_day',
      'orders',
      'purchase_days',
      'revenue',
      'repeat_revenue',
      'returns',
    ])
    .where('customer_id', '=', customerId)
    .orderBy('currency')
    .execute();

describe('booking an order with items', () => {
  it('sums quantity × unit price exactly and rounds once half-up: 3 × 0.335 = 1.005 → 1.01 CNY', async () => {
    const customer = await customerOf(sales);
    const order = await book(
      {
        customerId: customer.id,
        orderedAt: '2026-05-03T17:30:00Z',
        items: [{ productName: '龙井茶', quantity: 3, unitPrice: 0.335 }],
      },
      sales,
    );
    expect(order).toMatchObject({
      customerId: customer.id,
      customerName: customer.name,
      amount: 1.01,
      currency: 'CNY',
      quantity: 3,
      status: 'completed',
      // 01:30 in Asia/Shanghai, the business time zone
      orderDay: '2026-05-04',
      orderedAt: '2026-05-03T17:30:00.000Z',
      ownerId: sales.user.id,
      version: 1,
      items: [
        {
          line: 1,
          productId: null,
          sku: null,
          productName: '龙井茶',
          quantity: 3,
          unitPrice: 0.335,
          amount: 1.005,
        },
      ],
    });
    const stored = await t.database.db
      .selectFrom('orders')
      .select(['amount', 'order_day'])
      .where('id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ amount: 101, order_day: '2026-05-04' });
  });

  it('rounds to whole yen in JPY, and takes quantities and prices as decimal strings', async () => {
    const customer = await customerOf(admin);
    const order = await book({
      customerId: customer.id,
      currency: 'jpy',
      items: [
        { productName: 'Mochi', quantity: '3', unitPrice: '0.5' },
        { productName: 'Sencha', quantity: '1', unitPrice: '1000' },
      ],
    });
    expect(order).toMatchObject({ currency: 'JPY', amount: 1002, quantity: 4 });
  });

  it('takes the SKU, name and price of a catalogue product named by SKU or id', async () => {
    const created = await api('POST', '/api/v1/products', { sku: 'TEA-100', name: '普洱', price: 12.5 });
    expect(created.statusCode, created.body).toBe(201);
    const product = created.json<{ id: string }>();
    const customer = await customerOf(admin);
    const order = await book({
      customerId: customer.id,
      items: [
        { sku: 'TEA-100', quantity: 2 },
        { productId: product.id, quantity: 1, unitPrice: '10' },
      ],
    });
    expect(order.amount).toBe(35);
    expect(order.items).toMatchObject([
      { productId: product.id, sku: 'TEA-100', productName: '普洱', unitPrice: 12.5, amount: 25 },
      { productId: product.id, sku: 'TEA-100', productName: '普洱', unitPrice: 10, amount: 10 },
    ]);
  });

  it('refuses an unknown product with a 400 naming the line and field', async () => {
    const customer = await customerOf(admin);
    const unknownId = expectProblem(
      await api('POST', '/api/v1/orders', {
        customerId: customer.id,
        items: [
          { productName: 'Fine', quantity: 1, unitPrice: 1 },
          { productId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', quantity: 1, unitPrice: 1 },
        ],
      }),
      400,
      'request.invalid',
    );
    expect(fieldsOf(unknownId)).toEqual(['items.1.productId']);
    const unknownSku = expectProblem(
      await api('POST', '/api/v1/orders', {
        customerId: customer.id,
        items: [{ sku: 'NO-SUCH-SKU', quantity: 1, unitPrice: 1 }],
      }),
      400,
      'request.invalid',
    );
    expect(fieldsOf(unknownSku)).toEqual(['items.0.sku']);
    const count = await t.database.db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('customer_id', '=', customer.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('refuses bad input with a 400 naming each field, never a 500', async () => {
    const customer = await customerOf(admin);
    const cases: [Record<string, unknown>, string[]][] = [
      [{ items: [{ productName: 'x', quantity: 'three', unitPrice: 1 }] }, ['items.0.quantity']],
      [{ items: [{ productName: 'x', quantity: 1, unitPrice: 1e-7 }] }, ['items.0.unitPrice']],
      [{ items: [{ quantity: 1, unitPrice: 1 }] }, ['items.0.productName']],
      [{ items: [{ productName: 'x', quantity: 1 }] }, ['items.0.unitPrice']],
      [{ amount: 10, items: [{ productName: 'x', quantity: 1, unitPrice: 1 }] }, ['amount']],
      [{}, ['amount']],
      [{ amount: 1.005 }, ['amount']],
      [{ amount: 10, currency: 'XYZ' }, ['currency']],
      [{ amount: 10, orderedAt: '2026-05-04T10:00:00' }, ['orderedAt']],
      [{ amount: 10, status: 'lost' }, ['status']],
    ];
    for (const [payload, fields] of cases) {
      const problem = expectProblem(
        await api('POST', '/api/v1/orders', { customerId: customer.id, ...payload }),
        400,
        'request.invalid',
      );
      expect(fieldsOf(problem), JSON.stringify(payload)).toEqual(fields);
    }
  });
});

describe('booking an order without items', () => {
  it('takes the amount in major units and generates a ref', async () => {
    const customer = await customerOf(admin);
    const order = await book({ customerId: customer.id, amount: 99.9, channel: 'store', notes: 'walk-in' });
    expect(order).toMatchObject({
      amount: 99.9,
      currency: 'CNY',
      items: [],
      channel: 'store',
      notes: 'walk-in',
    });
    expect(order.ref).toMatch(/^O20260504-[0-9A-F]{10}$/);
    expect(order.orderedAt).toBe(clock.now().toISOString());
  });

  it('with a ref another order has is a 409 naming ref', async () => {
    const customer = await customerOf(admin);
    await book({ customerId: customer.id, ref: 'SHOP-1', amount: 1 });
    const problem = expectProblem(
      await api('POST', '/api/v1/orders', { customerId: customer.id, ref: 'SHOP-1', amount: 2 }),
      409,
      'order.ref_taken',
    );
    expect(fieldsOf(problem)).toEqual(['ref']);
  });

  it('is audited', async () => {
    const customer = await customerOf(admin);
    const order = await book({ customerId: customer.id, amount: 5 });
    const entry = await t.database.db
      .selectFrom('audit_log')
      .select(['actor_id', 'action', 'after'])
      .where('entity', '=', 'order')
      .where('entity_id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor_id: admin.user.id, action: 'create', after: { amount: 5 } });
  });
});

describe('a return', () => {
  it('is an order with a negative amount: stored as returned, it lowers revenue and is no purchase', async () => {
    const customer = await customerOf(admin);
    await book({ customerId: customer.id, orderedAt: '2026-04-01T04:00:00Z', amount: 100 });
    const returned = await book({
      customerId: customer.id,
      orderedAt: '2026-04-02T04:00:00Z',
      items: [{ productName: 'Tea set', quantity: -1, unitPrice: 30 }],
    });
    expect(returned).toMatchObject({ amount: -30, status: 'returned', quantity: -1 });
    expect(await statsOf(customer.id)).toEqual([
      {
        currency: 'CNY',
        first_order_day: '2026-04-01',
        last_order_day: '2026-04-01',
        orders: 1,
        purchase_days: 1,
        revenue: 7000,
        repeat_revenue: 0,
        returns: 1,
      },
    ]);
  });

  it('stays returned whatever status a client asks for', async () => {
    const customer = await customerOf(admin);
    const order = await book({ customerId: customer.id, amount: -5, status: 'completed' });
    expect(order.status).toBe('returned');
  });
});

describe('changing an order', () => {
  it('replaces the items, recomputes the amount and bumps the version', async () => {
    const customer = await customerOf(sales);
    const order = await book(
      { customerId: customer.id, items: [{ productName: 'A', quantity: 1, unitPrice: 10 }] },
      sales,
    );
    const response = await api(
      'PATCH',
      `/api/v1/orders/${order.id}`,
      {
        version: 1,
        status: 'shipped',
        notes: 'by courier',
        items: [
          { productName: 'B', quantity: 2, unitPrice: '4.25' },
          { productName: 'C', quantity: 1, unitPrice: '0.5' },
        ],
      },
      sales,
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      amount: 9,
      quantity: 3,
      status: 'shipped',
      notes: 'by courier',
      version: 2,
      items: [
        { line: 1, productName: 'B', amount: 8.5 },
        { line: 2, productName: 'C', amount: 0.5 },
      ],
    });
    const lines = await t.database.db
      .selectFrom('order_items')
      .select('product_name')
      .where('order_id', '=', order.id)
      .execute();
    expect(lines.map((l) => l.product_name).sort()).toEqual(['B', 'C']);
  });

  it('with a stale version is a 409 naming version, and changes nothing', async () => {
    const customer = await customerOf(admin);
    const order = await book({ customerId: customer.id, amount: 10 });
    expect(
      (await api('PATCH', `/api/v1/orders/${order.id}`, { version: 1, notes: 'first' })).statusCode,
    ).toBe(200);
    const problem = expectProblem(
      await api('PATCH', `/api/v1/orders/${order.id}`, { version: 1, amount: 20 }),
      409,
      'record.version_conflict',
    );
    expect(fieldsOf(problem)).toEqual(['version']);
    expect((await api('GET', `/api/v1/orders/${order.id}`)).json()).toMatchObject({
      amount: 10,
      notes: 'first',
      version: 2,
    });
    expectProblem(
      await api('DELETE', `/api/v1/orders/${order.id}?version=1`),
      409,
      'record.version_conflict',
    );
  });

  it('moves the order time and recomputes its calendar day in the business time zone', async () => {
    const customer = await customerOf(admin);
    const order = await book({ customerId: customer.id, amount: 10, orderedAt: '2026-01-10T12:00:00Z' });
    const response = await api('PATCH', `/api/v1/orders/${order.id}`, {
      version: 1,
      orderedAt: '2026-01-10T23:30:00+08:00',
    });
    expect(response.json()).toMatchObject({ orderDay: '2026-01-10', orderedAt: '2026-01-10T15:30:00.000Z' });
    const late = await api('PATCH', `/api/v1/orders/${order.id}`, {
      version: 2,
      orderedAt: '2026-01-10T16:30:00Z',
    });
    expect(late.json()).toMatchObject({ orderDay: '2026-01-11' });
  });

  it('in another currency re-prices the stored lines exactly', async () => {
    const customer = await customerOf(admin);
    const order = await book({
      customerId: customer.id,
      items: [{ productName: 'Sweets', quantity: 3, unitPrice: 0.335 }],
    });
    const response = await api('PATCH', `/api/v1/orders/${order.id}`, { version: 1, currency: 'JPY' });
    expect(response.json()).toMatchObject({ currency: 'JPY', amount: 1, items: [{ amount: 1.005 }] });
    expectProblem(
      await api('PATCH', `/api/v1/orders/${order.id}`, { version: 2, amount: 3 }),
      400,
      'request.invalid',
    );
  });

  it('without items needs the amount when the currency changes', async () => {
    const customer = await customerOf(admin);
    const order = await book({ customerId: customer.id, amount: 10 });
    const problem = expectProblem(
      await api('PATCH', `/api/v1/orders/${order.id}`, { version: 1, currency: 'USD' }),
      400,
      'request.invalid',
    );
    expect(fieldsOf(problem)).toEqual(['amount']);
    const response = await api('PATCH', `/api/v1/orders/${order.id}`, {
      version: 1,
      currency: 'USD',
      amount: '12.34',
    });
    expect(response.json()).toMatchObject({ currency: 'USD', amount: 12.34 });
  });

  it('deleting removes the order and its lines, and is audited', async () => {
    const customer = await customerOf(admin);
    const order = await book({
      customerId: customer.id,
      items: [{ productName: 'A', quantity: 1, unitPrice: 1 }],
    });
    const response = await api('DELETE', `/api/v1/orders/${order.id}?version=1`);
    expect(response.statusCode).toBe(204);
    expectProblem(await api('GET', `/api/v1/orders/${order.id}`), 404, 'order.not_found');
    const lines = await t.database.db
      .selectFrom('order_items')
      .select('id')
      .where('order_id', '=', order.id)
      .execute();
    expect(lines).toEqual([]);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'before'])
      .where('entity_id', '=', order.id)
      .orderBy('at')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'delete']);
    expect(audit[1]!.before).toMatchObject({ id: order.id, items: [{ productName: 'A' }] });
    expect(await statsOf(customer.id)).toEqual([]);
  });
});
