import type { FastifyInstance } from 'fastify';
import type { Deps } from '#src/shared/context.ts';

/** Tasks, follow-up rules, notifications and the mail outbox (issue 6). */
export function registerTaskRoutes(app: FastifyInstance, deps: Deps): void {
  void app;
  void deps;
}
