import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KpiReport, KpiRow } from '#src/modules/sales/kpis.schema.ts';
import { registerServiceMeasures } from '#src/modules/sales/kpis.service.ts';
import { defaultPipeline, insertOpportunity } from '#src/modules/sales/forecast.test-data.ts';
import { newId } from '#src/shared/ids.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { TestClock } from '#test/support/clock.ts';
import { buildTeam, insertCustomerRow } from '#test/support/factories.ts';
import { expectProblem } from '#test/support/problem.ts';

/** Sales KPIs on a small hand-made data set, for May 2026 (business zone Asia/Shanghai). */
let t: TestApp;
let admin: Session;
let manager: Session;
let ann: Session;
let bob: Session;
let carl: Session;
let teamId: string;
const clock = new TestClock('2026-06-10T04:00:00Z');
const window = 'from=2026-05-01&to=2026-05-31';

beforeAll(async () => {
  t = await openTestApp({ clock });
  const [team, otherTeam] = await Promise.all([buildTeam(t.deps), buildTeam(t.deps)]);
  teamId = team.id;
  [admin, manager, ann, bob, carl] = await Promise.all([
    t.signedIn('admin'),
    t.signedIn('manager', { teamId }),
    t.signedIn('sales', { teamId }),
    t.signedIn('sales', { teamId }),
    t.signedIn('sales', { teamId: otherTeam.id }),
  ]);
  const db = t.database.db;
  const pipeline = await defaultPipeline(db);
  const customer = (owner: Session, createdAt: string) =>
    insertCustomerRow(db, { owner_id: owner.user.id, team_id: owner.user.teamId, created_at: createdAt });
  // Ann: two customers created in May (one 23:30 Shanghai on 31 May), one in April
  const a1 = await customer(ann, '2026-05-03T02:00:00Z');
  await customer(ann, '2026-05-31T15:30:00Z');
  await customer(ann, '2026-04-20T02:00:00Z');
  // 1 June 00:30 in Shanghai is still 31 May in UTC: not in the window
  await customer(ann, '2026-05-31T16:30:00Z');
  const b1 = await customer(bob, '2026-05-10T02:00:00Z');
  const c1 = await customer(carl, '2026-05-10T02:00:00Z');
  const order = (customerId: string, day: string, amount: number, status = 'completed', currency = 'CNY') =>
    db
      .insertInto('orders')
      .values({
        id: newId(),
        ref: `O-${newId()}`,
        customer_id: customerId,
        ordered_at: `${day}T02:00:00Z`,
        order_day: day,
        amount,
        currency,
        status,
      })
      .execute();
  await order(a1.id, '2026-05-05', 100_00);
  await order(a1.id, '2026-05-06', -20_00, 'returned');
  await order(a1.id, '2026-05-07', 999_00, 'cancelled');
  await order(a1.id, '2026-05-08', 50_00, 'completed', 'USD');
  await order(a1.id, '2026-06-01', 70_00);
  await order(b1.id, '2026-05-20', 30_00);
  await order(c1.id, '2026-05-20', 40_00);
  const deal = (
    owner: Session,
    customerId: string,
    created: string,
    last: 'won' | 'lost' | 'proposal',
    closed: string,
    amount: number,
  ) =>
    insertOpportunity(db, pipeline, {
      customerId,
      ownerId: owner.user.id,
      teamId: owner.user.teamId,
      path: [
        { stage: 'qualification', at: `${created}T02:00:00Z` },
        { stage: last, at: `${closed}T02:00:00Z` },
      ],
      amount,
    });
  // Ann: won 1000 (10 days) and 3000 (30 days) in May, lost one in May, won one in April (outside)
  await deal(ann, a1.id, '2026-04-25', 'won', '2026-05-05', 1000_00);
  await deal(ann, a1.id, '2026-04-10', 'won', '2026-05-10', 3000_00);
  await deal(ann, a1.id, '2026-04-10', 'lost', '2026-05-12', 500_00);
  await deal(ann, a1.id, '2026-03-10', 'won', '2026-04-12', 700_00);
  await deal(ann, a1.id, '2026-05-10', 'proposal', '2026-05-12', 800_00);
  // Bob: one lost
  await deal(bob, b1.id, '2026-05-01', 'lost', '2026-05-20', 100_00);
  const interaction = (staff: Session, customerId: string, occurredAt: string) =>
    db
      .insertInto('interactions')
      .values({
        id: newId(),
        customer_id: customerId,
        channel: 'phone',
        direction: 'outbound',
        occurred_at: occurredAt,
        staff_id: staff.user.id,
      })
      .execute();
  await interaction(ann, a1.id, '2026-05-02T02:00:00Z');
  await interaction(ann, a1.id, '2026-05-03T02:00:00Z');
  await interaction(ann, a1.id, '2026-06-03T02:00:00Z');
  await interaction(bob, b1.id, '2026-05-03T02:00:00Z');
  const rule = newId();
  await db
    .insertInto('follow_up_rules')
    .values({
      id: rule,
      name: 'Thank-you call',
      trigger: 'opportunity_won',
      delay_days: 3,
      task_kind: 'call',
      subject: 'Call',
    })
    .execute();
  const task = (
    owner: Session,
    values: { status: string; due?: string; completed?: string; followUp?: boolean },
  ) =>
    db
      .insertInto('tasks')
      .values({
        id: newId(),
        kind: 'call',
        subject: 'Call',
        status: values.status,
        due_at: values.due ?? null,
        completed_at: values.completed ?? null,
        follow_up_rule_id: values.followUp ? rule : null,
        source_id: values.followUp ? newId() : null,
        customer_id: a1.id,
        owner_id: owner.user.id,
        team_id: owner.user.teamId,
      })
      .execute();
  // Ann: three follow-ups due in May, two done (one of them completed in June); one plain task done in May
  await task(ann, {
    status: 'done',
    due: '2026-05-08T02:00:00Z',
    completed: '2026-05-08T03:00:00Z',
    followUp: true,
  });
  await task(ann, {
    status: 'done',
    due: '2026-05-30T02:00:00Z',
    completed: '2026-06-02T03:00:00Z',
    followUp: true,
  });
  await task(ann, { status: 'open', due: '2026-05-20T02:00:00Z', followUp: true });
  await task(ann, { status: 'open', due: '2026-06-20T02:00:00Z', followUp: true });
  await task(ann, { status: 'done', completed: '2026-05-15T03:00:00Z' });
});
afterAll(() => t?.close());

const get = (url: string, session: Session | null = admin) =>
  t.app.inject({ method: 'GET', url, ...(session && { headers: session.bearer }) });

async function kpisOf(query: string, session: Session = admin): Promise<KpiReport> {
  const response = await get(`/api/v1/sales/kpis?${query}`, session);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<KpiReport>();
}

const rowOf = (report: KpiReport, id: string) => report.items.find((row) => row.groupId === id);

describe('sales KPIs', () => {
  it("counts a seller's customers, revenue, deals, cycle, activities and follow-ups of the window", async () => {
    const report = await kpisOf(window);
    expect(rowOf(report, ann.user.id)).toEqual<KpiRow>({
      groupId: ann.user.id,
      groupName: ann.user.name,
      newCustomers: 2,
      revenue: 80, // 100 − 20 returned; cancelled and USD orders left out
      wonDeals: 2,
      wonAmount: 4000,
      lostDeals: 1,
      winRate: 2 / 3,
      averageDealSize: 2000,
      averageCycleDays: 20,
      activities: 4, // two interactions and two tasks done in May (the follow-up done in June is June's)
      followUpsDue: 3,
      followUpsDone: 2,
      followUpCompletion: 2 / 3,
      satisfaction: null,
      complaints: null,
    });
    expect(rowOf(report, bob.user.id)).toMatchObject({
      newCustomers: 1,
      revenue: 30,
      wonDeals: 0,
      lostDeals: 1,
      winRate: 0,
      averageDealSize: null,
      averageCycleDays: null,
      activities: 1,
      followUpCompletion: null,
    });
    expect(report.serviceMeasures).toBe('not_available');
  });

  it('sums per team', async () => {
    const report = await kpisOf(`${window}&groupBy=team`);
    expect(rowOf(report, teamId)).toMatchObject({
      groupId: teamId,
      newCustomers: 3,
      revenue: 110,
      wonDeals: 2,
      lostDeals: 2,
      winRate: 0.5,
      activities: 5,
    });
  });

  it('shows a seller their own numbers, a manager their team', async () => {
    const own = await kpisOf(window, bob);
    expect(own.items.map((row) => row.groupId)).toEqual([bob.user.id]);
    const team = await kpisOf(window, manager);
    expect(new Set(team.items.map((row) => row.groupId))).toEqual(new Set([ann.user.id, bob.user.id]));
    const all = await kpisOf(window);
    expect(rowOf(all, carl.user.id)).toMatchObject({ revenue: 40, newCustomers: 1 });
  });

  it('takes satisfaction and complaints from a registered service provider', async () => {
    const unregister = registerServiceMeasures(async (_deps, request) => {
      expect(request).toMatchObject({ from: '2026-05-01', to: '2026-05-31', groupBy: 'owner' });
      return new Map([[ann.user.id, { satisfaction: 0.8, complaints: 2 }]]);
    });
    try {
      const report = await kpisOf(window);
      expect(report.serviceMeasures).toBe('available');
      expect(rowOf(report, ann.user.id)).toMatchObject({ satisfaction: 0.8, complaints: 2 });
      expect(rowOf(report, bob.user.id)).toMatchObject({ satisfaction: null, complaints: 0 });
    } finally {
      unregister();
    }
    expect((await kpisOf(window)).serviceMeasures).toBe('not_available');
  });

  it('requires a login and the sales reports permission', async () => {
    expectProblem(await get('/api/v1/sales/kpis', null), 401, 'auth.required');
    expectProblem(await get('/api/v1/sales/kpis', await t.signedIn('service')), 403, 'auth.forbidden');
    expectProblem(await get('/api/v1/sales/kpis?groupBy=region'), 400, 'request.invalid');
  });
});
