import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountPlanDetail, PlanContact } from '#src/modules/sales/account-plans.schema.ts';
import { newId } from '#src/shared/ids.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { TestClock } from '#test/support/clock.ts';
import { insertCustomerRow } from '#test/support/factories.ts';
import { expectProblem, fieldsOf } from '#test/support/problem.ts';

/** Key-account plans and their decision-making unit; ownership follows the customer; every write is audited. */
let t: TestApp;
let admin: Session;
let seller: Session;
let otherSeller: Session;
let viewer: Session;
const clock = new TestClock('2026-06-15T04:00:00Z');

beforeAll(async () => {
  t = await openTestApp({ clock });
  [admin, seller, otherSeller, viewer] = await Promise.all([
    t.signedIn('admin'),
    t.signedIn('sales'),
    t.signedIn('sales'),
    t.signedIn('viewer'),
  ]);
});
afterAll(() => t?.close());

const api = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  session: Session | null = seller,
) =>
  t.app.inject({
    method,
    url,
    ...(session && { headers: session.bearer }),
    ...(payload !== undefined && { payload: payload as object }),
  });

const organizationOf = (owner: Session) =>
  insertCustomerRow(t.database.db, { owner_id: owner.user.id, kind: 'organization', key_account: true });

async function startPlan(customerId: string, extra: Record<string, unknown> = {}, session: Session = seller) {
  const response = await api('POST', '/api/v1/account-plans', { customerId, ...extra }, session);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<AccountPlanDetail>();
}

const order = (customerId: string, day: string, amount: number, currency = 'CNY') =>
  t.database.db
    .insertInto('orders')
    .values({
      id: newId(),
      ref: `O-${newId()}`,
      customer_id: customerId,
      ordered_at: `${day}T02:00:00Z`,
      order_day: day,
      amount,
      currency,
    })
    .execute();

describe('key-account plans', () => {
  it('computes share of wallet from the last 12 months of revenue', async () => {
    const customer = await organizationOf(seller);
    await order(customer.id, '2025-06-15', 9_000_00); // a year and a day ago: outside
    await order(customer.id, '2025-06-16', 2_000_00);
    await order(customer.id, '2026-06-15', 3_000_00);
    await order(customer.id, '2026-06-01', 7_000_00, 'USD');
    const plan = await startPlan(customer.id, {
      goals: '成为首选供应商',
      strategy: 'Land and expand',
      estimatedWallet: '20000.00',
      relationshipStrength: 3,
      nextReviewOn: '2026-07-01',
    });
    expect(plan).toMatchObject({
      customerId: customer.id,
      keyAccount: true,
      estimatedWallet: 20_000,
      currency: 'CNY',
      revenueLast12Months: 5_000,
      shareOfWallet: 0.25,
      contacts: [],
      ownerId: seller.user.id,
    });
    const fetched = await api('GET', `/api/v1/customers/${customer.id}/account-plan`);
    expect(fetched.json<{ plan: AccountPlanDetail }>().plan.id).toBe(plan.id);
  });

  it('keeps one plan per customer: 409 account_plan.exists', async () => {
    const customer = await organizationOf(seller);
    await startPlan(customer.id);
    expectProblem(
      await api('POST', '/api/v1/account-plans', { customerId: customer.id }),
      409,
      'account_plan.exists',
    );
    const none = await organizationOf(seller);
    // a customer without a plan: null, not an error (the customer page asks for every key account)
    const empty = await api('GET', `/api/v1/customers/${none.id}/account-plan`);
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toEqual({ plan: null });
  });

  it('records the DMU with role, layer and strength, and lists planned contacts with open tasks by date', async () => {
    const customer = await organizationOf(seller);
    const person = await insertCustomerRow(t.database.db, {
      owner_id: seller.user.id,
      kind: 'person',
      name: '王总',
    });
    const plan = await startPlan(customer.id);
    const add = async (payload: Record<string, unknown>) => {
      const response = await api('POST', `/api/v1/account-plans/${plan.id}/contacts`, payload);
      expect(response.statusCode, response.body).toBe(201);
      return response.json<PlanContact>();
    };
    const boss = await add({
      name: '王总',
      contactId: person.id,
      title: 'CEO',
      role: 'decision_maker',
      layer: 'executive',
      strength: 2,
      attitude: 'neutral',
      nextContactOn: '2026-06-20',
    });
    await add({
      name: 'Li Na',
      role: 'user',
      layer: 'operational',
      strength: 4,
      nextContactOn: '2026-06-18',
    });
    await add({ name: 'Zhao', role: 'champion', layer: 'management', strength: 5 });
    await t.database.db
      .insertInto('tasks')
      .values({
        id: newId(),
        kind: 'visit',
        subject: 'Site visit',
        customer_id: customer.id,
        owner_id: seller.user.id,
        due_at: '2026-06-19T02:00:00Z',
      })
      .execute();
    const detail = (await api('GET', `/api/v1/account-plans/${plan.id}`)).json<AccountPlanDetail>();
    expect(detail.contacts.map((c) => [c.name, c.layer, c.role, c.strength])).toEqual([
      ['王总', 'executive', 'decision_maker', 2],
      ['Zhao', 'management', 'champion', 5],
      ['Li Na', 'operational', 'user', 4],
    ]);
    expect(detail.plannedContacts.map((p) => [p.kind, p.on, p.label])).toEqual([
      ['contact', '2026-06-18', 'Li Na'],
      ['task', '2026-06-19', 'Site visit'],
      ['contact', '2026-06-20', '王总'],
    ]);
    const changed = await api('PATCH', `/api/v1/account-plans/${plan.id}/contacts/${boss.id}`, {
      version: 1,
      strength: 4,
      attitude: 'supporter',
    });
    expect(changed.json<PlanContact>()).toMatchObject({ strength: 4, attitude: 'supporter', version: 2 });
    const bad = expectProblem(
      await api('POST', `/api/v1/account-plans/${plan.id}/contacts`, {
        name: 'X',
        role: 'boss',
        layer: 'executive',
        strength: 6,
      }),
      400,
      'request.invalid',
    );
    expect(fieldsOf(bad)).toEqual(expect.arrayContaining(['role', 'strength']));
    const org = expectProblem(
      await api('POST', `/api/v1/account-plans/${plan.id}/contacts`, {
        name: 'X',
        contactId: customer.id,
        role: 'user',
        layer: 'executive',
        strength: 1,
      }),
      400,
      'request.invalid',
    );
    expect(fieldsOf(org)).toEqual(['contactId']);
    expect(
      (await api('DELETE', `/api/v1/account-plans/${plan.id}/contacts/${boss.id}?version=2`)).statusCode,
    ).toBe(204);
    expectProblem(
      await api('PATCH', `/api/v1/account-plans/${plan.id}/contacts/${boss.id}`, { version: 2, strength: 1 }),
      404,
      'account_plan_contact.not_found',
    );
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity'])
      .where('entity_id', '=', boss.id)
      .orderBy('at')
      .execute();
    expect(audit).toEqual([
      { action: 'create', entity: 'account_plan_contact' },
      { action: 'update', entity: 'account_plan_contact' },
      { action: 'delete', entity: 'account_plan_contact' },
    ]);
  });

  it('changes and deletes a plan at its version, audited', async () => {
    const customer = await organizationOf(seller);
    const plan = await startPlan(customer.id, { estimatedWallet: 1000 });
    const changed = await api('PATCH', `/api/v1/account-plans/${plan.id}`, {
      version: 1,
      relationshipStrength: 5,
      goals: 'Grow',
    });
    expect(changed.json<AccountPlanDetail>()).toMatchObject({
      relationshipStrength: 5,
      goals: 'Grow',
      estimatedWallet: 1000,
      version: 2,
    });
    expectProblem(
      await api('PATCH', `/api/v1/account-plans/${plan.id}`, { version: 1, goals: 'x' }),
      409,
      'record.version_conflict',
    );
    expectProblem(
      await api('PATCH', `/api/v1/account-plans/${plan.id}`, { version: 2, currency: 'USD' }),
      400,
      'request.invalid',
    );
    expect((await api('DELETE', `/api/v1/account-plans/${plan.id}`)).statusCode).toBe(204);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity'])
      .where('entity_id', '=', plan.id)
      .orderBy('at')
      .execute();
    expect(audit).toEqual([
      { action: 'create', entity: 'account_plan' },
      { action: 'update', entity: 'account_plan' },
      { action: 'delete', entity: 'account_plan' },
    ]);
  });

  it("does not show another owner's plan: 404, never 403; viewers read but do not write", async () => {
    const theirs = await organizationOf(otherSeller);
    const plan = await startPlan(theirs.id, {}, otherSeller);
    expectProblem(await api('GET', `/api/v1/account-plans/${plan.id}`), 404, 'account_plan.not_found');
    expectProblem(
      await api('PATCH', `/api/v1/account-plans/${plan.id}`, { version: 1, goals: 'x' }),
      404,
      'account_plan.not_found',
    );
    expectProblem(
      await api('POST', `/api/v1/account-plans/${plan.id}/contacts`, {
        name: 'A',
        role: 'user',
        layer: 'executive',
        strength: 1,
      }),
      404,
      'account_plan.not_found',
    );
    expectProblem(await api('GET', `/api/v1/customers/${theirs.id}/account-plan`), 404, 'customer.not_found');
    expectProblem(
      await api('POST', '/api/v1/account-plans', { customerId: theirs.id }),
      404,
      'customer.not_found',
    );
    const list = (await api('GET', '/api/v1/account-plans?limit=200')).json<{ items: { id: string }[] }>();
    expect(list.items.some((item) => item.id === plan.id)).toBe(false);
    expect((await api('GET', `/api/v1/account-plans/${plan.id}`, undefined, viewer)).statusCode).toBe(200);
    expectProblem(
      await api('PATCH', `/api/v1/account-plans/${plan.id}`, { version: 1, goals: 'x' }, viewer),
      403,
      'auth.forbidden',
    );
    expect((await api('GET', `/api/v1/account-plans/${plan.id}`, undefined, admin)).statusCode).toBe(200);
  });

  it('requires a login', async () => {
    expectProblem(await api('GET', '/api/v1/account-plans', undefined, null), 401, 'auth.required');
    expectProblem(await api('POST', '/api/v1/account-plans', {}, null), 401, 'auth.required');
  });
});
