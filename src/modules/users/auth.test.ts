import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_DAYS } from '#src/modules/users/users.auth.ts';
import {
  nextClientAddress,
  openTestApp,
  sessionCookie,
  type Session,
  type TestApp,
} from '#test/support/app.ts';
import { DAY, HOUR, MINUTE, TestClock } from '#test/support/clock.ts';
import { buildUser } from '#test/support/factories.ts';
import { expectProblem } from '#test/support/problem.ts';

let t: TestApp;
let clock: TestClock;

beforeAll(async () => {
  clock = new TestClock('2026-11-23T02:00:00.000Z');
  t = await openTestApp({ clock });
});
afterAll(() => t?.close());

const login = (email: string, password: string, remoteAddress = nextClientAddress()) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress });
const me = (headers: Record<string, string>) => t.app.inject({ url: '/api/v1/me', headers });
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('logging in', () => {
  it('with the right password returns a token, the user without secrets, and an HttpOnly SameSite=Lax session cookie', async () => {
    const { user, password } = await buildUser(t.deps, { role: 'sales' });
    const response = await login(user.email.toUpperCase(), password);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<{ token: string; user: Record<string, unknown> }>();
    expect(body.token).toMatch(/^gxs_[\w-]{40,}$/);
    expect(body.user).toMatchObject({
      id: user.id,
      email: user.email,
      role: 'sales',
      lastLoginAt: clock.now().toISOString(),
    });
    expect(JSON.stringify(body.user)).not.toMatch(/password|hash|argon/i);
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(new RegExp(`^guanxi_session=${body.token};`));
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
    expect(setCookie).toMatch(/;\s*Path=\//i);
    expect(setCookie).toMatch(new RegExp(`;\\s*Max-Age=${SESSION_DAYS * 86_400}`, 'i'));
    // only the token's hash is stored
    const stored = await t.database.db
      .selectFrom('sessions')
      .select(['token_hash', 'user_id'])
      .where('user_id', '=', user.id)
      .execute();
    expect(stored).toEqual([{ token_hash: sha256(body.token), user_id: user.id }]);
  });

  it('with a wrong password, or an unknown email, gets the same 401 answer', async () => {
    const { user } = await buildUser(t.deps);
    const wrong = await login(user.email, 'not-the-password-1');
    const unknown = await login('nobody-here@example.com', 'not-the-password-1');
    const a = expectProblem(wrong, 401, 'auth.invalid_credentials');
    const b = expectProblem(unknown, 401, 'auth.invalid_credentials');
    expect({ ...a, requestId: null }).toEqual({ ...b, requestId: null });
    expect(wrong.headers['set-cookie']).toBeUndefined();
    expect(unknown.headers['set-cookie']).toBeUndefined();
  });

  it('of a deactivated account is refused', async () => {
    const { user, password } = await buildUser(t.deps);
    const admin = await t.signedIn('admin');
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/users/${user.id}`, headers: admin.bearer }))
        .statusCode,
    ).toBe(200);
    expectProblem(await login(user.email, password), 403, 'auth.account_inactive');
  });
});

describe('a session', () => {
  let session: Session;
  beforeAll(async () => {
    session = await t.signedIn('viewer');
  });

  it('works with the token as Bearer and as the cookie', async () => {
    const byBearer = await me(session.bearer);
    const byCookie = await me({ cookie: session.cookie });
    expect(byBearer.statusCode).toBe(200);
    expect(byBearer.json()).toMatchObject({ id: session.user.id });
    expect(byCookie.json()).toMatchObject({ id: session.user.id });
  });

  it('ends at logout', async () => {
    const own = await t.signIn(session.user.email, session.password);
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: own.bearer });
    expect(response.statusCode).toBe(204);
    expect(String(response.headers['set-cookie'])).toMatch(/^guanxi_session=;.*Expires=Thu, 01 Jan 1970/i);
    expectProblem(await me(own.bearer), 401, 'auth.required');
    expectProblem(await me({ cookie: own.cookie }), 401, 'auth.required');
    // the other session of the same user is untouched
    expect((await me(session.bearer)).statusCode).toBe(200);
  });

  it(`expires ${SESSION_DAYS} days after its last use`, async () => {
    const fresh = await t.signIn(session.user.email, session.password);
    clock.advance(SESSION_DAYS * DAY - MINUTE);
    expect((await me(fresh.bearer)).statusCode).toBe(200);
    // that use pushed the end forward by another full term
    clock.advance(SESSION_DAYS * DAY - MINUTE);
    expect((await me(fresh.bearer)).statusCode).toBe(200);
    clock.advance(SESSION_DAYS * DAY + 1);
    expectProblem(await me(fresh.bearer), 401, 'auth.token_expired');
    expectProblem(await me({ cookie: fresh.cookie }), 401, 'auth.token_expired');
  });

  it('stops working when the user is deactivated', async () => {
    const victim = await t.signedIn('sales');
    const token = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      headers: victim.bearer,
      payload: { name: 'script' },
    });
    const apiToken = token.json<{ token: string }>().token;
    const admin = await t.signedIn('admin');
    const current = await t.app.inject({ url: `/api/v1/users/${victim.user.id}`, headers: admin.bearer });
    const response = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${victim.user.id}`,
      headers: admin.bearer,
      payload: { version: current.json<{ version: number }>().version, active: false },
    });
    expect(response.statusCode, response.body).toBe(200);
    expectProblem(await me(victim.bearer), 401, 'auth.required');
    expectProblem(await me({ authorization: `Bearer ${apiToken}` }), 401, 'auth.required');
  });
});

describe('API tokens', () => {
  let owner: Session;
  beforeAll(async () => {
    owner = await t.signedIn('manager');
  });
  const create = (payload: Record<string, unknown>, session = owner) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: session.bearer, payload });

  it('are shown once at creation, stored only as a hash, and listed without the secret', async () => {
    const response = await create({ name: 'Nightly export' });
    expect(response.statusCode, response.body).toBe(201);
    const { token, apiToken } = response.json<{
      token: string;
      apiToken: { id: string; prefix: string; name: string };
    }>();
    expect(token).toMatch(/^gxt_[\w-]{40,}$/);
    expect(apiToken).toMatchObject({
      name: 'Nightly export',
      prefix: token.slice(0, 10),
      revokedAt: null,
      expiresAt: null,
    });
    const row = await t.database.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', apiToken.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(sha256(token));
    expect(JSON.stringify(row)).not.toContain(token);
    const list = await t.app.inject({ url: '/api/v1/auth/tokens', headers: owner.bearer });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(token);
    expect(list.body).not.toContain(row.token_hash);
    expect(list.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toContain(apiToken.id);
    for (const item of list.json<{ items: Record<string, unknown>[] }>().items)
      expect(Object.keys(item)).not.toContain('token');
  });

  it('act as their owner until revoked, then get 401', async () => {
    const { token, apiToken } = (await create({ name: 'CI' })).json<{
      token: string;
      apiToken: { id: string };
    }>();
    const bearer = { authorization: `Bearer ${token}` };
    expect((await me(bearer)).json()).toMatchObject({ id: owner.user.id });
    const revoke = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/tokens/${apiToken.id}`,
      headers: owner.bearer,
    });
    expect(revoke.statusCode).toBe(204);
    expectProblem(await me(bearer), 401, 'auth.required');
    const listed = (await t.app.inject({ url: '/api/v1/auth/tokens', headers: owner.bearer })).json<{
      items: { id: string; revokedAt: string | null }[];
    }>();
    expect(listed.items.find((i) => i.id === apiToken.id)?.revokedAt).toBe(clock.now().toISOString());
  });

  it('stop working when they expire', async () => {
    const expiresAt = new Date(clock.now().getTime() + HOUR).toISOString();
    const { token } = (await create({ name: 'Short-lived', expiresAt })).json<{ token: string }>();
    const bearer = { authorization: `Bearer ${token}` };
    expect((await me(bearer)).statusCode).toBe(200);
    clock.advance(HOUR);
    expectProblem(await me(bearer), 401, 'auth.token_expired');
  });

  it('cannot be made already expired', async () => {
    const problem = expectProblem(
      await create({ name: 'Past', expiresAt: '2020-01-01T00:00:00Z' }),
      400,
      'request.invalid',
    );
    expect(problem.errors.map((e) => e.field)).toEqual(['expiresAt']);
  });

  it('cannot be revoked by someone else', async () => {
    const { apiToken, token } = (await create({ name: 'Mine' })).json<{
      token: string;
      apiToken: { id: string };
    }>();
    const other = await t.signedIn('admin');
    expectProblem(
      await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/auth/tokens/${apiToken.id}`,
        headers: other.bearer,
      }),
      404,
      'api_token.not_found',
    );
    expect((await me({ authorization: `Bearer ${token}` })).statusCode).toBe(200);
  });
});

describe('bad credentials', () => {
  it.each([
    ['an unknown session token', 'Bearer gxs_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['an unknown API token', 'Bearer gxt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['a token that is not a Guanxi token', 'Bearer hello'],
    ['a malformed Authorization header', 'Basic dXNlcjpwYXNz'],
    ['an empty Bearer', 'Bearer '],
  ])('are refused with 401: %s', async (_name, authorization) => {
    expectProblem(await me({ authorization }), 401, 'auth.required');
  });

  it('are refused with 401 as a cookie too', async () => {
    expectProblem(await me({ cookie: 'guanxi_session=gxs_forged' }), 401, 'auth.required');
  });
});

describe('the login rate limit', () => {
  it('answers 429 with Retry-After after 5 wrong passwords for one account, even to the right password, from any address', async () => {
    const { user, password } = await buildUser(t.deps);
    for (let attempt = 0; attempt < 5; attempt++) {
      expectProblem(await login(user.email, `wrong-password-${attempt}`), 401, 'auth.invalid_credentials');
    }
    const limited = await login(user.email, password);
    expectProblem(limited, 429, 'auth.rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    // another account from the same addresses is not affected
    const other = await buildUser(t.deps);
    expect((await login(other.user.email, other.password)).statusCode).toBe(200);
    // once the window has passed, the right password works again
    clock.advance(15 * MINUTE + 1);
    expect((await login(user.email, password)).statusCode).toBe(200);
  });

  it('also caps the login route at 60 requests a minute from one address, as a 429 problem with Retry-After', async () => {
    const from = nextClientAddress();
    for (let i = 0; i < 60; i++) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: {},
        remoteAddress: from,
      });
      expect(response.statusCode).toBe(400);
    }
    const limited = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: {},
      remoteAddress: from,
    });
    expectProblem(limited, 429, 'auth.rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // another address is not affected
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: {},
      remoteAddress: nextClientAddress(),
    });
    expect(other.statusCode).toBe(400);
  });

  it('counts an account by its email whatever its case', async () => {
    const { user, password } = await buildUser(t.deps);
    for (let attempt = 0; attempt < 5; attempt++) {
      const email = attempt % 2 ? user.email.toUpperCase() : user.email;
      expectProblem(await login(email, `wrong-password-${attempt}`), 401, 'auth.invalid_credentials');
    }
    expectProblem(await login(user.email, password), 429, 'auth.rate_limited');
    clock.advance(15 * MINUTE + 1);
  });
});

describe('a change made with the session cookie', () => {
  const host = 'crm.example.com';
  let admin: Session;
  beforeAll(async () => {
    admin = await t.signedIn('admin');
  });
  const postTeam = (name: string, headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: '/api/v1/teams', headers: { host, ...headers }, payload: { name } });

  it('without an Origin is refused as CSRF', async () => {
    expectProblem(await postTeam('csrf-none', { cookie: admin.cookie }), 403, 'auth.csrf');
  });

  it('from a foreign Origin is refused as CSRF, for POST, PATCH and DELETE', async () => {
    const foreign = { cookie: admin.cookie, origin: 'https://evil.example' };
    expectProblem(await postTeam('csrf-foreign', foreign), 403, 'auth.csrf');
    expectProblem(
      await postTeam('csrf-foreign', { cookie: admin.cookie, origin: `http://${host}.evil.example` }),
      403,
      'auth.csrf',
    );
    expectProblem(
      await postTeam('csrf-foreign', { cookie: admin.cookie, referer: 'https://evil.example/form' }),
      403,
      'auth.csrf',
    );
    expectProblem(
      await t.app.inject({
        method: 'PATCH',
        url: '/api/v1/me',
        headers: { host, ...foreign },
        payload: { locale: 'en' },
      }),
      403,
      'auth.csrf',
    );
    expectProblem(
      await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/auth/tokens/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b`,
        headers: { host, ...foreign },
      }),
      403,
      'auth.csrf',
    );
    const teams = await t.database.db
      .selectFrom('teams')
      .select('name')
      .where('name', 'like', 'csrf-%')
      .execute();
    expect(teams).toEqual([]);
  });

  it("from Guanxi's own Origin (or Referer) works", async () => {
    expect(
      (await postTeam('csrf-origin', { cookie: admin.cookie, origin: `http://${host}` })).statusCode,
    ).toBe(201);
    expect(
      (await postTeam('csrf-referer', { cookie: admin.cookie, referer: `http://${host}/teams` })).statusCode,
    ).toBe(201);
    const patch = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { host, cookie: admin.cookie, origin: `http://${host}` },
      payload: { locale: 'zh-TW' },
    });
    expect(patch.statusCode, patch.body).toBe(200);
  });

  it('is not needed for reading, nor with a Bearer token', async () => {
    expect(
      (await t.app.inject({ url: '/api/v1/teams', headers: { host, cookie: admin.cookie } })).statusCode,
    ).toBe(200);
    expect((await postTeam('bearer-no-origin', admin.bearer)).statusCode).toBe(201);
    expect(
      (await postTeam('bearer-foreign', { ...admin.bearer, origin: 'https://evil.example' })).statusCode,
    ).toBe(201);
  });
});

describe('an Authorization header that is not Bearer (a reverse proxy in front of Guanxi may add Basic)', () => {
  const basic = { authorization: `Basic ${Buffer.from('proxy:secret').toString('base64')}` };

  it('leaves the public routes public', async () => {
    expect((await t.app.inject({ url: '/api/health', headers: basic })).statusCode).toBe(200);
    const { user, password } = await buildUser(t.deps);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: basic,
      payload: { email: user.email, password },
      remoteAddress: nextClientAddress(),
    });
    expect(response.statusCode, response.body).toBe(200);
  });

  it('lets the session cookie work, with the same CSRF rule', async () => {
    const session = await t.signedIn('admin');
    const host = 'crm.example.com';
    expect((await me({ ...basic, cookie: session.cookie })).json()).toMatchObject({ id: session.user.id });
    const post = (headers: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/teams',
        headers: { host, ...basic, cookie: session.cookie, ...headers },
        payload: { name: `Proxied ${Object.keys(headers).length}` },
      });
    expectProblem(await post({}), 403, 'auth.csrf');
    expect((await post({ origin: `http://${host}` })).statusCode).toBe(201);
  });

  it('without a cookie is no login', async () => {
    expectProblem(await me(basic), 401, 'auth.required');
  });

  it('of the Bearer scheme but malformed is refused, cookie or not', async () => {
    const session = await t.signedIn('viewer');
    for (const authorization of ['Bearer', 'Bearer two tokens', 'bearer  ']) {
      expectProblem(await me({ authorization, cookie: session.cookie }), 401, 'auth.required');
    }
  });
});

describe('the session cookie set by login', () => {
  it('is accepted back as the cookie it was set as', async () => {
    const { user, password } = await buildUser(t.deps);
    const response = await login(user.email, password);
    const cookie = sessionCookie(response.headers['set-cookie']);
    expect((await me({ cookie })).json()).toMatchObject({ id: user.id });
  });
});
