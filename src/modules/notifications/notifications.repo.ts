import { sql, type SqlBool } from 'kysely';
import { decodeCursor, type Keyset } from '#src/db/paginate.ts';
import type { Db } from '#src/shared/context.ts';

export interface NotificationValues {
  id: string;
  userId: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  entity: string | null;
  entityId: string | null;
  now: Date;
}

export async function insertNotifications(db: Db, rows: readonly NotificationValues[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('notifications')
    .values(
      rows.map((row) => ({
        id: row.id,
        user_id: row.userId,
        kind: row.kind,
        title: row.title,
        body: row.body,
        link: row.link,
        entity: row.entity,
        entity_id: row.entityId,
        created_at: row.now,
      })),
    )
    .execute();
}

const columns = [
  'id',
  'kind',
  'title',
  'body',
  'link',
  'entity',
  'entity_id',
  'read_at',
  'created_at',
] as const;

/**
 * The list's order: unread before read, then newest first, as one descending text key (`1 …` unread, `0 …` read,
 * then the creation time) with the id, so the cursor stays a plain keyset cursor (paginate.ts).
 */
const sortKey = sql<string>`(case when read_at is null then '1' else '0' end) || ' ' || to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`;

export const notificationKeyset: Keyset = { column: 'sort_key', direction: 'desc', type: 'text' };

export async function listNotifications(
  db: Db,
  userId: string,
  query: { limit: number; cursor?: string | undefined; unread?: 'true' | 'false' | undefined },
) {
  const key = sortKey;
  let q = db
    .selectFrom('notifications')
    .select(columns)
    .select(key.as('cursor_value'))
    .where('user_id', '=', userId)
    .orderBy(key, 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1);
  if (query.unread === 'true') q = q.where('read_at', 'is', null);
  if (query.unread === 'false') q = q.where('read_at', 'is not', null);
  if (query.cursor) {
    const [value, id] = decodeCursor(notificationKeyset, query.cursor);
    q = q.where(sql<SqlBool>`(${key}, id) < (${value}, ${id}::uuid)`);
  }
  return q.execute();
}

export const findNotification = (db: Db, id: string) =>
  db
    .selectFrom('notifications')
    .select([...columns, 'user_id'])
    .where('id', '=', id)
    .executeTakeFirst();

export async function countUnread(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('unread'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.unread);
}

export async function markRead(db: Db, userId: string, id: string, now: Date): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .execute();
}

export async function markAllRead(db: Db, userId: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
