import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import pino, { type Logger } from 'pino';
import type { Config } from '#src/config.ts';
import type { Database } from '#src/db/engine.ts';
import { registerAnalyticsRoutes } from '#src/modules/analytics/analytics.routes.ts';
import { registerAuditRoutes } from '#src/modules/audit/audit.routes.ts';
import { registerCatalogRoutes } from '#src/modules/catalog/catalog.routes.ts';
import { registerCustomerRoutes } from '#src/modules/customers/customers.routes.ts';
import { registerDuplicateRoutes } from '#src/modules/customers/duplicates.routes.ts';
import { registerImportRoutes } from '#src/modules/imports/imports.routes.ts';
import { startImportUpkeep } from '#src/modules/imports/imports.upkeep.ts';
import {
  failAbandonedScoreRuns,
  startScoresSchedule,
  stopScoreRuns,
} from '#src/modules/analytics/scores.service.ts';
import { registerInteractionRoutes } from '#src/modules/interactions/interactions.routes.ts';
import { registerOrderRoutes } from '#src/modules/orders/orders.routes.ts';
import { registerForecastRoutes } from '#src/modules/sales/forecast.routes.ts';
import { registerLeadRoutes } from '#src/modules/sales/leads.routes.ts';
import { registerOpportunityRoutes } from '#src/modules/sales/opportunities.routes.ts';
import { registerQuoteRoutes } from '#src/modules/sales/quotes.routes.ts';
import { registerTaskRoutes } from '#src/modules/tasks/tasks.routes.ts';
import { startTaskUpkeep } from '#src/modules/tasks/tasks.upkeep.ts';
import { registerAuthRoutes } from '#src/modules/users/auth.routes.ts';
import { LoginLimiter } from '#src/modules/users/login-limiter.ts';
import { registerUserRoutes } from '#src/modules/users/users.routes.ts';
import { registerAuth } from '#src/server/plugins/auth.ts';
import { registerErrorHandler } from '#src/server/plugins/errors.ts';
import { registerOpenApi } from '#src/server/plugins/openapi.ts';
import { registerWeb } from '#src/server/web.ts';
import { typed } from '#src/server/route-kit.ts';
import { systemClock, type Clock, type Deps } from '#src/shared/context.ts';
import { AppError } from '#src/shared/errors.ts';
import { healthSchema } from '#src/shared/schema.ts';

export interface AppOptions {
  database: Database;
  config: Config;
  clock?: Clock;
  logger?: Logger;
  /** Largest accepted request body in bytes (413 above it). */
  bodyLimit?: number;
  /**
   * The server's own upkeep (start.ts): when ready, imports left running by a process that is gone are failed and
   * old uploads removed, then again every minute until the app closes. Tests call the upkeep themselves, on their
   * clock.
   */
  upkeep?: boolean;
}

const requestIdPattern = /^[\w.:-]{1,64}$/;

/** Builds the whole HTTP application on an open database; `start.ts` listens, tests use `inject`. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const loggerInstance: FastifyBaseLogger = logger;
  const app: FastifyInstance = Fastify({
    loggerInstance,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    trustProxy: false,
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID();
    },
    ajv: { customOptions: { removeAdditional: false } },
  });
  // The API speaks JSON only: without this, Fastify's default text/plain parser lets a text body through to
  // validation (a confusing 400) instead of answering 415.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  const deps: Deps = {
    db: options.database.db,
    engine: options.database.kind,
    clock: options.clock ?? systemClock,
    logger,
    config: options.config,
  };

  registerErrorHandler(app);
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new AppError(
        'auth.rate_limited',
        `rate limit of ${context.max} requests per ${context.after} reached`,
        {
          headers: { 'retry-after': String(Math.ceil(context.ttl / 1000)) },
        },
      ),
  });
  registerAuth(app, deps);
  await registerOpenApi(app, options.config.version);

  typed(app).get('/api/health', {
    config: { access: 'public' },
    schema: {
      tags: ['system'],
      summary: 'Liveness: answers without touching the database, so it stays fast during long queries',
      response: { 200: healthSchema },
    },
    handler: async () => ({ status: 'ok' as const, db: deps.engine, version: options.config.version }),
  });

  registerAuthRoutes(app, deps, new LoginLimiter(deps.clock));
  registerUserRoutes(app, deps);
  registerAuditRoutes(app, deps);
  registerCustomerRoutes(app, deps);
  registerDuplicateRoutes(app, deps);
  registerInteractionRoutes(app, deps);
  registerCatalogRoutes(app, deps);
  registerOrderRoutes(app, deps);
  registerImportRoutes(app, deps);
  registerAnalyticsRoutes(app, deps);
  registerLeadRoutes(app, deps);
  registerOpportunityRoutes(app, deps);
  registerQuoteRoutes(app, deps);
  registerForecastRoutes(app, deps);
  registerTaskRoutes(app, deps);
  // a recompute of the customer scores asked for over the API stops between two steps when the app closes
  app.addHook('onClose', () => stopScoreRuns(deps));
  if (options.upkeep) {
    let upkeep: Awaited<ReturnType<typeof startImportUpkeep>> | null = null;
    let scores: ReturnType<typeof startScoresSchedule> | null = null;
    // follow-up rules, task reminders and the mail sender (docs/decisions/0003)
    let tasks: ReturnType<typeof startTaskUpkeep> | null = null;
    app.addHook('onReady', async () => {
      upkeep = await startImportUpkeep(deps);
      await failAbandonedScoreRuns(deps, { atStart: true });
      scores = startScoresSchedule(deps);
      tasks = startTaskUpkeep(deps);
    });
    app.addHook('onClose', async () => {
      await tasks?.stop();
      await scores?.stop();
      await upkeep?.stop();
    });
  }
  await registerWeb(app, options.config.webDir);
  return app;
}
