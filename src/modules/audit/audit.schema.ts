import { z } from 'zod';
import { page, pageQuery, queryText, uuid } from '#src/shared/schema.ts';

export const auditEntrySchema = z.object({
  id: uuid,
  at: z.iso.datetime({ offset: true }),
  actorId: uuid.nullable(),
  /** Who did it: the user's email, `cli:<os user>`, or `system`. */
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditListQuery = pageQuery
  .extend({
    entity: queryText(50).optional(),
    entityId: queryText(100).optional(),
    action: queryText(50).optional(),
    userId: uuid.optional(),
    from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  })
  .strict();
export type AuditListQuery = z.infer<typeof auditListQuery>;
export const auditPage = page(auditEntrySchema);
