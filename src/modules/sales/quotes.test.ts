import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuoteDetail, Quote } from '#src/modules/sales/quotes.schema.ts';
import type { OrderDetail } from '#src/modules/orders/orders.schema.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { TestClock } from '#test/support/clock.ts';
import { buildTeam, insertCustomerRow } from '#test/support/factories.ts';
import { expectProblem, fieldsOf } from '#test/support/problem.ts';

/** Quotes (issue 6, item 3): exact totals, versions, acceptance as an order, validity, ownership and audit. */
let t: TestApp;
let admin: Session;
let sales: Session;
let otherSales: Session;
let manager: Session;
let viewer: Session;
// 10:00 on 2026-12-07 in Asia/Shanghai, the business time zone
const start = '2026-12-07T02:00:00Z';
const clock = new TestClock(start);
const products: Record<'tea' | 'cups' | 'tray', string> = { tea: '', cups: '', tray: '' };

beforeAll(async () => {
  t = await openTestApp({ clock });
  const team = await buildTeam(t.deps);
  [admin, sales, otherSales, manager, viewer] = await Promise.all([
    t.signedIn('admin'),
    t.signedIn('sales', { teamId: team.id }),
    t.signedIn('sales'),
    t.signedIn('manager', { teamId: team.id }),
    t.signedIn('viewer'),
  ]);
  for (const [key, sku, name, price] of [
    ['tea', 'TEA-LJ', '西湖龙井', '33.35'],
    ['cups', 'CUP-6', '青瓷茶杯', '20'],
    ['tray', 'TRAY-1', '竹制茶盘', '12.50'],
  ] as const) {
    const response = await api('POST', '/api/v1/products', { sku, name, price });
    expect(response.statusCode, response.body).toBe(201);
    products[key] = response.json<{ id: string }>().id;
  }
});
afterAll(() => t?.close());

function api(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  session: Session | null = admin,
) {
  return t.app.inject({
    method,
    url,
    ...(session && { headers: session.bearer }),
    ...(payload !== undefined && { payload: payload as object }),
  });
}

const customerOf = (owner: Session, name?: string) =>
  insertCustomerRow(t.database.db, {
    owner_id: owner.user.id,
    team_id: owner.user.teamId,
    ...(name && { name }),
  });

/** The three-line quote whose arithmetic the first test spells out. */
const threeLines = () => [
  { productId: products.tea, quantity: 3, discount: 0.05 },
  { productId: products.cups, quantity: '2.5', unitPrice: '19.99', taxRate: '0.06' },
  { productId: products.tray, quantity: 1 },
];

async function createQuote(
  session: Session,
  payload: Record<string, unknown>,
  status = 201,
): Promise<QuoteDetail> {
  const response = await api('POST', '/api/v1/quotes', { validUntil: '2026-12-31', ...payload }, session);
  expect(response.statusCode, response.body).toBe(status);
  return response.json<QuoteDetail>();
}

async function action(
  quote: { id: string; version: number },
  verb: 'send' | 'revise' | 'accept' | 'reject',
  session: Session = sales,
  extra: Record<string, unknown> = {},
): Promise<QuoteDetail> {
  const response = await api(
    'POST',
    `/api/v1/quotes/${quote.id}/${verb}`,
    { version: quote.version, ...extra },
    session,
  );
  expect(response.statusCode, response.body).toBe(200);
  return response.json<QuoteDetail>();
}

const auditOf = (entityId: string) =>
  t.database.db
    .selectFrom('audit_log')
    .select(['action', 'entity', 'actor'])
    .where('entity_id', '=', entityId)
    .orderBy('at')
    .orderBy('id')
    .execute();

describe('who may use quotes', () => {
  it('requires a login', async () => {
    expectProblem(await api('GET', '/api/v1/quotes', undefined, null), 401, 'auth.required');
    expectProblem(await api('POST', '/api/v1/quotes', {}, null), 401, 'auth.required');
    const id = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    expectProblem(await api('GET', `/api/v1/quotes/${id}`, undefined, null), 401, 'auth.required');
    expectProblem(await api('GET', `/api/v1/quotes/${id}/pdf`, undefined, null), 401, 'auth.required');
    expectProblem(
      await api('POST', `/api/v1/quotes/${id}/accept`, { version: 1 }, null),
      401,
      'auth.required',
    );
  });

  it("does not show sales staff another owner's quote: 404, never 403", async () => {
    const theirs = await customerOf(otherSales, '别人的客户');
    const quote = await createQuote(otherSales, { customerId: theirs.id, items: threeLines() });
    for (const [method, url, payload] of [
      ['GET', `/api/v1/quotes/${quote.id}`, undefined],
      ['GET', `/api/v1/quotes/${quote.id}/pdf`, undefined],
      ['PATCH', `/api/v1/quotes/${quote.id}`, { version: 1, notes: 'x' }],
      ['DELETE', `/api/v1/quotes/${quote.id}`, undefined],
      ['POST', `/api/v1/quotes/${quote.id}/send`, { version: 1 }],
      ['POST', `/api/v1/quotes/${quote.id}/accept`, { version: 1 }],
    ] as const)
      expectProblem(await api(method, url, payload, sales), 404, 'quote.not_found');
    // nor quote on their customer
    expectProblem(
      await api(
        'POST',
        '/api/v1/quotes',
        { customerId: theirs.id, validUntil: '2026-12-31', items: threeLines() },
        sales,
      ),
      404,
      'customer.not_found',
    );
    const list = await api('GET', `/api/v1/quotes?customerId=${theirs.id}`, undefined, sales);
    expect(list.json()).toEqual({ items: [], nextCursor: null });
    const own = await api('GET', `/api/v1/quotes?customerId=${theirs.id}`, undefined, otherSales);
    expect(own.json<{ items: Quote[] }>().items.map((q) => q.id)).toEqual([quote.id]);
  });

  it("lets a manager see and change the team's quotes, and viewers read but not write", async () => {
    const customer = await customerOf(sales);
    const quote = await createQuote(sales, { customerId: customer.id, items: threeLines() });
    expect((await api('GET', `/api/v1/quotes/${quote.id}`, undefined, manager)).statusCode).toBe(200);
    expect((await api('GET', `/api/v1/quotes/${quote.id}`, undefined, viewer)).statusCode).toBe(200);
    expectProblem(
      await api('POST', `/api/v1/quotes/${quote.id}/send`, { version: 1 }, viewer),
      403,
      'auth.forbidden',
    );
    const sent = await action(quote, 'send', manager);
    expect(sent.status).toBe('sent');
  });
});

describe('a quote’s lines and totals', () => {
  it('rounds each line half-up once, net then tax, and adds the rounded lines exactly', async () => {
    const customer = await customerOf(sales, '杭州西湖茶业有限公司');
    const quote = await createQuote(sales, {
      customerId: customer.id,
      items: threeLines(),
      terms: '款到发货',
    });
    // tea:  3 × 33.35 = 100.05; × 0.95 = 95.0475 → 95.05; tax 13 % = 12.3565 → 12.36
    // cups: 2.5 × 19.99 = 49.975 → 49.98 (half-up); tax 6 % = 2.9988 → 3.00
    // tray: 1 × 12.50 = 12.50; tax 13 % (the default) = 1.625 → 1.63 (half-up)
    expect(quote).toMatchObject({
      number: expect.stringMatching(/^Q-20261207-\d{4}$/),
      revision: 1,
      status: 'draft',
      customerId: customer.id,
      customerName: '杭州西湖茶业有限公司',
      currency: 'CNY',
      validUntil: '2026-12-31',
      subtotal: 162.53,
      discountTotal: 5,
      taxTotal: 16.99,
      total: 174.52,
      terms: '款到发货',
      ownerId: sales.user.id,
      orderId: null,
      version: 1,
    });
    expect(quote.items).toMatchObject([
      {
        line: 1,
        name: '西湖龙井',
        sku: 'TEA-LJ',
        quantity: 3,
        unitPrice: 33.35,
        discount: 0.05,
        taxRate: 0.13,
        amount: 95.05,
        tax: 12.36,
      },
      {
        line: 2,
        name: '青瓷茶杯',
        quantity: 2.5,
        unitPrice: 19.99,
        discount: 0,
        taxRate: 0.06,
        amount: 49.98,
        tax: 3,
      },
      { line: 3, name: '竹制茶盘', quantity: 1, unitPrice: 12.5, taxRate: 0.13, amount: 12.5, tax: 1.63 },
    ]);
    const stored = await t.database.db
      .selectFrom('quotes')
      .select(['subtotal', 'discount_total', 'tax_total', 'total'])
      .where('id', '=', quote.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ subtotal: 16253, discount_total: 500, tax_total: 1699, total: 17452 });
  });

  it('numbers quotes by business day in sequence', async () => {
    const customer = await customerOf(sales);
    const first = await createQuote(sales, { customerId: customer.id, items: threeLines() });
    const second = await createQuote(sales, { customerId: customer.id, items: threeLines() });
    const sequence = (number: string) => Number(number.slice(-4));
    expect(sequence(second.number)).toBe(sequence(first.number) + 1);
  });

  it('refuses an unknown product, a negative price, a zero quantity and a discount past 1, naming each field', async () => {
    const customer = await customerOf(sales);
    const unknown = expectProblem(
      await api(
        'POST',
        '/api/v1/quotes',
        {
          customerId: customer.id,
          validUntil: '2026-12-31',
          items: [
            { productId: products.tea, quantity: 1 },
            { productId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', quantity: 1 },
          ],
        },
        sales,
      ),
      400,
      'request.invalid',
    );
    expect(fieldsOf(unknown)).toEqual(['items.1.productId']);
    const bad = expectProblem(
      await api(
        'POST',
        '/api/v1/quotes',
        {
          customerId: customer.id,
          validUntil: '2026-12-31',
          items: [
            { productId: products.tea, quantity: 1, unitPrice: -5 },
            { productId: products.tea, quantity: 0 },
            { productId: products.tea, quantity: 1, discount: 1.5 },
          ],
        },
        sales,
      ),
      400,
      'request.invalid',
    );
    expect(fieldsOf(bad)).toEqual(['items.0.unitPrice', 'items.1.quantity', 'items.2.discount']);
    const cents = expectProblem(
      await api(
        'POST',
        '/api/v1/quotes',
        {
          customerId: customer.id,
          validUntil: '2026-12-31',
          items: [{ productId: products.tea, quantity: 1, unitPrice: '1.005' }],
        },
        sales,
      ),
      400,
      'request.invalid',
    );
    expect(fieldsOf(cents)).toEqual(['items.0.unitPrice']);
    const past = expectProblem(
      await api(
        'POST',
        '/api/v1/quotes',
        { customerId: customer.id, validUntil: '2026-12-06', items: threeLines() },
        sales,
      ),
      400,
      'request.invalid',
    );
    expect(fieldsOf(past)).toEqual(['validUntil']);
    expect(
      await t.database.db.selectFrom('quotes').select('id').where('customer_id', '=', customer.id).execute(),
    ).toEqual([]);
  });

  it('takes customer and currency from the opportunity, and refuses a contradicting customer', async () => {
    const customer = await customerOf(sales);
    const other = await customerOf(sales);
    const stage = await t.database.db
      .selectFrom('pipeline_stages')
      .innerJoin('pipelines', 'pipelines.id', 'pipeline_stages.pipeline_id')
      .select(['pipeline_stages.id', 'pipeline_stages.pipeline_id'])
      .where('pipelines.is_default', '=', true)
      .where('pipeline_stages.key', '=', 'proposal')
      .executeTakeFirstOrThrow();
    const opportunityId = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a01';
    await t.database.db
      .insertInto('opportunities')
      .values({
        id: opportunityId,
        name: '茶室改造项目',
        customer_id: customer.id,
        pipeline_id: stage.pipeline_id,
        stage_id: stage.id,
        amount: 100000,
        currency: 'CNY',
        probability: 0.5,
        stage_entered_at: new Date(start),
        owner_id: sales.user.id,
        team_id: sales.user.teamId,
      })
      .execute();
    const quote = await createQuote(sales, { opportunityId, items: threeLines() });
    expect(quote).toMatchObject({
      customerId: customer.id,
      opportunityId,
      opportunityName: '茶室改造项目',
      currency: 'CNY',
    });
    const contradicting = expectProblem(
      await api(
        'POST',
        '/api/v1/quotes',
        { opportunityId, customerId: other.id, validUntil: '2026-12-31', items: threeLines() },
        sales,
      ),
      400,
      'request.invalid',
    );
    expect(fieldsOf(contradicting)).toEqual(['customerId']);
    const list = await api('GET', `/api/v1/quotes?opportunityId=${opportunityId}`, undefined, sales);
    expect(list.json<{ items: Quote[] }>().items.map((q) => q.id)).toEqual([quote.id]);
  });
});

describe('changing and deleting drafts', () => {
  it('changes a draft at its version, refuses a stale version, and refuses changes once sent', async () => {
    const customer = await customerOf(sales);
    const quote = await createQuote(sales, { customerId: customer.id, items: threeLines() });
    const changed = await api(
      'PATCH',
      `/api/v1/quotes/${quote.id}`,
      { version: 1, items: [{ productId: products.cups, quantity: 2 }], notes: '周五前回复' },
      sales,
    );
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json<QuoteDetail>()).toMatchObject({
      version: 2,
      notes: '周五前回复',
      subtotal: 40,
      taxTotal: 5.2,
      total: 45.2,
      items: [{ line: 1, name: '青瓷茶杯', quantity: 2, unitPrice: 20 }],
    });
    expectProblem(
      await api('PATCH', `/api/v1/quotes/${quote.id}`, { version: 1, notes: 'stale' }, sales),
      409,
      'record.version_conflict',
    );
    const sent = await action({ id: quote.id, version: 2 }, 'send');
    expect(sent).toMatchObject({ status: 'sent', sentAt: new Date(start).toISOString(), version: 3 });
    expectProblem(
      await api('PATCH', `/api/v1/quotes/${quote.id}`, { version: 3, notes: 'late' }, sales),
      409,
      'quote.state',
    );
    expectProblem(await api('DELETE', `/api/v1/quotes/${quote.id}`, undefined, sales), 409, 'quote.state');
  });

  it('deletes a draft', async () => {
    const customer = await customerOf(sales);
    const quote = await createQuote(sales, { customerId: customer.id, items: threeLines() });
    expect((await api('DELETE', `/api/v1/quotes/${quote.id}?version=1`, undefined, sales)).statusCode).toBe(
      204,
    );
    expectProblem(await api('GET', `/api/v1/quotes/${quote.id}`, undefined, sales), 404, 'quote.not_found');
    expect(
      await t.database.db.selectFrom('quote_items').select('id').where('quote_id', '=', quote.id).execute(),
    ).toEqual([]);
  });
});

describe('versions', () => {
  it('revises a sent quote into a new draft with the same number and lines; the old one is superseded', async () => {
    const customer = await customerOf(sales);
    const quote = await createQuote(sales, { customerId: customer.id, items: threeLines() });
    const sent = await action(quote, 'send');
    const revised = await action(sent, 'revise', sales, { validUntil: '2027-01-15' });
    expect(revised).toMatchObject({
      number: quote.number,
      revision: 2,
      status: 'draft',
      validUntil: '2027-01-15',
      total: 174.52,
      ownerId: sales.user.id,
      revisions: [
        { id: quote.id, revision: 1, status: 'superseded' },
        { id: revised.id, revision: 2, status: 'draft' },
      ],
    });
    expect(revised.id).not.toBe(quote.id);
    expect(revised.items.map((item) => [item.name, item.quantity, item.amount])).toEqual(
      quote.items.map((item) => [item.name, item.quantity, item.amount]),
    );
    // the superseded revision is read-only, and hidden from the list unless asked for
    const old = (await api('GET', `/api/v1/quotes/${quote.id}`, undefined, sales)).json<QuoteDetail>();
    expectProblem(
      await api('POST', `/api/v1/quotes/${quote.id}/accept`, { version: old.version }, sales),
      409,
      'quote.state',
    );
    const listed = (await api('GET', `/api/v1/quotes?customerId=${customer.id}`, undefined, sales)).json<{
      items: Quote[];
    }>();
    expect(listed.items.map((q) => q.id)).toEqual([revised.id]);
    const all = (
      await api('GET', `/api/v1/quotes?customerId=${customer.id}&status=superseded,draft`, undefined, sales)
    ).json<{ items: Quote[] }>();
    expect(all.items.map((q) => q.revision).sort()).toEqual([1, 2]);
    // deleting the new draft gives the old revision back its sent state
    expect((await api('DELETE', `/api/v1/quotes/${revised.id}`, undefined, sales)).statusCode).toBe(204);
    const restored = (await api('GET', `/api/v1/quotes/${quote.id}`, undefined, sales)).json<QuoteDetail>();
    expect(restored).toMatchObject({ status: 'sent', revisions: [{ revision: 1, status: 'sent' }] });
  });

  it('refuses to revise a draft or to reject one: 409 quote.state', async () => {
    const customer = await customerOf(sales);
    const quote = await createQuote(sales, { customerId: customer.id, items: threeLines() });
    for (const verb of ['revise', 'reject'])
      expectProblem(
        await api('POST', `/api/v1/quotes/${quote.id}/${verb}`, { version: 1 }, sales),
        409,
        'quote.state',
      );
  });

  it('records a rejection with its reason, and a rejected quote can be revised but not accepted', async () => {
    const customer = await customerOf(sales);
    const sent = await action(
      await createQuote(sales, { customerId: customer.id, items: threeLines() }),
      'send',
    );
    const rejected = await action(sent, 'reject', sales, { reason: '价格偏高' });
    expect(rejected).toMatchObject({
      status: 'rejected',
      rejectReason: '价格偏高',
      decidedAt: new Date(start).toISOString(),
    });
    expectProblem(
      await api('POST', `/api/v1/quotes/${sent.id}/accept`, { version: rejected.version }, sales),
      409,
      'quote.state',
    );
    const revised = await action(rejected, 'revise');
    expect(revised).toMatchObject({ revision: 2, status: 'draft', validUntil: '2026-12-31' });
  });
});

describe('accepting a quote', () => {
  it('books the order at the quote’s total including VAT, links it, and updates the customer’s summary', async () => {
    const customer = await customerOf(sales, '苏州园林茶社');
    const sent = await action(
      await createQuote(sales, { customerId: customer.id, items: threeLines() }),
      'send',
    );
    const accepted = await action(sent, 'accept');
    expect(accepted).toMatchObject({
      status: 'accepted',
      orderId: expect.any(String),
      decidedAt: new Date(start).toISOString(),
    });
    expect(accepted.orderRef).toMatch(/^O20261207-/);
    const order = (
      await api('GET', `/api/v1/orders/${accepted.orderId}`, undefined, sales)
    ).json<OrderDetail>();
    expect(order).toMatchObject({
      customerId: customer.id,
      amount: 174.52,
      currency: 'CNY',
      status: 'pending',
      orderDay: '2026-12-07',
    });
    // products and quantities at net unit prices, then the VAT and the per-line rounding, adding up to the total
    expect(
      order.items.map((item) => [item.productId, item.productName, item.quantity, item.unitPrice]),
    ).toEqual([
      [products.tea, '西湖龙井', 3, 31.6825],
      [products.cups, '青瓷茶杯', 2.5, 19.99],
      [products.tray, '竹制茶盘', 1, 12.5],
      [null, '增值税 / VAT', 1, 16.99],
      [null, '舍入调整 / Rounding', 1, 0.0075],
    ]);
    const stats = await t.database.db
      .selectFrom('customer_stats')
      .select(['currency', 'orders', 'revenue', 'first_order_day'])
      .where('customer_id', '=', customer.id)
      .execute();
    expect(stats).toEqual([{ currency: 'CNY', orders: 1, revenue: 17452, first_order_day: '2026-12-07' }]);
    expectProblem(
      await api('POST', `/api/v1/quotes/${sent.id}/accept`, { version: accepted.version }, sales),
      409,
      'quote.state',
    );
  });

  it('accepts a draft too, and needs no rounding line when the lines round exactly', async () => {
    const customer = await customerOf(sales);
    const quote = await createQuote(sales, {
      customerId: customer.id,
      items: [{ productId: products.cups, quantity: 2, taxRate: 0 }],
    });
    const accepted = await action(quote, 'accept');
    const order = (
      await api('GET', `/api/v1/orders/${accepted.orderId}`, undefined, sales)
    ).json<OrderDetail>();
    expect(order.amount).toBe(40);
    expect(order.items.map((item) => item.productName)).toEqual(['青瓷茶杯']);
  });

  it('refuses a quote past its validity in the business time zone with 409 quote.expired, changing nothing', async () => {
    const customer = await customerOf(sales);
    const sent = await action(
      await createQuote(sales, { customerId: customer.id, validUntil: '2026-12-08', items: threeLines() }),
      'send',
    );
    try {
      // 2026-12-08T16:30Z is already 12-09 00:30 in Shanghai
      clock.set('2026-12-08T16:30:00Z');
      const read = (await api('GET', `/api/v1/quotes/${sent.id}`, undefined, sales)).json<QuoteDetail>();
      expect(read).toMatchObject({ status: 'expired', version: sent.version });
      const auditBefore = await auditOf(sent.id);
      expectProblem(
        await api('POST', `/api/v1/quotes/${sent.id}/accept`, { version: sent.version }, sales),
        409,
        'quote.expired',
      );
      expectProblem(
        await api('POST', `/api/v1/quotes/${sent.id}/send`, { version: sent.version }, sales),
        409,
        'quote.state',
      );
      const after = (await api('GET', `/api/v1/quotes/${sent.id}`, undefined, sales)).json<QuoteDetail>();
      expect(after).toMatchObject({ status: 'expired', version: sent.version, orderId: null });
      expect(
        await t.database.db
          .selectFrom('orders')
          .select('id')
          .where('customer_id', '=', customer.id)
          .execute(),
      ).toEqual([]);
      expect(await auditOf(sent.id)).toEqual(auditBefore);
      const expiredList = (
        await api('GET', `/api/v1/quotes?customerId=${customer.id}&status=expired`, undefined, sales)
      ).json<{ items: Quote[] }>();
      expect(expiredList.items.map((q) => q.id)).toEqual([sent.id]);
      // an expired quote is revised with a new validity (default 30 days from today)
      const revised = await action(sent, 'revise');
      expect(revised).toMatchObject({ status: 'draft', validUntil: '2027-01-08' });
    } finally {
      clock.set(start);
    }
  });

  it('still accepts on its last valid day, late in the evening', async () => {
    const customer = await customerOf(sales);
    const quote = await createQuote(sales, {
      customerId: customer.id,
      validUntil: '2026-12-08',
      items: threeLines(),
    });
    try {
      clock.set('2026-12-08T15:59:00Z'); // 23:59 in Shanghai
      expect((await action(quote, 'accept')).status).toBe('accepted');
    } finally {
      clock.set(start);
    }
  });
});

describe('the quote list', () => {
  it('pages by keyset and finds a quote by part of its number', async () => {
    const customer = await customerOf(sales);
    const made = [];
    for (let i = 0; i < 3; i += 1) {
      clock.advance(1000);
      made.push(await createQuote(sales, { customerId: customer.id, items: threeLines() }));
    }
    clock.set(start);
    const first = (
      await api('GET', `/api/v1/quotes?customerId=${customer.id}&limit=2`, undefined, sales)
    ).json<{
      items: Quote[];
      nextCursor: string | null;
    }>();
    expect(first.items.map((q) => q.id)).toEqual([made[2]!.id, made[1]!.id]);
    const second = (
      await api(
        'GET',
        `/api/v1/quotes?customerId=${customer.id}&limit=2&cursor=${first.nextCursor}`,
        undefined,
        sales,
      )
    ).json<{ items: Quote[]; nextCursor: string | null }>();
    expect(second).toEqual({ items: [expect.objectContaining({ id: made[0]!.id })], nextCursor: null });
    const byNumber = (
      await api('GET', `/api/v1/quotes?q=${made[1]!.number.slice(-6)}`, undefined, sales)
    ).json<{ items: Quote[] }>();
    expect(byNumber.items.map((q) => q.id)).toEqual([made[1]!.id]);
  });
});

describe('the audit log', () => {
  it('records every quote write with its action on the quote entity', async () => {
    const customer = await customerOf(sales);
    const quote = await createQuote(sales, { customerId: customer.id, items: threeLines() });
    const changed = (
      await api('PATCH', `/api/v1/quotes/${quote.id}`, { version: 1, notes: 'n' }, sales)
    ).json<QuoteDetail>();
    const sent = await action(changed, 'send');
    const rejected = await action(sent, 'reject');
    const revised = await action(rejected, 'revise');
    const resent = await action(revised, 'send');
    const accepted = await action(resent, 'accept');
    const draft = await createQuote(sales, { customerId: customer.id, items: threeLines() });
    expect((await api('DELETE', `/api/v1/quotes/${draft.id}`, undefined, sales)).statusCode).toBe(204);
    const email = sales.user.email;
    expect(await auditOf(quote.id)).toEqual(
      ['create', 'update', 'send', 'reject'].map((action) => ({ action, entity: 'quote', actor: email })),
    );
    expect(await auditOf(revised.id)).toEqual(
      ['revise', 'send', 'accept'].map((action) => ({ action, entity: 'quote', actor: email })),
    );
    expect(await auditOf(draft.id)).toEqual(
      ['create', 'delete'].map((action) => ({ action, entity: 'quote', actor: email })),
    );
    expect(await auditOf(accepted.orderId!)).toEqual([{ action: 'create', entity: 'order', actor: email }]);
  });
});
