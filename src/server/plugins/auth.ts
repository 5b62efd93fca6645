import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor, Deps } from '#src/shared/context.ts';
import { AppError } from '#src/shared/errors.ts';
import { can, type Permission } from '#src/modules/users/roles.ts';
import { authenticate } from '#src/modules/users/users.auth.ts';

/** Every /api route declares who may call it: `public`, or the permission it needs (DESIGN §5). */
export type Access = 'public' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor | null;
    /** The raw session or API token this request came with. */
    credential: string | null;
  }
}

export const SESSION_COOKIE = 'guanxi_session';
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The Bearer token, else the session cookie. Another Authorization scheme is not ours (a reverse proxy in front of
 * Guanxi may add Basic credentials to every request), so it is passed over rather than refused.
 */
function credentialOf(request: FastifyRequest): { token: string; fromCookie: boolean } | null {
  const header = request.headers.authorization;
  if (header && /^bearer(\s|$)/i.test(header)) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppError('auth.required', 'the Authorization header must be "Bearer <token>"');
    return { token: match[1]!, fromCookie: false };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  return cookie ? { token: cookie, fromCookie: true } : null;
}

/**
 * Cookies travel with cross-site requests, so a change made with a cookie must come from Guanxi's own pages:
 * the browser's Origin (or Referer) must be this server. Bearer tokens are never sent by a browser on its own.
 */
function checkSameOrigin(request: FastifyRequest): void {
  if (request.headers['sec-fetch-site'] === 'same-origin') return;
  const source = request.headers.origin ?? request.headers.referer;
  let origin: string | null;
  try {
    origin = source ? new URL(source).origin : null;
  } catch {
    origin = null;
  }
  if (origin !== `${request.protocol}://${request.host}`) {
    throw new AppError(
      'auth.csrf',
      'a change made with a session cookie must come from a Guanxi page (Origin check failed)',
    );
  }
}

export function registerAuth(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('credential', null);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.config?.access) return;
    if (route.url.startsWith('/api/docs')) {
      route.config = { ...route.config, access: 'public' };
      return;
    }
    throw new Error(
      `${String(route.method)} ${route.url} declares no access: every API route must (DESIGN §5)`,
    );
  });

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access || access === 'public') return;
    const credential = credentialOf(request);
    if (!credential) throw new AppError('auth.required', 'log in, or send Authorization: Bearer <token>');
    const principal = await authenticate(deps, credential.token);
    if (credential.fromCookie && !safeMethods.has(request.method)) checkSameOrigin(request);
    if (!can(principal.role, access))
      throw new AppError('auth.forbidden', `your role (${principal.role}) may not do this`);
    request.credential = credential.token;
    request.actor = {
      userId: principal.userId,
      label: principal.email,
      role: principal.role,
      teamId: principal.teamId,
      ip: request.ip,
      requestId: request.id,
    };
  });
}

/** The authenticated actor of a non-public route. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('auth.required');
  return request.actor;
}
