import { z } from 'zod';
import { page, pageQuery, queryText, uuid } from '#src/shared/schema.ts';

/**
 * What an audit entry says was done: a verb, the kind of record being in `entity` (`create` of a `customer`,
 * never `customer.create`), so one action filter serves every record type. The web audit page labels each one
 * in three languages; `recordAudit` accepts only these.
 */
export const auditActions = [
  'create',
  'update',
  'delete',
  'restore',
  'deactivate',
  'reset_password',
  'change_password',
  'login',
  'logout',
  'revoke',
  'erase',
  'merge',
  'transfer',
  'scan',
  'dismiss',
  'upload',
  'run',
  'rebuild',
  'submit',
  'assign',
  'convert',
  'move',
  'win',
  'lose',
  'reopen',
  'send',
  'accept',
  'reject',
  'revise',
  'complete',
] as const;
export type AuditAction = (typeof auditActions)[number];

/** The kinds of record the audit log names in `entity` (snake_case, singular). */
export const auditEntities = [
  'user',
  'team',
  'session',
  'api_token',
  'customer',
  'custom_field',
  'customer_link',
  'saved_view',
  'duplicate_candidate',
  'interaction',
  'product',
  'order',
  'customer_stats',
  'import',
  'rfm_snapshot',
  'score_run',
  'lead',
  'lead_form',
  'assignment_rule',
  'score_rule',
  'pipeline',
  'pipeline_stage',
  'opportunity',
  'quote',
  'task',
  'follow_up_rule',
  'sales_target',
  'account_plan',
  'account_plan_contact',
  'notification',
  'mail',
] as const;
export type AuditEntity = (typeof auditEntities)[number];

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
