import { sql } from 'kysely';
import { afterCursor, cursorValue, type Keyset } from '#src/db/paginate.ts';
import type { Db } from '#src/shared/context.ts';
import type { AuditListQuery } from '#src/modules/audit/audit.schema.ts';

export interface AuditInsert {
  id: string;
  at: Date;
  actorId: string | null;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  requestId: string | null;
}

const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

export async function insertAuditEntry(db: Db, entry: AuditInsert): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: entry.id,
      at: entry.at,
      actor_id: entry.actorId,
      actor: entry.actor,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      before: json(entry.before),
      after: json(entry.after),
      ip: entry.ip,
      request_id: entry.requestId,
    })
    .execute();
}

/** Newest first. */
export const auditOrder: Keyset = { column: 'at', direction: 'desc', type: 'timestamptz' };

const boundary = (value: string, timeZone: string, plusDays: number) =>
  value.length === 10
    ? sql<Date>`(${value}::date + ${plusDays}::int)::timestamp at time zone ${timeZone}`
    : sql<Date>`${value}::timestamptz`;

export async function listAuditEntries(db: Db, query: AuditListQuery, timeZone: string) {
  let q = db
    .selectFrom('audit_log')
    .select([
      'id',
      'at',
      'actor_id',
      'actor',
      'action',
      'entity',
      'entity_id',
      'before',
      'after',
      'ip',
      'request_id',
      cursorValue(auditOrder, 'audit_log'),
    ])
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1);
  if (query.entity) q = q.where('entity', '=', query.entity);
  if (query.entityId) q = q.where('entity_id', '=', query.entityId);
  if (query.action) q = q.where('action', '=', query.action);
  if (query.userId) q = q.where('actor_id', '=', query.userId);
  // A bare date means that calendar day in the business time zone: `from` at its start, `to` through its end.
  if (query.from) q = q.where(sql<boolean>`at >= ${boundary(query.from, timeZone, 0)}`);
  if (query.to) {
    q = q.where(
      query.to.length === 10
        ? sql<boolean>`at < ${boundary(query.to, timeZone, 1)}`
        : sql<boolean>`at <= ${boundary(query.to, timeZone, 0)}`,
    );
  }
  if (query.cursor) q = q.where(afterCursor(auditOrder, 'audit_log', query.cursor));
  return q.execute();
}

/** The before/after states of every entry about one record, e.g. to erase a person's data from them. */
export const findAuditStates = (db: Db, entity: string, entityId: string) =>
  db
    .selectFrom('audit_log')
    .select(['id', 'before', 'after'])
    .where('entity', '=', entity)
    .where('entity_id', '=', entityId)
    .execute();

/** Rewrites the before/after states of one entry (erasure only: the audit log is otherwise append-only). */
export async function replaceAuditStates(db: Db, id: string, before: unknown, after: unknown): Promise<void> {
  await db
    .updateTable('audit_log')
    .set({ before: json(before), after: json(after) })
    .where('id', '=', id)
    .execute();
}
