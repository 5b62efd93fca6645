import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CohortCustomer,
  CohortCustomers,
  CohortsResult,
} from '#src/modules/analytics/cohorts.schema.ts';
import { loadDataset, randomDataset, type Dataset } from '#src/modules/analytics/test-data.ts';
import type { Role } from '#src/modules/users/users.schema.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { TestClock } from '#test/support/clock.ts';
import { expectProblem } from '#test/support/problem.ts';

/**
 * GET /api/v1/analytics/cohorts/customers: the customers behind each cell of the cohort heatmap (issue 5,
 * click-through), held against the cohorts' own counts and a customer-by-customer reference written here.
 */
let t: TestApp;
let sessions: Record<Role, Session>;
const clock = new TestClock('2025-07-01T04:00:00Z');

beforeAll(async () => {
  t = await openTestApp({ clock });
  sessions = await t.signedInRoles();
});
afterAll(() => t?.close());

const get = (url: string, session: Session | null = sessions.admin) =>
  t.app.inject({ method: 'GET', url, ...(session && { headers: session.bearer }) });

const monthOf = (day: string) => Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;

interface Ask {
  asOf: string;
  from?: string;
  to?: string;
}

/**
 * The cell's customers by brute force, from DESIGN §4 and docs/analytics.md: live customers whose first purchase
 * (an order neither cancelled nor returned, in CNY, up to asOf) is in the cohort's month (and within from/to), with
 * a purchase `k` months later up to asOf; their purchases and revenue net of returns in that month. Ordered by
 * revenue descending, then ref in byte order.
 */
function referenceCell(data: Dataset, ask: Ask, cohort: string, k: number) {
  const items: (Omit<CohortCustomer, 'revenue'> & { revenue: number })[] = [];
  for (const customer of data.customers.filter((c) => !c.deleted)) {
    const orders = data.orders.filter(
      (o) => o.customerId === customer.id && o.currency === 'CNY' && o.day <= ask.asOf,
    );
    const purchases = orders.filter((o) => o.status !== 'cancelled' && o.status !== 'returned');
    if (purchases.length === 0) continue;
    const first = purchases.map((o) => o.day).sort()[0]!;
    if ((ask.from && first < ask.from) || (ask.to && first > ask.to)) continue;
    if (monthOf(first) !== monthOf(`${cohort}-01`)) continue;
    const inMonth = orders.filter((o) => monthOf(o.day) === monthOf(first) + k);
    const bought = inMonth.filter((o) => o.status !== 'cancelled' && o.status !== 'returned').length;
    if (bought === 0) continue;
    items.push({
      customerId: customer.id,
      ref: customer.ref,
      name: customer.name,
      firstPurchaseDay: first,
      purchases: bought,
      revenue: inMonth.filter((o) => o.status !== 'cancelled').reduce((sum, o) => sum + o.amount, 0),
    });
  }
  const bytes = (ref: string) => Buffer.from(ref, 'utf8');
  return items.sort((a, b) => b.revenue - a.revenue || Buffer.compare(bytes(a.ref), bytes(b.ref)));
}

const query = (ask: Ask) =>
  Object.entries(ask)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${value as string}`)
    .join('&');

/** Every page of a cell's list, checking each page's size and that the cursor ends it. */
async function allPages(ask: Ask, cohort: string, k: number, limit: number, session = sessions.admin) {
  const items: CohortCustomer[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const response = await get(
      `/api/v1/analytics/cohorts/customers?${query(ask)}&cohort=${cohort}&month=${k}&limit=${limit}${
        cursor ? `&cursor=${cursor}` : ''
      }`,
      session,
    );
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<CohortCustomers>();
    expect(body).toMatchObject({ asOf: ask.asOf, currency: 'CNY' });
    expect(body.items.length).toBeLessThanOrEqual(limit);
    items.push(...body.items);
    cursor = body.nextCursor;
    if (!cursor) return items;
    expect(body.items).toHaveLength(limit);
  }
  throw new Error('the cursor never ended the list');
}

describe('the customers of a cohort cell', () => {
  it('are, for every cell, as many as the cohorts count, and exactly the reference’s customers in order', async () => {
    const asks: Ask[] = [
      { asOf: '2025-07-01' },
      { asOf: '2025-05-15', from: '2025-02-10' },
      { asOf: '2025-04-30', to: '2025-03-20' },
    ];
    let cells = 0;
    let listed = 0;
    for (const seed of [601, 602, 603]) {
      const data = randomDataset(seed, { days: 200, customers: 70 });
      await loadDataset(t.database.db, data);
      for (const ask of asks) {
        const cohorts = (await get(`/api/v1/analytics/cohorts?${query(ask)}`)).json<CohortsResult>();
        expect(cohorts.cohorts.length).toBeGreaterThan(2);
        for (const cohort of cohorts.cohorts) {
          for (let k = 0; k < cohort.retention.length; k++) {
            const items = await allPages(ask, cohort.cohort, k, 4);
            const label = `seed ${seed} ${JSON.stringify(ask)} ${cohort.cohort} month ${k}`;
            expect(items.length, label).toBe(Math.round(cohort.retention[k]! * cohort.customers));
            const expected = referenceCell(data, ask, cohort.cohort, k);
            expect(
              items.map((item) => ({ ...item, revenue: Math.round(item.revenue * 100) })),
              label,
            ).toEqual(expected);
            cells += 1;
            listed += items.length;
          }
        }
      }
    }
    // the datasets reach past the trivial: many cells, most with customers in several pages
    expect(cells).toBeGreaterThan(60);
    expect(listed).toBeGreaterThan(400);
  });

  it('are only the customers a sales person owns, for sales staff; a manager without a team sees none', async () => {
    const data = randomDataset(610, { days: 150, customers: 80, ownerIds: [sessions.sales.user.id] });
    await loadDataset(t.database.db, data);
    const owned = new Set(
      data.customers.filter((c) => c.ownerId === sessions.sales.user.id).map((c) => c.id),
    );
    const ask = { asOf: '2025-07-01' };
    const cohorts = (await get(`/api/v1/analytics/cohorts?${query(ask)}`)).json<CohortsResult>();
    let seen = 0;
    let everyone = 0;
    for (const cohort of cohorts.cohorts.slice(0, 3))
      for (const k of [0, 1, 2]) {
        const all = await allPages(ask, cohort.cohort, k, 200);
        const sales = await allPages(ask, cohort.cohort, k, 3, sessions.sales);
        expect(sales).toEqual(all.filter((item) => owned.has(item.customerId)));
        expect(await allPages(ask, cohort.cohort, k, 200, sessions.manager)).toEqual([]);
        expect(await allPages(ask, cohort.cohort, k, 200, sessions.viewer)).toEqual(all);
        seen += sales.length;
        everyone += all.length;
      }
    // some of the cells' customers are the sales person's, not all of them
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(everyone);
  });

  it('require a login and analytics.read', async () => {
    const url = '/api/v1/analytics/cohorts/customers?cohort=2025-01&month=0';
    expectProblem(await get(url, null), 401, 'auth.required');
    expectProblem(await get(url, sessions.service), 403, 'auth.forbidden');
    expect((await get(url, sessions.marketing)).statusCode).toBe(200);
  });

  it('answer 400 naming the field for a bad cell, month, option or cursor', async () => {
    const bad = async (params: string, field: string) => {
      const problem = expectProblem(
        await get(`/api/v1/analytics/cohorts/customers?${params}`),
        400,
        'request.invalid',
      );
      expect(
        problem.errors.map((e) => e.field),
        params,
      ).toContain(field);
    };
    await bad('month=0', 'querystring.cohort');
    await bad('cohort=2025-13&month=0', 'querystring.cohort');
    await bad('cohort=2025-3&month=0', 'querystring.cohort');
    await bad('cohort=0000-01&month=0', 'querystring.cohort');
    await bad('cohort=2025-03', 'querystring.month');
    await bad('cohort=2025-03&month=-1', 'querystring.month');
    await bad('cohort=2025-03&month=1.5', 'querystring.month');
    await bad('cohort=2025-03&month=', 'querystring.month');
    // the cell's month must not be after asOf's month (today by default: 2025-07)
    await bad('cohort=2025-03&month=5', 'querystring.month');
    await bad('cohort=2025-03&month=2&asOf=2025-04-30', 'querystring.month');
    await bad('cohort=2025-08&month=0', 'querystring.cohort');
    await bad('cohort=2025-03&month=0&asOf=2025-02-30', 'querystring.asOf');
    await bad('cohort=2025-03&month=0&currency=XYZ', 'querystring.currency');
    await bad('cohort=2025-03&month=0&from=2025-04-01&to=2025-03-01', 'querystring.to');
    await bad('cohort=2025-03&month=0&limit=0', 'querystring.limit');
    await bad('cohort=2025-03&month=0&limit=201', 'querystring.limit');
    await bad('cohort=2025-03&month=0&cursor=bm90LWEtY3Vyc29y', 'querystring.cursor');
    await bad('cohort=2025-03&month=0&segment=champions', 'querystring.segment');
    const rfmCursor = (await get('/api/v1/analytics/rfm?limit=1')).json<{
      customers: { nextCursor: string };
    }>().customers.nextCursor;
    await bad(`cohort=2025-03&month=0&cursor=${rfmCursor}`, 'querystring.cursor');
    // the last month allowed is asOf's own
    expect((await get('/api/v1/analytics/cohorts/customers?cohort=2025-03&month=4')).statusCode).toBe(200);
  });

  it('is in the OpenAPI document', async () => {
    const document = (await get('/api/openapi.json', null)).json<{ paths: Record<string, unknown> }>();
    expect(document.paths).toHaveProperty(['/api/v1/analytics/cohorts/customers']);
  });
});
