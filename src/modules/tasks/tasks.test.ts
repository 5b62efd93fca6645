import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '#src/modules/audit/audit.schema.ts';
import type { Interaction } from '#src/modules/interactions/interactions.schema.ts';
import type { Task } from '#src/modules/tasks/tasks.schema.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { TestClock } from '#test/support/clock.ts';
import { insertCustomerRow } from '#test/support/factories.ts';
import { expectProblem } from '#test/support/problem.ts';

/** Tasks: who sees and changes them, completing and reopening, the calendar's lists, and their audit entries. */
let t: TestApp;
let admin: Session;
let sales: Session;
let otherSales: Session;
let service: Session;
let viewer: Session;
// 10:00 in Shanghai (the tests' business time zone) on Monday 2026-05-04
const clock = new TestClock('2026-05-04T02:00:00Z');

beforeAll(async () => {
  t = await openTestApp({ clock });
  [admin, sales, otherSales, service, viewer] = await Promise.all([
    t.signedIn('admin'),
    t.signedIn('sales'),
    t.signedIn('sales'),
    t.signedIn('service'),
    t.signedIn('viewer'),
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

async function create(payload: Record<string, unknown>, session: Session): Promise<Task> {
  const response = await api('POST', '/api/v1/tasks', payload, session);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Task>();
}

const auditOf = async (id: string) =>
  (await api('GET', `/api/v1/audit?entity=task&entityId=${id}`))
    .json<{ items: AuditEntry[] }>()
    .items.reverse();

describe('who may see and change tasks', () => {
  it('requires a login', async () => {
    expectProblem(await api('GET', '/api/v1/tasks', undefined, null), 401, 'auth.required');
    expectProblem(
      await api('POST', '/api/v1/tasks', { kind: 'call', subject: 'x' }, null),
      401,
      'auth.required',
    );
  });

  it("does not show sales staff another owner's task: 404, never 403, and not in lists", async () => {
    const theirs = await create({ kind: 'call', subject: 'Their call' }, otherSales);
    expectProblem(await api('GET', `/api/v1/tasks/${theirs.id}`, undefined, sales), 404, 'task.not_found');
    expectProblem(
      await api('PATCH', `/api/v1/tasks/${theirs.id}`, { version: 1, subject: 'mine now' }, sales),
      404,
      'task.not_found',
    );
    expectProblem(await api('POST', `/api/v1/tasks/${theirs.id}/complete`, {}, sales), 404, 'task.not_found');
    expectProblem(await api('DELETE', `/api/v1/tasks/${theirs.id}`, undefined, sales), 404, 'task.not_found');
    const list = (await api('GET', '/api/v1/tasks?limit=200', undefined, sales)).json<{ items: Task[] }>();
    expect(list.items.map((task) => task.id)).not.toContain(theirs.id);
    // admins and read-only roles see it
    expect((await api('GET', `/api/v1/tasks/${theirs.id}`, undefined, viewer)).statusCode).toBe(200);
  });

  it('lets service staff keep their own tasks but not change a seller’s (403: they can see it)', async () => {
    const own = await create({ kind: 'todo', subject: 'Call back about the repair' }, service);
    expect(own.ownerId).toBe(service.user.id);
    const sellers = await create({ kind: 'todo', subject: 'Seller todo' }, sales);
    expectProblem(
      await api('POST', `/api/v1/tasks/${sellers.id}/complete`, {}, service),
      403,
      'auth.forbidden',
    );
  });

  it('lets only managers and admins give a task to someone else', async () => {
    expectProblem(
      await api('POST', '/api/v1/tasks', { kind: 'call', subject: 'x', ownerId: otherSales.user.id }, sales),
      403,
      'auth.forbidden',
    );
    const assigned = await create({ kind: 'call', subject: 'For you', ownerId: sales.user.id }, admin);
    expect(assigned.ownerId).toBe(sales.user.id);
    expect((await api('GET', `/api/v1/tasks/${assigned.id}`, undefined, sales)).statusCode).toBe(200);
  });

  it("refuses a task about a customer the actor may not see, as that customer's 404", async () => {
    const theirs = await insertCustomerRow(t.database.db, { owner_id: otherSales.user.id });
    expectProblem(
      await api('POST', '/api/v1/tasks', { kind: 'call', subject: 'x', customerId: theirs.id }, sales),
      404,
      'customer.not_found',
    );
    expectProblem(
      await api(
        'POST',
        '/api/v1/tasks',
        { kind: 'call', subject: 'x', opportunityId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' },
        sales,
      ),
      404,
      'opportunity.not_found',
    );
  });
});

describe('completing a task', () => {
  it('completing twice is a 409 task.state; reopening makes it open again; both audited', async () => {
    const task = await create({ kind: 'todo', subject: 'Send the catalogue' }, sales);
    const done = await api(
      'POST',
      `/api/v1/tasks/${task.id}/complete`,
      { outcome: 'sent by courier' },
      sales,
    );
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json<Task>()).toMatchObject({
      status: 'done',
      outcome: 'sent by courier',
      completedAt: clock.now().toISOString(),
    });
    expectProblem(await api('POST', `/api/v1/tasks/${task.id}/complete`, {}, sales), 409, 'task.state');
    const reopened = await api('POST', `/api/v1/tasks/${task.id}/reopen`, {}, sales);
    expect(reopened.json<Task>()).toMatchObject({ status: 'open', completedAt: null });
    expectProblem(await api('POST', `/api/v1/tasks/${task.id}/reopen`, {}, sales), 409, 'task.state');
    const audit = await auditOf(task.id);
    expect(audit.map((entry) => [entry.entity, entry.action])).toEqual([
      ['task', 'create'],
      ['task', 'complete'],
      ['task', 'reopen'],
    ]);
    expect(audit[1]).toMatchObject({
      actor: sales.user.email,
      before: { status: 'open' },
      after: { status: 'done', outcome: 'sent by courier' },
    });
  });

  it("completing a call about a customer logs the contact on the customer's timeline", async () => {
    const customer = await insertCustomerRow(t.database.db, { owner_id: sales.user.id });
    const task = await create(
      { kind: 'call', subject: 'Ask about the renewal', customerId: customer.id },
      sales,
    );
    await api('POST', `/api/v1/tasks/${task.id}/complete`, { outcome: 'will renew in June' }, sales);
    const interactions = (
      await api('GET', `/api/v1/interactions?customerId=${customer.id}`, undefined, sales)
    ).json<{ items: Interaction[] }>().items;
    expect(interactions).toHaveLength(1);
    expect(interactions[0]).toMatchObject({
      channel: 'phone',
      direction: 'outbound',
      subject: 'Ask about the renewal',
      outcome: 'will renew in June',
      staffId: sales.user.id,
      occurredAt: clock.now().toISOString(),
    });
  });

  it('completing a to-do logs no contact', async () => {
    const customer = await insertCustomerRow(t.database.db, { owner_id: sales.user.id });
    const task = await create({ kind: 'todo', subject: 'Prepare the offer', customerId: customer.id }, sales);
    await api('POST', `/api/v1/tasks/${task.id}/complete`, {}, sales);
    const list = await api('GET', `/api/v1/interactions?customerId=${customer.id}`, undefined, sales);
    expect(list.json<{ items: unknown[] }>().items).toEqual([]);
  });
});

describe('changing and deleting a task', () => {
  it('changes at its version (stale: 409), and deleting is audited', async () => {
    const task = await create({ kind: 'meeting', subject: 'Kick-off', dueAt: '2026-05-06T06:00:00Z' }, sales);
    const changed = await api(
      'PATCH',
      `/api/v1/tasks/${task.id}`,
      { version: 1, subject: 'Kick-off meeting' },
      sales,
    );
    expect(changed.json<Task>()).toMatchObject({ subject: 'Kick-off meeting', version: 2 });
    expectProblem(
      await api('PATCH', `/api/v1/tasks/${task.id}`, { version: 1, subject: 'again' }, sales),
      409,
      'record.version_conflict',
    );
    expect((await api('DELETE', `/api/v1/tasks/${task.id}?version=2`, undefined, sales)).statusCode).toBe(
      204,
    );
    expect((await auditOf(task.id)).map((entry) => entry.action)).toEqual(['create', 'update', 'delete']);
  });

  it('viewers may not write tasks', async () => {
    expectProblem(
      await api('POST', '/api/v1/tasks', { kind: 'call', subject: 'x' }, viewer),
      403,
      'auth.forbidden',
    );
  });
});

describe('lists for My tasks and the calendar', () => {
  it('a bare due date is an all-day task on that business day; overdue follows the business day', async () => {
    const seller = await t.signedIn('sales');
    const yesterday = await create({ kind: 'todo', subject: 'Yesterday', dueAt: '2026-05-03' }, seller);
    const today = await create({ kind: 'todo', subject: 'Today', dueAt: '2026-05-04' }, seller);
    const earlier = await create(
      { kind: 'call', subject: 'At 09:00', dueAt: '2026-05-04T09:00:00+08:00' },
      seller,
    );
    const later = await create(
      { kind: 'call', subject: 'At 15:00', dueAt: '2026-05-04T15:00:00+08:00' },
      seller,
    );
    const nextWeek = await create({ kind: 'visit', subject: 'Visit', dueAt: '2026-05-11' }, seller);
    expect(today).toMatchObject({ allDay: true, dueDay: '2026-05-04', dueAt: '2026-05-03T16:00:00.000Z' });
    expect([yesterday, today, earlier, later].map((task) => task.overdue)).toEqual([
      true,
      false,
      true,
      false,
    ]);

    const ids = async (query: string) =>
      (await api('GET', `/api/v1/tasks?mine=true&${query}`, undefined, seller))
        .json<{ items: Task[] }>()
        .items.map((task) => task.subject);
    expect(await ids('overdue=true')).toEqual(['Yesterday', 'At 09:00']);
    expect(await ids('from=2026-05-04&to=2026-05-04')).toEqual(['Today', 'At 09:00', 'At 15:00']);
    expect(await ids('from=2026-05-01&to=2026-05-31&kind=visit')).toEqual(['Visit']);
    expect(await ids('sort=-dueAt&limit=2')).toEqual(['Visit', 'At 15:00']);
    void nextWeek;
  });

  it('pages through tasks with a cursor, tasks without a due time last', async () => {
    const seller = await t.signedIn('sales');
    for (const subject of ['A', 'B', 'C'])
      await create(
        { kind: 'todo', subject, dueAt: `2026-05-0${['A', 'B', 'C'].indexOf(subject) + 5}` },
        seller,
      );
    await create({ kind: 'todo', subject: 'Someday' }, seller);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await api(
        'GET',
        `/api/v1/tasks?mine=true&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        undefined,
        seller,
      );
      const page = response.json<{ items: Task[]; nextCursor: string | null }>();
      seen.push(...page.items.map((task) => task.subject));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['A', 'B', 'C', 'Someday']);
    const undated = await api('GET', '/api/v1/tasks?mine=true&undated=true', undefined, seller);
    expect(undated.json<{ items: Task[] }>().items.map((task) => task.subject)).toEqual(['Someday']);
    expectProblem(await api('GET', '/api/v1/tasks?cursor=bogus', undefined, seller), 400, 'request.invalid');
  });
});
