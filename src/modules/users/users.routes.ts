import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf } from '#src/server/plugins/auth.ts';
import { protectedErrors, typed } from '#src/server/route-kit.ts';
import type { Deps } from '#src/shared/context.ts';
import {
  idParams,
  passwordResetInput,
  passwordResetResult,
  teamCreateInput,
  teamList,
  teamSchema,
  teamUpdateInput,
  userCreated,
  userCreateInput,
  userListQuery,
  userPage,
  userSchema,
  userUpdateInput,
} from '#src/modules/users/users.schema.ts';
import * as teams from '#src/modules/users/teams.service.ts';
import * as users from '#src/modules/users/users.service.ts';

export function registerUserRoutes(app: FastifyInstance, deps: Deps): void {
  const api = typed(app);
  const tags = ['users'];

  api.get('/api/v1/users', {
    config: { access: 'users.read' },
    schema: {
      tags,
      summary: 'List staff',
      querystring: userListQuery,
      response: { 200: userPage, ...protectedErrors },
    },
    handler: (request) => users.listUsers(deps, request.query),
  });

  api.get('/api/v1/users/:id', {
    config: { access: 'users.read' },
    schema: {
      tags,
      summary: 'One staff member',
      params: idParams,
      response: { 200: userSchema, ...protectedErrors },
    },
    handler: (request) => users.getUser(deps, request.params.id),
  });

  api.post('/api/v1/users', {
    config: { access: 'users.manage' },
    schema: {
      tags,
      summary: 'Create a staff account',
      body: userCreateInput,
      response: { 201: userCreated, ...protectedErrors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await users.createUser(deps, actorOf(request), request.body)),
  });

  api.patch('/api/v1/users/:id', {
    config: { access: 'users.manage' },
    schema: {
      tags,
      summary: 'Change role, team, name, language or active state',
      params: idParams,
      body: userUpdateInput,
      response: { 200: userSchema, ...protectedErrors },
    },
    handler: (request) => users.updateUser(deps, actorOf(request), request.params.id, request.body),
  });

  api.delete('/api/v1/users/:id', {
    config: { access: 'users.manage' },
    schema: {
      tags,
      summary: 'Deactivate a staff account',
      params: idParams,
      response: { 200: userSchema, ...protectedErrors },
    },
    handler: (request) => users.deactivateUser(deps, actorOf(request), request.params.id),
  });

  api.post('/api/v1/users/:id/reset-password', {
    config: { access: 'users.manage' },
    schema: {
      tags,
      summary: 'Set a new password (generated and shown once unless given)',
      params: idParams,
      body: passwordResetInput,
      response: { 200: passwordResetResult, ...protectedErrors },
    },
    handler: (request) =>
      users.resetPassword(deps, actorOf(request), request.params.id, request.body.password),
  });

  const teamTags = ['teams'];
  api.get('/api/v1/teams', {
    config: { access: 'teams.read' },
    schema: { tags: teamTags, summary: 'List teams', response: { 200: teamList, ...protectedErrors } },
    handler: async () => ({ items: await teams.listTeams(deps), nextCursor: null }),
  });

  api.post('/api/v1/teams', {
    config: { access: 'teams.manage' },
    schema: {
      tags: teamTags,
      summary: 'Create a team',
      body: teamCreateInput,
      response: { 201: teamSchema, ...protectedErrors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await teams.createTeam(deps, actorOf(request), request.body.name)),
  });

  api.patch('/api/v1/teams/:id', {
    config: { access: 'teams.manage' },
    schema: {
      tags: teamTags,
      summary: 'Rename a team',
      params: idParams,
      body: teamUpdateInput,
      response: { 200: teamSchema, ...protectedErrors },
    },
    handler: (request) =>
      teams.renameTeam(deps, actorOf(request), request.params.id, request.body.version, request.body.name),
  });

  api.delete('/api/v1/teams/:id', {
    config: { access: 'teams.manage' },
    schema: {
      tags: teamTags,
      summary: 'Delete an empty team',
      params: idParams,
      response: { 204: z.null(), ...protectedErrors },
    },
    handler: async (request, reply) => {
      await teams.deleteTeam(deps, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  });
}
