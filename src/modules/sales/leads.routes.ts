import type { FastifyInstance } from 'fastify';
import type { Deps } from '#src/shared/context.ts';

/** Leads, lead forms (public), assignment and scoring rules, conversion (issue 6). */
export function registerLeadRoutes(app: FastifyInstance, deps: Deps): void {
  void app;
  void deps;
}
