import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { insertCustomerRow } from '#test/support/factories.ts';

/**
 * DESIGN §5: every write lands in audit_log. The customer-data writes whose module tests do not already assert
 * their entry (audit.test.ts lists which test covers which route) are checked here, through the API.
 */
let t: TestApp;
let admin: Session;
let sales: Session;

beforeAll(async () => {
  t = await openTestApp();
  admin = await t.signedIn('admin');
  sales = await t.signedIn('sales');
});
afterAll(() => t?.close());

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, session = admin) =>
  t.app.inject({ method, url, headers: session.bearer, ...(payload && { payload }) });

const entriesOf = (entity: string, entityId: string | null) => {
  let query = t.database.db
    .selectFrom('audit_log')
    .select(['action', 'actor_id', 'before', 'after', 'entity_id'])
    .where('entity', '=', entity)
    .orderBy('at')
    .orderBy('id');
  if (entityId) query = query.where('entity_id', '=', entityId);
  return query.execute();
};

describe('customer-data writes are audited', () => {
  it('interaction update and delete', async () => {
    const customer = await insertCustomerRow(t.database.db, { owner_id: admin.user.id });
    const created = await api('POST', '/api/v1/interactions', {
      customerId: customer.id,
      channel: 'phone',
      direction: 'outbound',
      subject: '回访',
    });
    expect(created.statusCode, created.body).toBe(201);
    const interaction = created.json<{ id: string; version: number }>();
    const updated = await api('PATCH', `/api/v1/interactions/${interaction.id}`, {
      version: interaction.version,
      subject: '回访：满意',
    });
    expect(updated.statusCode, updated.body).toBe(200);
    const deleted = await api('DELETE', `/api/v1/interactions/${interaction.id}`);
    expect(deleted.statusCode, deleted.body).toBeLessThan(300);
    const entries = await entriesOf('interaction', interaction.id);
    expect(entries.map((e) => e.action)).toEqual(['create', 'update', 'delete']);
    expect(entries[1]).toMatchObject({
      actor_id: admin.user.id,
      before: { subject: '回访' },
      after: { subject: '回访：满意' },
    });
    expect(entries[2]).toMatchObject({ before: { subject: '回访：满意' }, after: null });
  });

  it('order update', async () => {
    const customer = await insertCustomerRow(t.database.db, { owner_id: admin.user.id });
    const created = await api('POST', '/api/v1/orders', { customerId: customer.id, amount: 10 });
    expect(created.statusCode, created.body).toBe(201);
    const order = created.json<{ id: string; version: number }>();
    const updated = await api('PATCH', `/api/v1/orders/${order.id}`, {
      version: order.version,
      notes: '加急',
    });
    expect(updated.statusCode, updated.body).toBe(200);
    const entries = await entriesOf('order', order.id);
    expect(entries.map((e) => e.action)).toEqual(['create', 'update']);
    expect(entries[1]).toMatchObject({ actor_id: admin.user.id, after: { notes: '加急' } });
  });

  it('bulk transfer names every customer and its previous owner', async () => {
    const first = await insertCustomerRow(t.database.db, { owner_id: admin.user.id });
    const second = await insertCustomerRow(t.database.db, { owner_id: admin.user.id });
    const response = await api('POST', '/api/v1/customers/transfer', {
      toOwnerId: sales.user.id,
      customerIds: [first.id, second.id],
    });
    expect(response.statusCode, response.body).toBe(200);
    const entries = (await entriesOf('customer', null)).filter((e) => e.action === 'transfer');
    expect(entries).toHaveLength(1);
    const text = JSON.stringify(entries[0]);
    expect(text).toContain(first.id);
    expect(text).toContain(second.id);
    expect(text).toContain(admin.user.id);
    expect(text).toContain(sales.user.id);
  });

  it('saved view create and delete', async () => {
    const created = await api('POST', '/api/v1/saved-views?entity=customers', {
      name: '上海大客户',
      query: { city: '上海', keyAccount: 'true' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const view = created.json<{ id: string }>();
    const deleted = await api('DELETE', `/api/v1/saved-views/${view.id}`);
    expect(deleted.statusCode, deleted.body).toBeLessThan(300);
    const entries = await entriesOf('saved_view', view.id);
    expect(entries.map((e) => e.action)).toEqual(['create', 'delete']);
    expect(entries[0]).toMatchObject({ actor_id: admin.user.id, after: { name: '上海大客户' } });
  });

  it('dismissing a duplicate pair', async () => {
    await insertCustomerRow(t.database.db, { email: 'twin@example.com', owner_id: admin.user.id });
    await insertCustomerRow(t.database.db, { email: 'twin@example.com', owner_id: admin.user.id });
    const scan = await api('POST', '/api/v1/customers/duplicates/scan');
    expect(scan.statusCode, scan.body).toBe(200);
    const list = (await api('GET', '/api/v1/customers/duplicates')).json<{ items: { id: string }[] }>();
    const pair = list.items[0]!;
    const dismissed = await api('POST', `/api/v1/customers/duplicates/${pair.id}/dismiss`);
    expect(dismissed.statusCode, dismissed.body).toBe(200);
    const entries = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity', 'after'])
      .where('entity', '=', 'duplicate_candidate')
      .where('action', '=', 'dismiss')
      .execute();
    expect(entries).toHaveLength(1);
    expect(JSON.stringify(entries[0]!.after)).toContain('dismissed');
  });

  it('uploading an import file', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports?entity=customers&fileName=people.csv',
      headers: { ...admin.bearer, 'content-type': 'application/octet-stream' },
      payload: 'ref,kind,name\nU-1,person,上传测试\n',
    });
    expect(response.statusCode, response.body).toBe(201);
    const { id } = response.json<{ id: string }>();
    const entries = await entriesOf('import', id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'upload',
      actor_id: admin.user.id,
      after: { entity: 'customers', fileName: 'people.csv' },
    });
  });
});

describe('audit actions', () => {
  it('name what was done, the record type apart: one action filter finds creations of customers and teams', async () => {
    const customer = await api('POST', '/api/v1/customers', { kind: 'person', name: '审计筛选' });
    expect(customer.statusCode, customer.body).toBe(201);
    const team = await api('POST', '/api/v1/teams', { name: 'Audit filter team' });
    expect(team.statusCode, team.body).toBe(201);
    const created = (await api('GET', `/api/v1/audit?action=create&limit=200`)).json<{
      items: { entity: string; entityId: string }[];
    }>().items;
    expect(created).toContainEqual(
      expect.objectContaining({ entity: 'customer', entityId: customer.json<{ id: string }>().id }),
    );
    expect(created).toContainEqual(
      expect.objectContaining({ entity: 'team', entityId: team.json<{ id: string }>().id }),
    );
  });
});
