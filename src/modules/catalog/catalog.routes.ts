import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf } from '#src/server/plugins/auth.ts';
import { protectedErrors, typed } from '#src/server/route-kit.ts';
import type { Deps } from '#src/shared/context.ts';
import { deleteQuery, idParams } from '#src/modules/interactions/interactions.schema.ts';
import {
  productCreateInput,
  productListQuery,
  productPage,
  productSchema,
  productUpdateInput,
} from '#src/modules/catalog/catalog.schema.ts';
import * as catalog from '#src/modules/catalog/catalog.service.ts';

/** Products (issue 4). */
export function registerCatalogRoutes(app: FastifyInstance, deps: Deps): void {
  const api = typed(app);
  const tags = ['products'];

  api.get('/api/v1/products', {
    config: { access: 'products.read' },
    schema: {
      tags,
      summary: 'List products',
      querystring: productListQuery,
      response: { 200: productPage, ...protectedErrors },
    },
    handler: (request) => catalog.listProducts(deps, request.query),
  });

  api.get('/api/v1/products/:id', {
    config: { access: 'products.read' },
    schema: {
      tags,
      summary: 'One product',
      params: idParams,
      response: { 200: productSchema, ...protectedErrors },
    },
    handler: (request) => catalog.getProduct(deps, request.params.id),
  });

  api.post('/api/v1/products', {
    config: { access: 'products.manage' },
    schema: {
      tags,
      summary: 'Create a product',
      body: productCreateInput,
      response: { 201: productSchema, ...protectedErrors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await catalog.createProduct(deps, actorOf(request), request.body)),
  });

  api.patch('/api/v1/products/:id', {
    config: { access: 'products.manage' },
    schema: {
      tags,
      summary: 'Change a product',
      params: idParams,
      body: productUpdateInput,
      response: { 200: productSchema, ...protectedErrors },
    },
    handler: (request) => catalog.updateProduct(deps, actorOf(request), request.params.id, request.body),
  });

  api.delete('/api/v1/products/:id', {
    config: { access: 'products.manage' },
    schema: {
      tags,
      summary: 'Delete a product (orders keep the SKU and name of their lines)',
      params: idParams,
      querystring: deleteQuery,
      response: { 204: z.null(), ...protectedErrors },
    },
    handler: async (request, reply) => {
      await catalog.deleteProduct(deps, actorOf(request), request.params.id, request.query.version);
      return reply.status(204).send(null);
    },
  });
}
