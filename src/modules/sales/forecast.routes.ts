import type { FastifyInstance } from 'fastify';
import { actorOf } from '#src/server/plugins/auth.ts';
import { protectedErrors, typed } from '#src/server/route-kit.ts';
import type { Deps } from '#src/shared/context.ts';
import { registerAccountPlanRoutes } from '#src/modules/sales/account-plans.routes.ts';
import { forecastQuery, forecastSchema } from '#src/modules/sales/forecast.schema.ts';
import { forecast } from '#src/modules/sales/forecast.service.ts';
import { funnelQuery, funnelSchema } from '#src/modules/sales/funnel.schema.ts';
import { funnel } from '#src/modules/sales/funnel.service.ts';
import { kpiQuery, kpiReportSchema } from '#src/modules/sales/kpis.schema.ts';
import { salesKpis } from '#src/modules/sales/kpis.service.ts';
import { registerTargetRoutes } from '#src/modules/sales/targets.routes.ts';

/** Forecast, funnel, targets, sales KPIs and key-account plans (issue 6). */
export function registerForecastRoutes(app: FastifyInstance, deps: Deps): void {
  const api = typed(app);
  const tags = ['forecast'];

  api.get('/api/v1/sales/forecast', {
    config: { access: 'sales.reports' },
    schema: {
      tags,
      summary:
        'Won, commit, best case, pipeline and weighted amounts per period and owner or team, against targets',
      querystring: forecastQuery,
      response: { 200: forecastSchema, ...protectedErrors },
    },
    handler: (request) => forecast(deps, actorOf(request), request.query),
  });

  api.get('/api/v1/sales/funnel', {
    config: { access: 'sales.reports' },
    schema: {
      tags,
      summary:
        'Stage conversion, days in stage, win rate and sales velocity of the deals created in a window',
      querystring: funnelQuery,
      response: { 200: funnelSchema, ...protectedErrors },
    },
    handler: (request) => funnel(deps, actorOf(request), request.query),
  });

  api.get('/api/v1/sales/kpis', {
    config: { access: 'sales.reports' },
    schema: {
      tags,
      summary:
        'Sales KPIs per person or team: customers, revenue, deals, win rate, cycle, activities, follow-ups',
      querystring: kpiQuery,
      response: { 200: kpiReportSchema, ...protectedErrors },
    },
    handler: (request) => salesKpis(deps, actorOf(request), request.query),
  });

  registerTargetRoutes(app, deps);
  registerAccountPlanRoutes(app, deps);
}
