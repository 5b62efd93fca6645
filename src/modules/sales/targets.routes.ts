import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { deleteQuery, idParams } from '#src/modules/interactions/interactions.schema.ts';
import {
  targetCreateInput,
  targetListQuery,
  targetPage,
  targetSchema,
  targetUpdateInput,
} from '#src/modules/sales/targets.schema.ts';
import * as targets from '#src/modules/sales/targets.service.ts';
import { actorOf } from '#src/server/plugins/auth.ts';
import { protectedErrors, typed } from '#src/server/route-kit.ts';
import type { Deps } from '#src/shared/context.ts';

/** Sales targets: read with the sales reports, set by managers and admins. */
export function registerTargetRoutes(app: FastifyInstance, deps: Deps): void {
  const api = typed(app);
  const tags = ['targets'];

  api.get('/api/v1/sales-targets', {
    config: { access: 'sales.reports' },
    schema: {
      tags,
      summary: 'Targets you may see, each with what was achieved so far',
      querystring: targetListQuery,
      response: { 200: targetPage, ...protectedErrors },
    },
    handler: (request) => targets.listTargets(deps, actorOf(request), request.query),
  });

  api.get('/api/v1/sales-targets/:id', {
    config: { access: 'sales.reports' },
    schema: {
      tags,
      summary: 'One target',
      params: idParams,
      response: { 200: targetSchema, ...protectedErrors },
    },
    handler: (request) => targets.getTarget(deps, actorOf(request), request.params.id),
  });

  api.post('/api/v1/sales-targets', {
    config: { access: 'targets.manage' },
    schema: {
      tags,
      summary: 'Set a target for a person or team, a period and a metric',
      body: targetCreateInput,
      response: { 201: targetSchema, ...protectedErrors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await targets.createTarget(deps, actorOf(request), request.body)),
  });

  api.patch('/api/v1/sales-targets/:id', {
    config: { access: 'targets.manage' },
    schema: {
      tags,
      summary: "Change a target's amount",
      params: idParams,
      body: targetUpdateInput,
      response: { 200: targetSchema, ...protectedErrors },
    },
    handler: (request) => targets.updateTarget(deps, actorOf(request), request.params.id, request.body),
  });

  api.delete('/api/v1/sales-targets/:id', {
    config: { access: 'targets.manage' },
    schema: {
      tags,
      summary: 'Remove a target',
      params: idParams,
      querystring: deleteQuery,
      response: { 204: z.null(), ...protectedErrors },
    },
    handler: async (request, reply) => {
      await targets.deleteTarget(deps, actorOf(request), request.params.id, request.query.version);
      return reply.status(204).send(null);
    },
  });
}
