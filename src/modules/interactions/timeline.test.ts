import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerKpis } from '#src/modules/customers/customers.schema.ts';
import type { TimelineItem } from '#src/modules/interactions/timeline.schema.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { TestClock } from '#test/support/clock.ts';
import { insertCustomerRow } from '#test/support/factories.ts';
import { expectProblem } from '#test/support/problem.ts';

let t: TestApp;
let admin: Session;
let sales: Session;
let otherSales: Session;
const clock = new TestClock('2026-05-04T02:00:00Z');

beforeAll(async () => {
  t = await openTestApp({ clock });
  [admin, sales, otherSales] = await Promise.all([
    t.signedIn('admin'),
    t.signedIn('sales'),
    t.signedIn('sales'),
  ]);
});
afterAll(() => t?.close());

const api = (method: 'GET' | 'POST', url: string, payload?: unknown, session: Session | null = admin) =>
  t.app.inject({
    method,
    url,
    ...(session && { headers: session.bearer }),
    ...(payload !== undefined && { payload: payload as object }),
  });

async function created(url: string, payload: Record<string, unknown>, session: Session = admin) {
  const response = await api('POST', url, payload, session);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>();
}

type Page = { items: TimelineItem[]; nextCursor: string | null };

/** Every item of the timeline, fetched `limit` at a time. */
async function wholeTimeline(customerId: string, limit: number, query = '', session: Session = admin) {
  const seen: TimelineItem[] = [];
  let cursor: string | null = null;
  do {
    const response = await api(
      'GET',
      `/api/v1/customers/${customerId}/timeline?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`,
      undefined,
      session,
    );
    expect(response.statusCode, response.body).toBe(200);
    const page: Page = response.json();
    expect(page.items.length).toBeLessThanOrEqual(limit);
    seen.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
}

describe('the customer timeline', () => {
  it('merges interactions and orders newest first, paging across both kinds even at equal times', async () => {
    const customer = await insertCustomerRow(t.database.db, { owner_id: sales.user.id });
    const times = [
      '2026-04-01T02:00:00Z',
      '2026-04-02T02:00:00Z',
      '2026-04-02T02:00:00Z',
      '2026-04-03T02:00:00Z',
    ];
    const expected: { type: string; id: string; at: string }[] = [];
    for (const at of times) {
      for (let n = 0; n < 2; n++) {
        const contact = await created(
          '/api/v1/interactions',
          { customerId: customer.id, channel: 'phone', direction: 'outbound', occurredAt: at },
          sales,
        );
        expected.push({ type: 'interaction', id: contact.id, at });
        const order = await created(
          '/api/v1/orders',
          { customerId: customer.id, orderedAt: at, amount: 10 + n },
          sales,
        );
        expected.push({ type: 'order', id: order.id, at });
      }
    }
    // newest first; equal times by id, descending, whatever the kind
    expected.sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id));
    const want = expected.map((e) => `${e.type} ${e.id}`);
    for (const limit of [1, 2, 3, 5, 16, 50]) {
      const items = await wholeTimeline(customer.id, limit, '', sales);
      expect(
        items.map((i) => `${i.type} ${i.id}`),
        `limit ${limit}`,
      ).toEqual(want);
    }
  });

  it('shows what each kind is about, and filters by kind and channel', async () => {
    const customer = await insertCustomerRow(t.database.db, { owner_id: admin.user.id });
    const call = await created('/api/v1/interactions', {
      customerId: customer.id,
      channel: 'phone',
      direction: 'inbound',
      occurredAt: '2026-04-01T01:00:00Z',
      subject: 'Asked for samples',
      notes: 'x'.repeat(300),
      outcome: 'samples sent',
    });
    const visit = await created('/api/v1/interactions', {
      customerId: customer.id,
      channel: 'store',
      direction: 'inbound',
      occurredAt: '2026-04-02T01:00:00Z',
    });
    const order = await created('/api/v1/orders', {
      customerId: customer.id,
      ref: 'TL-1',
      channel: 'store',
      orderedAt: '2026-04-02T03:00:00Z',
      items: [
        { productName: 'Teapot', quantity: 1, unitPrice: 120 },
        { productName: 'Cups', quantity: 4, unitPrice: '12.5' },
      ],
    });
    const items = await wholeTimeline(customer.id, 10);
    expect(items).toEqual([
      {
        type: 'order',
        id: order.id,
        at: '2026-04-02T03:00:00.000Z',
        channel: 'store',
        title: 'TL-1',
        summary: 'Teapot, Cups',
        ref: 'TL-1',
        status: 'completed',
        amount: 170,
        currency: 'CNY',
        items: 2,
      },
      expect.objectContaining({ type: 'interaction', id: visit.id, channel: 'store', title: null }),
      {
        type: 'interaction',
        id: call.id,
        at: '2026-04-01T01:00:00.000Z',
        channel: 'phone',
        title: 'Asked for samples',
        summary: 'x'.repeat(200),
        direction: 'inbound',
        outcome: 'samples sent',
        staffId: admin.user.id,
        staffName: admin.user.name,
      },
    ]);
    const ids = async (query: string) => (await wholeTimeline(customer.id, 2, query)).map((i) => i.id);
    expect(await ids('&types=order')).toEqual([order.id]);
    expect(await ids('&types=interaction')).toEqual([visit.id, call.id]);
    expect(await ids('&channel=store')).toEqual([order.id, visit.id]);
    expect(await ids('&types=interaction&channel=store,phone')).toEqual([visit.id, call.id]);
    expect(await ids('&channel=email')).toEqual([]);
  });

  it('refuses a cursor it did not make and unknown kinds with a 400', async () => {
    const customer = await insertCustomerRow(t.database.db, { owner_id: admin.user.id });
    const url = `/api/v1/customers/${customer.id}/timeline`;
    expectProblem(await api('GET', `${url}?cursor=bogus`), 400, 'request.invalid');
    const foreign = Buffer.from(JSON.stringify(['name.asc', 'x', customer.id])).toString('base64url');
    expectProblem(await api('GET', `${url}?cursor=${foreign}`), 400, 'request.invalid');
    expectProblem(await api('GET', `${url}?types=ticket`), 400, 'request.invalid');
    expectProblem(await api('GET', `${url}?channel=pigeon`), 400, 'request.invalid');
  });

  it("requires a login, and does not show another owner's customer", async () => {
    const theirs = await insertCustomerRow(t.database.db, { owner_id: otherSales.user.id });
    expectProblem(
      await api('GET', `/api/v1/customers/${theirs.id}/timeline`, undefined, null),
      401,
      'auth.required',
    );
    expectProblem(
      await api('GET', `/api/v1/customers/${theirs.id}/timeline`, undefined, sales),
      404,
      'customer.not_found',
    );
    expect(
      (await api('GET', `/api/v1/customers/${theirs.id}/timeline`, undefined, otherSales)).statusCode,
    ).toBe(200);
  });
});

describe('the customer KPIs', () => {
  it('sum purchases per currency from customer_stats (business currency first) and count contacts', async () => {
    const customer = await insertCustomerRow(t.database.db, { owner_id: sales.user.id });
    const order = (payload: Record<string, unknown>) =>
      created('/api/v1/orders', { customerId: customer.id, ...payload }, sales);
    await order({ orderedAt: '2026-03-01T02:00:00Z', amount: 10 });
    await order({ orderedAt: '2026-03-05T02:00:00Z', amount: '20.01' });
    await order({ orderedAt: '2026-03-06T02:00:00Z', amount: -5 });
    await order({ orderedAt: '2026-03-07T02:00:00Z', amount: 70, status: 'cancelled' });
    await order({ orderedAt: '2026-03-02T02:00:00Z', amount: 8, currency: 'AUD' });
    for (const occurredAt of ['2026-04-01T02:00:00Z', '2026-05-03T15:30:00Z', '2026-02-01T02:00:00Z'])
      await created(
        '/api/v1/interactions',
        { customerId: customer.id, channel: 'email', direction: 'outbound', occurredAt },
        sales,
      );
    // 00:30 on 4 May in Asia/Shanghai; the last contact was 23:30 on 3 May there: one calendar day, one hour
    clock.set('2026-05-03T16:30:00Z');
    const response = await api('GET', `/api/v1/customers/${customer.id}/kpis`, undefined, sales);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<CustomerKpis>()).toEqual({
      purchases: [
        {
          currency: 'CNY',
          firstPurchase: '2026-03-01',
          lastPurchase: '2026-03-05',
          orders: 2,
          revenue: 25.01,
          // 2501 / 2 = 1250.5 minor units, rounded half-up
          averageOrderValue: 12.51,
        },
        {
          currency: 'AUD',
          firstPurchase: '2026-03-02',
          lastPurchase: '2026-03-02',
          orders: 1,
          revenue: 8,
          averageOrderValue: 8,
        },
      ],
      interactions: 3,
      daysSinceLastContact: 1,
    });
    clock.set('2026-05-10T02:00:00Z');
    const later = await api('GET', `/api/v1/customers/${customer.id}/kpis`, undefined, sales);
    expect(later.json<CustomerKpis>().daysSinceLastContact).toBe(7);
  });

  it('are empty for a customer without orders or contacts', async () => {
    const customer = await insertCustomerRow(t.database.db, { owner_id: admin.user.id });
    const response = await api('GET', `/api/v1/customers/${customer.id}/kpis`);
    expect(response.json()).toEqual({ purchases: [], interactions: 0, daysSinceLastContact: null });
  });

  it("require a login, and are not shown for another owner's customer", async () => {
    const theirs = await insertCustomerRow(t.database.db, { owner_id: otherSales.user.id });
    expectProblem(
      await api('GET', `/api/v1/customers/${theirs.id}/kpis`, undefined, null),
      401,
      'auth.required',
    );
    expectProblem(
      await api('GET', `/api/v1/customers/${theirs.id}/kpis`, undefined, sales),
      404,
      'customer.not_found',
    );
  });
});
