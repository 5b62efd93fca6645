import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Interaction } from '#src/modules/interactions/interactions.schema.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { TestClock } from '#test/support/clock.ts';
import { buildTeam, insertCustomerRow } from '#test/support/factories.ts';
import { expectProblem, fieldsOf } from '#test/support/problem.ts';

let t: TestApp;
let admin: Session;
let sales: Session;
let otherSales: Session;
let manager: Session;
let service: Session;
let viewer: Session;
const clock = new TestClock('2026-05-04T02:00:00Z');

beforeAll(async () => {
  t = await openTestApp({ clock });
  const team = await buildTeam(t.deps);
  [admin, sales, otherSales, manager, service, viewer] = await Promise.all([
    t.signedIn('admin'),
    t.signedIn('sales', { teamId: team.id }),
    t.signedIn('sales'),
    t.signedIn('manager', { teamId: team.id }),
    t.signedIn('service'),
    t.signedIn('viewer'),
  ]);
});
afterAll(() => t?.close());

const api = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  session: Session | null = admin,
) =>
  t.app.inject({
    method,
    url,
    ...(session && { headers: session.bearer }),
    ...(payload !== undefined && { payload: payload as object }),
  });

const customerOf = (owner: Session) =>
  insertCustomerRow(t.database.db, { owner_id: owner.user.id, team_id: owner.user.teamId });

async function log(payload: Record<string, unknown>, session: Session = admin): Promise<Interaction> {
  const response = await api(
    'POST',
    '/api/v1/interactions',
    { channel: 'phone', direction: 'outbound', ...payload },
    session,
  );
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Interaction>();
}

const lastContactOf = async (customerId: string) =>
  await t.database.db
    .selectFrom('customers')
    .leftJoin('customer_last_contact as l', 'l.customer_id', 'customers.id')
    .select(['l.last_contact_at', 'customers.version'])
    .where('customers.id', '=', customerId)
    .executeTakeFirstOrThrow();

describe('logging an interaction', () => {
  it('records the contact by the one logging it, now by default, and audits it', async () => {
    const customer = await customerOf(sales);
    const contact = await log(
      {
        customerId: customer.id,
        channel: 'wechat',
        direction: 'inbound',
        subject: '询价',
        notes: '想要样品',
        outcome: 'quote sent',
      },
      sales,
    );
    expect(contact).toMatchObject({
      customerId: customer.id,
      customerName: customer.name,
      channel: 'wechat',
      direction: 'inbound',
      subject: '询价',
      notes: '想要样品',
      outcome: 'quote sent',
      occurredAt: clock.now().toISOString(),
      staffId: sales.user.id,
      staffName: sales.user.name,
      version: 1,
    });
    expect((await api('GET', `/api/v1/interactions/${contact.id}`, undefined, sales)).json()).toEqual(
      contact,
    );
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('entity', '=', 'interaction')
      .where('entity_id', '=', contact.id)
      .execute();
    expect(audit).toEqual([{ action: 'create', actor_id: sales.user.id }]);
  });

  it('keeps the customer’s last contact at its latest interaction through every write, without changing its version', async () => {
    const customer = await customerOf(admin);
    const older = await log({ customerId: customer.id, occurredAt: '2026-04-01T08:00:00+08:00' });
    expect(await lastContactOf(customer.id)).toEqual({
      last_contact_at: new Date('2026-04-01T00:00:00Z'),
      version: 1,
    });
    const newer = await log({ customerId: customer.id, occurredAt: '2026-04-20T00:00:00Z' });
    await log({ customerId: customer.id, occurredAt: '2026-04-10T00:00:00Z' });
    expect((await lastContactOf(customer.id)).last_contact_at).toEqual(new Date('2026-04-20T00:00:00Z'));
    await api('PATCH', `/api/v1/interactions/${newer.id}`, {
      version: 1,
      occurredAt: '2026-03-01T00:00:00Z',
    });
    expect((await lastContactOf(customer.id)).last_contact_at).toEqual(new Date('2026-04-10T00:00:00Z'));
    await api('DELETE', `/api/v1/interactions/${older.id}`);
    expect((await lastContactOf(customer.id)).last_contact_at).toEqual(new Date('2026-04-10T00:00:00Z'));

    const other = await customerOf(admin);
    await api('PATCH', `/api/v1/interactions/${newer.id}`, {
      version: 2,
      customerId: other.id,
      occurredAt: '2026-05-01T00:00:00Z',
    });
    expect((await lastContactOf(other.id)).last_contact_at).toEqual(new Date('2026-05-01T00:00:00Z'));
    expect((await lastContactOf(customer.id)).last_contact_at).toEqual(new Date('2026-04-10T00:00:00Z'));
    const rest = (await api('GET', `/api/v1/interactions?customerId=${customer.id}`)).json<{
      items: Interaction[];
    }>();
    for (const contact of rest.items) await api('DELETE', `/api/v1/interactions/${contact.id}`);
    expect(await lastContactOf(customer.id)).toEqual({ last_contact_at: null, version: 1 });
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const customer = await customerOf(admin);
    const cases: [Record<string, unknown>, string[]][] = [
      [{ channel: 'pigeon' }, ['channel']],
      [{ direction: 'sideways' }, ['direction']],
      [{ occurredAt: 'yesterday' }, ['occurredAt']],
      [{ staffId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' }, ['staffId']],
      [{ subject: 'x'.repeat(201) }, ['subject']],
      [{ mood: 'happy' }, ['mood']],
    ];
    for (const [payload, fields] of cases) {
      const problem = expectProblem(
        await api('POST', '/api/v1/interactions', {
          customerId: customer.id,
          channel: 'visit',
          direction: 'outbound',
          ...payload,
        }),
        400,
        'request.invalid',
      );
      expect(fieldsOf(problem), JSON.stringify(payload)).toEqual(fields);
    }
    expectProblem(
      await api('POST', '/api/v1/interactions', {
        customerId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
        channel: 'visit',
        direction: 'outbound',
      }),
      404,
      'customer.not_found',
    );
  });

  it('may name another staff member who had the contact', async () => {
    const customer = await customerOf(admin);
    const contact = await log({ customerId: customer.id, staffId: sales.user.id });
    expect(contact).toMatchObject({ staffId: sales.user.id, staffName: sales.user.name });
  });
});

describe('changing an interaction', () => {
  it('applies at the current version; a stale version is a 409 naming version and changes nothing', async () => {
    const customer = await customerOf(sales);
    const contact = await log({ customerId: customer.id, subject: 'First' }, sales);
    const changed = await api(
      'PATCH',
      `/api/v1/interactions/${contact.id}`,
      { version: 1, subject: 'Second', outcome: null },
      sales,
    );
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ subject: 'Second', outcome: null, version: 2 });
    const problem = expectProblem(
      await api('PATCH', `/api/v1/interactions/${contact.id}`, { version: 1, subject: 'Stale' }, sales),
      409,
      'record.version_conflict',
    );
    expect(fieldsOf(problem)).toEqual(['version']);
    expectProblem(
      await api('DELETE', `/api/v1/interactions/${contact.id}?version=1`, undefined, sales),
      409,
      'record.version_conflict',
    );
    expect((await api('GET', `/api/v1/interactions/${contact.id}`, undefined, sales)).json()).toMatchObject({
      subject: 'Second',
      version: 2,
    });
    expect(
      (await api('DELETE', `/api/v1/interactions/${contact.id}?version=2`, undefined, sales)).statusCode,
    ).toBe(204);
    expectProblem(
      await api('GET', `/api/v1/interactions/${contact.id}`, undefined, sales),
      404,
      'interaction.not_found',
    );
  });
});

describe('who may see and log interactions', () => {
  it('requires a login', async () => {
    expectProblem(await api('GET', '/api/v1/interactions', undefined, null), 401, 'auth.required');
    expectProblem(await api('POST', '/api/v1/interactions', {}, null), 401, 'auth.required');
  });

  it("does not show sales staff another owner's customer's interactions: 404, never 403", async () => {
    const theirs = await customerOf(otherSales);
    const contact = await log({ customerId: theirs.id }, otherSales);
    expectProblem(
      await api('GET', `/api/v1/interactions/${contact.id}`, undefined, sales),
      404,
      'interaction.not_found',
    );
    expectProblem(
      await api('PATCH', `/api/v1/interactions/${contact.id}`, { version: 1, subject: 'x' }, sales),
      404,
      'interaction.not_found',
    );
    expectProblem(
      await api('DELETE', `/api/v1/interactions/${contact.id}`, undefined, sales),
      404,
      'interaction.not_found',
    );
    expectProblem(
      await api(
        'POST',
        '/api/v1/interactions',
        { customerId: theirs.id, channel: 'phone', direction: 'outbound' },
        sales,
      ),
      404,
      'customer.not_found',
    );
    const list = await api('GET', `/api/v1/interactions?customerId=${theirs.id}`, undefined, sales);
    expect(list.json()).toEqual({ items: [], nextCursor: null });
  });

  it("lets a manager see and log on the team's customers, and not on other teams'", async () => {
    const teamCustomer = await customerOf(sales);
    const outside = await customerOf(otherSales);
    await log({ customerId: teamCustomer.id }, manager);
    expectProblem(
      await api(
        'POST',
        '/api/v1/interactions',
        { customerId: outside.id, channel: 'email', direction: 'outbound' },
        manager,
      ),
      404,
      'customer.not_found',
    );
  });

  it('lets service staff log on any customer they can read, and change only what they logged', async () => {
    const customer = await customerOf(otherSales);
    const mine = await log({ customerId: customer.id, channel: 'phone', direction: 'inbound' }, service);
    expect(mine.staffId).toBe(service.user.id);
    const changed = await api(
      'PATCH',
      `/api/v1/interactions/${mine.id}`,
      { version: 1, outcome: 'solved' },
      service,
    );
    expect(changed.statusCode, changed.body).toBe(200);
    const sellers = await log({ customerId: customer.id }, otherSales);
    expect((await api('GET', `/api/v1/interactions/${sellers.id}`, undefined, service)).statusCode).toBe(200);
    expectProblem(
      await api('PATCH', `/api/v1/interactions/${sellers.id}`, { version: 1, notes: 'overwritten' }, service),
      403,
      'auth.forbidden',
    );
    expectProblem(
      await api('DELETE', `/api/v1/interactions/${sellers.id}`, undefined, service),
      403,
      'auth.forbidden',
    );
  });

  it('lets viewers read but not log', async () => {
    const customer = await customerOf(sales);
    const contact = await log({ customerId: customer.id }, sales);
    expect((await api('GET', `/api/v1/interactions/${contact.id}`, undefined, viewer)).statusCode).toBe(200);
    expectProblem(
      await api(
        'POST',
        '/api/v1/interactions',
        { customerId: customer.id, channel: 'sms', direction: 'outbound' },
        viewer,
      ),
      403,
      'auth.forbidden',
    );
  });
});

describe('the interaction list', () => {
  it('pages newest first, filters by channels, direction, staff and period, and sorts oldest first', async () => {
    const customer = await customerOf(admin);
    const specs = [
      { occurredAt: '2026-02-01T01:00:00Z', channel: 'phone', direction: 'inbound' },
      { occurredAt: '2026-02-02T01:00:00Z', channel: 'email', direction: 'outbound' },
      { occurredAt: '2026-02-03T01:00:00Z', channel: 'visit', direction: 'outbound', staffId: sales.user.id },
      { occurredAt: '2026-02-03T01:00:00Z', channel: 'phone', direction: 'outbound' },
      { occurredAt: '2026-02-04T01:00:00Z', channel: 'sms', direction: 'outbound' },
    ];
    const ids: string[] = [];
    for (const spec of specs) ids.push((await log({ customerId: customer.id, ...spec })).id);
    const pick = async (query: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const response = await api(
          'GET',
          `/api/v1/interactions?customerId=${customer.id}&limit=2&${query}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(response.statusCode, response.body).toBe(200);
        const page = response.json<{ items: Interaction[]; nextCursor: string | null }>();
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    // equal times fall back to the id, which follows creation
    expect(await pick('')).toEqual([ids[4], ids[3], ids[2], ids[1], ids[0]]);
    expect(await pick('sort=occurredAt')).toEqual(ids);
    expect(await pick('channel=phone,sms')).toEqual([ids[4], ids[3], ids[0]]);
    expect(await pick('channel=phone&channel=email&direction=outbound')).toEqual([ids[3], ids[1]]);
    expect(await pick(`staffId=${sales.user.id}`)).toEqual([ids[2]]);
    expect(await pick('from=2026-02-02&to=2026-02-03')).toEqual([ids[3], ids[2], ids[1]]);
    expectProblem(await api('GET', '/api/v1/interactions?channel=pigeon'), 400, 'request.invalid');
    expectProblem(await api('GET', '/api/v1/interactions?from=someday'), 400, 'request.invalid');
  });
});
