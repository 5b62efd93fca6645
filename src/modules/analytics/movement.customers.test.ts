import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  RfmMovement,
  RfmMovementCustomer,
  RfmMovementCustomers,
  RfmSnapshot,
} from '#src/modules/analytics/rfm.schema.ts';
import { loadDataset, randomDataset, type Dataset } from '#src/modules/analytics/test-data.ts';
import { ERASED_NAME } from '#src/modules/customers/customers.erase.ts';
import type { Role } from '#src/modules/users/users.schema.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { TestClock } from '#test/support/clock.ts';
import { expectProblem } from '#test/support/problem.ts';

/**
 * GET /api/v1/analytics/rfm/movement/customers: the customers behind each cell of the movement matrix (issue 5,
 * click-through), held against the matrix's counts and the snapshots' rows read directly.
 */
let t: TestApp;
let sessions: Record<Role, Session>;
let data: Dataset;
let earlier: RfmSnapshot;
let later: RfmSnapshot;
/** Customers whose record changed after both snapshots were taken. */
let erasedId: string;
let goneId: string;
const clock = new TestClock('2025-07-01T04:00:00Z');

const get = (url: string, session: Session | null = sessions.admin) =>
  t.app.inject({ method: 'GET', url, ...(session && { headers: session.bearer }) });

const post = async <T>(url: string, payload: object = {}) => {
  const response = await t.app.inject({ method: 'POST', url, headers: sessions.admin.bearer, payload });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json<T>();
};

beforeAll(async () => {
  t = await openTestApp({ clock });
  sessions = await t.signedInRoles();
  data = randomDataset(700, { customers: 90, days: 180, ownerIds: [sessions.sales.user.id] });
  await loadDataset(t.database.db, data);
  earlier = await post<RfmSnapshot>('/api/v1/analytics/rfm/snapshots', { asOf: '2025-03-31' });
  // Between the snapshots, a few scored customers go to the recycle bin: the later one no longer scores them.
  const scored = await t.database.db
    .selectFrom('rfm_snapshot_customers')
    .select('customer_id')
    .where('snapshot_id', '=', earlier.id)
    .orderBy('customer_id')
    .execute();
  const binned = scored.slice(0, 3).map((row) => row.customer_id);
  await t.database.db
    .updateTable('customers')
    .set({ deleted_at: new Date('2025-04-15T00:00:00Z') })
    .where('id', 'in', binned)
    .execute();
  clock.advance(60_000);
  later = await post<RfmSnapshot>('/api/v1/analytics/rfm/snapshots', {});
  // After both: one customer is erased, another's record is gone from the database altogether.
  const both = await sql<{ customer_id: string }>`
    select a.customer_id from rfm_snapshot_customers a
    join rfm_snapshot_customers b on b.customer_id = a.customer_id and b.snapshot_id = ${later.id}
    where a.snapshot_id = ${earlier.id}
    order by a.customer_id desc
    limit 2`.execute(t.database.db);
  [erasedId, goneId] = both.rows.map((row) => row.customer_id) as [string, string];
  await post(`/api/v1/customers/${erasedId}/erase`);
  for (const table of ['customer_scores', 'customer_stats', 'orders'] as const)
    await t.database.db.deleteFrom(table).where('customer_id', '=', goneId).execute();
  await t.database.db.deleteFrom('audit_log').where('entity_id', '=', goneId).execute();
  await t.database.db.deleteFrom('customers').where('id', '=', goneId).execute();
});
afterAll(() => t?.close());

const segmentParam = (segment: string | null) => segment ?? 'none';

/** Every page of a cell's list, checking each page's size and that the cursor ends it. */
async function allPages(
  cell: { from: string | null; to: string | null },
  limit: number,
  session = sessions.admin,
  snapshots = `from=${earlier.id}&to=${later.id}&`,
) {
  const items: RfmMovementCustomer[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const response = await get(
      `/api/v1/analytics/rfm/movement/customers?${snapshots}fromSegment=${segmentParam(cell.from)}&toSegment=${segmentParam(
        cell.to,
      )}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      session,
    );
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<RfmMovementCustomers>();
    expect(body.items.length).toBeLessThanOrEqual(limit);
    items.push(...body.items);
    cursor = body.nextCursor;
    if (!cursor) return items;
    expect(body.items).toHaveLength(limit);
  }
  throw new Error('the cursor never ended the list');
}

/** The snapshots' rows, paired by customer in TypeScript (a full join written out). */
async function referenceCells() {
  const rows = await t.database.db
    .selectFrom('rfm_snapshot_customers')
    .select(['snapshot_id', 'customer_id', 'segment'])
    .where('snapshot_id', 'in', [earlier.id, later.id])
    .execute();
  const pairs = new Map<string, { from: string | null; to: string | null }>();
  for (const row of rows) {
    const pair = pairs.get(row.customer_id) ?? { from: null, to: null };
    pair[row.snapshot_id === earlier.id ? 'from' : 'to'] = row.segment;
    pairs.set(row.customer_id, pair);
  }
  return pairs;
}

describe('the customers of a movement cell', () => {
  it('are, for every cell, as many as the matrix counts, and exactly the snapshots’ customers, by id', async () => {
    const movement = (
      await get(`/api/v1/analytics/rfm/movement?from=${earlier.id}&to=${later.id}`)
    ).json<RfmMovement>();
    const pairs = await referenceCells();
    expect(movement.movements.length).toBeGreaterThan(8);
    expect(movement.movements.some((m) => m.from === null)).toBe(true);
    expect(movement.movements.some((m) => m.to === null)).toBe(true);
    const listed = new Set<string>();
    for (const cell of movement.movements) {
      const items = await allPages(cell, 3);
      const label = `${cell.from} → ${cell.to}`;
      expect(items.length, label).toBe(cell.customers);
      const expected = [...pairs]
        .filter(([, pair]) => pair.from === cell.from && pair.to === cell.to)
        .map(([id]) => id)
        .sort();
      expect(
        items.map((item) => item.customerId),
        label,
      ).toEqual(expected);
      for (const item of items) {
        expect(item, label).toMatchObject({ fromSegment: cell.from, toSegment: cell.to });
        listed.add(item.customerId);
      }
    }
    expect(listed.size).toBe(pairs.size);
  });

  it('carry each customer’s ref and name now: erased customers the placeholder, a record that is gone null', async () => {
    const pairs = await referenceCells();
    const list = async (id: string) => {
      const pair = pairs.get(id)!;
      return (await allPages(pair, 200)).find((item) => item.customerId === id);
    };
    const byId = new Map(data.customers.map((c) => [c.id, c]));
    expect(await list(erasedId)).toMatchObject({ ref: byId.get(erasedId)!.ref, name: ERASED_NAME });
    expect(await list(goneId)).toMatchObject({ ref: null, name: null });
    const other = [...pairs.keys()].find((id) => id !== erasedId && id !== goneId)!;
    expect(await list(other)).toMatchObject({ ref: byId.get(other)!.ref, name: byId.get(other)!.name });
  });

  it('compare the two latest snapshots by default', async () => {
    const movement = (await get('/api/v1/analytics/rfm/movement')).json<RfmMovement>();
    expect([movement.from.id, movement.to.id]).toEqual([earlier.id, later.id]);
    const cell = movement.movements.find((m) => m.from !== null && m.to !== null && m.customers > 1)!;
    expect(await allPages(cell, 200, sessions.admin, '')).toEqual(await allPages(cell, 200));
  });

  it('are only the customers a sales person owns now, for sales staff; a manager without a team sees none', async () => {
    const movement = (await get('/api/v1/analytics/rfm/movement')).json<RfmMovement>();
    const owners = await t.database.db.selectFrom('customers').select(['id', 'owner_id']).execute();
    const owned = new Set(owners.filter((c) => c.owner_id === sessions.sales.user.id).map((c) => c.id));
    let seen = 0;
    let everyone = 0;
    for (const cell of movement.movements) {
      const all = await allPages(cell, 200);
      const sales = await allPages(cell, 2, sessions.sales);
      expect(sales).toEqual(all.filter((item) => owned.has(item.customerId)));
      expect(await allPages(cell, 200, sessions.manager)).toEqual([]);
      seen += sales.length;
      everyone += all.length;
    }
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(everyone);
  });

  it('require a login and analytics.read', async () => {
    const url = '/api/v1/analytics/rfm/movement/customers?fromSegment=none&toSegment=champions';
    expectProblem(await get(url, null), 401, 'auth.required');
    expectProblem(await get(url, sessions.service), 403, 'auth.forbidden');
    expect((await get(url, sessions.viewer)).statusCode).toBe(200);
  });

  it('answer 404 for an unknown snapshot and 400 naming the field for a bad cell or cursor', async () => {
    const base = '/api/v1/analytics/rfm/movement/customers';
    const unknown = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    expectProblem(
      await get(`${base}?from=${unknown}&fromSegment=lost&toSegment=lost`),
      404,
      'rfm_snapshot.not_found',
    );
    expectProblem(
      await get(`${base}?to=${unknown}&fromSegment=lost&toSegment=lost`),
      404,
      'rfm_snapshot.not_found',
    );
    const bad = async (params: string, field: string) => {
      const problem = expectProblem(await get(`${base}?${params}`), 400, 'request.invalid');
      expect(
        problem.errors.map((e) => e.field),
        params,
      ).toContain(field);
    };
    await bad('toSegment=lost', 'querystring.fromSegment');
    await bad('fromSegment=vip&toSegment=lost', 'querystring.fromSegment');
    await bad('fromSegment=lost', 'querystring.toSegment');
    await bad('fromSegment=none&toSegment=none', 'querystring.toSegment');
    await bad('from=yesterday&fromSegment=lost&toSegment=lost', 'querystring.from');
    await bad('fromSegment=lost&toSegment=lost&limit=201', 'querystring.limit');
    await bad('fromSegment=lost&toSegment=lost&cursor=bm90LWEtY3Vyc29y', 'querystring.cursor');
    const forged = Buffer.from(JSON.stringify(['rfm-movement-customers', "x' or 1=1"])).toString('base64url');
    await bad(`fromSegment=lost&toSegment=lost&cursor=${forged}`, 'querystring.cursor');
    const rfmCursor = (await get('/api/v1/analytics/rfm?limit=1')).json<{
      customers: { nextCursor: string };
    }>().customers.nextCursor;
    await bad(`fromSegment=lost&toSegment=lost&cursor=${rfmCursor}`, 'querystring.cursor');
  });

  it('is in the OpenAPI document', async () => {
    const document = (await get('/api/openapi.json', null)).json<{ paths: Record<string, unknown> }>();
    expect(document.paths).toHaveProperty(['/api/v1/analytics/rfm/movement/customers']);
  });
});
