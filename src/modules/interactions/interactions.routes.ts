import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { customerKpisSchema } from '#src/modules/customers/customers.schema.ts';
import { actorOf } from '#src/server/plugins/auth.ts';
import { protectedErrors, typed } from '#src/server/route-kit.ts';
import type { Deps } from '#src/shared/context.ts';
import {
  deleteQuery,
  idParams,
  interactionCreateInput,
  interactionListQuery,
  interactionPage,
  interactionSchema,
  interactionUpdateInput,
} from '#src/modules/interactions/interactions.schema.ts';
import * as interactions from '#src/modules/interactions/interactions.service.ts';
import { customerKpis } from '#src/modules/interactions/kpis.service.ts';
import { timelinePage, timelineQuery } from '#src/modules/interactions/timeline.schema.ts';
import { customerTimeline } from '#src/modules/interactions/timeline.service.ts';

/**
 * Interactions, the customer timeline and the 360 KPIs (issue 4). Who sees an interaction follows its customer
 * (customers.access.ts); reading needs only `customers.read`, logging `interactions.write`.
 */
export function registerInteractionRoutes(app: FastifyInstance, deps: Deps): void {
  const api = typed(app);
  const tags = ['interactions'];

  api.get('/api/v1/interactions', {
    config: { access: 'customers.read' },
    schema: {
      tags,
      summary: 'List contacts with the customers you may see, newest first by default',
      querystring: interactionListQuery,
      response: { 200: interactionPage, ...protectedErrors },
    },
    handler: (request) => interactions.listInteractions(deps, actorOf(request), request.query),
  });

  api.get('/api/v1/interactions/:id', {
    config: { access: 'customers.read' },
    schema: {
      tags,
      summary: 'One contact',
      params: idParams,
      response: { 200: interactionSchema, ...protectedErrors },
    },
    handler: (request) => interactions.getInteraction(deps, actorOf(request), request.params.id),
  });

  api.post('/api/v1/interactions', {
    config: { access: 'interactions.write' },
    schema: {
      tags,
      summary: 'Log a contact (a call, visit, message …)',
      body: interactionCreateInput,
      response: { 201: interactionSchema, ...protectedErrors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await interactions.createInteraction(deps, actorOf(request), request.body)),
  });

  api.patch('/api/v1/interactions/:id', {
    config: { access: 'interactions.write' },
    schema: {
      tags,
      summary: 'Change a contact',
      params: idParams,
      body: interactionUpdateInput,
      response: { 200: interactionSchema, ...protectedErrors },
    },
    handler: (request) =>
      interactions.updateInteraction(deps, actorOf(request), request.params.id, request.body),
  });

  api.delete('/api/v1/interactions/:id', {
    config: { access: 'interactions.write' },
    schema: {
      tags,
      summary: 'Delete a contact',
      params: idParams,
      querystring: deleteQuery,
      response: { 204: z.null(), ...protectedErrors },
    },
    handler: async (request, reply) => {
      await interactions.deleteInteraction(deps, actorOf(request), request.params.id, request.query.version);
      return reply.status(204).send(null);
    },
  });

  const customerTags = ['customers'];
  api.get('/api/v1/customers/:id/timeline', {
    config: { access: 'customers.read' },
    schema: {
      tags: customerTags,
      summary: "One timeline of the customer's interactions and orders, newest first",
      params: idParams,
      querystring: timelineQuery,
      response: { 200: timelinePage, ...protectedErrors },
    },
    handler: (request) => customerTimeline(deps, actorOf(request), request.params.id, request.query),
  });

  api.get('/api/v1/customers/:id/kpis', {
    config: { access: 'customers.read' },
    schema: {
      tags: customerTags,
      summary: 'Customer 360 KPIs: purchases per currency, contacts, days since the last contact',
      params: idParams,
      response: { 200: customerKpisSchema, ...protectedErrors },
    },
    handler: (request) => customerKpis(deps, actorOf(request), request.params.id),
  });
}
