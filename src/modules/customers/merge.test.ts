import type { Insertable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomersTable } from '#src/db/schema.ts';
import type { Customer } from '#src/modules/customers/customers.schema.ts';
import { refreshCustomerStats } from '#src/modules/orders/customer-stats.repo.ts';
import type { Team } from '#src/modules/users/users.schema.ts';
import { newId } from '#src/shared/ids.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { buildTeam, insertCustomerRow } from '#test/support/factories.ts';
import { expectProblem, fieldsOf } from '#test/support/problem.ts';

let t: TestApp;
let admin: Session;
let team: Team;
let manager: Session;
let sales: Session;
let otherSales: Session;

beforeAll(async () => {
  t = await openTestApp();
  admin = await t.signedIn('admin');
  team = await buildTeam(t.deps);
  const otherTeam = await buildTeam(t.deps);
  manager = await t.signedIn('manager', { teamId: team.id });
  sales = await t.signedIn('sales', { teamId: team.id });
  otherSales = await t.signedIn('sales', { teamId: otherTeam.id });
});
afterAll(() => t?.close());

const db = () => t.database.db;
const api = (method: 'GET' | 'POST', url: string, payload?: object, session: Session | null = admin) =>
  t.app.inject({ method, url, headers: session ? session.bearer : {}, ...(payload && { payload }) });
const merge = (survivorId: string, mergedIds: string[], session: Session = admin) =>
  api('POST', '/api/v1/customers/merge', { survivorId, mergedIds }, session);

const customer = async (overrides: Partial<Insertable<CustomersTable>> = {}) =>
  (await insertCustomerRow(db(), { kind: 'person', ...overrides })).id;

async function interaction(customerId: string, occurredAt = new Date()): Promise<string> {
  const id = newId();
  await db()
    .insertInto('interactions')
    .values({ id, customer_id: customerId, channel: 'phone', direction: 'inbound', occurred_at: occurredAt })
    .execute();
  return id;
}

/** An order with `lines` lines of equal value; returns its id and its lines' ids. */
async function order(
  customerId: string,
  amount: number,
  options: { currency?: string; status?: string; lines?: number } = {},
) {
  const id = newId();
  const lines = options.lines ?? 2;
  await db()
    .insertInto('orders')
    .values({
      id,
      ref: `O-${id}`,
      customer_id: customerId,
      ordered_at: new Date('2025-03-01T10:00:00Z'),
      order_day: '2025-03-01',
      amount,
      currency: options.currency ?? 'CNY',
      status: options.status ?? 'completed',
    })
    .execute();
  const itemIds = Array.from({ length: lines }, () => newId());
  await db()
    .insertInto('order_items')
    .values(
      itemIds.map((itemId, line) => ({
        id: itemId,
        order_id: id,
        customer_id: customerId,
        line: line + 1,
        quantity: 1,
        unit_price: amount / lines / 100,
        amount: amount / lines / 100,
      })),
    )
    .execute();
  await refreshCustomerStats(db(), [customerId]);
  return { id, itemIds };
}

async function link(
  personId: string,
  organizationId: string,
  role: string,
  strength: number,
  title?: string,
) {
  const id = newId();
  await db()
    .insertInto('customer_links')
    .values({
      id,
      person_id: personId,
      organization_id: organizationId,
      role,
      strength,
      title: title ?? null,
    })
    .execute();
  return id;
}

const linksOf = (id: string) =>
  db()
    .selectFrom('customer_links')
    .select(['person_id', 'organization_id', 'role', 'strength', 'title'])
    .where((eb) => eb.or([eb('person_id', '=', id), eb('organization_id', '=', id)]))
    .orderBy('strength')
    .execute();
const idsOn = async (table: 'interactions' | 'orders' | 'order_items', customerId: string) =>
  (await db().selectFrom(table).select('id').where('customer_id', '=', customerId).execute())
    .map((row) => row.id)
    .sort();
const getCustomer = async (id: string, session: Session = admin) => {
  const response = await api('GET', `/api/v1/customers/${id}`, undefined, session);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Customer>();
};

describe('merging customers', () => {
  it('moves every interaction, order, order line, link and tag to the survivor, and loses nothing', async () => {
    const [orgA, orgB, orgC] = [
      await customer({ kind: 'organization' }),
      await customer({ kind: 'organization' }),
      await customer({ kind: 'organization' }),
    ];
    const survivor = await customer({
      name: '张三',
      phone: '+8613900000001',
      tags: ['vip'],
      consent: JSON.stringify({ email: { granted: true, at: '2024-01-01T00:00:00.000Z', source: 'form' } }),
      custom: JSON.stringify({ level: 'gold' }),
      created_at: new Date('2023-05-01T00:00:00Z'),
    });
    const first = await customer({
      name: '张三',
      email: 'zhangsan@example.com',
      phone: '+8613900000002',
      birthday: '1990-01-02',
      tags: ['vip', 'wechat'],
      consent: JSON.stringify({
        email: { granted: false, at: '2024-03-01T00:00:00.000Z', source: 'unsubscribe' },
        sms: { granted: true, at: '2024-01-05T00:00:00.000Z', source: 'store' },
      }),
      custom: JSON.stringify({ level: 'silver', seats: 5 }),
      created_at: new Date('2022-01-01T00:00:00Z'),
    });
    const second = await customer({
      name: '張三',
      province: '浙江省',
      city: '杭州市',
      district: '西湖区',
      tags: ['golf'],
      consent: JSON.stringify({ email: { granted: true, at: '2023-12-01T00:00:00.000Z', source: 'import' } }),
    });
    const outsider = await customer();

    await link(survivor, orgA, 'buyer', 2);
    await link(first, orgA, 'decision_maker', 4, 'CTO');
    await link(first, orgB, 'influencer', 3);
    await link(second, orgC, 'user', 1);
    await link(second, orgA, 'gatekeeper', 1);
    const interactions = [
      await interaction(survivor, new Date('2024-01-15T00:00:00Z')),
      await interaction(survivor, new Date('2024-02-01T00:00:00Z')),
      await interaction(first, new Date('2024-03-01T00:00:00Z')),
      // the group's latest contact becomes the survivor's
      await interaction(first, new Date('2024-06-01T00:00:00Z')),
      await interaction(first, new Date('2024-05-01T00:00:00Z')),
      await interaction(second, new Date('2024-04-01T00:00:00Z')),
    ];
    const orders = [
      await order(survivor, 10_000),
      await order(first, 5_000),
      await order(first, 2_000, { currency: 'USD', lines: 1 }),
      await order(second, -3_000, { status: 'returned', lines: 1 }),
      await order(second, 9_999, { status: 'cancelled', lines: 1 }),
    ];
    const [low, high] = [first, outsider].sort();
    const [sLow, sHigh] = [survivor, first].sort();
    const candidateId = newId();
    await db()
      .insertInto('duplicate_candidates')
      .values([
        { id: candidateId, customer_id: sLow!, other_id: sHigh!, reason: 'name_city', score: 0.8 },
        { id: newId(), customer_id: low!, other_id: high!, reason: 'email', score: 0.95 },
      ])
      .execute();

    const response = await merge(survivor, [first, second]);
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json<{ survivor: Customer; moved: Record<string, number> }>();
    expect(result.moved).toEqual({ interactions: 4, orders: 4, links: 4, tags: 2 });

    // every row of history is the survivor's now
    expect(await idsOn('interactions', survivor)).toEqual([...interactions].sort());
    expect(await idsOn('orders', survivor)).toEqual(orders.map((o) => o.id).sort());
    expect(await idsOn('order_items', survivor)).toEqual(orders.flatMap((o) => o.itemIds).sort());
    for (const merged of [first, second])
      for (const table of ['interactions', 'orders', 'order_items'] as const)
        expect(await idsOn(table, merged)).toEqual([]);
    // links: one per organisation; the survivor's own keeps its role, with the strongest strength and a title
    expect(await linksOf(survivor)).toEqual([
      { person_id: survivor, organization_id: orgC, role: 'user', strength: 1, title: null },
      { person_id: survivor, organization_id: orgB, role: 'influencer', strength: 3, title: null },
      { person_id: survivor, organization_id: orgA, role: 'buyer', strength: 4, title: 'CTO' },
    ]);
    expect([...(await linksOf(first)), ...(await linksOf(second))]).toEqual([]);
    // revenue: the sum of every order, net of returns, cancelled ones left out
    const stats = await db()
      .selectFrom('customer_stats')
      .select(['customer_id', 'currency', 'orders', 'revenue'])
      .where('customer_id', 'in', [survivor, first, second])
      .orderBy('currency')
      .execute();
    expect(stats).toEqual([
      { customer_id: survivor, currency: 'CNY', orders: 2, revenue: 12_000 },
      { customer_id: survivor, currency: 'USD', orders: 1, revenue: 2_000 },
    ]);

    // the survivor keeps its own values and fills the gaps
    expect(result.survivor).toMatchObject({
      id: survivor,
      name: '张三',
      phone: '+8613900000001',
      email: 'zhangsan@example.com',
      birthday: '1990-01-02',
      province: '浙江省',
      city: '杭州市',
      district: '西湖区',
      tags: ['vip', 'wechat', 'golf'],
      consent: {
        email: { granted: false, at: '2024-03-01T00:00:00.000Z', source: 'unsubscribe' },
        sms: { granted: true, at: '2024-01-05T00:00:00.000Z', source: 'store' },
        phone: null,
      },
      custom: { level: 'gold', seats: 5 },
      lastContactAt: '2024-06-01T00:00:00.000Z',
      createdAt: '2022-01-01T00:00:00.000Z',
      mergedInto: null,
      deletedAt: null,
      version: 2,
    });
    expect(await getCustomer(survivor)).toEqual(result.survivor);
    // search finds the survivor by the email it gained
    const keys = await db()
      .selectFrom('customers')
      .select('search_text')
      .where('id', '=', survivor)
      .executeTakeFirstOrThrow();
    expect(keys.search_text).toContain('zhangsan@example.com');

    // the merged customers stay, out of the lists, pointing at the survivor
    for (const merged of [first, second])
      expect(await getCustomer(merged)).toMatchObject({
        mergedInto: survivor,
        deletedAt: expect.any(String),
        version: 2,
      });
    const list = await api('GET', `/api/v1/customers?q=${encodeURIComponent('张三')}&limit=200`);
    expect(list.statusCode, list.body).toBe(200);
    const listed = list.json<{ items: { id: string }[] }>().items.map((item) => item.id);
    expect(listed).toContain(survivor);
    expect(listed).not.toContain(first);
    expect(listed).not.toContain(second);

    // the pair is resolved; a merged customer's other pairs are gone
    const candidates = await db()
      .selectFrom('duplicate_candidates')
      .select(['customer_id', 'other_id', 'status'])
      .where((eb) => eb.or([eb('customer_id', 'in', [first, second]), eb('other_id', 'in', [first, second])]))
      .execute();
    expect(candidates).toEqual([{ customer_id: sLow, other_id: sHigh, status: 'merged' }]);
    const reviewed = await api('GET', '/api/v1/customers/duplicates?status=merged&limit=200');
    expect(reviewed.json<{ items: { id: string }[] }>().items.map((item) => item.id)).toContain(candidateId);
    expectProblem(
      await api('POST', `/api/v1/customers/duplicates/${candidateId}/dismiss`),
      409,
      'customer.merged',
    );
  });

  it('is audited with the full before-state of every customer and the survivor after', async () => {
    const org = await customer({ kind: 'organization' });
    const survivor = await customer({ email: 'audit-survivor@example.com' });
    const merged = await customer({ phone: '+8613900000003', tags: ['audit'] });
    const linkId = await link(merged, org, 'buyer', 3);
    const moved = [await interaction(merged), await interaction(merged)];
    await interaction(survivor);
    const movedOrder = await order(merged, 1_500);
    t.clock.advance(60_000);
    expect((await merge(survivor, [merged])).statusCode).toBe(200);
    const entry = await db()
      .selectFrom('audit_log')
      .select(['action', 'entity', 'entity_id', 'actor_id', 'at', 'before', 'after'])
      .where('entity', '=', 'customer')
      .where('action', '=', 'merge')
      .where('entity_id', '=', survivor)
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ entity: 'customer', actor_id: admin.user.id, at: t.clock.now() });
    const before = entry.before as {
      survivor: { customer: Customer; interactions: number; orders: number; links: unknown[] };
      merged: {
        customer: Customer;
        links: { id: string }[];
        stats: { currency: string; revenue: number }[];
        interactionIds: string[];
        orderIds: string[];
        orderItemIds: string[];
      }[];
    };
    expect(before.survivor).toMatchObject({
      customer: { id: survivor, email: 'audit-survivor@example.com', phone: null, version: 1 },
      interactions: 1,
      orders: 0,
      links: [],
    });
    for (const merged of before.merged) {
      merged.interactionIds.sort();
      merged.orderItemIds.sort();
    }
    expect(before.merged).toEqual([
      {
        customer: expect.objectContaining({
          id: merged,
          phone: '+8613900000003',
          tags: ['audit'],
          deletedAt: null,
        }),
        links: [
          expect.objectContaining({ id: linkId, personId: merged, organizationId: org, role: 'buyer' }),
        ],
        stats: [expect.objectContaining({ currency: 'CNY', revenue: 1_500, orders: 1 })],
        interactionIds: [...moved].sort(),
        orderIds: [movedOrder.id],
        orderItemIds: [...movedOrder.itemIds].sort(),
      },
    ]);
    expect(entry.after).toMatchObject({
      survivor: { id: survivor, phone: '+8613900000003', tags: ['audit'], version: 2 },
      mergedIds: [merged],
      moved: { interactions: 2, orders: 1, links: 1, tags: 1 },
    });
  });

  it('gives the subsidiaries of merged organisations to the survivor and fills its credit code', async () => {
    const survivor = await customer({ kind: 'organization', name: '海港物流有限公司' });
    const merged = await customer({
      kind: 'organization',
      name: '海港物流集团',
      credit_code: '91330200MA2BBBBB2X',
      parent_id: null,
    });
    const child = await customer({ kind: 'organization', parent_id: merged });
    const response = await merge(survivor, [merged]);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<{ survivor: Customer }>().survivor.creditCode).toBe('91330200MA2BBBBB2X');
    expect((await getCustomer(child)).parentId).toBe(survivor);
  });

  it('never makes an organisation its own ancestor', async () => {
    // the survivor's parent is a subsidiary of the merged organisation
    const merged = await customer({ kind: 'organization' });
    const middle = await customer({ kind: 'organization', parent_id: merged });
    const survivor = await customer({ kind: 'organization', parent_id: middle });
    expect((await merge(survivor, [merged])).statusCode).toBe(200);
    expect((await getCustomer(middle)).parentId).toBe(survivor);
    expect(await getCustomer(survivor)).toMatchObject({ parentId: null, version: 2 });
  });
});

describe('a merge is refused', () => {
  const untouched = async (ids: string[]) => {
    const rows = await db()
      .selectFrom('customers')
      .select(['version', 'merged_into'])
      .where('id', 'in', ids)
      .execute();
    expect(rows.every((row) => row.version === 1 && row.merged_into === null)).toBe(true);
  };

  it('of a person and an organisation (409)', async () => {
    const person = await customer();
    const org = await customer({ kind: 'organization' });
    await interaction(org);
    const problem = expectProblem(await merge(person, [org]), 409, 'customer.merge_invalid');
    expect(fieldsOf(problem)).toEqual(['mergedIds']);
    await untouched([person, org]);
    expect(await idsOn('interactions', org)).toHaveLength(1);
  });

  it('of a deleted, erased or already merged customer (409)', async () => {
    const survivor = await customer();
    const deleted = await customer({ deleted_at: new Date() });
    const erased = await customer({ erased_at: new Date(), deleted_at: new Date() });
    expectProblem(await merge(survivor, [deleted]), 409, 'customer.deleted');
    expectProblem(await merge(deleted, [survivor]), 409, 'customer.deleted');
    expectProblem(await merge(survivor, [erased]), 409, 'customer.erased');
    const merged = await customer();
    expect((await merge(survivor, [merged])).statusCode).toBe(200);
    expectProblem(await merge(survivor, [merged]), 409, 'customer.merged');
    const another = await customer();
    expectProblem(await merge(merged, [another]), 409, 'customer.merged');
    await untouched([another]);
  });

  it('of a customer that does not exist, or that the actor may not change (404)', async () => {
    const mine = await customer({ owner_id: sales.user.id, team_id: team.id });
    const theirs = await customer({ owner_id: otherSales.user.id });
    await interaction(theirs);
    expectProblem(await merge(mine, [theirs], manager), 404, 'customer.not_found');
    expectProblem(await merge(theirs, [mine], manager), 404, 'customer.not_found');
    expectProblem(await merge(mine, [newId()]), 404, 'customer.not_found');
    await untouched([mine, theirs]);
    expect(await idsOn('interactions', theirs)).toHaveLength(1);
    // the team's own customers the manager may merge
    const alsoMine = await customer({ owner_id: manager.user.id });
    expect((await merge(mine, [alsoMine], manager)).statusCode).toBe(200);
  });

  it('to sales staff, and without login', async () => {
    const a = await customer({ owner_id: sales.user.id });
    const b = await customer({ owner_id: sales.user.id });
    expectProblem(await merge(a, [b], sales), 403, 'auth.forbidden');
    expectProblem(
      await api('POST', '/api/v1/customers/merge', { survivorId: a, mergedIds: [b] }, null),
      401,
      'auth.required',
    );
    await untouched([a, b]);
  });

  it('with the survivor among the merged, a customer twice or none (400)', async () => {
    const a = await customer();
    const b = await customer();
    for (const mergedIds of [[a], [a.toUpperCase()], [b, b], [b, b.toUpperCase()], []]) {
      const problem = expectProblem(await merge(a, mergedIds), 400, 'request.invalid');
      expect(fieldsOf(problem)).toEqual(['mergedIds']);
    }
    await untouched([a, b]);
    // ids in upper case name the same customers
    const response = await merge(a.toUpperCase(), [b.toUpperCase()]);
    expect(response.statusCode, response.body).toBe(200);
    expect(await getCustomer(b)).toMatchObject({ mergedInto: a });
  });
});

describe('concurrent merges', () => {
  it('that share a customer: one succeeds, the other fails cleanly and nothing is lost or doubled', async () => {
    const shared = await customer();
    const left = await customer();
    const right = await customer();
    const history = [await interaction(shared), await interaction(shared)];
    const sharedOrder = await order(shared, 4_200);
    const responses = await Promise.all([merge(left, [shared]), merge(right, [shared])]);
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([200, 409]);
    const loser = responses.find((response) => response.statusCode === 409)!;
    expectProblem(loser, 409, 'customer.merged');
    const winner = statuses[0] === responses[0]!.statusCode ? left : right;
    const other = winner === left ? right : left;
    expect(await idsOn('interactions', winner)).toEqual([...history].sort());
    expect(await idsOn('orders', winner)).toEqual([sharedOrder.id]);
    expect(await idsOn('interactions', other)).toEqual([]);
    const sharedRow = await getCustomer(shared);
    expect(sharedRow.mergedInto).toBe(winner);
    expect((await getCustomer(other)).version).toBe(1);
    const audits = await db()
      .selectFrom('audit_log')
      .select('entity_id')
      .where('entity', '=', 'customer')
      .where('action', '=', 'merge')
      .where('entity_id', 'in', [left, right])
      .execute();
    expect(audits).toEqual([{ entity_id: winner }]);
  });

  it('in opposite directions do not deadlock', async () => {
    const a = await customer();
    const b = await customer();
    const responses = await Promise.all([merge(a, [b]), merge(b, [a])]);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409]);
  });
});
