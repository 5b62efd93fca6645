import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '#src/modules/audit/audit.schema.ts';
import type { Customer, CustomerLink, CustomerListItem } from '#src/modules/customers/customers.schema.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { buildCustomer } from '#test/support/factories.ts';
import { expectProblem, fieldsOf } from '#test/support/problem.ts';

/** Relationships (issue 4 item 2): people linked to organisations with a role, and organisation hierarchies. */
let t: TestApp;
let admin: Session;
let sales: Session;
let otherSales: Session;
let person: Customer;
let org: Customer;

beforeAll(async () => {
  t = await openTestApp();
  admin = await t.signedIn('admin');
  sales = await t.signedIn('sales');
  otherSales = await t.signedIn('sales');
  person = await buildCustomer(t.deps, { name: '王经理', ownerId: sales.user.id });
  org = await buildCustomer(t.deps, { kind: 'organization', name: '华东贸易', ownerId: sales.user.id });
});
afterAll(() => t?.close());

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, session: Session, payload?: object) =>
  t.app.inject({ method, url, headers: session.bearer, ...(payload !== undefined && { payload }) });
const linksOf = async (id: string, session: Session = sales) =>
  (await api('GET', `/api/v1/customers/${id}/links`, session)).json<{ items: CustomerLink[] }>().items;

describe('links between people and organisations', () => {
  it('links a person to an organisation with a role, seen from both sides with names', async () => {
    const response = await api('POST', '/api/v1/customer-links', sales, {
      personId: person.id,
      organizationId: org.id,
      role: 'decision_maker',
      title: '采购总监',
    });
    expect(response.statusCode, response.body).toBe(201);
    const link = response.json<CustomerLink>();
    expect(link).toMatchObject({
      personId: person.id,
      personName: '王经理',
      organizationId: org.id,
      organizationName: '华东贸易',
      role: 'decision_maker',
      strength: 3,
      title: '采购总监',
      version: 1,
    });
    expect(await linksOf(person.id)).toEqual([link]);
    expect(await linksOf(org.id)).toEqual([link]);
    // the audit keeps ids, not names (an erased person leaves nothing of them there)
    const audit = (await api('GET', `/api/v1/audit?entity=customer_link&entityId=${link.id}`, admin)).json<{
      items: AuditEntry[];
    }>();
    expect(audit.items[0]).toMatchObject({ action: 'create', after: { personId: person.id } });
    expect(JSON.stringify(audit.items)).not.toContain('王经理');
  });

  it('refuses the same pair twice with 409 customer_link.exists', async () => {
    const other = await buildCustomer(t.deps, {
      kind: 'organization',
      name: 'Twice Ltd',
      ownerId: sales.user.id,
    });
    const payload = { personId: person.id, organizationId: other.id, role: 'buyer' };
    expect((await api('POST', '/api/v1/customer-links', sales, payload)).statusCode).toBe(201);
    expectProblem(
      await api('POST', '/api/v1/customer-links', sales, { ...payload, role: 'user' }),
      409,
      'customer_link.exists',
    );
  });

  it('needs a person and an organisation, in that order', async () => {
    const swapped = await api('POST', '/api/v1/customer-links', sales, {
      personId: org.id,
      organizationId: person.id,
      role: 'buyer',
    });
    expect(fieldsOf(expectProblem(swapped, 400, 'request.invalid'))).toEqual(['personId']);
    const bad = await api('POST', '/api/v1/customer-links', sales, {
      personId: person.id,
      organizationId: org.id,
      role: 'boss',
      strength: 9,
    });
    expect(fieldsOf(expectProblem(bad, 400, 'request.invalid'))).toEqual(['role', 'strength']);
  });

  it('does not link to another owner’s customer: 404 naming it', async () => {
    const theirs = await buildCustomer(t.deps, { kind: 'organization', ownerId: otherSales.user.id });
    const response = await api('POST', '/api/v1/customer-links', sales, {
      personId: person.id,
      organizationId: theirs.id,
      role: 'buyer',
    });
    expect(fieldsOf(expectProblem(response, 404, 'customer.not_found'))).toEqual(['organizationId']);
  });

  it('does not show another owner’s records: links to customers the user may not see are left out', async () => {
    const theirs = await buildCustomer(t.deps, {
      kind: 'organization',
      name: 'Hidden Co',
      ownerId: otherSales.user.id,
    });
    await api('POST', '/api/v1/customer-links', admin, {
      personId: person.id,
      organizationId: theirs.id,
      role: 'user',
    });
    expect((await linksOf(person.id, admin)).map((l) => l.organizationName)).toContain('Hidden Co');
    expect((await linksOf(person.id, sales)).map((l) => l.organizationName)).not.toContain('Hidden Co');
    expectProblem(await api('GET', `/api/v1/customers/${theirs.id}/links`, sales), 404, 'customer.not_found');
    const [hidden] = (await linksOf(theirs.id, admin)).filter((l) => l.personId === person.id);
    expectProblem(
      await api('PATCH', `/api/v1/customer-links/${hidden!.id}`, sales, { version: 1, strength: 5 }),
      404,
      'customer_link.not_found',
    );
    expectProblem(
      await api('DELETE', `/api/v1/customer-links/${hidden!.id}`, sales),
      404,
      'customer_link.not_found',
    );
  });

  it('changes a link at its version and deletes it', async () => {
    const other = await buildCustomer(t.deps, { kind: 'organization', ownerId: sales.user.id });
    const link = (
      await api('POST', '/api/v1/customer-links', sales, {
        personId: person.id,
        organizationId: other.id,
        role: 'user',
      })
    ).json<CustomerLink>();
    const changed = await api('PATCH', `/api/v1/customer-links/${link.id}`, sales, {
      version: 1,
      role: 'influencer',
      strength: 5,
      title: null,
    });
    expect(changed.json()).toMatchObject({ role: 'influencer', strength: 5, title: null, version: 2 });
    expectProblem(
      await api('PATCH', `/api/v1/customer-links/${link.id}`, sales, { version: 1, strength: 1 }),
      409,
      'record.version_conflict',
    );
    expect((await api('DELETE', `/api/v1/customer-links/${link.id}`, sales)).statusCode).toBe(204);
    expect((await linksOf(other.id)).map((l) => l.id)).not.toContain(link.id);
    const audit = (await api('GET', `/api/v1/audit?entity=customer_link&entityId=${link.id}`, admin)).json<{
      items: AuditEntry[];
    }>();
    expect(audit.items.map((e) => [e.action, e.actorId, e.before, e.after])).toEqual([
      ['delete', sales.user.id, expect.objectContaining({ role: 'influencer', version: 2 }), null],
      [
        'update',
        sales.user.id,
        expect.objectContaining({ role: 'user', strength: 3, version: 1 }),
        expect.objectContaining({ role: 'influencer', strength: 5, version: 2 }),
      ],
      ['create', sales.user.id, null, expect.objectContaining({ role: 'user' })],
    ]);
  });

  it('requires login', async () => {
    expectProblem(await t.app.inject({ url: `/api/v1/customers/${person.id}/links` }), 401, 'auth.required');
  });
});

describe('organisation hierarchy', () => {
  const setParent = (id: string, version: number, parentId: string | null, session: Session = admin) =>
    api('PATCH', `/api/v1/customers/${id}`, session, { version, parentId });

  it('lists the subsidiaries of a group', async () => {
    const group = await buildCustomer(t.deps, { kind: 'organization', name: 'Group' });
    const b = await buildCustomer(t.deps, { kind: 'organization', name: 'B Sub', parentId: group.id });
    const a = await buildCustomer(t.deps, { kind: 'organization', name: 'A Sub' });
    expect((await setParent(a.id, 1, group.id)).json()).toMatchObject({ parentId: group.id, version: 2 });
    const subs = (await api('GET', `/api/v1/customers/${group.id}/subsidiaries`, admin)).json<{
      items: CustomerListItem[];
    }>();
    expect(subs.items.map((item) => item.id)).toEqual([a.id, b.id]);
  });

  it('refuses a parent that is the organisation itself, one of its subsidiaries, or a person', async () => {
    const top = await buildCustomer(t.deps, { kind: 'organization', name: 'Top' });
    const middle = await buildCustomer(t.deps, { kind: 'organization', name: 'Middle', parentId: top.id });
    const bottom = await buildCustomer(t.deps, { kind: 'organization', name: 'Bottom', parentId: middle.id });
    for (const parentId of [top.id, bottom.id, person.id]) {
      const problem = expectProblem(await setParent(top.id, 1, parentId), 400, 'request.invalid');
      expect(fieldsOf(problem), parentId).toEqual(['parentId']);
    }
    const personWithParent = await api('PATCH', `/api/v1/customers/${person.id}`, admin, {
      version: person.version,
      parentId: top.id,
    });
    expect(fieldsOf(expectProblem(personWithParent, 400, 'request.invalid'))).toEqual(['parentId']);
    // moving a branch elsewhere is fine, and detaching it too
    const other = await buildCustomer(t.deps, { kind: 'organization', name: 'Other group' });
    expect((await setParent(middle.id, 1, other.id)).statusCode).toBe(200);
    expect((await setParent(middle.id, 2, null)).json()).toMatchObject({ parentId: null });
  });

  it('does not show another owner’s subsidiaries, nor let them be a parent', async () => {
    const mine = await buildCustomer(t.deps, { kind: 'organization', name: 'Mine', ownerId: sales.user.id });
    await buildCustomer(t.deps, {
      kind: 'organization',
      name: 'Theirs',
      parentId: mine.id,
      ownerId: otherSales.user.id,
    });
    const subs = (await api('GET', `/api/v1/customers/${mine.id}/subsidiaries`, sales)).json<{
      items: unknown[];
    }>();
    expect(subs.items).toEqual([]);
    const theirs = await buildCustomer(t.deps, { kind: 'organization', ownerId: otherSales.user.id });
    const response = await setParent(mine.id, 1, theirs.id, sales);
    expect(fieldsOf(expectProblem(response, 400, 'request.invalid'))).toEqual(['parentId']);
  });
});
