import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { abcExportQuery, abcQuery, abcResultSchema } from '#src/modules/analytics/abc.schema.ts';
import {
  analyzeAbc,
  analyzeClv,
  analyzeCohorts,
  analyzeRfm,
} from '#src/modules/analytics/analytics.service.ts';
import { cohortOptions, rfmOptions } from '#src/modules/analytics/analytics.options.ts';
import { clvExportQuery, clvQuery, clvResultSchema } from '#src/modules/analytics/clv.schema.ts';
import {
  cohortCustomersQuery,
  cohortCustomersSchema,
  cohortsQuery,
  cohortsResultSchema,
} from '#src/modules/analytics/cohorts.schema.ts';
import { listCohortCustomers } from '#src/modules/analytics/cohorts.service.ts';
import {
  listMovementCustomers,
  listRfmSnapshots,
  removeRfmSnapshot,
  rfmMovement,
  saveRfmSnapshot,
} from '#src/modules/analytics/rfm-snapshots.service.ts';
import {
  rfmExportQuery,
  rfmMovementCustomersQuery,
  rfmMovementCustomersSchema,
  rfmMovementQuery,
  rfmMovementSchema,
  rfmQuery,
  rfmResultSchema,
  rfmSnapshotBody,
  rfmSnapshotListQuery,
  rfmSnapshotPage,
  rfmSnapshotSchema,
} from '#src/modules/analytics/rfm.schema.ts';
import { scoreRun, scoresStatus, startScoresRun } from '#src/modules/analytics/scores.service.ts';
import { scoreRunSchema, scoresBody, scoresStatusSchema } from '#src/modules/analytics/scores.schema.ts';
import { idParams } from '#src/modules/interactions/interactions.schema.ts';
import { actorOf } from '#src/server/plugins/auth.ts';
import { protectedErrors, typed } from '#src/server/route-kit.ts';
import type { Deps } from '#src/shared/context.ts';

/**
 * Customer value analytics (issue 5; DESIGN §4 Analytics). Aggregates cover the whole base; customer items are
 * those the caller may see (customers.access.ts). `…/export` answers the same object with every item (the CLI's
 * `--format json|csv` through a server).
 */
export function registerAnalyticsRoutes(app: FastifyInstance, deps: Deps): void {
  const api = typed(app);
  const tags = ['analytics'];
  const read = { access: 'analytics.read' as const };

  api.get('/api/v1/analytics/rfm', {
    config: read,
    schema: {
      tags,
      summary: 'RFM scores and segments as of a day, with a page of the customers you may see',
      querystring: rfmQuery,
      response: { 200: rfmResultSchema, ...protectedErrors },
    },
    handler: (request) => {
      const { limit, cursor, ...rest } = request.query;
      return analyzeRfm(deps, actorOf(request), rest, { limit, cursor });
    },
  });

  api.get('/api/v1/analytics/rfm/export', {
    config: read,
    schema: {
      tags,
      summary: 'RFM with every customer you may see (nextCursor null)',
      querystring: rfmExportQuery,
      response: { 200: rfmResultSchema, ...protectedErrors },
    },
    handler: (request) => analyzeRfm(deps, actorOf(request), request.query, { all: true }),
  });

  api.get('/api/v1/analytics/rfm/snapshots', {
    config: read,
    schema: {
      tags,
      summary: 'Stored RFM snapshots, newest first',
      querystring: rfmSnapshotListQuery,
      response: { 200: rfmSnapshotPage, ...protectedErrors },
    },
    handler: (request) => listRfmSnapshots(deps, request.query),
  });

  api.post('/api/v1/analytics/rfm/snapshots', {
    config: { access: 'analytics.snapshot' },
    schema: {
      tags,
      summary: 'Score the whole base as of a day and store it as a snapshot',
      body: rfmSnapshotBody,
      response: { 201: rfmSnapshotSchema, ...protectedErrors },
    },
    handler: async (request, reply) =>
      reply
        .status(201)
        .send(await saveRfmSnapshot(deps, actorOf(request), rfmOptions(deps, request.body ?? {}))),
  });

  api.delete('/api/v1/analytics/rfm/snapshots/:id', {
    config: { access: 'analytics.snapshot' },
    schema: {
      tags,
      summary: 'Delete a snapshot',
      params: idParams,
      response: { 204: z.null(), ...protectedErrors },
    },
    handler: async (request, reply) => {
      await removeRfmSnapshot(deps, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  });

  api.get('/api/v1/analytics/scores', {
    config: read,
    schema: {
      tags,
      summary:
        "The recompute of the scores written back to customers (value class, RFM segment, lifetime value, P(alive)): the latest, and the one the customers' scores are as of",
      response: { 200: scoresStatusSchema, ...protectedErrors },
    },
    handler: () => scoresStatus(deps),
  });

  api.get('/api/v1/analytics/scores/runs/:id', {
    config: read,
    schema: {
      tags,
      summary: 'One recompute of the scores written back to customers',
      params: idParams,
      response: { 200: scoreRunSchema, ...protectedErrors },
    },
    handler: (request) => scoreRun(deps, request.params.id),
  });

  api.post('/api/v1/analytics/scores', {
    config: { access: 'analytics.scores' },
    schema: {
      tags,
      summary:
        'Recompute the scores written back to every customer as of a day (default today); answers at once, the run goes on (GET /api/v1/analytics/scores follows it)',
      body: scoresBody,
      response: { 202: scoreRunSchema, ...protectedErrors },
    },
    handler: async (request, reply) => {
      const { run } = await startScoresRun(deps, actorOf(request), request.body ?? {});
      return reply.status(202).send(run);
    },
  });

  api.get('/api/v1/analytics/rfm/movement', {
    config: read,
    schema: {
      tags,
      summary:
        'How many customers moved between segments from one snapshot to another (default: the last two)',
      querystring: rfmMovementQuery,
      response: { 200: rfmMovementSchema, ...protectedErrors },
    },
    handler: (request) => rfmMovement(deps, request.query),
  });

  api.get('/api/v1/analytics/rfm/movement/customers', {
    config: read,
    schema: {
      tags,
      summary:
        'The customers you may see of one movement cell: fromSegment in one snapshot, toSegment in the other (none: not scored), by customer id',
      querystring: rfmMovementCustomersQuery,
      response: { 200: rfmMovementCustomersSchema, ...protectedErrors },
    },
    handler: (request) => listMovementCustomers(deps, actorOf(request), request.query),
  });

  api.get('/api/v1/analytics/abc', {
    config: read,
    schema: {
      tags,
      summary: 'ABC classes by revenue or margin over a period, the Pareto curve, a page of customers',
      querystring: abcQuery,
      response: { 200: abcResultSchema, ...protectedErrors },
    },
    handler: (request) => {
      const { limit, cursor, ...rest } = request.query;
      return analyzeAbc(deps, actorOf(request), rest, { limit, cursor });
    },
  });

  api.get('/api/v1/analytics/abc/export', {
    config: read,
    schema: {
      tags,
      summary: 'ABC with every customer you may see (nextCursor null)',
      querystring: abcExportQuery,
      response: { 200: abcResultSchema, ...protectedErrors },
    },
    handler: (request) => analyzeAbc(deps, actorOf(request), request.query, { all: true }),
  });

  api.get('/api/v1/analytics/cohorts', {
    config: read,
    schema: {
      tags,
      summary: 'Cohorts by first-purchase month: retention and revenue by months since',
      querystring: cohortsQuery,
      response: { 200: cohortsResultSchema, ...protectedErrors },
    },
    handler: (request) => analyzeCohorts(deps, request.query),
  });

  api.get('/api/v1/analytics/cohorts/customers', {
    config: read,
    schema: {
      tags,
      summary:
        'The customers you may see of one cohort cell: first purchase in month `cohort`, a purchase `month` months later',
      querystring: cohortCustomersQuery,
      response: { 200: cohortCustomersSchema, ...protectedErrors },
    },
    handler: (request) => {
      const { cohort, month, limit, cursor, ...options } = request.query;
      return listCohortCustomers(
        deps,
        actorOf(request),
        cohortOptions(deps, options),
        { cohort, month },
        { limit, cursor },
      );
    },
  });

  api.get('/api/v1/analytics/clv', {
    config: read,
    schema: {
      tags,
      summary: 'Predictive lifetime value (BG/NBD and Gamma-Gamma) with a page of the customers you may see',
      querystring: clvQuery,
      response: { 200: clvResultSchema, ...protectedErrors },
    },
    handler: (request) => {
      const { limit, cursor, ...rest } = request.query;
      return analyzeClv(deps, actorOf(request), rest, { limit, cursor });
    },
  });

  api.get('/api/v1/analytics/clv/export', {
    config: read,
    schema: {
      tags,
      summary: 'Lifetime value with every customer you may see (nextCursor null)',
      querystring: clvExportQuery,
      response: { 200: clvResultSchema, ...protectedErrors },
    },
    handler: (request) => analyzeClv(deps, actorOf(request), request.query, { all: true }),
  });
}
