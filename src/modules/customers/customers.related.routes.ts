import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import * as customFields from '#src/modules/customers/customers.custom-fields.ts';
import * as links from '#src/modules/customers/customers.links.ts';
import {
  customerLinkCreateInput,
  customerLinkList,
  customerLinkSchema,
  customerLinkUpdateInput,
  customFieldCreateInput,
  customFieldList,
  customFieldSchema,
  customFieldUpdateInput,
  savedViewCreateInput,
  savedViewList,
  savedViewSchema,
} from '#src/modules/customers/customers.schema.ts';
import * as views from '#src/modules/customers/customers.views.ts';
import { actorOf } from '#src/server/plugins/auth.ts';
import { protectedErrors, typed } from '#src/server/route-kit.ts';
import type { Deps } from '#src/shared/context.ts';
import { uuid } from '#src/shared/schema.ts';

const idParams = z.object({ id: uuid }).strict();
/** Lists with saved views; only the customer list has them so far. */
const viewEntity = z.object({ entity: z.enum(['customers']) }).strict();

/** What hangs off customers: relationships, custom field definitions and saved list views (issue 4). */
export function registerCustomerRelatedRoutes(app: FastifyInstance, deps: Deps): void {
  const api = typed(app);

  const linkTags = ['customer links'];
  api.get('/api/v1/customers/:id/links', {
    config: { access: 'customers.read' },
    schema: {
      tags: linkTags,
      summary: 'The people of an organisation, or the organisations of a person',
      params: idParams,
      response: { 200: customerLinkList, ...protectedErrors },
    },
    handler: (request) => links.listLinks(deps, actorOf(request), request.params.id),
  });

  api.post('/api/v1/customer-links', {
    config: { access: 'customers.write' },
    schema: {
      tags: linkTags,
      summary: 'Link a person to an organisation with a role',
      body: customerLinkCreateInput,
      response: { 201: customerLinkSchema, ...protectedErrors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await links.createLink(deps, actorOf(request), request.body)),
  });

  api.patch('/api/v1/customer-links/:id', {
    config: { access: 'customers.write' },
    schema: {
      tags: linkTags,
      summary: "Change a link's role, strength or title at its version",
      params: idParams,
      body: customerLinkUpdateInput,
      response: { 200: customerLinkSchema, ...protectedErrors },
    },
    handler: (request) => links.updateLink(deps, actorOf(request), request.params.id, request.body),
  });

  api.delete('/api/v1/customer-links/:id', {
    config: { access: 'customers.write' },
    schema: {
      tags: linkTags,
      summary: 'Remove a link',
      params: idParams,
      response: { 204: z.null(), ...protectedErrors },
    },
    handler: async (request, reply) => {
      await links.deleteLink(deps, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  });

  const fieldTags = ['custom fields'];
  api.get('/api/v1/custom-fields', {
    config: { access: 'customers.read' },
    schema: {
      tags: fieldTags,
      summary: 'Custom field definitions, archived ones included (forms hide them)',
      response: { 200: customFieldList, ...protectedErrors },
    },
    handler: async () => ({ items: await customFields.listCustomFields(deps), nextCursor: null }),
  });

  api.post('/api/v1/custom-fields', {
    config: { access: 'customFields.manage' },
    schema: {
      tags: fieldTags,
      summary: 'Define a custom field',
      body: customFieldCreateInput,
      response: { 201: customFieldSchema, ...protectedErrors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await customFields.createCustomField(deps, actorOf(request), request.body)),
  });

  api.patch('/api/v1/custom-fields/:id', {
    config: { access: 'customFields.manage' },
    schema: {
      tags: fieldTags,
      summary: 'Change or archive a custom field at its version (its type never changes)',
      params: idParams,
      body: customFieldUpdateInput,
      response: { 200: customFieldSchema, ...protectedErrors },
    },
    handler: (request) =>
      customFields.updateCustomField(deps, actorOf(request), request.params.id, request.body),
  });

  // A saved view is the user's own setting, like a profile: every role keeps its views (permission `self`).
  const viewTags = ['saved views'];
  api.get('/api/v1/saved-views', {
    config: { access: 'customers.read' },
    schema: {
      tags: viewTags,
      summary: 'Your saved views of a list, and the ones others share',
      querystring: viewEntity,
      response: { 200: savedViewList, ...protectedErrors },
    },
    handler: (request) => views.listViews(deps, actorOf(request), request.query.entity),
  });

  api.post('/api/v1/saved-views', {
    config: { access: 'self' },
    schema: {
      tags: viewTags,
      summary: "Save the list's filters and sort under a name",
      querystring: viewEntity,
      body: savedViewCreateInput,
      response: { 201: savedViewSchema, ...protectedErrors },
    },
    handler: async (request, reply) =>
      reply
        .status(201)
        .send(await views.createView(deps, actorOf(request), request.query.entity, request.body)),
  });

  api.delete('/api/v1/saved-views/:id', {
    config: { access: 'self' },
    schema: {
      tags: viewTags,
      summary: 'Delete one of your saved views',
      params: idParams,
      response: { 204: z.null(), ...protectedErrors },
    },
    handler: async (request, reply) => {
      await views.deleteView(deps, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  });
}
