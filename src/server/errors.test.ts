import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Team, User } from '#src/modules/users/users.schema.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { expectProblem, fieldsOf, stackFrame } from '#test/support/problem.ts';
import { concreteUrl, registeredRoutes } from '#test/support/routes.ts';

/** DESIGN §4, errors: problem+json for every failure, 400 for bad input (never a 500), no stack traces. */
let t: TestApp;
let admin: Session;

beforeAll(async () => {
  t = await openTestApp();
  admin = await t.signedIn('admin');
});
afterAll(() => t?.close());

const post = (url: string, payload: string | object, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url,
    payload,
    headers: { ...admin.bearer, 'content-type': 'application/json', ...headers },
  });

describe('a request body', () => {
  it('that is not JSON is a 400 request.malformed_json', async () => {
    for (const body of ['{"name": ', '{name: "x"}', "{'name':'x'}", 'null garbage', '{"name":"x"}}']) {
      expectProblem(await post('/api/v1/teams', body), 400, 'request.malformed_json');
    }
  });

  it('that is empty while claiming JSON is a 400', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/teams',
      headers: { ...admin.bearer, 'content-type': 'application/json' },
      payload: '',
    });
    expect(response.statusCode).toBe(400);
    expectProblem(response, 400, response.json<{ code: string }>().code);
  });

  it('with wrong types is a 400 naming each wrong field', async () => {
    const problem = expectProblem(
      await post('/api/v1/users', { email: 42, name: ['x'], role: 'owner', teamId: 'not-a-uuid' }),
      400,
      'request.invalid',
    );
    expect(fieldsOf(problem)).toEqual(['email', 'name', 'role', 'teamId']);
    const missing = expectProblem(await post('/api/v1/users', {}), 400, 'request.invalid');
    expect(fieldsOf(missing)).toEqual(['email', 'name', 'role']);
    const version = expectProblem(
      await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${admin.user.id}`,
        headers: admin.bearer,
        payload: { version: '1', name: 'x' },
      }),
      400,
      'request.invalid',
    );
    expect(fieldsOf(version)).toEqual(['version']);
  });

  it('that is a JSON array, string or number instead of an object is a 400', async () => {
    for (const body of ['[]', '"team"', '42', 'null']) {
      const response = await post('/api/v1/teams', body);
      expect(response.statusCode, body).toBe(400);
      expectProblem(response, 400, response.json<{ code: string }>().code);
    }
  });

  it('with unknown fields is a 400 naming each of them', async () => {
    const problem = expectProblem(
      await post('/api/v1/teams', { name: 'Ok', colour: 'red', owner_id: 1 }),
      400,
      'request.invalid',
    );
    expect(fieldsOf(problem)).toEqual(['colour', 'owner_id']);
    expect(problem.errors.every((e) => e.code === 'unknown_field')).toBe(true);
    const query = expectProblem(
      await t.app.inject({ url: '/api/v1/users?colour=red', headers: admin.bearer }),
      400,
      'request.invalid',
    );
    expect(fieldsOf(query)).toEqual(['querystring.colour']);
  });

  it('over 1 MiB is a 413 problem', async () => {
    const response = await post('/api/v1/teams', JSON.stringify({ name: 'x'.repeat(1024 * 1024) }));
    expectProblem(response, 413, 'request.too_large');
  });

  it('just under 1 MiB is read (and then judged on its content)', async () => {
    const response = await post('/api/v1/teams', JSON.stringify({ name: 'x'.repeat(1024 * 1024 - 100) }));
    expect(fieldsOf(expectProblem(response, 400, 'request.invalid'))).toEqual(['name']);
  });

  it('of a type other than JSON is a 415 problem', async () => {
    for (const type of [
      'text/plain',
      'application/xml',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      expectProblem(
        await post('/api/v1/teams', 'name=x', { 'content-type': type }),
        415,
        'request.unsupported_media_type',
      );
    }
  });
});

describe('a path', () => {
  it('under /api that does not exist is a 404 problem, with or without credentials', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/nothing-here'],
      ['POST', '/api/v1/customers-x'],
      ['DELETE', '/api/v2/users'],
      ['GET', '/api'],
      ['PUT', '/api/v1/users'],
    ] as const) {
      expectProblem(await t.app.inject({ method, url }), 404, 'request.not_found');
      expectProblem(await t.app.inject({ method, url, headers: admin.bearer }), 404, 'request.not_found');
    }
  });

  it('with an id that is not a UUID is a 400 naming it', async () => {
    const problem = expectProblem(
      await t.app.inject({ url: '/api/v1/users/42', headers: admin.bearer }),
      400,
      'request.invalid',
    );
    expect(fieldsOf(problem)).toEqual(['params.id']);
    expectProblem(
      await t.app.inject({ url: "/api/v1/users/1' or '1'='1", headers: admin.bearer }),
      400,
      'request.invalid',
    );
  });

  it('outside /api without a web build says so as a problem, not a stack trace', async () => {
    const response = await t.app.inject({ url: '/customers' });
    expectProblem(response, 404, 'request.not_found');
  });
});

describe('a list cursor', () => {
  it('that is garbage is a 400 naming cursor', async () => {
    const ids = [
      '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      '------------------------------------',
      'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz',
    ];
    const cursors = [
      'garbage',
      '!!!',
      Buffer.from('{"a":1}').toString('base64url'),
      Buffer.from('[1,2]').toString('base64url'),
      Buffer.from(JSON.stringify(['Zhang', 'not-a-uuid'])).toString('base64url'),
      ...ids.slice(1).map((id) => Buffer.from(JSON.stringify(['Zhang', id])).toString('base64url')),
    ];
    for (const cursor of cursors) {
      const response = await t.app.inject({
        url: `/api/v1/users?cursor=${encodeURIComponent(cursor)}`,
        headers: admin.bearer,
      });
      expect(fieldsOf(expectProblem(response, 400, 'request.invalid')), cursor).toEqual(['cursor']);
    }
  });

  it('from one sort used with another, or forged, is a 400 naming cursor (never a 500)', async () => {
    await Promise.all([1, 2, 3].map((i) => t.signedIn('viewer', { name: `Cursor ${i}` })));
    const byName = (
      await t.app.inject({ url: '/api/v1/users?sort=name&limit=1', headers: admin.bearer })
    ).json<{ nextCursor: string }>();
    expect(byName.nextCursor).toEqual(expect.any(String));
    for (const sort of ['createdAt', '-createdAt']) {
      const response = await t.app.inject({
        url: `/api/v1/users?sort=${sort}&cursor=${byName.nextCursor}`,
        headers: admin.bearer,
      });
      expect(fieldsOf(expectProblem(response, 400, 'request.invalid')), sort).toEqual(['cursor']);
    }
    const forged = Buffer.from(
      JSON.stringify(['2026-13-45 99:00:00+00', '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b']),
    ).toString('base64url');
    const audit = await t.app.inject({ url: `/api/v1/audit?cursor=${forged}`, headers: admin.bearer });
    expect(fieldsOf(expectProblem(audit, 400, 'request.invalid'))).toEqual(['cursor']);
    // the same sort in the other direction is another list too
    const reversed = await t.app.inject({
      url: `/api/v1/users?sort=-name&cursor=${byName.nextCursor}`,
      headers: admin.bearer,
    });
    expect(fieldsOf(expectProblem(reversed, 400, 'request.invalid'))).toEqual(['cursor']);
    // and the cursor still works in its own list
    const next = await t.app.inject({
      url: `/api/v1/users?sort=name&limit=1&cursor=${byName.nextCursor}`,
      headers: admin.bearer,
    });
    expect(next.statusCode).toBe(200);
  });
});

describe('credentials', () => {
  it.each([
    ['a malformed Authorization header', { authorization: 'Token abc' }],
    ['an unknown Bearer token', { authorization: 'Bearer gxs_unknown' }],
    ['a Bearer token of the wrong kind', { authorization: 'Bearer ghp_123' }],
  ])('that are bad give 401 problem+json: %s', async (_name, headers) => {
    expectProblem(await t.app.inject({ url: '/api/v1/users', headers }), 401, 'auth.required');
  });
});

describe('text with markup, SQL or Chinese', () => {
  const tricky = [
    "'); drop table users;--",
    '<script>alert(1)</script>',
    'Robert"); DELETE FROM teams; --',
    '${7*7} {{7*7}} %s %n \\x00',
    '北京市朝阳区建国门外大街甲六号中国人寿保险股份有限公司客户服务中心华北大区重点客户部第三团队（临时）'.slice(
      0,
      100,
    ),
  ];

  it('is stored and returned literally', async () => {
    for (const name of tricky) {
      const created = await post('/api/v1/teams', { name });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.headers['content-type']).toMatch(/^application\/json/);
      const team = created.json<Team>();
      expect(team.name).toBe(name.trim());
      const stored = await t.database.db
        .selectFrom('teams')
        .select('name')
        .where('id', '=', team.id)
        .executeTakeFirstOrThrow();
      expect(stored.name).toBe(name.trim());
    }
    const list = await t.app.inject({ url: '/api/v1/teams', headers: admin.bearer });
    const names = list.json<{ items: Team[] }>().items.map((i) => i.name);
    for (const name of tricky) expect(names).toContain(name.trim());
    expect(list.body).not.toContain('<script>alert(1)</script>"'.replace('"', '\\"'));
    // the tables are all still there
    expect((await t.database.db.selectFrom('users').select('id').execute()).length).toBeGreaterThan(0);
  });

  it('in a staff member is kept through create, read and search', async () => {
    const name = '<img src=x onerror=alert(1)> 欧阳娜娜';
    const created = await post('/api/v1/users', { email: 'markup@example.com', name, role: 'viewer' });
    expect(created.statusCode, created.body).toBe(201);
    const user = created.json<{ user: User }>().user;
    expect(user.name).toBe(name);
    const found = await t.app.inject({
      url: `/api/v1/users?q=${encodeURIComponent('欧阳')}`,
      headers: admin.bearer,
    });
    expect(found.json<{ items: User[] }>().items.map((u) => u.name)).toEqual([name]);
    const sqlSearch = await t.app.inject({
      url: `/api/v1/users?q=${encodeURIComponent("' or 1=1 --")}`,
      headers: admin.bearer,
    });
    expect(sqlSearch.json<{ items: User[] }>().items).toEqual([]);
  });

  it('with a NUL character (which PostgreSQL text cannot hold) is a 400 naming the field', async () => {
    expect(
      fieldsOf(expectProblem(await post('/api/v1/teams', { name: 'a\u0000b' }), 400, 'request.invalid')),
    ).toEqual(['name']);
    const user = await post('/api/v1/users', { email: 'nul@example.com', name: 'N\u0000', role: 'viewer' });
    expect(fieldsOf(expectProblem(user, 400, 'request.invalid'))).toEqual(['name']);
    const search = await t.app.inject({ url: '/api/v1/users?q=a%00b', headers: admin.bearer });
    expect(fieldsOf(expectProblem(search, 400, 'request.invalid'))).toEqual(['querystring.q']);
    for (const filter of ['entity', 'entityId', 'action']) {
      const audit = await t.app.inject({ url: `/api/v1/audit?${filter}=x%00`, headers: admin.bearer });
      expect(fieldsOf(expectProblem(audit, 400, 'request.invalid'))).toEqual([`querystring.${filter}`]);
    }
    const token = await post('/api/v1/auth/tokens', { name: '\u0000' });
    expect(fieldsOf(expectProblem(token, 400, 'request.invalid'))).toEqual(['name']);
  });

  it('longer than the limit is a 400, not a truncation', async () => {
    const problem = expectProblem(
      await post('/api/v1/teams', { name: '团'.repeat(101) }),
      400,
      'request.invalid',
    );
    expect(fieldsOf(problem)).toEqual(['name']);
  });
});

describe('problem titles', () => {
  it('follow Accept-Language', async () => {
    const zhCN = expectProblem(
      await t.app.inject({ url: '/api/v1/users', headers: { 'accept-language': 'zh-CN,zh;q=0.9' } }),
      401,
      'auth.required',
    );
    const zhTW = expectProblem(
      await t.app.inject({ url: '/api/v1/users', headers: { 'accept-language': 'zh-TW' } }),
      401,
      'auth.required',
    );
    const en = expectProblem(
      await t.app.inject({ url: '/api/v1/users', headers: { 'accept-language': 'en-US' } }),
      401,
      'auth.required',
    );
    expect([zhCN.title, zhTW.title, en.title]).toEqual(['请先登录', '請先登入', 'Please log in']);
  });
});

describe('no route', () => {
  it('answers any bad input with a 500 or a stack trace', async () => {
    const fuzzer = await t.signedIn('admin');
    const bodies: (string | undefined)[] = [
      undefined,
      '',
      '{',
      '[]',
      'null',
      '{"id":null,"version":-1,"name":null,"email":{},"role":[],"teamId":1,"active":"yes","locale":"xx","password":1}',
      JSON.stringify({
        version: 1e308,
        name: 'x'.repeat(10_000),
        email: 'a@b.c'.repeat(100),
        expiresAt: 'tomorrow',
      }),
      JSON.stringify({ version: 2 ** 31, name: '\u0000', currentPassword: '', newPassword: 'short' }),
      '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},"name":"proto"}',
    ];
    const queries = [
      '',
      '?limit=1e3',
      '?limit=NaN',
      '?cursor=%00',
      '?sort=-',
      '?from=2026-02-30',
      '?to=yesterday',
      '?q=%25%5F%5C',
      '?q=%00',
      '?entity=%00',
      '?userId=1',
      '?entity[]=x',
    ];
    const routes = registeredRoutes(t.app).filter(
      (r) => r.url.startsWith('/api') && !(r.method === 'POST' && r.url === '/api/v1/auth/logout'),
    );
    let requests = 0;
    for (const route of routes) {
      for (const url of [concreteUrl(route.url), route.url.replace(/:[A-Za-z]+/g, 'not-an-id')]) {
        for (const body of route.method === 'GET' || route.method === 'HEAD' ? [undefined] : bodies) {
          for (const query of route.method === 'GET' ? queries : ['']) {
            const response = await t.app.inject({
              method: route.method as 'POST',
              url: `${url}${query}`,
              headers: {
                ...fuzzer.bearer,
                ...(body !== undefined && { 'content-type': 'application/json' }),
              },
              ...(body !== undefined && { payload: body }),
            });
            requests++;
            const where = `${route.method} ${url}${query} ${body ?? ''}`.slice(0, 200);
            expect(response.statusCode, where).toBeLessThan(500);
            expect(response.body, where).not.toMatch(stackFrame);
            if (response.statusCode >= 400 && route.method !== 'HEAD')
              expectProblem(response, response.statusCode, response.json<{ code: string }>().code);
          }
        }
      }
    }
    expect(requests).toBeGreaterThan(300);
  });
});
