import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lead, LeadConversion, LeadDuplicate } from '#src/modules/sales/leads.schema.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { TestClock } from '#test/support/clock.ts';
import { insertCustomerRow } from '#test/support/factories.ts';
import { expectProblem } from '#test/support/problem.ts';

/** Converting a lead: duplicates first, then customers (and an opportunity) in one audited transaction. */
let t: TestApp;
let sales: Session;
let otherSales: Session;
const clock = new TestClock('2026-12-01T02:00:00Z');

beforeAll(async () => {
  t = await openTestApp({ clock });
  sales = await t.signedIn('sales');
  otherSales = await t.signedIn('sales');
});
afterAll(() => t?.close());

const api = (
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  payload?: unknown,
  session: Session | null = sales,
) =>
  t.app.inject({
    method,
    url,
    ...(session && { headers: session.bearer }),
    ...(payload !== undefined && { payload: payload as object }),
  });

async function createLead(payload: Record<string, unknown>, session: Session = sales): Promise<Lead> {
  const response = await api('POST', '/api/v1/leads', payload, session);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Lead>();
}

async function convert(id: string, payload: Record<string, unknown>): Promise<LeadConversion> {
  const response = await api('POST', `/api/v1/leads/${id}/convert`, { version: 1, ...payload });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<LeadConversion>();
}

const customer = (id: string) =>
  t.database.db
    .selectFrom('customers')
    .select(['kind', 'name', 'email', 'owner_id', 'city', 'source'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

describe('converting a lead', () => {
  it('requires a login', async () => {
    const lead = await createLead({ name: 'Login' });
    expectProblem(await api('POST', `/api/v1/leads/${lead.id}/convert`, {}, null), 401, 'auth.required');
    expectProblem(
      await api('GET', `/api/v1/leads/${lead.id}/duplicates`, undefined, null),
      401,
      'auth.required',
    );
  });

  it('convert with opportunity: a person, an organization and an opportunity owned by the lead’s owner', async () => {
    const lead = await createLead({
      name: '李娜',
      company: '杭州明远科技有限公司',
      email: 'lina@mingyuan.cn',
      phone: '13800138000',
      city: '杭州',
      source: 'referral',
    });
    const result = await convert(lead.id, {
      person: { mode: 'create' },
      organization: { mode: 'create' },
      opportunity: { name: '明远 CRM 项目', amount: 120000.5, expectedCloseDate: '2027-01-31' },
    });
    expect(result.lead).toMatchObject({
      status: 'converted',
      convertedCustomerId: result.customerId,
      convertedOrganizationId: result.organizationId,
      convertedOpportunityId: result.opportunityId,
      version: 2,
    });
    expect(await customer(result.customerId!)).toMatchObject({
      kind: 'person',
      name: '李娜',
      email: 'lina@mingyuan.cn',
      owner_id: sales.user.id,
      city: '杭州',
      source: 'referral',
    });
    expect(await customer(result.organizationId!)).toMatchObject({
      kind: 'organization',
      name: '杭州明远科技有限公司',
      owner_id: sales.user.id,
    });
    const opportunity = await t.database.db
      .selectFrom('opportunities')
      .select(['customer_id', 'contact_id', 'lead_id', 'amount', 'owner_id', 'status'])
      .where('id', '=', result.opportunityId!)
      .executeTakeFirstOrThrow();
    expect(opportunity).toMatchObject({
      customer_id: result.organizationId,
      contact_id: result.customerId,
      lead_id: lead.id,
      owner_id: sales.user.id,
      status: 'open',
    });
    expect(Number(opportunity.amount)).toBe(12000050);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'before', 'after'])
      .where('entity', '=', 'lead')
      .where('entity_id', '=', lead.id)
      .where('action', '=', 'convert')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ before: { status: 'new' }, after: { status: 'converted' } });
  });

  it('convert without opportunity: only a person, and nothing else is made', async () => {
    const lead = await createLead({ name: 'Solo Person', email: 'solo@example.com' });
    const before = await t.database.db
      .selectFrom('opportunities')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const result = await convert(lead.id, { person: { mode: 'create' }, organization: { mode: 'none' } });
    expect(result).toMatchObject({ organizationId: null, opportunityId: null });
    expect(await customer(result.customerId!)).toMatchObject({ kind: 'person', name: 'Solo Person' });
    const after = await t.database.db
      .selectFrom('opportunities')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('lists duplicates the user may see, and links an existing customer chosen by the user', async () => {
    const existing = await insertCustomerRow(t.database.db, {
      kind: 'organization',
      name: '星河贸易有限公司',
      owner_id: sales.user.id,
    });
    const samePerson = await insertCustomerRow(t.database.db, {
      kind: 'person',
      name: '赵六',
      email: 'zhao6@xinghe.cn',
      owner_id: sales.user.id,
    });
    const hidden = await insertCustomerRow(t.database.db, {
      kind: 'person',
      name: '赵六',
      email: 'zhao6@xinghe.cn',
      owner_id: otherSales.user.id,
    });
    const lead = await createLead({ name: '赵六', company: '星河贸易有限公司', email: 'zhao6@xinghe.cn' });
    const duplicates = (await api('GET', `/api/v1/leads/${lead.id}/duplicates`)).json<{
      items: LeadDuplicate[];
    }>();
    const ids = duplicates.items.map((d) => d.customerId);
    expect(ids).toContain(existing.id);
    expect(ids).toContain(samePerson.id);
    expect(ids).not.toContain(hidden.id);
    expect(duplicates.items.find((d) => d.customerId === samePerson.id)!.reasons).toEqual(
      expect.arrayContaining(['email', 'name']),
    );
    expect(duplicates.items.find((d) => d.customerId === existing.id)!.reasons).toEqual(['company']);

    const hiddenPick = await api('POST', `/api/v1/leads/${lead.id}/convert`, {
      version: 1,
      person: { mode: 'existing', customerId: hidden.id },
      organization: { mode: 'none' },
    });
    expect(expectProblem(hiddenPick, 404, 'customer.not_found').errors[0]!.field).toBe('person.customerId');
    const result = await convert(lead.id, {
      person: { mode: 'existing', customerId: samePerson.id },
      organization: { mode: 'existing', customerId: existing.id },
      opportunity: { name: '星河续约', amount: 0 },
    });
    expect(result).toMatchObject({ customerId: samePerson.id, organizationId: existing.id });
    const customers = await t.database.db
      .selectFrom('customers')
      .select('id')
      .where('email', '=', 'zhao6@xinghe.cn')
      .execute();
    expect(customers).toHaveLength(2);
  });

  it('a failure inside the conversion leaves the lead and the customers untouched', async () => {
    const lead = await createLead({ name: 'Rollback', company: 'Rollback Co' });
    const bad = await api('POST', `/api/v1/leads/${lead.id}/convert`, {
      version: 1,
      person: { mode: 'create' },
      organization: { mode: 'create' },
      opportunity: { name: 'Bad stage', amount: 1, stageId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' },
    });
    expect(bad.statusCode).toBeGreaterThanOrEqual(400);
    expect(bad.statusCode).toBeLessThan(500);
    expect((await api('GET', `/api/v1/leads/${lead.id}`)).json<Lead>()).toMatchObject({
      status: 'new',
      version: 1,
    });
    const made = await t.database.db
      .selectFrom('customers')
      .select('id')
      .where('name', '=', 'Rollback Co')
      .execute();
    expect(made).toEqual([]);
  });
});
