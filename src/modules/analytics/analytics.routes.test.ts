import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AbcResult } from '#src/modules/analytics/abc.schema.ts';
import type { CohortsResult } from '#src/modules/analytics/cohorts.schema.ts';
import type { RfmMovement, RfmResult, RfmSnapshot } from '#src/modules/analytics/rfm.schema.ts';
import { rfmSegments } from '#src/modules/analytics/rfm.segments.ts';
import { loadDataset, randomDataset, type Dataset } from '#src/modules/analytics/test-data.ts';
import type { Role } from '#src/modules/users/users.schema.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { TestClock } from '#test/support/clock.ts';
import { expectProblem } from '#test/support/problem.ts';

/** GET /api/v1/analytics/rfm|abc|cohorts and the RFM snapshots over HTTP (DESIGN §4, §5). */
let t: TestApp;
let sessions: Record<Role, Session>;
let data: Dataset;
const clock = new TestClock('2025-07-01T04:00:00Z');

beforeAll(async () => {
  t = await openTestApp({ clock });
  sessions = await t.signedInRoles();
  data = randomDataset(900, { customers: 40, ownerIds: [sessions.sales.user.id] });
  await loadDataset(t.database.db, data);
});
afterAll(() => t?.close());

const get = (url: string, session: Session | null = sessions.admin) =>
  t.app.inject({ method: 'GET', url, ...(session && { headers: session.bearer }) });

describe('who may read analytics', () => {
  it('requires a login', async () => {
    for (const path of [
      'rfm',
      'abc',
      'cohorts',
      'cohorts/customers',
      'clv',
      'rfm/snapshots',
      'rfm/movement',
      'rfm/movement/customers',
    ])
      expectProblem(await get(`/api/v1/analytics/${path}`, null), 401, 'auth.required');
  });

  it('lets admins, managers, sales, marketing and viewers read, not service staff', async () => {
    for (const role of ['admin', 'manager', 'sales', 'marketing', 'viewer'] as const)
      expect((await get('/api/v1/analytics/rfm?limit=1', sessions[role])).statusCode, role).toBe(200);
    expectProblem(await get('/api/v1/analytics/rfm', sessions.service), 403, 'auth.forbidden');
    expectProblem(await get('/api/v1/analytics/cohorts', sessions.service), 403, 'auth.forbidden');
  });

  it('shows every role the whole base in aggregates, and only the customers it may see in items', async () => {
    const admin = (await get('/api/v1/analytics/rfm/export')).json<RfmResult>();
    const sales = (await get('/api/v1/analytics/rfm/export', sessions.sales)).json<RfmResult>();
    const manager = (await get('/api/v1/analytics/abc/export', sessions.manager)).json<AbcResult>();
    expect(sales.segments).toEqual(admin.segments);
    const owned = new Set(
      data.customers.filter((c) => c.ownerId === sessions.sales.user.id).map((c) => c.id),
    );
    expect(sales.customers.items.length).toBeGreaterThan(0);
    expect(sales.customers.items).toEqual(admin.customers.items.filter((i) => owned.has(i.customerId)));
    // the manager has no team and owns nobody here
    expect(manager.customers.items).toEqual([]);
    expect(manager.totals.customers).toBe(admin.totals.customers);
  });
});

describe('the analytics responses', () => {
  it('RFM: the shape of DESIGN §4, every segment, a keyset page, and export with every item', async () => {
    const first = await get('/api/v1/analytics/rfm?limit=5');
    expect(first.statusCode, first.body).toBe(200);
    const body = first.json<RfmResult>();
    expect(body).toMatchObject({ asOf: '2025-07-01', currency: 'CNY', source: 'summaries' });
    expect(body.segments.map((s) => s.segment)).toEqual([...rfmSegments]);
    expect(body.customers.items).toHaveLength(5);
    expect(Object.keys(body.customers.items[0]!).sort()).toEqual(
      ['customerId', 'ref', 'name', 'recencyDays', 'frequency', 'monetary', 'r', 'f', 'm', 'segment'].sort(),
    );
    const second = (
      await get(`/api/v1/analytics/rfm?limit=5&cursor=${body.customers.nextCursor}`)
    ).json<RfmResult>();
    const all = (await get('/api/v1/analytics/rfm/export')).json<RfmResult>();
    expect(all.customers.nextCursor).toBeNull();
    expect(all.customers.items.length).toBe(all.totals.customers);
    expect([...body.customers.items, ...second.customers.items]).toEqual(all.customers.items.slice(0, 10));
    const champions = (await get('/api/v1/analytics/rfm?segment=champions&limit=200')).json<RfmResult>();
    expect(champions.customers.items.every((i) => i.segment === 'champions')).toBe(true);
  });

  it('ABC: classes, the curve and items in rank order; by margin over a period with other cut-offs', async () => {
    const response = await get(
      '/api/v1/analytics/abc?from=2025-02-01&to=20250430&by=margin&cutoffs=0.7,0.9&limit=3',
    );
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<AbcResult>();
    expect(body).toMatchObject({
      from: '2025-02-01',
      to: '2025-04-30',
      by: 'margin',
      cutoffs: [0.7, 0.9],
      source: 'orders',
    });
    expect(body.classes.map((c) => c.class)).toEqual(['A', 'B', 'C']);
    expect(body.paretoCurve[0]).toEqual({ customerShare: 0, revenueShare: 0 });
    expect(body.paretoCurve.at(-1)!.customerShare).toBe(1);
    expect(Object.keys(body.customers.items[0]!).sort()).toEqual(
      ['customerId', 'ref', 'name', 'revenue', 'cumulativeShare', 'class'].sort(),
    );
  });

  it('cohorts: one per first-purchase month, arrays from that month to asOf', async () => {
    const response = await get('/api/v1/analytics/cohorts?asOf=2025-05-31');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<CohortsResult>();
    expect(body.cohorts.length).toBeGreaterThan(0);
    for (const cohort of body.cohorts) {
      const months =
        2025 * 12 + 5 - (Number(cohort.cohort.slice(0, 4)) * 12 + Number(cohort.cohort.slice(5)));
      expect(cohort.retention).toHaveLength(months + 1);
      expect(cohort.revenue).toHaveLength(months + 1);
      expect(cohort.retention[0]).toBe(1);
    }
  });

  it('are documented in the OpenAPI document', async () => {
    const document = (await get('/api/openapi.json', null)).json<{ paths: Record<string, unknown> }>();
    for (const path of [
      'rfm',
      'rfm/export',
      'rfm/snapshots',
      'rfm/movement',
      'rfm/movement/customers',
      'abc',
      'abc/export',
      'cohorts',
      'cohorts/customers',
      'clv',
    ])
      expect(document.paths, path).toHaveProperty([`/api/v1/analytics/${path}`]);
  });
});

describe('bad analytics options', () => {
  const bad = async (query: string, field: string) => {
    const problem = expectProblem(await get(`/api/v1/analytics/${query}`), 400, 'request.invalid');
    expect(
      problem.errors.map((e) => e.field),
      query,
    ).toContain(field);
    return problem;
  };

  it('answer 400 naming the field', async () => {
    await bad('rfm?asOf=2025-02-30', 'querystring.asOf');
    await bad('rfm?currency=XYZ', 'querystring.currency');
    await bad('rfm?limit=500', 'querystring.limit');
    await bad('rfm?segment=vip', 'querystring.segment');
    await bad('rfm?cursor=bm90LWEtY3Vyc29y', 'querystring.cursor');
    await bad('rfm?cutoffs=0.8,0.95', 'querystring.cutoffs');
    await bad('abc?cutoffs=0.95,0.8', 'querystring.cutoffs');
    await bad('abc?cutoffs=0.8,1', 'querystring.cutoffs');
    await bad('abc?cutoffs=0.8', 'querystring.cutoffs');
    await bad('abc?by=profit', 'querystring.by');
    await bad('abc?from=2025-03-01&to=2025-02-01', 'querystring.to');
    await bad('abc?from=2030-01-01', 'querystring.from');
    await bad('cohorts?to=yesterday', 'querystring.to');
    await bad('clv?unit=month', 'querystring.unit');
    await bad('clv?horizon=0', 'querystring.horizon');
    await bad('clv?horizon=', 'querystring.horizon');
    await bad('clv?discountRate=ten', 'querystring.discountRate');
    await bad('clv?margin=0', 'querystring.margin');
    await bad('clv?calibrationEnd=2025-03-01&holdoutEnd=2025-02-01', 'querystring.holdoutEnd');
    // the default calibration end is asOf, today
    await bad('clv?holdoutEnd=2025-06-01', 'querystring.holdoutEnd');
    const cursor = (await get('/api/v1/analytics/abc?limit=1')).json<AbcResult>().customers.nextCursor!;
    await bad(`rfm?cursor=${cursor}`, 'querystring.cursor');
  });
});

describe('RFM snapshots over HTTP', () => {
  const post = (body: unknown, session: Session = sessions.admin) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/analytics/rfm/snapshots',
      headers: session.bearer,
      payload: body as object,
    });

  it('may be stored by admins, managers and marketing, then listed, compared, deleted, each write audited', async () => {
    expectProblem(await post({}, sessions.sales), 403, 'auth.forbidden');
    expectProblem(await post({}, sessions.viewer), 403, 'auth.forbidden');
    const first = await post({ asOf: '2025-03-01' }, sessions.marketing);
    expect(first.statusCode, first.body).toBe(201);
    // a POST without a body takes every default
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/v1/analytics/rfm/snapshots',
      headers: sessions.manager.bearer,
    });
    expect(second.statusCode, second.body).toBe(201);
    const [a, b] = [first.json<RfmSnapshot>(), second.json<RfmSnapshot>()];
    expect(a).toMatchObject({
      asOf: '2025-03-01',
      currency: 'CNY',
      createdBy: sessions.marketing.user.email,
    });
    expect(b.asOf).toBe('2025-07-01');

    const list = (await get('/api/v1/analytics/rfm/snapshots?limit=1')).json<{
      items: RfmSnapshot[];
      nextCursor: string;
    }>();
    expect(list.items.map((s) => s.id)).toEqual([b.id]);
    const rest = (await get(`/api/v1/analytics/rfm/snapshots?cursor=${list.nextCursor}`)).json<{
      items: RfmSnapshot[];
    }>();
    expect(rest.items.map((s) => s.id)).toEqual([a.id]);

    const movement = (await get('/api/v1/analytics/rfm/movement', sessions.viewer)).json<RfmMovement>();
    expect([movement.from.id, movement.to.id]).toEqual([a.id, b.id]);
    expect(movement.movements.reduce((sum, m) => sum + (m.to === null ? 0 : m.customers), 0)).toBe(
      b.customers,
    );
    expect(
      (await get(`/api/v1/analytics/rfm/movement?from=${b.id}&to=${a.id}`))
        .json<RfmMovement>()
        .movements.reduce((sum, m) => sum + (m.to === null ? 0 : m.customers), 0),
    ).toBe(a.customers);
    expectProblem(
      await get('/api/v1/analytics/rfm/movement?from=0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'),
      404,
      'rfm_snapshot.not_found',
    );

    const remove = (id: string, session: Session) =>
      t.app.inject({
        method: 'DELETE',
        url: `/api/v1/analytics/rfm/snapshots/${id}`,
        headers: session.bearer,
      });
    expectProblem(await remove(a.id, sessions.sales), 403, 'auth.forbidden');
    expect((await remove(a.id, sessions.admin)).statusCode).toBe(204);
    expectProblem(await remove(a.id, sessions.admin), 404, 'rfm_snapshot.not_found');
    // one snapshot left: nothing to compare it with
    expectProblem(await get('/api/v1/analytics/rfm/movement'), 400, 'request.invalid');

    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['actor', 'action', 'entity_id'])
      .where('entity', '=', 'rfm_snapshot')
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { actor: sessions.marketing.user.email, action: 'create', entity_id: a.id },
      { actor: sessions.manager.user.email, action: 'create', entity_id: b.id },
      { actor: sessions.admin.user.email, action: 'delete', entity_id: a.id },
    ]);
  });
});
