import type { z } from 'zod';
import type { AuditListQuery, auditPage } from '#src/modules/audit/audit.schema.ts';
import { api } from '../../../lib/api.ts';

export type AuditPage = z.infer<typeof auditPage>;
/** The filters of the audit page; limit and cursor are added per request. */
export type AuditFilters = Partial<Omit<AuditListQuery, 'limit' | 'cursor'>>;

/** Record types and actions written to the audit log so far (the filter choices). */
export const auditEntities = ['user', 'team', 'session', 'api_token'] as const;
export const auditActions = [
  'create',
  'update',
  'deactivate',
  'reset_password',
  'login',
  'logout',
  'revoke',
  'change_password',
  'delete',
] as const;

export const listAudit = (
  query: AuditFilters & { cursor?: string | undefined; limit?: number },
  signal?: AbortSignal,
) => api.get<AuditPage>('/api/v1/audit', query, signal);
