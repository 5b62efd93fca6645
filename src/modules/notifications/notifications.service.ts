import { toPage } from '#src/db/paginate.ts';
import { recordAudit } from '#src/modules/audit/audit.service.ts';
import * as repo from '#src/modules/notifications/notifications.repo.ts';
import type { Notification, NotificationListQuery } from '#src/modules/notifications/notifications.schema.ts';
import type { Actor, Db, Deps } from '#src/shared/context.ts';
import { notFound } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';

/** In-app notifications: each staff member reads and marks only their own. */

export interface NotificationMessage {
  userId: string;
  kind: string;
  title: string;
  body?: string | null;
  link?: string | null;
  entity?: string | null;
  entityId?: string | null;
}

/** Writes notifications in the caller's transaction (reminders write one per claimed task). */
export async function notify(tx: Db, now: Date, ...messages: NotificationMessage[]): Promise<void> {
  await repo.insertNotifications(
    tx,
    messages.map((message) => ({
      id: newId(),
      userId: message.userId,
      kind: message.kind,
      title: message.title,
      body: message.body ?? null,
      link: message.link ?? null,
      entity: message.entity ?? null,
      entityId: message.entityId ?? null,
      now,
    })),
  );
}

type Row = Awaited<ReturnType<typeof repo.findNotification>> & {};

const present = (row: Omit<Row, 'user_id'>): Notification => ({
  id: row.id,
  kind: row.kind,
  title: row.title,
  body: row.body,
  link: row.link,
  entity: row.entity,
  entityId: row.entity_id,
  readAt: row.read_at ? row.read_at.toISOString() : null,
  createdAt: row.created_at.toISOString(),
});

/** A staff member's own notifications; an actor without a user (CLI) has none. */
const me = (actor: Actor) => actor.userId ?? '00000000-0000-0000-0000-000000000000';

export async function listNotifications(deps: Deps, actor: Actor, query: NotificationListQuery) {
  const rows = await repo.listNotifications(deps.db, me(actor), query);
  return toPage(rows, query.limit, repo.notificationKeyset, present);
}

export async function unreadCount(deps: Deps, actor: Actor): Promise<{ unread: number }> {
  return { unread: await repo.countUnread(deps.db, me(actor)) };
}

/** Marks one of the actor's notifications read (again: no change); another's is not found. */
export async function markRead(deps: Deps, actor: Actor, id: string): Promise<Notification> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const before = await repo.findNotification(tx, id);
    if (!before || before.user_id !== me(actor)) throw notFound('notification.not_found', id);
    if (before.read_at) return present(before);
    await repo.markRead(tx, me(actor), id, now);
    const after = present((await repo.findNotification(tx, id))!);
    await recordAudit(tx, actor, {
      at: now,
      action: 'update',
      entity: 'notification',
      entityId: id,
      before: present(before),
      after,
    });
    return after;
  });
}

/** Marks all of the actor's unread notifications read; returns how many. */
export async function markAllRead(deps: Deps, actor: Actor): Promise<{ marked: number }> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const marked = await repo.markAllRead(tx, me(actor), now);
    if (marked > 0)
      await recordAudit(tx, actor, {
        at: now,
        action: 'update',
        entity: 'notification',
        entityId: null,
        after: { readAt: now.toISOString(), marked },
      });
    return { marked };
  });
}
