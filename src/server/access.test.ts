import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissions, type Permission } from '#src/modules/users/roles.ts';
import { roles, type Role } from '#src/modules/users/users.schema.ts';
import { buildApp } from '#src/server/app.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { testConfig } from '#test/support/db.ts';
import { expectProblem } from '#test/support/problem.ts';
import {
  concreteUrl,
  openApiOperations,
  registeredRoutes,
  type RegisteredRoute,
} from '#test/support/routes.ts';

/**
 * DESIGN §5: every route enforces roles except the public ones. A probe hook, added after the auth hook, answers
 * 299 with the route's declared access as soon as a request gets past authentication and authorisation, so every
 * route × role pair is checked without running handlers (no side effects, no valid bodies needed).
 */
const PROBE = 'x-test-access-probe';
const PROBED = 299;

const isPublicRoute = ({ method, url }: RegisteredRoute) =>
  ((method === 'GET' || method === 'HEAD') && (url === '/api/health' || url === '/api/openapi.json')) ||
  (method === 'POST' && url === '/api/v1/auth/login') ||
  // public lead forms (issue 6): a visitor reads an active form and submits it, rate-limited per address
  ((method === 'GET' || method === 'HEAD' || method === 'POST') && url === '/api/public/lead-forms/:slug') ||
  ((method === 'GET' || method === 'HEAD') && url.startsWith('/api/docs'));

let t: TestApp;
let routes: RegisteredRoute[];
let apiRoutes: RegisteredRoute[];
let sessions: Record<Role, Session>;

beforeAll(async () => {
  t = await openTestApp({
    beforeReady: (app) => {
      app.addHook('onRequest', async (request, reply) => {
        if (request.headers[PROBE] === undefined) return;
        return reply.code(PROBED).header(PROBE, String(request.routeOptions.config.access)).send();
      });
    },
  });
  routes = registeredRoutes(t.app);
  apiRoutes = routes.filter((route) => route.url.startsWith('/api'));
  sessions = await t.signedInRoles();
});
afterAll(() => t?.close());

const probe = (route: RegisteredRoute, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: route.method as 'GET',
    url: concreteUrl(route.url),
    headers: { [PROBE]: '1', ...headers },
  });

const label = (route: RegisteredRoute) => `${route.method} ${route.url}`;

describe('the route table', () => {
  it('is read completely: it holds every operation of the OpenAPI document, plus the document and the docs', async () => {
    const document = (await t.app.inject({ url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    const operations = openApiOperations(document);
    expect(operations.length).toBeGreaterThanOrEqual(17);
    expect(routes.map(label)).toEqual(expect.arrayContaining(operations));
    expect(routes.map(label)).toEqual(
      expect.arrayContaining(['GET /api/openapi.json', 'GET /api/docs', 'GET /api/docs/static/*']),
    );
  });
});

describe('every /api route', () => {
  it('answers 401 problem+json without credentials, except exactly health, login, openapi.json and the docs', async () => {
    const publicSeen: string[] = [];
    for (const route of apiRoutes) {
      const response = await probe(route);
      if (isPublicRoute(route)) {
        expect(response.statusCode, label(route)).toBe(PROBED);
        expect(response.headers[PROBE], label(route)).toBe('public');
        publicSeen.push(label(route));
      } else {
        expect(response.statusCode, `${label(route)} must require a login`).toBe(401);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        if (route.method !== 'HEAD') expectProblem(response, 401, 'auth.required');
      }
    }
    expect(publicSeen).toEqual(
      expect.arrayContaining([
        'GET /api/health',
        'POST /api/v1/auth/login',
        'GET /api/openapi.json',
        'GET /api/docs',
        'GET /api/public/lead-forms/:slug',
        'POST /api/public/lead-forms/:slug',
      ]),
    );
  });

  it('gives each role 403 exactly when roles.ts withholds the permission the route declares', async () => {
    const checked: string[] = [];
    for (const route of apiRoutes.filter((r) => !isPublicRoute(r))) {
      // admin may do everything (DESIGN §5), so its probe reveals the permission the route declares
      const adminProbe = await probe(route, sessions.admin.bearer);
      expect(adminProbe.statusCode, label(route)).toBe(PROBED);
      const access = adminProbe.headers[PROBE] as Permission;
      expect(Object.keys(permissions), `${label(route)} declares an unknown permission`).toContain(access);
      for (const role of roles) {
        const response = await probe(route, sessions[role].bearer);
        const allowed = (permissions[access] as readonly Role[]).includes(role);
        if (allowed) {
          expect(response.statusCode, `${role} on ${label(route)} (${access})`).toBe(PROBED);
        } else {
          expect(response.statusCode, `${role} on ${label(route)} (${access})`).toBe(403);
          if (route.method !== 'HEAD') expectProblem(response, 403, 'auth.forbidden');
        }
        checked.push(`${role} ${label(route)}`);
      }
    }
    expect(checked.length).toBeGreaterThanOrEqual(roles.length * 20);
  });

  it('keeps the sensitive routes behind the permissions they are meant to need', async () => {
    const expected: Record<string, Permission> = {
      'POST /api/v1/users': 'users.manage',
      'PATCH /api/v1/users/:id': 'users.manage',
      'DELETE /api/v1/users/:id': 'users.manage',
      'POST /api/v1/users/:id/reset-password': 'users.manage',
      'POST /api/v1/teams': 'teams.manage',
      'PATCH /api/v1/teams/:id': 'teams.manage',
      'DELETE /api/v1/teams/:id': 'teams.manage',
      'GET /api/v1/audit': 'audit.read',
    };
    for (const [key, permission] of Object.entries(expected)) {
      const route = apiRoutes.find((r) => label(r) === key);
      expect(route, key).toBeDefined();
      expect((await probe(route!, sessions.admin.bearer)).headers[PROBE], key).toBe(permission);
    }
    expect(permissions['users.manage']).toEqual(['admin']);
    expect(permissions['audit.read']).toEqual(['admin']);
  });

  it('lets the viewer role change nothing but its own profile, tokens and session', async () => {
    for (const route of apiRoutes.filter((r) => !isPublicRoute(r) && !['GET', 'HEAD'].includes(r.method))) {
      const response = await probe(route, sessions.viewer.bearer);
      if (response.statusCode === PROBED) expect(response.headers[PROBE], label(route)).toBe('self');
      else expect(response.statusCode, label(route)).toBe(403);
    }
  });

  it('gives admin every permission', () => {
    for (const [permission, allowed] of Object.entries(permissions))
      expect(allowed, permission).toContain('admin');
  });
});

describe('a forbidden request', () => {
  it('changes nothing and is not audited', async () => {
    const before = await t.database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: sessions.sales.bearer,
      payload: { name: 'Not allowed' },
    });
    expectProblem(response, 403, 'auth.forbidden');
    const teams = await t.database.db
      .selectFrom('teams')
      .select('id')
      .where('name', '=', 'Not allowed')
      .execute();
    expect(teams).toEqual([]);
    const after = await t.database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});

describe('a route that declares no access', () => {
  const build = () => buildApp({ database: t.database, config: testConfig(t.location) });

  it('is refused when it is added', async () => {
    const app: FastifyInstance = await build();
    try {
      expect(() => app.get('/api/v1/unguarded', async () => ({ ok: true }))).toThrow(/declares no access/);
      expect(() => app.post('/api/v1/customers', async () => ({ ok: true }))).toThrow(
        /POST \/api\/v1\/customers declares no access/,
      );
    } finally {
      await app.close();
    }
  });

  it('stops the app from starting when a plugin adds it', async () => {
    const app = await build();
    const starting = (async () => {
      await app.register(async (plugin) => {
        plugin.delete('/api/v1/things/:id', async () => ({ ok: true }));
      });
      await app.ready();
    })();
    await expect(starting).rejects.toThrow(/DELETE \/api\/v1\/things\/:id declares no access/);
  });

  it('is accepted once it declares its access', async () => {
    const app = await build();
    try {
      app.get('/api/v1/guarded', { config: { access: 'users.read' } }, async () => ({ ok: true }));
      await app.ready();
      expectProblem(await app.inject({ url: '/api/v1/guarded' }), 401, 'auth.required');
      const ok = await app.inject({ url: '/api/v1/guarded', headers: sessions.viewer.bearer });
      expect(ok.json()).toEqual({ ok: true });
    } finally {
      await app.close();
    }
  });
});
