import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Config } from '#src/config.ts';
import { roles, type Role, type User, type UserCreateInput } from '#src/modules/users/users.schema.ts';
import { buildApp } from '#src/server/app.ts';
import { SESSION_COOKIE } from '#src/server/plugins/auth.ts';
import type { TestClock } from './clock.ts';
import { openTestDatabase, testConfig, type TestDatabase } from './db.ts';
import { buildUser } from './factories.ts';

/** A signed-in staff member: the token works as a Bearer token and as the session cookie. */
export interface Session {
  user: User;
  password: string;
  token: string;
  /** `guanxi_session=<token>`, for a Cookie header. */
  cookie: string;
  /** Headers of a Bearer-authenticated request. */
  bearer: { authorization: string };
}

export interface TestApp extends TestDatabase {
  app: FastifyInstance;
  /** Logs in over HTTP (each call from its own client address, so the per-address login limits stay out of the way). */
  signIn(email: string, password: string): Promise<Session>;
  /** Creates a staff member (role and fields overridable) and logs them in. */
  signedIn(role: Role, overrides?: Partial<UserCreateInput>): Promise<Session>;
  /** One signed-in staff member of each role. */
  signedInRoles(): Promise<Record<Role, Session>>;
}

let addressCounter = 0;
/** A distinct client address per login: the login route is rate-limited per address. */
export const nextClientAddress = (): string => {
  addressCounter += 1;
  return `10.77.${(addressCounter >> 8) & 255}.${addressCounter & 255}`;
};

export function sessionCookie(setCookie: string | string[] | undefined): string {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const found = all.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!found) throw new Error(`no ${SESSION_COOKIE} cookie in ${JSON.stringify(all)}`);
  return found.split(';')[0]!;
}

/**
 * The whole HTTP application on this file's own database, used through `app.inject()`. `beforeReady` may add
 * hooks or routes before Fastify seals the route table.
 */
export async function openTestApp(
  options: {
    clock?: TestClock;
    config?: Partial<Config>;
    bodyLimit?: number;
    beforeReady?: (app: FastifyInstance) => void | Promise<void>;
  } = {},
): Promise<TestApp> {
  const testDb = await openTestDatabase({
    ...(options.clock && { clock: options.clock }),
    ...(options.config && { config: options.config }),
  });
  let app: FastifyInstance;
  try {
    app = await buildApp({
      database: testDb.database,
      config: testConfig(testDb.location, options.config),
      clock: testDb.clock,
      ...(options.bodyLimit !== undefined && { bodyLimit: options.bodyLimit }),
    });
    await options.beforeReady?.(app);
    await app.ready();
  } catch (error) {
    await testDb.close();
    throw error;
  }

  const signIn = async (email: string, password: string): Promise<Session> => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
      remoteAddress: nextClientAddress(),
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<{ token: string; user: User }>();
    return {
      user: body.user,
      password,
      token: body.token,
      cookie: sessionCookie(response.headers['set-cookie']),
      bearer: { authorization: `Bearer ${body.token}` },
    };
  };
  const signedIn = async (role: Role, overrides: Partial<UserCreateInput> = {}) => {
    const { user, password } = await buildUser(testDb.deps, { role, ...overrides });
    return signIn(user.email, password);
  };
  return {
    ...testDb,
    app,
    signIn,
    signedIn,
    async signedInRoles() {
      const entries = await Promise.all(roles.map(async (role) => [role, await signedIn(role)] as const));
      return Object.fromEntries(entries) as Record<Role, Session>;
    },
    async close() {
      try {
        await app.close();
      } finally {
        await testDb.close();
      }
    },
  };
}
