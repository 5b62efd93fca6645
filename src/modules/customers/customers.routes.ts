import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { eraseCustomer } from '#src/modules/customers/customers.erase.ts';
import { listCustomers, listSubsidiaries } from '#src/modules/customers/customers.list.ts';
import { registerCustomerRelatedRoutes } from '#src/modules/customers/customers.related.routes.ts';
import {
  customerCreateInput,
  customerListItem,
  customerListQuery,
  customerPage,
  customerSchema,
  customerUpdateInput,
  transferInput,
  transferResult,
} from '#src/modules/customers/customers.schema.ts';
import * as customers from '#src/modules/customers/customers.service.ts';
import { transferCustomers } from '#src/modules/customers/customers.transfer.ts';
import { actorOf } from '#src/server/plugins/auth.ts';
import { protectedErrors, typed } from '#src/server/route-kit.ts';
import type { Deps } from '#src/shared/context.ts';
import { invalid } from '#src/shared/errors.ts';
import { uuid } from '#src/shared/schema.ts';

const idParams = z.object({ id: uuid }).strict();
const version = z.number().int().min(1);
/** The record's version, in the body or (for clients that send no body with DELETE) as `?version=`. */
const versionQuery = z.object({ version: z.coerce.number().int().min(1).optional() }).strict();
const optionalVersionBody = z.object({ version: version.optional() }).strict().nullish();

/** Customers: CRUD, list and search, transfer, erase; links, custom fields and saved views (issue 4). */
export function registerCustomerRoutes(app: FastifyInstance, deps: Deps): void {
  const api = typed(app);
  const tags = ['customers'];

  api.get('/api/v1/customers', {
    config: { access: 'customers.read' },
    schema: {
      tags,
      summary: 'List and search customers (keyset pages; deleted=true lists the recycle bin)',
      querystring: customerListQuery,
      response: { 200: customerPage, ...protectedErrors },
    },
    handler: (request) => listCustomers(deps, actorOf(request), request.query),
  });

  api.post('/api/v1/customers', {
    config: { access: 'customers.write' },
    schema: {
      tags,
      summary:
        'Create a customer (ref generated when omitted; owner defaults to you, and naming another owner needs ' +
        'customers.transfer: otherwise 403 auth.forbidden naming ownerId)',
      body: customerCreateInput,
      response: { 201: customerSchema, ...protectedErrors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await customers.createCustomer(deps, actorOf(request), request.body)),
  });

  api.post('/api/v1/customers/transfer', {
    config: { access: 'customers.transfer' },
    schema: {
      tags,
      summary: 'Give customers (listed, or all of one owner) to another owner',
      body: transferInput,
      response: { 200: transferResult, ...protectedErrors },
    },
    handler: (request) => transferCustomers(deps, actorOf(request), request.body),
  });

  api.get('/api/v1/customers/:id', {
    config: { access: 'customers.read' },
    schema: {
      tags,
      summary: 'One customer (also from the recycle bin)',
      params: idParams,
      response: { 200: customerSchema, ...protectedErrors },
    },
    handler: (request) => customers.getCustomer(deps, actorOf(request), request.params.id),
  });

  api.patch('/api/v1/customers/:id', {
    config: { access: 'customers.write' },
    schema: {
      tags,
      summary: 'Change a customer at its version (stale → 409)',
      params: idParams,
      body: customerUpdateInput,
      response: { 200: customerSchema, ...protectedErrors },
    },
    handler: (request) => customers.updateCustomer(deps, actorOf(request), request.params.id, request.body),
  });

  api.delete('/api/v1/customers/:id', {
    config: { access: 'customers.write' },
    schema: {
      tags,
      summary: 'Move a customer to the recycle bin, at its version (body or ?version=)',
      params: idParams,
      querystring: versionQuery,
      body: optionalVersionBody,
      response: { 200: customerSchema, ...protectedErrors },
    },
    handler: (request) => {
      const given = request.body?.version ?? request.query.version;
      if (given === undefined) throw invalid('version', 'is required, in the body or as ?version=');
      return customers.deleteCustomer(deps, actorOf(request), request.params.id, given);
    },
  });

  api.post('/api/v1/customers/:id/restore', {
    config: { access: 'customers.write' },
    schema: {
      tags,
      summary: 'Bring a customer back from the recycle bin',
      params: idParams,
      body: optionalVersionBody,
      response: { 200: customerSchema, ...protectedErrors },
    },
    handler: (request) =>
      customers.restoreCustomer(deps, actorOf(request), request.params.id, request.body?.version),
  });

  api.post('/api/v1/customers/:id/erase', {
    config: { access: 'customers.erase' },
    schema: {
      tags,
      summary: "Erase a person's personal data, also from the audit log's before/after states",
      params: idParams,
      body: optionalVersionBody,
      response: { 200: customerSchema, ...protectedErrors },
    },
    handler: (request) => eraseCustomer(deps, actorOf(request), request.params.id, request.body?.version),
  });

  api.get('/api/v1/customers/:id/subsidiaries', {
    config: { access: 'customers.read' },
    schema: {
      tags,
      summary: "An organisation's direct subsidiaries",
      params: idParams,
      response: {
        200: z.object({ items: z.array(customerListItem), nextCursor: z.null() }),
        ...protectedErrors,
      },
    },
    handler: (request) => listSubsidiaries(deps, actorOf(request), request.params.id),
  });

  registerCustomerRelatedRoutes(app, deps);
}
