import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { deleteQuery, idParams } from '#src/modules/interactions/interactions.schema.ts';
import {
  accountPlanCreateInput,
  accountPlanDetailSchema,
  customerAccountPlanSchema,
  accountPlanListQuery,
  accountPlanPage,
  accountPlanUpdateInput,
  planContactCreateInput,
  planContactList,
  planContactParams,
  planContactSchema,
  planContactUpdateInput,
} from '#src/modules/sales/account-plans.schema.ts';
import * as plans from '#src/modules/sales/account-plans.service.ts';
import { actorOf } from '#src/server/plugins/auth.ts';
import { protectedErrors, typed } from '#src/server/route-kit.ts';
import type { Deps } from '#src/shared/context.ts';

/** Key-account plans and their decision-making units; who sees and changes a plan follows its customer. */
export function registerAccountPlanRoutes(app: FastifyInstance, deps: Deps): void {
  const api = typed(app);
  const tags = ['account plans'];

  api.get('/api/v1/account-plans', {
    config: { access: 'sales.read' },
    schema: {
      tags,
      summary: 'Plans of the customers you may see',
      querystring: accountPlanListQuery,
      response: { 200: accountPlanPage, ...protectedErrors },
    },
    handler: (request) => plans.listPlans(deps, actorOf(request), request.query),
  });

  api.get('/api/v1/account-plans/:id', {
    config: { access: 'sales.read' },
    schema: {
      tags,
      summary: 'A plan with its DMU, share of wallet and planned contacts',
      params: idParams,
      response: { 200: accountPlanDetailSchema, ...protectedErrors },
    },
    handler: (request) => plans.getPlan(deps, actorOf(request), request.params.id),
  });

  api.get('/api/v1/customers/:id/account-plan', {
    config: { access: 'sales.read' },
    schema: {
      tags,
      summary: "The customer's key-account plan, or null while it has none",
      params: idParams,
      response: { 200: customerAccountPlanSchema, ...protectedErrors },
    },
    handler: (request) => plans.getPlanOfCustomer(deps, actorOf(request), request.params.id),
  });

  api.post('/api/v1/account-plans', {
    config: { access: 'sales.write' },
    schema: {
      tags,
      summary: "Start a customer's plan (one per customer)",
      body: accountPlanCreateInput,
      response: { 201: accountPlanDetailSchema, ...protectedErrors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await plans.createPlan(deps, actorOf(request), request.body)),
  });

  api.patch('/api/v1/account-plans/:id', {
    config: { access: 'sales.write' },
    schema: {
      tags,
      summary: 'Change a plan',
      params: idParams,
      body: accountPlanUpdateInput,
      response: { 200: accountPlanDetailSchema, ...protectedErrors },
    },
    handler: (request) => plans.updatePlan(deps, actorOf(request), request.params.id, request.body),
  });

  api.delete('/api/v1/account-plans/:id', {
    config: { access: 'sales.write' },
    schema: {
      tags,
      summary: 'Delete a plan and its DMU',
      params: idParams,
      querystring: deleteQuery,
      response: { 204: z.null(), ...protectedErrors },
    },
    handler: async (request, reply) => {
      await plans.deletePlan(deps, actorOf(request), request.params.id, request.query.version);
      return reply.status(204).send(null);
    },
  });

  api.get('/api/v1/account-plans/:id/contacts', {
    config: { access: 'sales.read' },
    schema: {
      tags,
      summary: 'The decision-making unit, top layer first',
      params: idParams,
      response: { 200: planContactList, ...protectedErrors },
    },
    handler: (request) => plans.listPlanContacts(deps, actorOf(request), request.params.id),
  });

  api.post('/api/v1/account-plans/:id/contacts', {
    config: { access: 'sales.write' },
    schema: {
      tags,
      summary: 'Add a person to the decision-making unit',
      params: idParams,
      body: planContactCreateInput,
      response: { 201: planContactSchema, ...protectedErrors },
    },
    handler: async (request, reply) =>
      reply
        .status(201)
        .send(await plans.addPlanContact(deps, actorOf(request), request.params.id, request.body)),
  });

  api.patch('/api/v1/account-plans/:id/contacts/:contactId', {
    config: { access: 'sales.write' },
    schema: {
      tags,
      summary: 'Change a DMU contact',
      params: planContactParams,
      body: planContactUpdateInput,
      response: { 200: planContactSchema, ...protectedErrors },
    },
    handler: (request) =>
      plans.updatePlanContact(
        deps,
        actorOf(request),
        request.params.id,
        request.params.contactId,
        request.body,
      ),
  });

  api.delete('/api/v1/account-plans/:id/contacts/:contactId', {
    config: { access: 'sales.write' },
    schema: {
      tags,
      summary: 'Remove a DMU contact',
      params: planContactParams,
      querystring: deleteQuery,
      response: { 204: z.null(), ...protectedErrors },
    },
    handler: async (request, reply) => {
      await plans.deletePlanContact(
        deps,
        actorOf(request),
        request.params.id,
        request.params.contactId,
        request.query.version,
      );
      return reply.status(204).send(null);
    },
  });
}
