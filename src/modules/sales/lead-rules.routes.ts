import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { deleteQuery, idParams } from '#src/modules/interactions/interactions.schema.ts';
import {
  assignmentRuleCreateInput,
  assignmentRuleList,
  assignmentRuleSchema,
  assignmentRuleUpdateInput,
  scoreRuleCreateInput,
  scoreRuleList,
  scoreRuleSchema,
  scoreRuleUpdateInput,
} from '#src/modules/sales/lead-rules.schema.ts';
import * as scoring from '#src/modules/sales/lead-rules.scoring.ts';
import * as rules from '#src/modules/sales/lead-rules.service.ts';
import { actorOf } from '#src/server/plugins/auth.ts';
import { protectedErrors, typed } from '#src/server/route-kit.ts';
import type { Deps } from '#src/shared/context.ts';

/** Lead assignment and scoring rules (issue 6): managers and admins configure them. */
export function registerLeadRuleRoutes(app: FastifyInstance, deps: Deps): void {
  const api = typed(app);
  const tags = ['leads'];
  const access = 'sales.configure';

  api.get('/api/v1/lead-assignment-rules', {
    config: { access },
    schema: {
      tags,
      summary: 'The assignment rules, in the order they are tried',
      response: { 200: assignmentRuleList, ...protectedErrors },
    },
    handler: () => rules.listAssignmentRules(deps),
  });

  api.post('/api/v1/lead-assignment-rules', {
    config: { access },
    schema: {
      tags,
      summary: 'Add an assignment rule (round robin, region or source)',
      body: assignmentRuleCreateInput,
      response: { 201: assignmentRuleSchema, ...protectedErrors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await rules.createAssignmentRule(deps, actorOf(request), request.body)),
  });

  api.patch('/api/v1/lead-assignment-rules/:id', {
    config: { access },
    schema: {
      tags,
      summary: 'Change an assignment rule (a new list of assignees starts its turns again)',
      params: idParams,
      body: assignmentRuleUpdateInput,
      response: { 200: assignmentRuleSchema, ...protectedErrors },
    },
    handler: (request) => rules.updateAssignmentRule(deps, actorOf(request), request.params.id, request.body),
  });

  api.delete('/api/v1/lead-assignment-rules/:id', {
    config: { access },
    schema: {
      tags,
      summary: 'Delete an assignment rule',
      params: idParams,
      querystring: deleteQuery,
      response: { 204: z.null(), ...protectedErrors },
    },
    handler: async (request, reply) => {
      await rules.deleteAssignmentRule(deps, actorOf(request), request.params.id, request.query.version);
      return reply.status(204).send(null);
    },
  });

  api.get('/api/v1/lead-score-rules', {
    config: { access },
    schema: { tags, summary: 'The scoring rules', response: { 200: scoreRuleList, ...protectedErrors } },
    handler: () => scoring.listScoreRules(deps),
  });

  api.post('/api/v1/lead-score-rules', {
    config: { access },
    schema: {
      tags,
      summary: 'Add a scoring rule; every open lead is scored again',
      body: scoreRuleCreateInput,
      response: { 201: scoreRuleSchema, ...protectedErrors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await scoring.createScoreRule(deps, actorOf(request), request.body)),
  });

  api.patch('/api/v1/lead-score-rules/:id', {
    config: { access },
    schema: {
      tags,
      summary: 'Change a scoring rule; every open lead is scored again',
      params: idParams,
      body: scoreRuleUpdateInput,
      response: { 200: scoreRuleSchema, ...protectedErrors },
    },
    handler: (request) => scoring.updateScoreRule(deps, actorOf(request), request.params.id, request.body),
  });

  api.delete('/api/v1/lead-score-rules/:id', {
    config: { access },
    schema: {
      tags,
      summary: 'Delete a scoring rule; every open lead is scored again',
      params: idParams,
      querystring: deleteQuery,
      response: { 204: z.null(), ...protectedErrors },
    },
    handler: async (request, reply) => {
      await scoring.deleteScoreRule(deps, actorOf(request), request.params.id, request.query.version);
      return reply.status(204).send(null);
    },
  });
}
