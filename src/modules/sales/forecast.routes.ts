import type { FastifyInstance } from 'fastify';
import type { Deps } from '#src/shared/context.ts';

/** Forecast, funnel, targets, sales KPIs and key-account plans (issue 6). */
export function registerForecastRoutes(app: FastifyInstance, deps: Deps): void {
  void app;
  void deps;
}
