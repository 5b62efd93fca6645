import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Team, User } from '#src/modules/users/users.schema.ts';
import { updateUser } from '#src/modules/users/users.service.ts';
import { AppError } from '#src/shared/errors.ts';
import { nextClientAddress, openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { buildTeam, buildUser, setupActor } from '#test/support/factories.ts';
import { expectProblem, fieldsOf } from '#test/support/problem.ts';

let t: TestApp;
let admin: Session;

beforeAll(async () => {
  t = await openTestApp();
  admin = await t.signedIn('admin');
});
afterAll(() => t?.close());

const api = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  session: Session = admin,
) =>
  t.app.inject({
    method,
    url,
    headers: session.bearer,
    ...(payload !== undefined && { payload: payload as object }),
  });
const login = (email: string, password: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: nextClientAddress(),
  });
const getUser = async (id: string) => (await api('GET', `/api/v1/users/${id}`)).json<User>();

describe('creating a staff account', () => {
  it('returns a generated password once, and that password logs in', async () => {
    const response = await api('POST', '/api/v1/users', {
      email: 'New.Person@Example.com',
      name: '新同事',
      role: 'sales',
    });
    expect(response.statusCode, response.body).toBe(201);
    const { user, password } = response.json<{ user: User; password: string }>();
    expect(user).toMatchObject({
      email: 'new.person@example.com',
      name: '新同事',
      role: 'sales',
      active: true,
      version: 1,
      locale: 'zh-CN',
    });
    expect(password).toMatch(/^\S{20}$/);
    expect(response.body).not.toMatch(/argon|hash/i);
    // shown once: reading the account back never shows it
    const read = await api('GET', `/api/v1/users/${user.id}`);
    expect(read.body).not.toContain(password);
    expect(read.json()).toEqual(user);
    expect((await login('new.person@example.com', password)).statusCode).toBe(200);
  });

  it('with a chosen password returns no password', async () => {
    const response = await api('POST', '/api/v1/users', {
      email: 'chosen@example.com',
      name: 'Chosen',
      role: 'viewer',
      password: 'Chosen-pass-42',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).not.toHaveProperty('password');
    expect((await login('chosen@example.com', 'Chosen-pass-42')).statusCode).toBe(200);
  });

  it('with an email already in use, in any case, is a 409 naming email', async () => {
    await buildUser(t.deps, { email: 'taken@example.com' });
    const problem = expectProblem(
      await api('POST', '/api/v1/users', { email: 'TAKEN@example.COM', name: 'Dup', role: 'sales' }),
      409,
      'user.email_taken',
    );
    expect(fieldsOf(problem)).toEqual(['email']);
    const rows = await t.database.db
      .selectFrom('users')
      .select('id')
      .where('email', 'ilike', 'taken@example.com')
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('with a weak password or a team that does not exist is refused', async () => {
    const weak = expectProblem(
      await api('POST', '/api/v1/users', {
        email: 'weak@example.com',
        name: 'Weak',
        role: 'sales',
        password: 'aaaaaaaaaa',
      }),
      400,
      'request.invalid',
    );
    expect(fieldsOf(weak)).toContain('password');
    const noTeam = expectProblem(
      await api('POST', '/api/v1/users', {
        email: 'noteam@example.com',
        name: 'No team',
        role: 'sales',
        teamId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      }),
      404,
      'team.not_found',
    );
    expect(fieldsOf(noTeam)).toEqual(['teamId']);
  });
});

describe('changing a staff account', () => {
  it('updates role and team at the current version and bumps the version', async () => {
    const { user } = await buildUser(t.deps, { role: 'sales' });
    const team = await buildTeam(t.deps);
    const response = await api('PATCH', `/api/v1/users/${user.id}`, {
      version: 1,
      role: 'manager',
      teamId: team.id,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      role: 'manager',
      teamId: team.id,
      teamName: team.name,
      version: 2,
    });
    expect(await getUser(user.id)).toMatchObject({ role: 'manager', teamId: team.id, version: 2 });
  });

  it('with a stale version is a 409 naming version, and changes nothing', async () => {
    const { user } = await buildUser(t.deps, { role: 'sales' });
    expect((await api('PATCH', `/api/v1/users/${user.id}`, { version: 1, name: 'First' })).statusCode).toBe(
      200,
    );
    const problem = expectProblem(
      await api('PATCH', `/api/v1/users/${user.id}`, { version: 1, role: 'admin' }),
      409,
      'record.version_conflict',
    );
    expect(fieldsOf(problem)).toEqual(['version']);
    expect(await getUser(user.id)).toMatchObject({ name: 'First', role: 'sales', version: 2 });
  });

  it('of an account that does not exist is a 404', async () => {
    expectProblem(
      await api('PATCH', '/api/v1/users/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', { version: 1, name: 'x' }),
      404,
      'user.not_found',
    );
  });
});

describe('the last active admin', () => {
  let lone: TestApp;
  let soleAdmin: Session;
  beforeAll(async () => {
    lone = await openTestApp();
    soleAdmin = await lone.signedIn('admin');
  });
  afterAll(() => lone?.close());
  const patchMe = (payload: object) =>
    lone.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${soleAdmin.user.id}`,
      headers: soleAdmin.bearer,
      payload,
    });

  it('cannot be demoted', async () => {
    const problem = expectProblem(
      await patchMe({ version: soleAdmin.user.version, role: 'manager' }),
      409,
      'user.last_admin',
    );
    expect(fieldsOf(problem)).toEqual(['role']);
  });

  it('cannot be deactivated, even by the CLI', async () => {
    const error = await updateUser(lone.deps, setupActor, soleAdmin.user.id, {
      version: soleAdmin.user.version,
      active: false,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('user.last_admin');
    const stored = await lone.database.db
      .selectFrom('users')
      .select(['role', 'active'])
      .where('id', '=', soleAdmin.user.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ role: 'admin', active: true });
  });

  it('is still the last when the other admins are deactivated', async () => {
    const other = await lone.signedIn('admin');
    const deactivate = await lone.app.inject({
      method: 'DELETE',
      url: `/api/v1/users/${other.user.id}`,
      headers: soleAdmin.bearer,
    });
    expect(deactivate.statusCode, deactivate.body).toBe(200);
    expectProblem(
      await patchMe({ version: soleAdmin.user.version, role: 'manager' }),
      409,
      'user.last_admin',
    );
  });

  it('can step down once another active admin exists, who is then the last', async () => {
    const other = await lone.signedIn('admin');
    const response = await patchMe({ version: soleAdmin.user.version, role: 'viewer' });
    expect(response.statusCode, response.body).toBe(200);
    const demote = await lone.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${other.user.id}`,
      headers: other.bearer,
      payload: { version: other.user.version, role: 'sales' },
    });
    expectProblem(demote, 409, 'user.last_admin');
  });
});

describe('deactivating', () => {
  it('yourself is refused with 409', async () => {
    await buildUser(t.deps, { role: 'admin' });
    const me = await getUser(admin.user.id);
    const problem = expectProblem(
      await api('PATCH', `/api/v1/users/${admin.user.id}`, { version: me.version, active: false }),
      409,
      'user.self_deactivation',
    );
    expect(fieldsOf(problem)).toEqual(['active']);
    expectProblem(await api('DELETE', `/api/v1/users/${admin.user.id}`), 409, 'user.self_deactivation');
    expect((await getUser(admin.user.id)).active).toBe(true);
  });

  it('someone else keeps the account (never deleted) and ends their sessions', async () => {
    const staff = await t.signedIn('service');
    const response = await api('DELETE', `/api/v1/users/${staff.user.id}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: staff.user.id, active: false });
    const sessions = await t.database.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', staff.user.id)
      .execute();
    expect(sessions).toEqual([]);
    expect(await getUser(staff.user.id)).toMatchObject({ active: false });
    const inactive = (await api('GET', '/api/v1/users?active=false&limit=200')).json<{ items: User[] }>()
      .items;
    expect(inactive.map((u) => u.id)).toContain(staff.user.id);
  });
});

describe('resetting a password', () => {
  it('sets a generated password, shown once, and ends the sessions', async () => {
    const staff = await t.signedIn('sales');
    const response = await api('POST', `/api/v1/users/${staff.user.id}/reset-password`, {});
    expect(response.statusCode, response.body).toBe(200);
    const { password } = response.json<{ password: string }>();
    expect(password).toMatch(/^\S{20}$/);
    expectProblem(await t.app.inject({ url: '/api/v1/me', headers: staff.bearer }), 401, 'auth.required');
    expectProblem(await login(staff.user.email, staff.password), 401, 'auth.invalid_credentials');
    expect((await login(staff.user.email, password)).statusCode).toBe(200);
  });

  it('to a chosen password returns none', async () => {
    const { user } = await buildUser(t.deps);
    const response = await api('POST', `/api/v1/users/${user.id}/reset-password`, {
      password: 'Chosen-reset-77',
    });
    expect(response.json()).toEqual({});
    expect((await login(user.email, 'Chosen-reset-77')).statusCode).toBe(200);
  });

  it('of an account that does not exist is a 404', async () => {
    expectProblem(
      await api('POST', '/api/v1/users/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b/reset-password', {}),
      404,
      'user.not_found',
    );
  });
});

describe('teams', () => {
  it('are created, renamed at their version, and listed with member counts', async () => {
    const created = await api('POST', '/api/v1/teams', { name: '华东销售' });
    expect(created.statusCode, created.body).toBe(201);
    const team = created.json<Team>();
    expect(team).toMatchObject({ name: '华东销售', members: 0, version: 1 });
    const renamed = await api('PATCH', `/api/v1/teams/${team.id}`, { version: 1, name: 'East China Sales' });
    expect(renamed.json()).toMatchObject({ id: team.id, name: 'East China Sales', version: 2 });
    await buildUser(t.deps, { teamId: team.id });
    await buildUser(t.deps, { teamId: team.id });
    const list = (await api('GET', '/api/v1/teams')).json<{ items: Team[] }>();
    expect(list.items.find((i) => i.id === team.id)).toMatchObject({ name: 'East China Sales', members: 2 });
  });

  it('cannot share a name, in any case', async () => {
    await buildTeam(t.deps, { name: 'Key Accounts' });
    const problem = expectProblem(
      await api('POST', '/api/v1/teams', { name: 'KEY accounts' }),
      409,
      'team.name_taken',
    );
    expect(fieldsOf(problem)).toEqual(['name']);
    const other = await buildTeam(t.deps);
    expectProblem(
      await api('PATCH', `/api/v1/teams/${other.id}`, { version: 1, name: 'key ACCOUNTS' }),
      409,
      'team.name_taken',
    );
  });

  it('renamed at a stale version is a 409 naming version', async () => {
    const team = await buildTeam(t.deps);
    expect(
      (await api('PATCH', `/api/v1/teams/${team.id}`, { version: 1, name: `${team.name} 2` })).statusCode,
    ).toBe(200);
    const problem = expectProblem(
      await api('PATCH', `/api/v1/teams/${team.id}`, { version: 1, name: `${team.name} 3` }),
      409,
      'record.version_conflict',
    );
    expect(fieldsOf(problem)).toEqual(['version']);
  });

  it('with members cannot be deleted (409); empty ones can', async () => {
    const team = await buildTeam(t.deps);
    const { user } = await buildUser(t.deps, { teamId: team.id });
    expectProblem(await api('DELETE', `/api/v1/teams/${team.id}`), 409, 'team.has_members');
    expect((await api('PATCH', `/api/v1/users/${user.id}`, { version: 1, teamId: null })).statusCode).toBe(
      200,
    );
    expect((await api('DELETE', `/api/v1/teams/${team.id}`)).statusCode).toBe(204);
    expect(
      (await api('GET', '/api/v1/teams')).json<{ items: Team[] }>().items.map((i) => i.id),
    ).not.toContain(team.id);
    expectProblem(await api('DELETE', `/api/v1/teams/${team.id}`), 404, 'team.not_found');
  });
});

describe('your own account', () => {
  it('keeps a changed language and name', async () => {
    const staff = await t.signedIn('marketing');
    const response = await api('PATCH', '/api/v1/me', { locale: 'en', name: 'Mia 米娅' }, staff);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ locale: 'en', name: 'Mia 米娅', role: 'marketing' });
    expect((await api('GET', '/api/v1/me', undefined, staff)).json()).toMatchObject({
      locale: 'en',
      name: 'Mia 米娅',
    });
    const stored = await t.database.db
      .selectFrom('users')
      .select(['locale', 'name'])
      .where('id', '=', staff.user.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ locale: 'en', name: 'Mia 米娅' });
  });

  it('cannot change its own role through /me', async () => {
    const staff = await t.signedIn('viewer');
    const problem = expectProblem(
      await api('PATCH', '/api/v1/me', { role: 'admin' }, staff),
      400,
      'request.invalid',
    );
    expect(fieldsOf(problem)).toEqual(['role']);
    expect((await getUser(staff.user.id)).role).toBe('viewer');
  });

  it('changes its password only with the current one', async () => {
    const staff = await t.signedIn('sales');
    const wrong = await api(
      'POST',
      '/api/v1/me/password',
      { currentPassword: 'not-my-password-1', newPassword: 'Brand-new-pass-9' },
      staff,
    );
    expect(fieldsOf(expectProblem(wrong, 400, 'auth.wrong_password'))).toEqual(['currentPassword']);
    expect((await login(staff.user.email, staff.password)).statusCode).toBe(200);
    const right = await api(
      'POST',
      '/api/v1/me/password',
      { currentPassword: staff.password, newPassword: 'Brand-new-pass-9' },
      staff,
    );
    expect(right.statusCode, right.body).toBe(204);
    expectProblem(await login(staff.user.email, staff.password), 401, 'auth.invalid_credentials');
    expect((await login(staff.user.email, 'Brand-new-pass-9')).statusCode).toBe(200);
  });

  it('ends its other sessions when it changes its password, and keeps this one', async () => {
    const staff = await t.signedIn('service');
    const elsewhere = (await login(staff.user.email, staff.password)).json<{ token: string }>().token;
    const other = { ...staff, bearer: { authorization: `Bearer ${elsewhere}` } };
    expect((await api('GET', '/api/v1/me', undefined, other)).statusCode).toBe(200);
    const changed = await api(
      'POST',
      '/api/v1/me/password',
      { currentPassword: staff.password, newPassword: 'Another-new-pass-7' },
      staff,
    );
    expect(changed.statusCode, changed.body).toBe(204);
    expectProblem(await api('GET', '/api/v1/me', undefined, other), 401, 'auth.required');
    expect((await api('GET', '/api/v1/me', undefined, staff)).statusCode).toBe(200);
  });
});
