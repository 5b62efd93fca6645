import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssignmentRule, ScoreRule } from '#src/modules/sales/lead-rules.schema.ts';
import type { Lead } from '#src/modules/sales/leads.schema.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { DAY, TestClock } from '#test/support/clock.ts';
import { buildTeam } from '#test/support/factories.ts';
import { expectProblem } from '#test/support/problem.ts';

/** Assignment rules hand new leads out in turn; scoring rules add up to a lead's score, with its reasons. */
let t: TestApp;
let admin: Session;
let manager: Session;
let sales: Session;
let ann: Session;
let bob: Session;
let cai: Session;
const clock = new TestClock('2026-12-01T02:00:00Z');

beforeAll(async () => {
  t = await openTestApp({ clock });
  const team = await buildTeam(t.deps, { name: 'Rules team' });
  admin = await t.signedIn('admin');
  manager = await t.signedIn('manager', { teamId: team.id });
  sales = await t.signedIn('sales');
  [ann, bob, cai] = await Promise.all([
    t.signedIn('sales', { teamId: team.id }),
    t.signedIn('sales', { teamId: team.id }),
    t.signedIn('sales'),
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

async function post<T>(url: string, payload: unknown, session: Session = admin): Promise<T> {
  const response = await api('POST', url, payload, session);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<T>();
}
const lead = (payload: Record<string, unknown>) => post<Lead>('/api/v1/leads', payload);
const getLead = async (id: string) => (await api('GET', `/api/v1/leads/${id}`)).json<Lead>();

async function clearRules() {
  await t.database.db.deleteFrom('lead_assignment_rules').execute();
  await t.database.db.deleteFrom('lead_score_rules').execute();
}

describe('configuring rules', () => {
  it('needs sales.configure: sales staff are forbidden, a login is required', async () => {
    expectProblem(await api('GET', '/api/v1/lead-assignment-rules', undefined, null), 401, 'auth.required');
    expectProblem(await api('GET', '/api/v1/lead-score-rules', undefined, sales), 403, 'auth.forbidden');
    const rule = { name: 'x', kind: 'round_robin', assigneeIds: [ann.user.id] };
    expectProblem(await api('POST', '/api/v1/lead-assignment-rules', rule, sales), 403, 'auth.forbidden');
    expect((await api('GET', '/api/v1/lead-assignment-rules', undefined, manager)).statusCode).toBe(200);
  });

  it('refuses rules that match nothing or hand leads to nobody, naming the field', async () => {
    const region = await api('POST', '/api/v1/lead-assignment-rules', {
      name: 'Empty region',
      kind: 'region',
      assigneeIds: [ann.user.id],
    });
    expect(expectProblem(region, 400, 'request.invalid').errors[0]!.field).toBe('kind');
    const viewer = await t.signedIn('viewer');
    const nobody = await api('POST', '/api/v1/lead-assignment-rules', {
      name: 'Viewer',
      kind: 'round_robin',
      assigneeIds: [ann.user.id, viewer.user.id],
    });
    expect(expectProblem(nobody, 400, 'request.invalid').errors[0]!.field).toBe('assigneeIds.1');
    const score = await api('POST', '/api/v1/lead-score-rules', {
      name: 'Budget',
      condition: { kind: 'field', field: 'facts.budget', op: 'gte', value: 'lots' },
      points: 5,
    });
    expect(expectProblem(score, 400, 'request.invalid').errors[0]!.field).toBe('condition.value');
  });

  it('changes are versioned and audited (create, update, delete)', async () => {
    const rule = await post<AssignmentRule>('/api/v1/lead-assignment-rules', {
      name: 'Audit me',
      kind: 'source',
      sources: ['expo'],
      assigneeIds: [ann.user.id],
      active: false,
    });
    const changed = await api('PATCH', `/api/v1/lead-assignment-rules/${rule.id}`, {
      version: 1,
      name: 'Renamed',
    });
    expect(changed.json<AssignmentRule>()).toMatchObject({ name: 'Renamed', version: 2, kind: 'source' });
    expectProblem(
      await api('PATCH', `/api/v1/lead-assignment-rules/${rule.id}`, { version: 1, name: 'Stale' }),
      409,
      'record.version_conflict',
    );
    expect((await api('DELETE', `/api/v1/lead-assignment-rules/${rule.id}`)).statusCode).toBe(204);
    const score = await post<ScoreRule>('/api/v1/lead-score-rules', {
      name: 'Has email',
      condition: { kind: 'field', field: 'email', op: 'present' },
      points: 3,
      active: false,
    });
    await api('PATCH', `/api/v1/lead-score-rules/${score.id}`, { version: 1, points: 4 });
    expect((await api('DELETE', `/api/v1/lead-score-rules/${score.id}?version=2`)).statusCode).toBe(204);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['entity', 'action'])
      .where('entity_id', 'in', [rule.id, score.id])
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { entity: 'assignment_rule', action: 'create' },
      { entity: 'assignment_rule', action: 'update' },
      { entity: 'assignment_rule', action: 'delete' },
      { entity: 'score_rule', action: 'create' },
      { entity: 'score_rule', action: 'update' },
      { entity: 'score_rule', action: 'delete' },
    ]);
  });
});

describe('assignment', () => {
  it('round robin turns: new leads go to each assignee in turn, and the owner’s team comes along', async () => {
    await clearRules();
    await post('/api/v1/lead-assignment-rules', {
      name: 'Everyone',
      kind: 'round_robin',
      assigneeIds: [ann.user.id, bob.user.id, cai.user.id],
    });
    const owners: (string | null)[] = [];
    for (let i = 0; i < 4; i += 1) owners.push((await lead({ name: `RR ${i}` })).ownerId);
    expect(owners).toEqual([ann.user.id, bob.user.id, cai.user.id, ann.user.id]);
    const first = await getLead((await lead({ name: 'Team check' })).id);
    expect(first).toMatchObject({ ownerId: bob.user.id, teamId: bob.user.teamId });
    const assign = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('entity', '=', 'lead')
      .where('entity_id', '=', first.id)
      .where('action', '=', 'assign')
      .executeTakeFirstOrThrow();
    expect(assign.after).toMatchObject({ ownerId: bob.user.id, ruleName: 'Everyone' });
  });

  it('two concurrent leads never take the same turn', async () => {
    await clearRules();
    await post('/api/v1/lead-assignment-rules', {
      name: 'Pair',
      kind: 'round_robin',
      assigneeIds: [ann.user.id, bob.user.id],
    });
    const both = await Promise.all([lead({ name: 'Concurrent 1' }), lead({ name: 'Concurrent 2' })]);
    expect(both.map((l) => l.ownerId).sort()).toEqual([ann.user.id, bob.user.id].sort());
  });

  it('region rule: a lead from a listed province or city goes to the region’s people; the first match wins', async () => {
    await clearRules();
    await post('/api/v1/lead-assignment-rules', {
      name: 'South',
      position: 1,
      kind: 'region',
      provinces: ['广东省'],
      cities: ['厦门'],
      assigneeIds: [cai.user.id],
    });
    await post('/api/v1/lead-assignment-rules', {
      name: 'Rest',
      position: 2,
      kind: 'round_robin',
      assigneeIds: [ann.user.id],
    });
    expect((await lead({ name: 'Guangdong', province: '广东', city: '深圳' })).ownerId).toBe(cai.user.id);
    expect((await lead({ name: 'Xiamen', province: '福建', city: '厦门市' })).ownerId).toBe(cai.user.id);
    expect((await lead({ name: 'Beijing', province: '北京' })).ownerId).toBe(ann.user.id);
  });

  it('source rule: a lead from a listed source goes to its people; an inactive rule is skipped', async () => {
    await clearRules();
    await post('/api/v1/lead-assignment-rules', {
      name: 'Referrals (off)',
      kind: 'source',
      sources: ['referral'],
      assigneeIds: [ann.user.id],
      active: false,
    });
    await post('/api/v1/lead-assignment-rules', {
      name: 'Referrals',
      position: 1,
      kind: 'source',
      sources: ['referral', 'partner'],
      assigneeIds: [bob.user.id],
    });
    expect((await lead({ name: 'Ref', source: 'referral' })).ownerId).toBe(bob.user.id);
    expect((await lead({ name: 'Web', source: 'web_form' })).ownerId).toBeNull();
    // a chosen owner skips the rules
    expect((await lead({ name: 'Chosen', source: 'referral', ownerId: cai.user.id })).ownerId).toBe(
      cai.user.id,
    );
  });
});

describe('scoring', () => {
  it('score recompute: the sum of matching rules, with reasons, on change and for every lead when rules change', async () => {
    await clearRules();
    const referral = await lead({
      name: 'Scored',
      source: 'referral',
      province: '浙江',
      facts: { budget: 80000 },
    });
    const plain = await lead({ name: 'Plain', source: 'web_form' });
    expect(referral).toMatchObject({ score: 0, scoreReasons: [] });
    const sourceRule = await post<ScoreRule>('/api/v1/lead-score-rules', {
      name: 'Referral',
      condition: { kind: 'field', field: 'source', op: 'eq', value: 'referral' },
      points: 20,
    });
    await post('/api/v1/lead-score-rules', {
      name: 'East',
      condition: { kind: 'field', field: 'province', op: 'in', values: ['浙江', '江苏'] },
      points: 10,
    });
    await post('/api/v1/lead-score-rules', {
      name: 'Budget ≥ 50k',
      condition: { kind: 'field', field: 'facts.budget', op: 'gte', value: 50000 },
      points: 15,
    });
    await post('/api/v1/lead-score-rules', {
      name: 'Email given',
      condition: { kind: 'field', field: 'email', op: 'present' },
      points: 5,
    });
    await post('/api/v1/lead-score-rules', {
      name: 'Gone quiet',
      condition: { kind: 'days_since_activity', op: 'gte', value: 30 },
      points: -8,
    });
    const scored = await getLead(referral.id);
    expect(scored.score).toBe(45);
    expect(scored.scoreReasons.map((r) => [r.name, r.points])).toEqual([
      ['Referral', 20],
      ['East', 10],
      ['Budget ≥ 50k', 15],
    ]);
    expect((await getLead(plain.id)).score).toBe(0);

    // a change to the lead re-scores it
    const changed = await api('PATCH', `/api/v1/leads/${referral.id}`, {
      version: scored.version,
      email: 'buyer@example.com',
    });
    expect(changed.json<Lead>().score).toBe(50);

    // a change to a rule re-scores every open lead
    await api('PATCH', `/api/v1/lead-score-rules/${sourceRule.id}`, { version: 1, points: 30 });
    expect((await getLead(referral.id)).score).toBe(60);

    // days since the last activity count calendar days up to the clock's today when the rules are applied
    await t.database.db
      .updateTable('leads')
      .set({ created_at: new Date(clock.now().getTime() - 31 * DAY) })
      .where('id', '=', plain.id)
      .execute();
    await api('PATCH', `/api/v1/lead-score-rules/${sourceRule.id}`, {
      version: 2,
      points: 30,
      name: 'Referral!',
    });
    expect((await getLead(plain.id)).scoreReasons.map((r) => r.name)).toEqual(['Gone quiet']);
    expect((await getLead(plain.id)).score).toBe(-8);
  });

  it('behaviour: form submissions by the same email and tasks done on the lead count', async () => {
    await clearRules();
    const a = await lead({ name: 'Tasks', email: 'busy@example.com' });
    const [task] = await t.database.db
      .insertInto('tasks')
      .values({
        id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a60',
        kind: 'call',
        subject: 'Call back',
        status: 'done',
        lead_id: a.id,
        owner_id: admin.user.id,
      } as never)
      .returning('id')
      .execute();
    expect(task).toBeDefined();
    await post('/api/v1/lead-score-rules', {
      name: 'Worked',
      condition: { kind: 'tasks_done', op: 'gte', value: 1 },
      points: 7,
    });
    await post('/api/v1/lead-score-rules', {
      name: 'Keen',
      condition: { kind: 'form_submissions', op: 'gte', value: 2 },
      points: 9,
    });
    const scored = await getLead(a.id);
    expect(scored.scoreReasons.map((r) => r.name)).toEqual(['Worked']);
    expect(scored.score).toBe(7);
  });
});
