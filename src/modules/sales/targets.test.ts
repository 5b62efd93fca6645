import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Target } from '#src/modules/sales/targets.schema.ts';
import { defaultPipeline, insertOpportunity } from '#src/modules/sales/forecast.test-data.ts';
import { newId } from '#src/shared/ids.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { TestClock } from '#test/support/clock.ts';
import { buildTeam, insertCustomerRow } from '#test/support/factories.ts';
import { expectProblem, fieldsOf } from '#test/support/problem.ts';

/** Sales targets: the period rule, one per assignee/period/metric, attainment per metric, who sees and sets. */
let t: TestApp;
let admin: Session;
let manager: Session;
let seller: Session;
let outsider: Session;
let teamId: string;
const clock = new TestClock('2026-05-20T04:00:00Z');

beforeAll(async () => {
  t = await openTestApp({ clock });
  const [team, otherTeam] = await Promise.all([buildTeam(t.deps), buildTeam(t.deps)]);
  teamId = team.id;
  [admin, manager, seller, outsider] = await Promise.all([
    t.signedIn('admin'),
    t.signedIn('manager', { teamId }),
    t.signedIn('sales', { teamId }),
    t.signedIn('sales', { teamId: otherTeam.id }),
  ]);
  const db = t.database.db;
  const pipeline = await defaultPipeline(db);
  const mine = await insertCustomerRow(db, {
    owner_id: seller.user.id,
    team_id: teamId,
    created_at: '2026-04-02T02:00:00Z',
  });
  await insertCustomerRow(db, {
    owner_id: seller.user.id,
    team_id: teamId,
    created_at: '2026-05-02T02:00:00Z',
  });
  await insertCustomerRow(db, {
    owner_id: seller.user.id,
    team_id: teamId,
    created_at: '2026-07-02T02:00:00Z',
  });
  for (const [day, last, amount] of [
    ['2026-04-10', 'won', 1500_00],
    ['2026-06-10', 'won', 500_00],
    ['2026-05-10', 'lost', 9000_00],
    ['2026-07-10', 'won', 9000_00],
  ] as const)
    await insertOpportunity(db, pipeline, {
      customerId: mine.id,
      ownerId: seller.user.id,
      teamId,
      path: [
        { stage: 'qualification', at: '2026-03-01T02:00:00Z' },
        { stage: last, at: `${day}T02:00:00Z` },
      ],
      amount,
    });
  for (const [day, amount, status] of [
    ['2026-04-03', 800_00, 'completed'],
    ['2026-05-03', 400_00, 'cancelled'],
    ['2026-06-03', 200_00, 'completed'],
  ] as const)
    await db
      .insertInto('orders')
      .values({
        id: newId(),
        ref: `O-${newId()}`,
        customer_id: mine.id,
        ordered_at: `${day}T02:00:00Z`,
        order_day: day,
        amount,
        currency: 'CNY',
        status,
      })
      .execute();
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

async function setTarget(payload: Record<string, unknown>, session: Session = admin): Promise<Target> {
  const response = await api('POST', '/api/v1/sales-targets', payload, session);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Target>();
}

const q2 = { periodKind: 'quarter', periodStart: '2026-04-01' };

describe('sales targets', () => {
  it('computes attainment for each metric over the period', async () => {
    const won = await setTarget({ ...q2, userId: seller.user.id, metric: 'won_amount', amount: '4000.00' });
    expect(won).toMatchObject({
      periodEnd: '2026-06-30',
      amount: 4000,
      actual: 2000,
      attainment: 0.5,
      currency: 'CNY',
      assigneeName: seller.user.name,
    });
    const deals = await setTarget({ ...q2, userId: seller.user.id, metric: 'won_deals', amount: 4 });
    expect(deals).toMatchObject({ amount: 4, actual: 2, attainment: 0.5 });
    const revenue = await setTarget({ ...q2, userId: seller.user.id, metric: 'revenue', amount: 2000 });
    expect(revenue).toMatchObject({ actual: 1000, attainment: 0.5 });
    const customers = await setTarget({ ...q2, userId: seller.user.id, metric: 'new_customers', amount: 1 });
    expect(customers).toMatchObject({ actual: 2, attainment: 2 });
    const team = await setTarget({
      periodKind: 'year',
      periodStart: '2026-01-01',
      teamId,
      metric: 'won_amount',
      amount: 0,
    });
    expect(team).toMatchObject({ actual: 11000, attainment: null, assigneeName: expect.any(String) });
  });

  it("accepts only a period's first day, one assignee, and whole counts", async () => {
    const bad = async (payload: Record<string, unknown>, field: string) => {
      const problem = expectProblem(
        await api('POST', '/api/v1/sales-targets', payload),
        400,
        'request.invalid',
      );
      expect(fieldsOf(problem)).toContain(field);
    };
    await bad(
      {
        periodKind: 'quarter',
        periodStart: '2026-05-01',
        userId: seller.user.id,
        metric: 'won_amount',
        amount: 1,
      },
      'periodStart',
    );
    await bad(
      {
        periodKind: 'month',
        periodStart: '2026-05-02',
        userId: seller.user.id,
        metric: 'won_amount',
        amount: 1,
      },
      'periodStart',
    );
    await bad(
      {
        periodKind: 'year',
        periodStart: '2026-02-01',
        userId: seller.user.id,
        metric: 'won_amount',
        amount: 1,
      },
      'periodStart',
    );
    await bad({ periodKind: 'month', periodStart: '2026-05-01', metric: 'won_amount', amount: 1 }, 'userId');
    await bad(
      {
        periodKind: 'month',
        periodStart: '2026-05-01',
        userId: seller.user.id,
        teamId,
        metric: 'won_amount',
        amount: 1,
      },
      'userId',
    );
    await bad(
      {
        periodKind: 'month',
        periodStart: '2026-05-01',
        userId: seller.user.id,
        metric: 'won_deals',
        amount: 1.5,
      },
      'amount',
    );
    await bad(
      {
        periodKind: 'month',
        periodStart: '2026-05-01',
        userId: seller.user.id,
        metric: 'won_amount',
        amount: '1.001',
      },
      'amount',
    );
    await bad(
      {
        periodKind: 'month',
        periodStart: '2026-05-01',
        userId: seller.user.id,
        metric: 'won_amount',
        amount: -1,
      },
      'amount',
    );
    await bad(
      { periodKind: 'month', periodStart: '2026-05-01', userId: newId(), metric: 'won_amount', amount: 1 },
      'userId',
    );
  });

  it('refuses the same assignee, period and metric twice: 409 target.exists', async () => {
    const payload = {
      periodKind: 'month',
      periodStart: '2026-05-01',
      userId: seller.user.id,
      metric: 'won_deals',
      amount: 3,
    };
    await setTarget(payload);
    expectProblem(await api('POST', '/api/v1/sales-targets', payload), 409, 'target.exists');
  });

  it('changes and removes a target at its version, each write in the audit log', async () => {
    const target = await setTarget({
      periodKind: 'month',
      periodStart: '2026-06-01',
      userId: seller.user.id,
      metric: 'won_amount',
      amount: 100,
    });
    const changed = await api('PATCH', `/api/v1/sales-targets/${target.id}`, { version: 1, amount: 250 });
    expect(changed.json<Target>()).toMatchObject({ amount: 250, version: 2, actual: 500, attainment: 2 });
    expectProblem(
      await api('PATCH', `/api/v1/sales-targets/${target.id}`, { version: 1, amount: 1 }),
      409,
      'record.version_conflict',
    );
    expect((await api('DELETE', `/api/v1/sales-targets/${target.id}?version=2`)).statusCode).toBe(204);
    expectProblem(await api('GET', `/api/v1/sales-targets/${target.id}`), 404, 'target.not_found');
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity'])
      .where('entity_id', '=', target.id)
      .orderBy('at')
      .execute();
    expect(audit).toEqual([
      { action: 'create', entity: 'sales_target' },
      { action: 'update', entity: 'sales_target' },
      { action: 'delete', entity: 'sales_target' },
    ]);
  });

  it('lets managers set targets for their team only, and sellers none', async () => {
    await setTarget(
      {
        periodKind: 'month',
        periodStart: '2026-07-01',
        userId: seller.user.id,
        metric: 'won_amount',
        amount: 1,
      },
      manager,
    );
    await setTarget(
      { periodKind: 'month', periodStart: '2026-07-01', teamId, metric: 'won_amount', amount: 1 },
      manager,
    );
    expectProblem(
      await api(
        'POST',
        '/api/v1/sales-targets',
        {
          periodKind: 'month',
          periodStart: '2026-07-01',
          userId: outsider.user.id,
          metric: 'won_amount',
          amount: 1,
        },
        manager,
      ),
      400,
      'request.invalid',
    );
    expectProblem(
      await api(
        'POST',
        '/api/v1/sales-targets',
        {
          periodKind: 'month',
          periodStart: '2026-08-01',
          userId: seller.user.id,
          metric: 'won_amount',
          amount: 1,
        },
        seller,
      ),
      403,
      'auth.forbidden',
    );
  });

  it("does not show a seller another person's targets", async () => {
    const theirs = await setTarget({
      periodKind: 'month',
      periodStart: '2026-09-01',
      userId: outsider.user.id,
      metric: 'won_amount',
      amount: 1,
    });
    expectProblem(
      await api('GET', `/api/v1/sales-targets/${theirs.id}`, undefined, seller),
      404,
      'target.not_found',
    );
    const list = await api('GET', '/api/v1/sales-targets?limit=200', undefined, seller);
    const items = list.json<{ items: Target[] }>().items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.userId === seller.user.id)).toBe(true);
    const viewer = await t.signedIn('viewer');
    expect((await api('GET', `/api/v1/sales-targets/${theirs.id}`, undefined, viewer)).statusCode).toBe(200);
  });

  it('pages the list with a cursor and filters by period', async () => {
    const first = await api('GET', '/api/v1/sales-targets?limit=2');
    const page1 = first.json<{ items: Target[]; nextCursor: string }>();
    expect(page1.items).toHaveLength(2);
    const second = await api('GET', `/api/v1/sales-targets?limit=2&cursor=${page1.nextCursor}`);
    const ids = second.json<{ items: Target[] }>().items.map((item) => item.id);
    expect(ids.some((id) => page1.items.some((item) => item.id === id))).toBe(false);
    const july = await api('GET', '/api/v1/sales-targets?from=2026-07-01&to=2026-07-31&periodKind=month');
    expect(july.json<{ items: Target[] }>().items.map((item) => item.periodStart)).toEqual([
      '2026-07-01',
      '2026-07-01',
    ]);
  });

  it('requires a login', async () => {
    expectProblem(await api('GET', '/api/v1/sales-targets', undefined, null), 401, 'auth.required');
    expectProblem(await api('POST', '/api/v1/sales-targets', {}, null), 401, 'auth.required');
  });
});
