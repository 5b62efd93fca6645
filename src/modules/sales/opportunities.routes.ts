import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf } from '#src/server/plugins/auth.ts';
import { protectedErrors, typed } from '#src/server/route-kit.ts';
import type { Deps } from '#src/shared/context.ts';
import { deleteQuery, idParams } from '#src/modules/interactions/interactions.schema.ts';
import {
  loseOpportunity,
  moveOpportunity,
  reopenOpportunity,
  winOpportunity,
} from '#src/modules/sales/opportunities.actions.ts';
import {
  loseInput,
  moveInput,
  opportunityCreateInput,
  opportunityDetailSchema,
  opportunityListQuery,
  opportunityPage,
  opportunityUpdateInput,
  reopenInput,
  winInput,
} from '#src/modules/sales/opportunities.schema.ts';
import * as opportunities from '#src/modules/sales/opportunities.service.ts';
import { deleteOpportunity, updateOpportunity } from '#src/modules/sales/opportunities.update.ts';
import { registerPipelineRoutes } from '#src/modules/sales/pipelines.routes.ts';

/** Pipelines, stages and opportunities (issue 6). Who sees an opportunity follows its owner and team. */
export function registerOpportunityRoutes(app: FastifyInstance, deps: Deps): void {
  registerPipelineRoutes(app, deps);
  const api = typed(app);
  const tags = ['opportunities'];

  api.get('/api/v1/opportunities', {
    config: { access: 'sales.read' },
    schema: {
      tags,
      summary: 'List the opportunities you may see',
      querystring: opportunityListQuery,
      response: { 200: opportunityPage, ...protectedErrors },
    },
    handler: (request) => opportunities.listOpportunities(deps, actorOf(request), request.query),
  });

  api.get('/api/v1/opportunities/:id', {
    config: { access: 'sales.read' },
    schema: {
      tags,
      summary: 'One opportunity with its items and stage history',
      params: idParams,
      response: { 200: opportunityDetailSchema, ...protectedErrors },
    },
    handler: (request) => opportunities.getOpportunity(deps, actorOf(request), request.params.id),
  });

  api.post('/api/v1/opportunities', {
    config: { access: 'sales.write' },
    schema: {
      tags,
      summary: 'Create an opportunity (default pipeline, first open stage unless named)',
      body: opportunityCreateInput,
      response: { 201: opportunityDetailSchema, ...protectedErrors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await opportunities.createOpportunity(deps, actorOf(request), request.body)),
  });

  api.patch('/api/v1/opportunities/:id', {
    config: { access: 'sales.write' },
    schema: {
      tags,
      summary: 'Change an open opportunity (items replace the old ones)',
      params: idParams,
      body: opportunityUpdateInput,
      response: { 200: opportunityDetailSchema, ...protectedErrors },
    },
    handler: (request) => updateOpportunity(deps, actorOf(request), request.params.id, request.body),
  });

  api.delete('/api/v1/opportunities/:id', {
    config: { access: 'sales.write' },
    schema: {
      tags,
      summary: 'Delete an opportunity with its items and history',
      params: idParams,
      querystring: deleteQuery,
      response: { 204: z.null(), ...protectedErrors },
    },
    handler: async (request, reply) => {
      await deleteOpportunity(deps, actorOf(request), request.params.id, request.query.version);
      return reply.status(204).send(null);
    },
  });

  api.post('/api/v1/opportunities/:id/move', {
    config: { access: 'sales.write' },
    schema: {
      tags,
      summary: 'Move an open opportunity to another open stage',
      params: idParams,
      body: moveInput,
      response: { 200: opportunityDetailSchema, ...protectedErrors },
    },
    handler: (request) => moveOpportunity(deps, actorOf(request), request.params.id, request.body),
  });

  api.post('/api/v1/opportunities/:id/win', {
    config: { access: 'sales.write' },
    schema: {
      tags,
      summary: 'Win an open opportunity',
      params: idParams,
      body: winInput,
      response: { 200: opportunityDetailSchema, ...protectedErrors },
    },
    handler: (request) => winOpportunity(deps, actorOf(request), request.params.id, request.body),
  });

  api.post('/api/v1/opportunities/:id/lose', {
    config: { access: 'sales.write' },
    schema: {
      tags,
      summary: 'Lose an open opportunity, with the reason',
      params: idParams,
      body: loseInput,
      response: { 200: opportunityDetailSchema, ...protectedErrors },
    },
    handler: (request) => loseOpportunity(deps, actorOf(request), request.params.id, request.body),
  });

  api.post('/api/v1/opportunities/:id/reopen', {
    config: { access: 'sales.write' },
    schema: {
      tags,
      summary: 'Reopen a won or lost opportunity into an open stage',
      params: idParams,
      body: reopenInput,
      response: { 200: opportunityDetailSchema, ...protectedErrors },
    },
    handler: (request) => reopenOpportunity(deps, actorOf(request), request.params.id, request.body),
  });
}
