import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '#src/modules/audit/audit.schema.ts';
import type { Customer, CustomerListItem } from '#src/modules/customers/customers.schema.ts';
import type { Role, Team } from '#src/modules/users/users.schema.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { buildCustomer, buildTeam, buildUser } from '#test/support/factories.ts';
import { expectProblem, fieldsOf } from '#test/support/problem.ts';

/**
 * Ownership (issue 4 item 9, DESIGN §5): sales staff see and change their own customers, managers their team's,
 * admins all; service, marketing and viewers read every customer and change none. A customer the user may not
 * see answers 404, never 403. Assignment and bulk transfer need customers.transfer.
 */
let t: TestApp;
let east: Team;
let west: Team;
const s: Record<string, Session> = {};
const c: Record<string, Customer> = {};

beforeAll(async () => {
  t = await openTestApp();
  east = await buildTeam(t.deps, { name: 'East' });
  west = await buildTeam(t.deps, { name: 'West' });
  s.admin = await t.signedIn('admin');
  s.eastManager = await t.signedIn('manager', { teamId: east.id });
  s.eastSales = await t.signedIn('sales', { teamId: east.id });
  s.eastSales2 = await t.signedIn('sales', { teamId: east.id });
  s.westSales = await t.signedIn('sales', { teamId: west.id });
  for (const role of ['service', 'marketing', 'viewer'] as Role[]) s[role] = await t.signedIn(role);
  c.eastOwn = await buildCustomer(t.deps, { name: 'East One', ownerId: s.eastSales!.user.id, tags: ['own'] });
  c.eastOther = await buildCustomer(t.deps, {
    name: 'East Two',
    ownerId: s.eastSales2!.user.id,
    tags: ['own'],
  });
  c.eastManagers = await buildCustomer(t.deps, {
    name: 'East Boss',
    ownerId: s.eastManager!.user.id,
    tags: ['own'],
  });
  c.west = await buildCustomer(t.deps, { name: 'West One', ownerId: s.westSales!.user.id, tags: ['own'] });
  c.nobody = await buildCustomer(t.deps, { name: 'Nobody’s', tags: ['own'] });
});
afterAll(() => t?.close());

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, session: Session, payload?: object) =>
  t.app.inject({ method, url, headers: session.bearer, ...(payload !== undefined && { payload }) });

const visible = async (session: Session) =>
  (await api('GET', '/api/v1/customers?tag=own&limit=200', session))
    .json<{ items: CustomerListItem[] }>()
    .items.map((item) => item.name)
    .sort();

describe('who sees which customers', () => {
  it.each([
    ['a salesperson: only their own', 'eastSales', ['East One']],
    ['a manager: his team’s and his own', 'eastManager', ['East Boss', 'East One', 'East Two']],
    ['an admin: all', 'admin', ['East Boss', 'East One', 'East Two', 'Nobody’s', 'West One']],
    ['service staff: all, to read', 'service', ['East Boss', 'East One', 'East Two', 'Nobody’s', 'West One']],
    ['marketing: all, to read', 'marketing', ['East Boss', 'East One', 'East Two', 'Nobody’s', 'West One']],
    ['a viewer: all, to read', 'viewer', ['East Boss', 'East One', 'East Two', 'Nobody’s', 'West One']],
  ])('%s', async (_, who, names) => {
    expect(await visible(s[who]!)).toEqual(names);
  });

  it('sales staff cannot see another owner’s customer: 404, not 403', async () => {
    for (const id of [c.eastOther!.id, c.west!.id, c.nobody!.id]) {
      expectProblem(await api('GET', `/api/v1/customers/${id}`, s.eastSales!), 404, 'customer.not_found');
      expectProblem(
        await api('PATCH', `/api/v1/customers/${id}`, s.eastSales!, { version: 1, notes: 'x' }),
        404,
        'customer.not_found',
      );
      expectProblem(
        await api('DELETE', `/api/v1/customers/${id}?version=1`, s.eastSales!),
        404,
        'customer.not_found',
      );
    }
  });

  it('a manager cannot see another team’s customer', async () => {
    expectProblem(
      await api('GET', `/api/v1/customers/${c.west!.id}`, s.eastManager!),
      404,
      'customer.not_found',
    );
    const read = await api('GET', `/api/v1/customers/${c.eastOther!.id}`, s.eastManager!);
    expect(read.statusCode).toBe(200);
  });

  it('service, marketing and viewers read customers but change none', async () => {
    for (const role of ['service', 'marketing', 'viewer']) {
      expect((await api('GET', `/api/v1/customers/${c.eastOwn!.id}`, s[role]!)).statusCode).toBe(200);
      expectProblem(
        await api('PATCH', `/api/v1/customers/${c.eastOwn!.id}`, s[role]!, { version: 1, notes: 'x' }),
        403,
        'auth.forbidden',
      );
      expectProblem(
        await api('POST', '/api/v1/customers', s[role]!, { kind: 'person', name: 'Mine now' }),
        403,
        'auth.forbidden',
      );
    }
  });

  it('a manager changes a team member’s customer', async () => {
    const fresh = await buildCustomer(t.deps, { ownerId: s.eastSales2!.user.id });
    const response = await api('PATCH', `/api/v1/customers/${fresh.id}`, s.eastManager!, {
      version: 1,
      notes: 'seen',
    });
    expect(response.statusCode, response.body).toBe(200);
  });

  it('requires login for reading one customer', async () => {
    expectProblem(await t.app.inject({ url: `/api/v1/customers/${c.eastOwn!.id}` }), 401, 'auth.required');
  });
});

describe('bulk transfer', () => {
  const transfer = (session: Session, payload: object) =>
    api('POST', '/api/v1/customers/transfer', session, payload);

  it('gives the listed customers to the new owner and his team, with one audit entry', async () => {
    const a = await buildCustomer(t.deps, { ownerId: s.eastSales!.user.id });
    const b = await buildCustomer(t.deps, { ownerId: s.eastSales2!.user.id });
    const response = await transfer(s.admin!, { toOwnerId: s.westSales!.user.id, customerIds: [a.id, b.id] });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ transferred: 2 });
    for (const id of [a.id, b.id]) {
      const moved = (await api('GET', `/api/v1/customers/${id}`, s.admin!)).json<Customer>();
      expect(moved).toMatchObject({ ownerId: s.westSales!.user.id, teamId: west.id, version: 2 });
    }
    const audit = (await api('GET', '/api/v1/audit?entity=customer&action=transfer', s.admin!)).json<{
      items: AuditEntry[];
    }>();
    expect(audit.items[0]).toMatchObject({
      actorId: s.admin!.user.id,
      before: { owners: { [s.eastSales!.user.id]: [a.id], [s.eastSales2!.user.id]: [b.id] } },
      after: { ownerId: s.westSales!.user.id, teamId: west.id, transferred: 2 },
    });
    // a stale version from before the transfer no longer applies
    expectProblem(
      await api('PATCH', `/api/v1/customers/${a.id}`, s.admin!, { version: 1, notes: 'old' }),
      409,
      'record.version_conflict',
    );
  });

  it('moves every customer of one owner', async () => {
    const leaving = await buildUser(t.deps, { role: 'sales', teamId: east.id });
    for (let i = 0; i < 3; i++) await buildCustomer(t.deps, { ownerId: leaving.user.id });
    const response = await transfer(s.eastManager!, {
      fromOwnerId: leaving.user.id,
      toOwnerId: s.eastSales2!.user.id,
    });
    expect(response.json()).toEqual({ transferred: 3 });
    const left = await api('GET', `/api/v1/customers?ownerId=${leaving.user.id}`, s.admin!);
    expect(left.json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('a manager moves only his team’s customers, and only within his team', async () => {
    const outside = await transfer(s.eastManager!, {
      toOwnerId: s.eastSales!.user.id,
      customerIds: [c.eastOther!.id, c.west!.id],
    });
    expect(fieldsOf(expectProblem(outside, 404, 'customer.not_found'))).toEqual(['customerIds.1']);
    expect((await api('GET', `/api/v1/customers/${c.eastOther!.id}`, s.admin!)).json()).toMatchObject({
      ownerId: s.eastSales2!.user.id,
    });
    const away = await transfer(s.eastManager!, {
      toOwnerId: s.westSales!.user.id,
      customerIds: [c.eastOther!.id],
    });
    expect(fieldsOf(expectProblem(away, 403, 'auth.forbidden'))).toEqual(['toOwnerId']);
  });

  it('sales staff cannot transfer at all', async () => {
    expectProblem(
      await transfer(s.eastSales!, { toOwnerId: s.eastSales2!.user.id, customerIds: [c.eastOwn!.id] }),
      403,
      'auth.forbidden',
    );
  });

  it('the new owner must be an active staff member', async () => {
    const gone = await buildUser(t.deps, { role: 'sales' });
    await api('DELETE', `/api/v1/users/${gone.user.id}`, s.admin!);
    const response = await transfer(s.admin!, { toOwnerId: gone.user.id, customerIds: [c.nobody!.id] });
    expect(fieldsOf(expectProblem(response, 400, 'request.invalid'))).toEqual(['toOwnerId']);
  });

  it('needs either the customers or their owner', async () => {
    const response = await transfer(s.admin!, { toOwnerId: s.eastSales!.user.id });
    expect(fieldsOf(expectProblem(response, 400, 'request.invalid'))).toEqual(['customerIds']);
  });

  it('requires login', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/customers/transfer', payload: {} });
    expectProblem(response, 401, 'auth.required');
  });
});

describe('a staff member moving to another team', () => {
  it('takes their customers along: the new team’s manager sees them, the old one no longer, with one audit entry', async () => {
    const north = await buildTeam(t.deps, { name: 'North' });
    const south = await buildTeam(t.deps, { name: 'South' });
    const northManager = await t.signedIn('manager', { teamId: north.id });
    const southManager = await t.signedIn('manager', { teamId: south.id });
    const mover = await buildUser(t.deps, { role: 'sales', teamId: north.id });
    const stays = await buildUser(t.deps, { role: 'sales', teamId: north.id });
    const first = await buildCustomer(t.deps, { ownerId: mover.user.id });
    const second = await buildCustomer(t.deps, { ownerId: mover.user.id });
    const colleagues = await buildCustomer(t.deps, { ownerId: stays.user.id });

    const renamed = await api('PATCH', `/api/v1/users/${mover.user.id}`, s.admin!, {
      version: mover.user.version,
      name: 'Renamed, same team',
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const moved = await api('PATCH', `/api/v1/users/${mover.user.id}`, s.admin!, {
      version: renamed.json<{ version: number }>().version,
      teamId: south.id,
    });
    expect(moved.statusCode, moved.body).toBe(200);

    for (const customer of [first, second]) {
      expect((await api('GET', `/api/v1/customers/${customer.id}`, southManager)).json()).toMatchObject({
        ownerId: mover.user.id,
        teamId: south.id,
        version: 2,
      });
      expectProblem(
        await api('GET', `/api/v1/customers/${customer.id}`, northManager),
        404,
        'customer.not_found',
      );
    }
    expect((await api('GET', `/api/v1/customers/${colleagues.id}`, northManager)).json()).toMatchObject({
      teamId: north.id,
      version: 1,
    });
    const audit = (await api('GET', '/api/v1/audit?entity=customer&action=transfer', s.admin!)).json<{
      items: AuditEntry[];
    }>();
    const entries = audit.items.filter((entry) => JSON.stringify(entry).includes(first.id));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorId: s.admin!.user.id,
      before: { ownerId: mover.user.id, teams: { [north.id]: [first.id, second.id].sort() } },
      after: { ownerId: mover.user.id, teamId: south.id, transferred: 2 },
    });
  });
});
