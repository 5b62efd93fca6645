import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '#src/modules/audit/audit.schema.ts';
import type { Notification } from '#src/modules/notifications/notifications.schema.ts';
import { sendDueReminders } from '#src/modules/tasks/reminders.service.ts';
import type { Task } from '#src/modules/tasks/tasks.schema.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { MINUTE, TestClock } from '#test/support/clock.ts';
import { expectProblem } from '#test/support/problem.ts';

/** Task reminders: one notification and one mail to the owner, exactly once; and the notifications API. */
let t: TestApp;
let admin: Session;
let sales: Session;
let otherSales: Session;
const clock = new TestClock('2026-05-04T02:00:00Z');

beforeAll(async () => {
  t = await openTestApp({ clock });
  [admin, sales, otherSales] = await Promise.all([
    t.signedIn('admin'),
    t.signedIn('sales', { locale: 'zh-CN' }),
    t.signedIn('sales'),
  ]);
});
afterAll(() => t?.close());

const api = (
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  payload?: unknown,
  session: Session | null = sales,
) =>
  t.app.inject({
    method,
    url,
    ...(session && { headers: session.bearer }),
    ...(payload !== undefined && { payload: payload as object }),
  });

async function create(payload: Record<string, unknown>, session: Session = sales): Promise<Task> {
  const response = await api('POST', '/api/v1/tasks', payload, session);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Task>();
}

const mailsAbout = (taskId: string) =>
  t.database.db
    .selectFrom('mail_outbox')
    .select(['to_address', 'subject', 'text_body', 'user_id', 'status'])
    .where('entity_id', '=', taskId)
    .execute();

const unread = async (session: Session) =>
  (await api('GET', '/api/v1/notifications/unread-count', undefined, session)).json<{ unread: number }>()
    .unread;

describe('reminders', () => {
  it('a due reminder creates one notification and one mail exactly once, even when the loop runs twice', async () => {
    const task = await create({
      kind: 'call',
      subject: '回访王五',
      dueAt: '2026-05-04T15:00:00+08:00',
      remindAt: '2026-05-04T14:45:00+08:00',
    });
    expect(await sendDueReminders(t.deps)).toBe(0);
    clock.set('2026-05-04T06:45:00Z');
    expect(await sendDueReminders(t.deps)).toBe(1);
    expect(await sendDueReminders(t.deps)).toBe(0);

    const list = (await api('GET', '/api/v1/notifications')).json<{ items: Notification[] }>();
    expect(list.items.filter((n) => n.entityId === task.id)).toEqual([
      expect.objectContaining({
        kind: 'task_reminder',
        title: '回访王五',
        body: '截止: 2026-05-04 15:00',
        link: `/tasks?id=${task.id}`,
        entity: 'task',
        readAt: null,
      }),
    ]);
    const mails = await mailsAbout(task.id);
    expect(mails).toEqual([
      expect.objectContaining({
        to_address: sales.user.email,
        subject: '提醒: 回访王五',
        user_id: sales.user.id,
      }),
    ]);
    // without SMTP_URL the mail is held in the outbox
    expect(mails[0]!.status).toBe('held');
    expect((await api('GET', `/api/v1/tasks/${task.id}`)).json<Task>().remindedAt).toBe(
      clock.now().toISOString(),
    );
  });

  it('a done task is not reminded; moving a reminder makes it fire again', async () => {
    const done = await create({ kind: 'todo', subject: 'Done already', remindAt: '2026-05-04T07:00:00Z' });
    await api('POST', `/api/v1/tasks/${done.id}/complete`, {});
    const moved = await create({ kind: 'todo', subject: 'Moved', remindAt: '2026-05-04T07:00:00Z' });
    clock.set('2026-05-04T07:00:00Z');
    expect(await sendDueReminders(t.deps)).toBe(1);
    const current = (await api('GET', `/api/v1/tasks/${moved.id}`)).json<Task>();
    await api('PATCH', `/api/v1/tasks/${moved.id}`, {
      version: current.version,
      remindAt: '2026-05-04T08:00:00Z',
    });
    clock.set('2026-05-04T08:00:00Z');
    expect(await sendDueReminders(t.deps)).toBe(1);
    expect(await mailsAbout(done.id)).toEqual([]);
    expect(await mailsAbout(moved.id)).toHaveLength(2);
  });
});

describe('notifications', () => {
  it('require a login', async () => {
    expectProblem(await api('GET', '/api/v1/notifications', undefined, null), 401, 'auth.required');
    expectProblem(await api('POST', '/api/v1/notifications/read-all', undefined, null), 401, 'auth.required');
  });

  it("are each staff member's own: another's notification is not found", async () => {
    const [mine] = (await api('GET', '/api/v1/notifications')).json<{ items: Notification[] }>().items;
    expectProblem(
      await api('POST', `/api/v1/notifications/${mine!.id}/read`, undefined, otherSales),
      404,
      'notification.not_found',
    );
    expect((await api('GET', '/api/v1/notifications', undefined, otherSales)).json()).toEqual({
      items: [],
      nextCursor: null,
    });
  });

  it('count unread, list unread first, mark one and then all read (audited)', async () => {
    expect(await unread(sales)).toBe(3);
    const before = (await api('GET', '/api/v1/notifications?limit=2')).json<{
      items: Notification[];
      nextCursor: string | null;
    }>();
    const oldest = (await api('GET', `/api/v1/notifications?cursor=${before.nextCursor}`)).json<{
      items: Notification[];
    }>().items[0]!;
    const marked = await api('POST', `/api/v1/notifications/${oldest.id}/read`);
    expect(marked.json<Notification>().readAt).toBe(clock.now().toISOString());
    expect(await unread(sales)).toBe(2);
    clock.advance(MINUTE);
    const all = (await api('GET', '/api/v1/notifications')).json<{ items: Notification[] }>().items;
    expect(all.map((n) => n.readAt === null)).toEqual([true, true, false]);
    expect(all.at(-1)!.id).toBe(oldest.id);
    expect((await api('POST', '/api/v1/notifications/read-all')).json()).toEqual({ marked: 2 });
    expect(await unread(sales)).toBe(0);

    const audit = (await api('GET', '/api/v1/audit?entity=notification', undefined, admin)).json<{
      items: AuditEntry[];
    }>().items;
    expect(audit.map((entry) => [entry.entity, entry.action, entry.entityId])).toEqual([
      ['notification', 'update', null],
      ['notification', 'update', oldest.id],
    ]);
  });
});
