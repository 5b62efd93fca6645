import type { FastifyInstance } from 'fastify';
import type { Deps } from '#src/shared/context.ts';

/** Quotes, their PDF and their acceptance as orders (issue 6). */
export function registerQuoteRoutes(app: FastifyInstance, deps: Deps): void {
  void app;
  void deps;
}
