import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AbcResult } from '#src/modules/analytics/abc.schema.ts';
import type { RfmResult } from '#src/modules/analytics/rfm.schema.ts';
import type { ScoreRun, ScoresStatus } from '#src/modules/analytics/scores.schema.ts';
import {
  abandonedScoresMessage,
  failAbandonedScoreRuns,
  startScoresRun,
  stopScoreRuns,
} from '#src/modules/analytics/scores.service.ts';
import { loadDataset, randomDataset, type Dataset } from '#src/modules/analytics/test-data.ts';
import type { Role } from '#src/modules/users/users.schema.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { TestClock } from '#test/support/clock.ts';
import { setupActor } from '#test/support/factories.ts';
import { expectProblem } from '#test/support/problem.ts';

/**
 * The scores written back to customers (issue 5 item 6): a recompute over HTTP writes exactly what the RFM and ABC
 * analyses say for each customer, removes the scores of customers who no longer qualify, is audited, runs one at a
 * time, and the customer list filters by what it wrote. Lifetime value on real data is checked against the CLV
 * analysis in clv.test.ts (CDNOW); here the data is too small for the models, which the run must say.
 */
let t: TestApp;
let sessions: Record<Role, Session>;
let data: Dataset;
const clock = new TestClock('2025-07-01T04:00:00Z');

beforeAll(async () => {
  t = await openTestApp({ clock });
  sessions = await t.signedInRoles();
  data = randomDataset(4242, { customers: 60, ownerIds: [sessions.sales.user.id] });
  await loadDataset(t.database.db, data);
});
afterAll(() => t?.close());

const get = (url: string, session: Session = sessions.admin) =>
  t.app.inject({ method: 'GET', url, headers: session.bearer });
const post = (body: object | undefined, session: Session = sessions.admin) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/analytics/scores',
    headers: session.bearer,
    ...(body && { payload: body }),
  });

/** Follows a run over HTTP until it has finished. */
async function finished(id: string): Promise<ScoreRun> {
  for (let i = 0; i < 600; i++) {
    const run = (await get(`/api/v1/analytics/scores/runs/${id}`)).json<ScoreRun>();
    if (run.status !== 'running') return run;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`run ${id} did not finish`);
}

const storedScores = () =>
  t.database.db
    .selectFrom('customer_scores')
    .selectAll()
    .orderBy('customer_id')
    .execute()
    .then((rows) => new Map(rows.map((row) => [row.customer_id, row])));

describe('recomputing the customer scores', () => {
  it('is for admins, managers and marketing; everyone who reads analytics may follow it', async () => {
    expectProblem(await post({}, sessions.sales), 403, 'auth.forbidden');
    expectProblem(await post({}, sessions.viewer), 403, 'auth.forbidden');
    expectProblem(await post({}, sessions.service), 403, 'auth.forbidden');
    const status = await get('/api/v1/analytics/scores', sessions.viewer);
    expect(status.statusCode, status.body).toBe(200);
    expect(status.json<ScoresStatus>()).toEqual({ latest: null, current: null });
    expectProblem(await get('/api/v1/analytics/scores', sessions.service), 403, 'auth.forbidden');
  });

  it('refuses bad options naming the field, and an unknown run is 404', async () => {
    const problem = expectProblem(await post({ asOf: '2025-02-30' }), 400, 'request.invalid');
    expect(problem.errors.map((e) => e.field)).toContain('asOf');
    const currency = expectProblem(await post({ currency: 'XYZ' }), 400, 'request.invalid');
    expect(currency.errors.map((e) => e.field)).toContain('currency');
    expectProblem(await post({ asOf: '2025-03-01', bogus: 1 }), 400, 'request.invalid');
    expectProblem(
      await get('/api/v1/analytics/scores/runs/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'),
      404,
      'score_run.not_found',
    );
  });

  it('writes back, per customer, the RFM scores and segment and the ABC class of the analyses, audited', async () => {
    const response = await post(undefined, sessions.marketing);
    expect(response.statusCode, response.body).toBe(202);
    const started = response.json<ScoreRun>();
    expect(started).toMatchObject({
      status: 'running',
      asOf: '2025-07-01',
      currency: 'CNY',
      createdBy: sessions.marketing.user.email,
    });
    const run = await finished(started.id);

    const rfm = (await get('/api/v1/analytics/rfm/export')).json<RfmResult>();
    const abc = (await get('/api/v1/analytics/abc/export')).json<AbcResult>();
    expect(rfm.customers.items.length).toBeGreaterThan(10);
    expect(run).toMatchObject({ status: 'done', customers: rfm.totals.customers, clvCustomers: 0 });
    // sixty random customers cannot support the models: classes and segments are written, lifetime value not
    expect(run.message).toMatch(/^lifetime value left out: /);

    const stored = await storedScores();
    expect(stored.size).toBe(rfm.customers.items.length);
    const classOf = new Map(abc.customers.items.map((i) => [i.customerId, i.class]));
    for (const item of rfm.customers.items) {
      const row = stored.get(item.customerId)!;
      expect(row, item.ref).toBeDefined();
      expect(row).toMatchObject({
        as_of: '2025-07-01',
        currency: 'CNY',
        recency_days: item.recencyDays,
        rfm_r: item.r,
        rfm_f: item.f,
        rfm_m: item.m,
        rfm_segment: item.segment,
        value_class: classOf.get(item.customerId),
        p_alive: null,
        expected_value: null,
      });
      expect(Number(row.revenue) / 100).toBeCloseTo(item.monetary, 2);
    }

    const status = (await get('/api/v1/analytics/scores')).json<ScoresStatus>();
    expect(status.latest).toEqual(run);
    expect(status.current).toEqual(run);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['actor', 'action', 'entity_id'])
      .where('entity', '=', 'score_run')
      .execute();
    expect(audit).toEqual([{ actor: sessions.marketing.user.email, action: 'run', entity_id: run.id }]);
  });

  it('lets the customer list filter by the class and segment written back, and shows them on each customer', async () => {
    const stored = [...(await storedScores()).values()];
    const champions = stored.filter((row) => row.rfm_segment === 'champions').map((row) => row.customer_id);
    const classA = stored.filter((row) => row.value_class === 'A').map((row) => row.customer_id);
    expect(classA.length).toBeGreaterThan(0);
    const ids = async (query: string) =>
      (await get(`/api/v1/customers?limit=200&${query}`))
        .json<{ items: { id: string }[] }>()
        .items.map((c) => c.id);
    expect((await ids('rfmSegment=champions')).sort()).toEqual(champions.sort());
    expect((await ids('valueClass=A')).sort()).toEqual(classA.sort());
    const one = stored[0]!;
    const customer = (await get(`/api/v1/customers/${one.customer_id}`)).json<{
      valueClass: string | null;
      rfmSegment: string | null;
      scores: { asOf: string } | null;
    }>();
    expect(customer).toMatchObject({ valueClass: one.value_class, rfmSegment: one.rfm_segment });
    expect(customer.scores?.asOf).toBe('2025-07-01');
  });

  it('as of an earlier day replaces every row, and removes the scores of customers who no longer qualify', async () => {
    const before = await storedScores();
    // the day by which half the customers had made their first purchase
    const firsts = new Map<string, string>();
    for (const o of data.orders)
      if (!firsts.has(o.customerId) || o.day < firsts.get(o.customerId)!) firsts.set(o.customerId, o.day);
    const asOf = [...firsts.values()].sort()[Math.floor(firsts.size / 2)]!;
    const run = await finished((await post({ asOf })).json<ScoreRun>().id);
    const rfm = (await get(`/api/v1/analytics/rfm/export?asOf=${asOf}`)).json<RfmResult>();
    expect(run).toMatchObject({ status: 'done', asOf, customers: rfm.totals.customers });
    const after = await storedScores();
    expect([...after.keys()].sort()).toEqual(rfm.customers.items.map((i) => i.customerId).sort());
    expect([...before.keys()].some((id) => !after.has(id))).toBe(true);
    for (const item of rfm.customers.items)
      expect(after.get(item.customerId)).toMatchObject({ as_of: asOf, rfm_segment: item.segment });
  });

  it('runs one at a time: a second start while one runs is 409, a run left by a gone process is failed', async () => {
    // another process' run: its row says running, its heartbeat is fresh
    const other = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    await t.database.db
      .insertInto('customer_score_runs')
      .values({
        id: other,
        as_of: '2025-06-30',
        currency: 'CNY',
        status: 'running',
        created_by: 'system',
        started_at: clock.now(),
        heartbeat_at: clock.now(),
      })
      .execute();
    expectProblem(await post({}), 409, 'analytics.scores_running');
    expect(await failAbandonedScoreRuns(t.deps, { atStart: false })).toBe(0);
    // that process is gone: eleven minutes later its heartbeat is stale, and the next start fails its run
    clock.advance(11 * 60_000);
    const response = await post({});
    expect(response.statusCode, response.body).toBe(202);
    const abandoned = (await get(`/api/v1/analytics/scores/runs/${other}`)).json<ScoreRun>();
    expect(abandoned).toMatchObject({ status: 'failed', message: abandonedScoresMessage });
    expect((await finished(response.json<ScoreRun>().id)).status).toBe('done');
  });

  it('stops between two steps when the app closes, keeping the scores of the last finished run', async () => {
    const before = await storedScores();
    const { finished: end } = await startScoresRun(t.deps, setupActor, { asOf: '2025-01-15' });
    await stopScoreRuns(t.deps);
    const run = await end;
    expect(run.status).toBe('failed');
    expect(run.message).toMatch(/server stopped/);
    expect(await storedScores()).toEqual(before);
    const scratch = await t.database.db.selectFrom('analytics_score_parts').select('run_id').execute();
    expect(scratch).toEqual([]);
  });
});
