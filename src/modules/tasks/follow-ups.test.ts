import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '#src/modules/audit/audit.schema.ts';
import { runFollowUpRules } from '#src/modules/tasks/follow-ups.service.ts';
import type { FollowUpRule, Task } from '#src/modules/tasks/tasks.schema.ts';
import { newId } from '#src/shared/ids.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { MINUTE, TestClock } from '#test/support/clock.ts';
import { insertCustomerRow } from '#test/support/factories.ts';
import { expectProblem } from '#test/support/problem.ts';

/** Follow-up plans: a task N days after each order, won deal or accepted quote that comes after the rule. */
let t: TestApp;
let admin: Session;
let manager: Session;
let sales: Session;
// 10:00 in Shanghai (the tests' business time zone)
const clock = new TestClock('2026-05-04T02:00:00Z');

beforeAll(async () => {
  t = await openTestApp({ clock });
  [admin, manager, sales] = await Promise.all([
    t.signedIn('admin'),
    t.signedIn('manager'),
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

async function createRule(payload: Record<string, unknown>): Promise<FollowUpRule> {
  const response = await api('POST', '/api/v1/follow-up-rules', payload, manager);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<FollowUpRule>();
}

async function book(customerId: string, orderedAt: string): Promise<string> {
  const response = await api('POST', '/api/v1/orders', { customerId, amount: '100', orderedAt }, sales);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
}

const tasksOfRule = (ruleId: string) =>
  t.database.db
    .selectFrom('tasks')
    .select(['id', 'source_id', 'subject', 'owner_id', 'due_at', 'all_day', 'kind', 'customer_id'])
    .where('follow_up_rule_id', '=', ruleId)
    .orderBy('due_at')
    .execute();

describe('follow-up rules', () => {
  it('require a login, and configuring them needs sales.configure', async () => {
    expectProblem(await api('GET', '/api/v1/follow-up-rules', undefined, null), 401, 'auth.required');
    expectProblem(await api('GET', '/api/v1/follow-up-rules', undefined, sales), 403, 'auth.forbidden');
    expectProblem(
      await api(
        'POST',
        '/api/v1/follow-up-rules',
        { name: 'x', trigger: 'order_created', delayDays: 1, taskKind: 'call', subject: 'x' },
        sales,
      ),
      403,
      'auth.forbidden',
    );
  });

  it('create one task per order after the rule, none for older orders, due on the order day + N', async () => {
    const customer = await insertCustomerRow(t.database.db, { owner_id: sales.user.id, name: '张三' });
    clock.set('2026-05-04T01:00:00Z');
    const older = await book(customer.id, '2026-05-04T08:30:00+08:00');
    clock.set('2026-05-04T02:00:00Z');
    const rule = await createRule({
      name: 'Thank-you call',
      trigger: 'order_created',
      delayDays: 3,
      taskKind: 'call',
      subject: 'Thank {{customer}} for the order',
    });
    clock.advance(MINUTE);
    // ordered on 1 May, booked now: the business day of the order counts
    const first = await book(customer.id, '2026-05-01T23:30:00+08:00');
    const second = await book(customer.id, '2026-05-04T10:01:00+08:00');
    clock.advance(MINUTE);

    expect(await runFollowUpRules(t.deps)).toHaveLength(2);
    expect(await runFollowUpRules(t.deps)).toEqual([]);
    const tasks = await tasksOfRule(rule.id);
    expect(tasks.map((task) => task.source_id)).toEqual([first, second]);
    expect(tasks.map((task) => task.source_id)).not.toContain(older);
    expect(tasks[0]).toMatchObject({
      kind: 'call',
      subject: 'Thank 张三 for the order',
      owner_id: sales.user.id,
      customer_id: customer.id,
      all_day: true,
    });
    const seen = (
      await api('GET', `/api/v1/tasks?mine=true&customerId=${customer.id}`, undefined, sales)
    ).json<{
      items: Task[];
    }>().items;
    expect(seen.map((task) => task.dueDay)).toEqual(['2026-05-04', '2026-05-07']);
    expect(seen.every((task) => task.followUpRuleId === rule.id)).toBe(true);

    // the system's tasks are audited too
    const audit = (await api('GET', `/api/v1/audit?entity=task&entityId=${tasks[0]!.id}`)).json<{
      items: AuditEntry[];
    }>().items;
    expect(audit).toMatchObject([{ actor: 'system', action: 'create', entity: 'task' }]);
  });

  it('an inactive rule makes no tasks; a won deal makes a task for the deal’s owner', async () => {
    const customer = await insertCustomerRow(t.database.db, { owner_id: sales.user.id });
    const paused = await createRule({
      name: 'Paused',
      trigger: 'order_created',
      delayDays: 1,
      taskKind: 'todo',
      subject: 'Paused',
      active: false,
    });
    const won = await createRule({
      name: 'Onboarding visit',
      trigger: 'opportunity_won',
      delayDays: 7,
      taskKind: 'visit',
      subject: 'Onboarding visit at {{customer}}',
    });
    clock.advance(MINUTE);
    await book(customer.id, clock.now().toISOString());
    const pipeline = await t.database.db
      .selectFrom('pipeline_stages')
      .select(['pipeline_id', 'id'])
      .where('key', '=', 'won')
      .executeTakeFirstOrThrow();
    const opportunityId = newId();
    await t.database.db
      .insertInto('opportunities')
      .values({
        id: opportunityId,
        name: 'Big deal',
        customer_id: customer.id,
        pipeline_id: pipeline.pipeline_id,
        stage_id: pipeline.id,
        status: 'won',
        amount: 100_000,
        currency: 'CNY',
        probability: 1,
        closed_at: clock.now(),
        closed_day: '2026-05-04',
        stage_entered_at: clock.now(),
        owner_id: manager.user.id,
      })
      .execute();
    await runFollowUpRules(t.deps);
    expect(await tasksOfRule(paused.id)).toEqual([]);
    const tasks = await tasksOfRule(won.id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ source_id: opportunityId, owner_id: manager.user.id, kind: 'visit' });
    expect(tasks[0]!.due_at?.toISOString()).toBe('2026-05-10T16:00:00.000Z'); // 2026-05-11 in Shanghai
  });

  it('change at their version and delete (their tasks stay); every change is audited', async () => {
    const rule = await createRule({
      name: 'Check-in',
      trigger: 'quote_accepted',
      delayDays: 2,
      taskKind: 'email',
      subject: 'Check in',
    });
    const changed = await api(
      'PATCH',
      `/api/v1/follow-up-rules/${rule.id}`,
      { version: 1, delayDays: 5 },
      manager,
    );
    expect(changed.json<FollowUpRule>()).toMatchObject({
      delayDays: 5,
      version: 2,
      trigger: 'quote_accepted',
    });
    expectProblem(
      await api('PATCH', `/api/v1/follow-up-rules/${rule.id}`, { version: 1, delayDays: 6 }, manager),
      409,
      'record.version_conflict',
    );
    expect((await api('DELETE', `/api/v1/follow-up-rules/${rule.id}`, undefined, manager)).statusCode).toBe(
      204,
    );
    expectProblem(
      await api('GET', `/api/v1/follow-up-rules/${rule.id}`, undefined, manager),
      404,
      'follow_up_rule.not_found',
    );
    const audit = (await api('GET', `/api/v1/audit?entity=follow_up_rule&entityId=${rule.id}`)).json<{
      items: AuditEntry[];
    }>().items;
    expect(audit.map((entry) => [entry.entity, entry.action]).reverse()).toEqual([
      ['follow_up_rule', 'create'],
      ['follow_up_rule', 'update'],
      ['follow_up_rule', 'delete'],
    ]);
    expect(audit.at(-1)).toMatchObject({ actor: manager.user.email, after: { name: 'Check-in' } });
  });
});

describe('the follow-up scan', () => {
  it('reads only what was written since ten minutes before its last scan, so it stays small on a large table', async () => {
    const customer = await insertCustomerRow(t.database.db, { owner_id: sales.user.id, name: '李四' });
    clock.set('2026-05-12T02:00:00Z');
    const rule = await createRule({
      name: 'Scan window',
      trigger: 'order_created',
      delayDays: 1,
      taskKind: 'visit',
      subject: 'Visit {{customer}}',
    });
    clock.set('2026-05-12T05:00:00Z');
    await runFollowUpRules(t.deps);
    const scanned = await t.database.db
      .selectFrom('follow_up_rules')
      .select('scanned_to')
      .where('id', '=', rule.id)
      .executeTakeFirstOrThrow();
    expect(scanned.scanned_to?.toISOString()).toBe('2026-05-12T05:00:00.000Z');

    // two orders committed after that scan but stamped before it: five minutes before (inside the look-back)
    // and half an hour before (outside it)
    const late = await book(customer.id, '2026-05-12T12:00:00+08:00');
    const tooLate = await book(customer.id, '2026-05-12T12:30:00+08:00');
    await t.database.db
      .updateTable('orders')
      .set({ created_at: new Date('2026-05-12T04:55:00Z') })
      .where('id', '=', late)
      .execute();
    await t.database.db
      .updateTable('orders')
      .set({ created_at: new Date('2026-05-12T04:30:00Z') })
      .where('id', '=', tooLate)
      .execute();
    clock.set('2026-05-12T05:01:00Z');
    await runFollowUpRules(t.deps);
    expect((await tasksOfRule(rule.id)).map((task) => task.source_id)).toEqual([late]);
  });
});
