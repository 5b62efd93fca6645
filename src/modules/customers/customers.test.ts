import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '#src/modules/audit/audit.schema.ts';
import type { Customer } from '#src/modules/customers/customers.schema.ts';
import type { Team } from '#src/modules/users/users.schema.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { MINUTE, TestClock } from '#test/support/clock.ts';
import { buildTeam, buildUser } from '#test/support/factories.ts';
import { expectProblem, fieldsOf } from '#test/support/problem.ts';

/** Customers over HTTP (issue 4 item 1): create, read, change at a version, the recycle bin. */
let t: TestApp;
let admin: Session;
let sales: Session;
let team: Team;
const clock = new TestClock('2026-06-01T02:00:00.000Z');

beforeAll(async () => {
  t = await openTestApp({ clock });
  team = await buildTeam(t.deps, { name: 'East' });
  admin = await t.signedIn('admin');
  sales = await t.signedIn('sales', { teamId: team.id, name: 'Li Lei' });
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

const create = async (payload: object, session: Session = admin) => {
  const response = await api('POST', '/api/v1/customers', payload, session);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Customer>();
};

const auditOf = async (id: string) =>
  (await api('GET', `/api/v1/audit?entity=customer&entityId=${id}&limit=200`)).json<{ items: AuditEntry[] }>()
    .items;

describe('creating a customer', () => {
  it('requires login', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      payload: { kind: 'person', name: '张三' },
    });
    expectProblem(response, 401, 'auth.required');
  });

  it('by a salesperson: owned by them, in their team, with a generated ref and the phone in E.164', async () => {
    const customer = await create(
      {
        kind: 'person',
        name: '张三',
        phone: '138 0013 8000',
        email: 'Zhang.San@Example.com',
        tags: ['vip', 'vip'],
      },
      sales,
    );
    expect(customer).toMatchObject({
      kind: 'person',
      name: '张三',
      phone: '+8613800138000',
      email: 'zhang.san@example.com',
      country: 'CN',
      tags: ['vip'],
      lifecycleStage: 'prospect',
      keyAccount: false,
      ownerId: sales.user.id,
      ownerName: 'Li Lei',
      teamId: team.id,
      teamName: 'East',
      version: 1,
      createdAt: clock.now().toISOString(),
      deletedAt: null,
      erasedAt: null,
      consent: { email: null, sms: null, phone: null },
      custom: {},
    });
    expect(customer.ref).toMatch(/^C\d{8}$/);
    expect((await api('GET', `/api/v1/customers/${customer.id}`, undefined, sales)).json()).toEqual(customer);
    const keys = await t.database.db
      .selectFrom('customers')
      .select(['name_pinyin', 'name_initials', 'search_text'])
      .where('id', '=', customer.id)
      .executeTakeFirstOrThrow();
    expect(keys).toMatchObject({ name_pinyin: 'zhangsan', name_initials: 'zs' });
    expect(keys.search_text).toContain('13800138000');
    const [entry] = await auditOf(customer.id);
    expect(entry).toMatchObject({
      action: 'create',
      actorId: sales.user.id,
      after: customer,
      before: null,
    });
  });

  it('gives consecutive generated refs, skipping a number somebody typed by hand', async () => {
    const first = await create({ kind: 'person', name: 'Ref One' });
    const next = `C${String(Number(first.ref.slice(1)) + 1).padStart(8, '0')}`;
    await create({ kind: 'person', name: 'Typed', ref: next });
    const third = await create({ kind: 'person', name: 'Ref Three' });
    expect(third.ref).toBe(`C${String(Number(first.ref.slice(1)) + 2).padStart(8, '0')}`);
  });

  it('refuses a ref another customer has with 409 customer.ref_taken naming ref', async () => {
    await create({ kind: 'organization', name: 'Taken Ltd', ref: 'ERP-1' });
    const problem = expectProblem(
      await api('POST', '/api/v1/customers', { kind: 'person', name: 'Other', ref: 'ERP-1' }),
      409,
      'customer.ref_taken',
    );
    expect(fieldsOf(problem)).toEqual(['ref']);
  });

  it('stores a credit code upper-cased for an organisation, and refuses one with a wrong check character', async () => {
    const org = await create({
      kind: 'organization',
      name: '福州测试有限公司',
      creditCode: '91350100m000100y43',
    });
    expect(org.creditCode).toBe('91350100M000100Y43');
    const problem = expectProblem(
      await api('POST', '/api/v1/customers', {
        kind: 'organization',
        name: 'Bad',
        creditCode: '91350100M000100Y44',
      }),
      400,
      'request.invalid',
    );
    expect(fieldsOf(problem)).toEqual(['creditCode']);
  });

  it.each([
    ['NUL in the name', { kind: 'person', name: 'a\u0000b' }, ['name']],
    ['a name too long', { kind: 'person', name: 'x'.repeat(201) }, ['name']],
    ['an empty name', { kind: 'person', name: '   ' }, ['name']],
    ['a bad email', { kind: 'person', name: 'E', email: 'not-an-email' }, ['email']],
    ['an unknown kind', { kind: 'robot', name: 'R' }, ['kind']],
    ['an unknown field', { kind: 'person', name: 'U', favouriteColour: 'red' }, ['favouriteColour']],
    ['a phone number that is none', { kind: 'person', name: 'P', phone: '12345' }, ['phone']],
    [
      'a credit code for a person',
      { kind: 'person', name: 'C', creditCode: '91350100M000100Y43' },
      ['creditCode'],
    ],
    [
      'a birthday and gender for an organisation',
      { kind: 'organization', name: 'O', birthday: '1990-01-01', gender: 'male' },
      ['birthday', 'gender'],
    ],
    ['a birthday in the future', { kind: 'person', name: 'F', birthday: '2026-06-02' }, ['birthday']],
    ['an impossible birthday', { kind: 'person', name: 'F', birthday: '2001-02-30' }, ['birthday']],
    ['a tag with ;', { kind: 'person', name: 'T', tags: ['a;b'] }, ['tags.0']],
    ['a negative annual revenue', { kind: 'organization', name: 'R', annualRevenue: -1 }, ['annualRevenue']],
  ])('refuses %s with a 400 naming the field', async (_, payload, fields) => {
    const problem = expectProblem(await api('POST', '/api/v1/customers', payload), 400, 'request.invalid');
    expect(fieldsOf(problem)).toEqual(fields);
  });

  it('reads a phone number in the customer’s country', async () => {
    const customer = await create({ kind: 'person', name: 'Ann', country: 'gb', phone: '020 7946 0018' });
    expect(customer).toMatchObject({ country: 'GB', phone: '+442079460018' });
  });

  it('stamps consent with the server’s time and keeps its source', async () => {
    const customer = await create({
      kind: 'person',
      name: 'Consenting',
      consent: { email: { granted: true, source: 'web form' }, sms: { granted: false } },
    });
    expect(customer.consent).toEqual({
      email: { granted: true, at: clock.now().toISOString(), source: 'web form' },
      sms: { granted: false, at: clock.now().toISOString(), source: null },
      phone: null,
    });
  });
});

describe('owners of new customers', () => {
  it('a salesperson cannot create a customer for somebody else: 403 naming ownerId', async () => {
    const other = await buildUser(t.deps, { role: 'sales', teamId: team.id });
    const problem = expectProblem(
      await api('POST', '/api/v1/customers', { kind: 'person', name: 'Gift', ownerId: other.user.id }, sales),
      403,
      'auth.forbidden',
    );
    expect(fieldsOf(problem)).toEqual(['ownerId']);
    const unassigned = await api(
      'POST',
      '/api/v1/customers',
      { kind: 'person', name: 'Nobody', ownerId: null },
      sales,
    );
    expect(fieldsOf(expectProblem(unassigned, 403, 'auth.forbidden'))).toEqual(['ownerId']);
    // naming themselves is what the default does anyway
    const own = await create({ kind: 'person', name: 'Mine', ownerId: sales.user.id }, sales);
    expect(own.ownerId).toBe(sales.user.id);
  });

  it('a manager assigns within his team, not to another team', async () => {
    const manager = await t.signedIn('manager', { teamId: team.id });
    const member = await buildUser(t.deps, { role: 'sales', teamId: team.id });
    const outsider = await buildUser(t.deps, { role: 'sales', teamId: (await buildTeam(t.deps)).id });
    const assigned = await create({ kind: 'person', name: 'For member', ownerId: member.user.id }, manager);
    expect(assigned).toMatchObject({ ownerId: member.user.id, teamId: team.id });
    const problem = expectProblem(
      await api(
        'POST',
        '/api/v1/customers',
        { kind: 'person', name: 'Away', ownerId: outsider.user.id },
        manager,
      ),
      403,
      'auth.forbidden',
    );
    expect(fieldsOf(problem)).toEqual(['ownerId']);
  });

  it('an owner must be an active staff member: 400 naming ownerId', async () => {
    const gone = await buildUser(t.deps, { role: 'sales' });
    await api('DELETE', `/api/v1/users/${gone.user.id}`);
    for (const ownerId of [gone.user.id, '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b']) {
      const problem = expectProblem(
        await api('POST', '/api/v1/customers', { kind: 'person', name: 'X', ownerId }),
        400,
        'request.invalid',
      );
      expect(fieldsOf(problem)).toEqual(['ownerId']);
    }
  });
});

describe('changing a customer', () => {
  it('applies the change at the current version, recomputes the search keys and audits before and after', async () => {
    const customer = await create({ kind: 'person', name: '王芳', city: '上海' }, sales);
    clock.advance(MINUTE);
    const response = await api(
      'PATCH',
      `/api/v1/customers/${customer.id}`,
      { version: 1, name: '李娜', city: null, lifecycleStage: 'active', keyAccount: true },
      sales,
    );
    expect(response.statusCode, response.body).toBe(200);
    const changed = response.json<Customer>();
    expect(changed).toMatchObject({
      name: '李娜',
      city: null,
      lifecycleStage: 'active',
      keyAccount: true,
      version: 2,
      updatedAt: clock.now().toISOString(),
      createdAt: customer.createdAt,
    });
    const keys = await t.database.db
      .selectFrom('customers')
      .select(['name_pinyin', 'name_initials'])
      .where('id', '=', customer.id)
      .executeTakeFirstOrThrow();
    expect(keys).toEqual({ name_pinyin: 'lina', name_initials: 'ln' });
    const [update] = await auditOf(customer.id);
    expect(update).toMatchObject({ action: 'update', before: customer, after: changed });
  });

  it('refuses a stale version with 409 record.version_conflict naming version, and changes nothing', async () => {
    const customer = await create({ kind: 'person', name: 'Stale' });
    await api('PATCH', `/api/v1/customers/${customer.id}`, { version: 1, notes: 'first' });
    const problem = expectProblem(
      await api('PATCH', `/api/v1/customers/${customer.id}`, { version: 1, notes: 'second' }),
      409,
      'record.version_conflict',
    );
    expect(fieldsOf(problem)).toEqual(['version']);
    expect((await api('GET', `/api/v1/customers/${customer.id}`)).json()).toMatchObject({
      notes: 'first',
      version: 2,
    });
  });

  it('changes consent only where it changed, keeping the source when none is given', async () => {
    const customer = await create({
      kind: 'person',
      name: 'Consent',
      consent: { email: { granted: true, source: 'fair' } },
    });
    const first = customer.consent.email!.at;
    clock.advance(MINUTE);
    const same = (
      await api('PATCH', `/api/v1/customers/${customer.id}`, {
        version: 1,
        consent: { email: { granted: true } },
      })
    ).json<Customer>();
    expect(same.consent.email).toEqual({ granted: true, at: first, source: 'fair' });
    clock.advance(MINUTE);
    const withdrawn = (
      await api('PATCH', `/api/v1/customers/${customer.id}`, {
        version: 2,
        consent: { email: { granted: false } },
      })
    ).json<Customer>();
    expect(withdrawn.consent.email).toEqual({
      granted: false,
      at: clock.now().toISOString(),
      source: 'fair',
    });
  });

  it('a salesperson cannot give a customer away; an admin can, and the team follows the owner', async () => {
    const customer = await create({ kind: 'person', name: 'Keep' }, sales);
    const other = await buildUser(t.deps, { role: 'sales', teamId: (await buildTeam(t.deps)).id });
    const refused = await api(
      'PATCH',
      `/api/v1/customers/${customer.id}`,
      { version: 1, ownerId: other.user.id },
      sales,
    );
    expect(fieldsOf(expectProblem(refused, 403, 'auth.forbidden'))).toEqual(['ownerId']);
    const moved = (
      await api('PATCH', `/api/v1/customers/${customer.id}`, { version: 1, ownerId: other.user.id })
    ).json<Customer>();
    expect(moved).toMatchObject({ ownerId: other.user.id, teamId: other.user.teamId, version: 2 });
    // and now it is not the salesperson's any more
    expectProblem(
      await api('GET', `/api/v1/customers/${customer.id}`, undefined, sales),
      404,
      'customer.not_found',
    );
  });

  it('refuses facts of the other kind and a bad phone, naming each field', async () => {
    const org = await create({ kind: 'organization', name: 'Kinds Ltd' });
    const problem = expectProblem(
      await api('PATCH', `/api/v1/customers/${org.id}`, { version: 1, gender: 'female', phone: 'call me' }),
      400,
      'request.invalid',
    );
    expect(fieldsOf(problem)).toEqual(['gender', 'phone']);
  });

  it('answers 404 for a customer that does not exist', async () => {
    expectProblem(
      await api('PATCH', '/api/v1/customers/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', {
        version: 1,
        notes: 'x',
      }),
      404,
      'customer.not_found',
    );
  });
});

describe('the recycle bin', () => {
  it('soft-deletes at a version, lists the customer only in the bin, and restores it', async () => {
    const customer = await create({ kind: 'person', name: 'Binned Person' }, sales);
    expectProblem(
      await api('DELETE', `/api/v1/customers/${customer.id}`, { version: 7 }, sales),
      409,
      'record.version_conflict',
    );
    const missing = await api('DELETE', `/api/v1/customers/${customer.id}`, undefined, sales);
    expect(fieldsOf(expectProblem(missing, 400, 'request.invalid'))).toEqual(['version']);

    const deleted = await api('DELETE', `/api/v1/customers/${customer.id}`, { version: 1 }, sales);
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(deleted.json<Customer>()).toMatchObject({ deletedAt: clock.now().toISOString(), version: 2 });

    const live = (await api('GET', '/api/v1/customers?q=Binned&limit=200', undefined, sales)).json<{
      items: Customer[];
    }>();
    expect(live.items.map((c) => c.id)).not.toContain(customer.id);
    const bin = (await api('GET', '/api/v1/customers?q=Binned&deleted=true', undefined, sales)).json<{
      items: Customer[];
    }>();
    expect(bin.items.map((c) => c.id)).toEqual([customer.id]);
    // still readable, and not changeable until restored
    expect((await api('GET', `/api/v1/customers/${customer.id}`, undefined, sales)).json()).toMatchObject({
      version: 2,
    });
    expectProblem(
      await api('PATCH', `/api/v1/customers/${customer.id}`, { version: 2, notes: 'x' }, sales),
      409,
      'customer.deleted',
    );

    const restored = await api('POST', `/api/v1/customers/${customer.id}/restore`, { version: 2 }, sales);
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json<Customer>()).toMatchObject({ deletedAt: null, version: 3 });
    const actions = (await auditOf(customer.id)).map((e) => e.action);
    expect(actions).toEqual(['restore', 'delete', 'create']);
  });

  it('takes the version from the query string when DELETE has no body', async () => {
    const customer = await create({ kind: 'person', name: 'Query Delete' });
    const response = await api('DELETE', `/api/v1/customers/${customer.id}?version=1`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<Customer>().deletedAt).not.toBeNull();
  });
});
