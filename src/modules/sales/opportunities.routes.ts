import type { FastifyInstance } from 'fastify';
import type { Deps } from '#src/shared/context.ts';

/** Pipelines, stages and opportunities (issue 6). */
export function registerOpportunityRoutes(app: FastifyInstance, deps: Deps): void {
  void app;
  void deps;
}
