import {
  auditOrder,
  findAuditStates,
  insertAuditEntry,
  listAuditEntries,
  replaceAuditStates,
} from '#src/modules/audit/audit.repo.ts';
import type {
  AuditAction,
  AuditEntity,
  AuditEntry,
  AuditListQuery,
} from '#src/modules/audit/audit.schema.ts';
import { toPage } from '#src/db/paginate.ts';
import type { Actor, Db } from '#src/shared/context.ts';
import { newId } from '#src/shared/ids.ts';

export interface AuditRecord {
  /** When it happened, from the service's clock (`deps.clock`), so tests that set the clock see it here too. */
  at: Date;
  /** A verb (audit.schema.ts): the record's kind goes in `entity`, not in the action. */
  action: AuditAction;
  entity: AuditEntity;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Writes one audit entry. Call it with the transaction that makes the change, so the change and its record
 * commit or roll back together. `before`/`after` are presented records, never secrets.
 */
export async function recordAudit(tx: Db, actor: Actor, record: AuditRecord): Promise<void> {
  await insertAuditEntry(tx, {
    id: newId(),
    at: record.at,
    actorId: actor.userId,
    actor: actor.label,
    action: record.action,
    entity: record.entity,
    entityId: record.entityId,
    before: record.before ?? null,
    after: record.after ?? null,
    ip: actor.ip,
    requestId: actor.requestId,
  });
}

export async function listAudit(
  db: Db,
  query: AuditListQuery,
  timeZone: string,
): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  const rows = await listAuditEntries(db, query, timeZone);
  return toPage(rows, query.limit, auditOrder, (row) => ({
    id: row.id,
    at: row.at.toISOString(),
    actorId: row.actor_id,
    actor: row.actor,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    before: row.before ?? null,
    after: row.after ?? null,
    ip: row.ip,
    requestId: row.request_id,
  }));
}

/**
 * Erasure (DESIGN §4, last bullet): rewrites the before/after states of every entry about one record through
 * `redact`, in the caller's transaction. Who acted, what and when stay; returns how many entries changed.
 */
export async function redactAuditStates(
  tx: Db,
  entity: string,
  entityId: string,
  redact: (state: unknown) => unknown,
): Promise<number> {
  let changed = 0;
  for (const entry of await findAuditStates(tx, entity, entityId)) {
    const before = entry.before === null ? null : redact(entry.before);
    const after = entry.after === null ? null : redact(entry.after);
    if (JSON.stringify([before, after]) === JSON.stringify([entry.before ?? null, entry.after ?? null]))
      continue;
    await replaceAuditStates(tx, entry.id, before, after);
    changed++;
  }
  return changed;
}
