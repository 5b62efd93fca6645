import { auditOrder, insertAuditEntry, listAuditEntries } from '#src/modules/audit/audit.repo.ts';
import type { AuditEntry, AuditListQuery } from '#src/modules/audit/audit.schema.ts';
import { toPage } from '#src/db/paginate.ts';
import type { Actor, Db } from '#src/shared/context.ts';
import { newId } from '#src/shared/ids.ts';

export interface AuditRecord {
  /** When it happened, from the service's clock (`deps.clock`), so tests that set the clock see it here too. */
  at: Date;
  action: string;
  entity: string;
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
