import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf, SESSION_COOKIE } from '#src/server/plugins/auth.ts';
import { protectedErrors, typed } from '#src/server/route-kit.ts';
import type { Deps } from '#src/shared/context.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '#src/modules/users/api-tokens.service.ts';
import type { LoginLimiter } from '#src/modules/users/login-limiter.ts';
import { login, logout, SESSION_DAYS } from '#src/modules/users/users.auth.ts';
import {
  apiTokenCreated,
  apiTokenCreateInput,
  apiTokenList,
  idParams,
  loginInput,
  loginResult,
  meUpdateInput,
  passwordChangeInput,
  userSchema,
} from '#src/modules/users/users.schema.ts';
import { changeOwnPassword, getUser, updateMe } from '#src/modules/users/users.service.ts';

const tags = ['auth'];

export function registerAuthRoutes(app: FastifyInstance, deps: Deps, limiter: LoginLimiter): void {
  const api = typed(app);

  api.post('/api/v1/auth/login', {
    config: { access: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
    schema: {
      tags,
      summary: 'Log in; returns a token and sets the session cookie',
      body: loginInput,
      response: { 200: loginResult, ...protectedErrors },
    },
    handler: async (request, reply) => {
      const result = await login(deps, limiter, request.body, {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        requestId: request.id,
      });
      reply.setCookie(SESSION_COOKIE, result.token, {
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
        secure: request.protocol === 'https',
        maxAge: SESSION_DAYS * 86_400,
      });
      return { token: result.token, user: result.user };
    },
  });

  api.post('/api/v1/auth/logout', {
    config: { access: 'self' },
    schema: { tags, summary: 'End this session', response: { 204: z.null(), ...protectedErrors } },
    handler: async (request, reply) => {
      await logout(deps, actorOf(request), request.credential!);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  });

  api.get('/api/v1/me', {
    config: { access: 'self' },
    schema: { tags, summary: 'The signed-in user', response: { 200: userSchema, ...protectedErrors } },
    handler: (request) => getUser(deps, actorOf(request).userId!),
  });

  api.patch('/api/v1/me', {
    config: { access: 'self' },
    schema: {
      tags,
      summary: 'Change own name or language',
      body: meUpdateInput,
      response: { 200: userSchema, ...protectedErrors },
    },
    handler: (request) => updateMe(deps, actorOf(request), request.body),
  });

  api.post('/api/v1/me/password', {
    config: { access: 'self' },
    schema: {
      tags,
      summary: 'Change own password',
      body: passwordChangeInput,
      response: { 204: z.null(), ...protectedErrors },
    },
    handler: async (request, reply) => {
      await changeOwnPassword(
        deps,
        actorOf(request),
        request.body.currentPassword,
        request.body.newPassword,
        request.credential!,
      );
      return reply.status(204).send(null);
    },
  });

  api.get('/api/v1/auth/tokens', {
    config: { access: 'self' },
    schema: { tags, summary: 'Own API tokens', response: { 200: apiTokenList, ...protectedErrors } },
    handler: async (request) => ({ items: await listApiTokens(deps, actorOf(request)), nextCursor: null }),
  });

  api.post('/api/v1/auth/tokens', {
    config: { access: 'self' },
    schema: {
      tags,
      summary: 'Create an API token (shown once)',
      body: apiTokenCreateInput,
      response: { 201: apiTokenCreated, ...protectedErrors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await createApiToken(deps, actorOf(request), request.body)),
  });

  api.delete('/api/v1/auth/tokens/:id', {
    config: { access: 'self' },
    schema: {
      tags,
      summary: 'Revoke an API token',
      params: idParams,
      response: { 204: z.null(), ...protectedErrors },
    },
    handler: async (request, reply) => {
      await revokeApiToken(deps, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  });
}
