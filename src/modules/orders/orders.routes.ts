import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf } from '#src/server/plugins/auth.ts';
import { protectedErrors, typed } from '#src/server/route-kit.ts';
import type { Deps } from '#src/shared/context.ts';
import { deleteQuery, idParams } from '#src/modules/interactions/interactions.schema.ts';
import {
  orderCreateInput,
  orderDetailSchema,
  orderListQuery,
  orderPage,
  orderUpdateInput,
} from '#src/modules/orders/orders.schema.ts';
import * as orders from '#src/modules/orders/orders.service.ts';

/** Orders with line items (issue 4). Who sees an order follows its customer (customers.access.ts). */
export function registerOrderRoutes(app: FastifyInstance, deps: Deps): void {
  const api = typed(app);
  const tags = ['orders'];

  api.get('/api/v1/orders', {
    config: { access: 'customers.read' },
    schema: {
      tags,
      summary: 'List orders of the customers you may see, newest first by default',
      querystring: orderListQuery,
      response: { 200: orderPage, ...protectedErrors },
    },
    handler: (request) => orders.listOrders(deps, actorOf(request), request.query),
  });

  api.get('/api/v1/orders/:id', {
    config: { access: 'customers.read' },
    schema: {
      tags,
      summary: 'One order with its items',
      params: idParams,
      response: { 200: orderDetailSchema, ...protectedErrors },
    },
    handler: (request) => orders.getOrder(deps, actorOf(request), request.params.id),
  });

  api.post('/api/v1/orders', {
    config: { access: 'orders.write' },
    schema: {
      tags,
      summary: 'Book an order, with items or an amount',
      body: orderCreateInput,
      response: { 201: orderDetailSchema, ...protectedErrors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await orders.createOrder(deps, actorOf(request), request.body)),
  });

  api.patch('/api/v1/orders/:id', {
    config: { access: 'orders.write' },
    schema: {
      tags,
      summary: 'Change an order (items replace the old ones)',
      params: idParams,
      body: orderUpdateInput,
      response: { 200: orderDetailSchema, ...protectedErrors },
    },
    handler: (request) => orders.updateOrder(deps, actorOf(request), request.params.id, request.body),
  });

  api.delete('/api/v1/orders/:id', {
    config: { access: 'orders.write' },
    schema: {
      tags,
      summary: 'Delete an order and its items',
      params: idParams,
      querystring: deleteQuery,
      response: { 204: z.null(), ...protectedErrors },
    },
    handler: async (request, reply) => {
      await orders.deleteOrder(deps, actorOf(request), request.params.id, request.query.version);
      return reply.status(204).send(null);
    },
  });
}
