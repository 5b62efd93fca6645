import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { deleteQuery, idParams } from '#src/modules/interactions/interactions.schema.ts';
import { registerNotificationRoutes } from '#src/modules/notifications/notifications.routes.ts';
import * as followUps from '#src/modules/tasks/follow-ups.service.ts';
import {
  followUpRuleCreateInput,
  followUpRuleList,
  followUpRuleSchema,
  followUpRuleUpdateInput,
  taskCompleteInput,
  taskCreateInput,
  taskListQuery,
  taskPage,
  taskReopenInput,
  taskSchema,
  taskUpdateInput,
} from '#src/modules/tasks/tasks.schema.ts';
import * as tasks from '#src/modules/tasks/tasks.service.ts';
import { actorOf } from '#src/server/plugins/auth.ts';
import { protectedErrors, typed } from '#src/server/route-kit.ts';
import type { Deps } from '#src/shared/context.ts';

/** Tasks, follow-up rules, notifications and the mail outbox (issue 6). */
export function registerTaskRoutes(app: FastifyInstance, deps: Deps): void {
  const api = typed(app);
  const tags = ['tasks'];

  api.get('/api/v1/tasks', {
    config: { access: 'sales.read' },
    schema: {
      tags,
      summary: 'Tasks you may see: mine, by owner, status, due range (calendar), overdue, related record',
      querystring: taskListQuery,
      response: { 200: taskPage, ...protectedErrors },
    },
    handler: (request) => tasks.listTasks(deps, actorOf(request), request.query),
  });

  api.get('/api/v1/tasks/:id', {
    config: { access: 'sales.read' },
    schema: {
      tags,
      summary: 'One task',
      params: idParams,
      response: { 200: taskSchema, ...protectedErrors },
    },
    handler: (request) => tasks.getTask(deps, actorOf(request), request.params.id),
  });

  api.post('/api/v1/tasks', {
    config: { access: 'tasks.write' },
    schema: {
      tags,
      summary: 'Create a task (yours, or assigned by a manager or admin)',
      body: taskCreateInput,
      response: { 201: taskSchema, ...protectedErrors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await tasks.createTask(deps, actorOf(request), request.body)),
  });

  api.patch('/api/v1/tasks/:id', {
    config: { access: 'tasks.write' },
    schema: {
      tags,
      summary: 'Change a task at its version',
      params: idParams,
      body: taskUpdateInput,
      response: { 200: taskSchema, ...protectedErrors },
    },
    handler: (request) => tasks.updateTask(deps, actorOf(request), request.params.id, request.body),
  });

  api.delete('/api/v1/tasks/:id', {
    config: { access: 'tasks.write' },
    schema: {
      tags,
      summary: 'Delete a task',
      params: idParams,
      querystring: deleteQuery,
      response: { 204: z.null(), ...protectedErrors },
    },
    handler: async (request, reply) => {
      await tasks.deleteTask(deps, actorOf(request), request.params.id, request.query.version);
      return reply.status(204).send(null);
    },
  });

  api.post('/api/v1/tasks/:id/complete', {
    config: { access: 'tasks.write' },
    schema: {
      tags,
      summary:
        'Complete an open task with its outcome (a call, visit or meeting is logged as an interaction)',
      params: idParams,
      body: taskCompleteInput.optional(),
      response: { 200: taskSchema, ...protectedErrors },
    },
    handler: (request) => tasks.completeTask(deps, actorOf(request), request.params.id, request.body ?? {}),
  });

  api.post('/api/v1/tasks/:id/reopen', {
    config: { access: 'tasks.write' },
    schema: {
      tags,
      summary: 'Open a done task again',
      params: idParams,
      body: taskReopenInput.optional(),
      response: { 200: taskSchema, ...protectedErrors },
    },
    handler: (request) => tasks.reopenTask(deps, actorOf(request), request.params.id, request.body?.version),
  });

  const ruleTags = ['follow-up rules'];
  api.get('/api/v1/follow-up-rules', {
    config: { access: 'sales.configure' },
    schema: {
      tags: ruleTags,
      summary: 'Follow-up rules, oldest first',
      response: { 200: followUpRuleList, ...protectedErrors },
    },
    handler: () => followUps.listFollowUpRules(deps),
  });

  api.get('/api/v1/follow-up-rules/:id', {
    config: { access: 'sales.configure' },
    schema: {
      tags: ruleTags,
      summary: 'One follow-up rule',
      params: idParams,
      response: { 200: followUpRuleSchema, ...protectedErrors },
    },
    handler: (request) => followUps.getFollowUpRule(deps, request.params.id),
  });

  api.post('/api/v1/follow-up-rules', {
    config: { access: 'sales.configure' },
    schema: {
      tags: ruleTags,
      summary: 'Create a follow-up rule: a task N days after each later order, won deal or accepted quote',
      body: followUpRuleCreateInput,
      response: { 201: followUpRuleSchema, ...protectedErrors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await followUps.createFollowUpRule(deps, actorOf(request), request.body)),
  });

  api.patch('/api/v1/follow-up-rules/:id', {
    config: { access: 'sales.configure' },
    schema: {
      tags: ruleTags,
      summary: 'Change a follow-up rule (not its trigger)',
      params: idParams,
      body: followUpRuleUpdateInput,
      response: { 200: followUpRuleSchema, ...protectedErrors },
    },
    handler: (request) =>
      followUps.updateFollowUpRule(deps, actorOf(request), request.params.id, request.body),
  });

  api.delete('/api/v1/follow-up-rules/:id', {
    config: { access: 'sales.configure' },
    schema: {
      tags: ruleTags,
      summary: 'Delete a follow-up rule (its tasks stay)',
      params: idParams,
      querystring: deleteQuery,
      response: { 204: z.null(), ...protectedErrors },
    },
    handler: async (request, reply) => {
      await followUps.deleteFollowUpRule(deps, actorOf(request), request.params.id, request.query.version);
      return reply.status(204).send(null);
    },
  });

  registerNotificationRoutes(app, deps);
}
