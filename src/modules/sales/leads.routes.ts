import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { deleteQuery, idParams } from '#src/modules/interactions/interactions.schema.ts';
import { registerLeadFormRoutes } from '#src/modules/sales/lead-forms.routes.ts';
import { convertLead, leadDuplicates } from '#src/modules/sales/lead-convert.ts';
import { registerLeadRuleRoutes } from '#src/modules/sales/lead-rules.routes.ts';
import {
  leadConversionSchema,
  leadConvertInput,
  leadCreateInput,
  leadDuplicatesSchema,
  leadListQuery,
  leadPage,
  leadSchema,
  leadUpdateInput,
} from '#src/modules/sales/leads.schema.ts';
import * as leads from '#src/modules/sales/leads.service.ts';
import { actorOf } from '#src/server/plugins/auth.ts';
import { protectedErrors, typed } from '#src/server/route-kit.ts';
import type { Deps } from '#src/shared/context.ts';

/** Leads, lead forms (public), assignment and scoring rules, conversion (issue 6). */
export function registerLeadRoutes(app: FastifyInstance, deps: Deps): void {
  const api = typed(app);
  const tags = ['leads'];

  api.get('/api/v1/leads', {
    config: { access: 'sales.read' },
    schema: {
      tags,
      summary: 'List the leads you may see (search name, company, email, phone), newest first by default',
      querystring: leadListQuery,
      response: { 200: leadPage, ...protectedErrors },
    },
    handler: (request) => leads.listLeads(deps, actorOf(request), request.query),
  });

  api.get('/api/v1/leads/:id', {
    config: { access: 'sales.read' },
    schema: {
      tags,
      summary: 'One lead, with why it scored',
      params: idParams,
      response: { 200: leadSchema, ...protectedErrors },
    },
    handler: (request) => leads.getLead(deps, actorOf(request), request.params.id),
  });

  api.post('/api/v1/leads', {
    config: { access: 'sales.write' },
    schema: {
      tags,
      summary: 'Create a lead (sales staff own theirs; without an owner the assignment rules decide)',
      body: leadCreateInput,
      response: { 201: leadSchema, ...protectedErrors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await leads.createLead(deps, actorOf(request), request.body)),
  });

  api.patch('/api/v1/leads/:id', {
    config: { access: 'sales.write' },
    schema: {
      tags,
      summary: 'Change a lead or its status (unqualified needs a reason; a converted lead cannot change)',
      params: idParams,
      body: leadUpdateInput,
      response: { 200: leadSchema, ...protectedErrors },
    },
    handler: (request) => leads.updateLead(deps, actorOf(request), request.params.id, request.body),
  });

  api.delete('/api/v1/leads/:id', {
    config: { access: 'sales.write' },
    schema: {
      tags,
      summary: 'Delete a lead that is not converted',
      params: idParams,
      querystring: deleteQuery,
      response: { 204: z.null(), ...protectedErrors },
    },
    handler: async (request, reply) => {
      await leads.deleteLead(deps, actorOf(request), request.params.id, request.query.version);
      return reply.status(204).send(null);
    },
  });

  api.get('/api/v1/leads/:id/duplicates', {
    config: { access: 'sales.read' },
    schema: {
      tags,
      summary: 'Customers you may see with the same email or phone, or a similar name or company',
      params: idParams,
      response: { 200: leadDuplicatesSchema, ...protectedErrors },
    },
    handler: (request) => leadDuplicates(deps, actorOf(request), request.params.id),
  });

  api.post('/api/v1/leads/:id/convert', {
    config: { access: 'sales.write' },
    schema: {
      tags,
      summary: 'Convert a lead into customers (new or existing) and optionally an opportunity',
      params: idParams,
      body: leadConvertInput,
      response: { 200: leadConversionSchema, ...protectedErrors },
    },
    handler: (request) => convertLead(deps, actorOf(request), request.params.id, request.body),
  });

  registerLeadRuleRoutes(app, deps);
  registerLeadFormRoutes(app, deps);
}
