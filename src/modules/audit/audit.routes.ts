import type { FastifyInstance } from 'fastify';
import { protectedErrors, typed } from '#src/server/route-kit.ts';
import type { Deps } from '#src/shared/context.ts';
import { auditListQuery, auditPage } from '#src/modules/audit/audit.schema.ts';
import { listAudit } from '#src/modules/audit/audit.service.ts';

export function registerAuditRoutes(app: FastifyInstance, deps: Deps): void {
  typed(app).get('/api/v1/audit', {
    config: { access: 'audit.read' },
    schema: {
      tags: ['audit'],
      summary: 'The audit log, newest first; filter by entity, entity id, action, user and time',
      querystring: auditListQuery,
      response: { 200: auditPage, ...protectedErrors },
    },
    handler: (request) => listAudit(deps.db, request.query, deps.config.timeZone),
  });
}
