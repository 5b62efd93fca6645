import type { z } from 'zod';
import type { AuditListQuery, auditPage } from '#src/modules/audit/audit.schema.ts';
import { api } from '../../../lib/api.ts';

export type AuditPage = z.infer<typeof auditPage>;
/** The filters of the audit page; limit and cursor are added per request. */
export type AuditFilters = Partial<Omit<AuditListQuery, 'limit' | 'cursor'>>;

/** Record types and actions the server writes to the audit log (the filter choices), from its schema. */
export { auditActions, auditEntities } from '#src/modules/audit/audit.schema.ts';

export const listAudit = (
  query: AuditFilters & { cursor?: string | undefined; limit?: number },
  signal?: AbortSignal,
) => api.get<AuditPage>('/api/v1/audit', query, signal);
