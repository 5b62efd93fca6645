import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '#src/modules/audit/audit.schema.ts';
import type {
  Customer,
  CustomerListItem,
  CustomField,
  SavedView,
} from '#src/modules/customers/customers.schema.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { buildCustomer } from '#test/support/factories.ts';
import { expectProblem, fieldsOf } from '#test/support/problem.ts';

/** Custom fields (issue 4 item 1): typed definitions, checked values, filters; and saved views of the list. */
let t: TestApp;
let admin: Session;
let sales: Session;
const fields: Record<string, CustomField> = {};
const ids: Record<string, string> = {};

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, session: Session, payload?: object) =>
  t.app.inject({ method, url, headers: session.bearer, ...(payload !== undefined && { payload }) });

beforeAll(async () => {
  t = await openTestApp();
  admin = await t.signedIn('admin');
  sales = await t.signedIn('sales');
  for (const field of [
    { key: 'nickname', label: '昵称', type: 'text' },
    { key: 'seats', label: 'Seats', type: 'number' },
    { key: 'renewal', label: 'Renewal', type: 'date' },
    { key: 'level', label: '等级', type: 'select', options: ['gold', 'silver'] },
    { key: 'channels', label: 'Channels', type: 'multiselect', options: ['wechat', 'email', 'phone'] },
    { key: 'club', label: 'Club member', type: 'boolean' },
  ]) {
    const response = await api('POST', '/api/v1/custom-fields', admin, field);
    expect(response.statusCode, response.body).toBe(201);
    fields[field.key] = response.json<CustomField>();
  }
  const add = async (key: string, custom: Customer['custom']) =>
    (ids[key] = (await buildCustomer(t.deps, { name: `Custom ${key}`, tags: ['custom'], custom })).id);
  await add('gold', {
    level: 'gold',
    seats: 10,
    renewal: '2026-01-15',
    channels: ['wechat', 'email'],
    club: true,
  });
  await add('silver', {
    level: 'silver',
    seats: 2.5,
    renewal: '2025-12-31',
    channels: ['phone'],
    nickname: 'Silver Fox',
  });
  await add('bare', {});
  await add('big', { seats: 100, club: false, nickname: '老王' });
});
afterAll(() => t?.close());

describe('custom field definitions', () => {
  it('are listed for everyone who reads customers, in form order', async () => {
    const response = await api('GET', '/api/v1/custom-fields', sales);
    expect(response.statusCode).toBe(200);
    expect(response.json<{ items: CustomField[] }>().items.map((f) => f.key)).toEqual([
      'channels',
      'club',
      'level',
      'nickname',
      'renewal',
      'seats',
    ]);
  });

  it('are defined by admins only', async () => {
    expectProblem(
      await api('POST', '/api/v1/custom-fields', sales, { key: 'x', label: 'X', type: 'text' }),
      403,
      'auth.forbidden',
    );
  });

  it('refuses a key in use with 409 custom_field.key_taken', async () => {
    const problem = expectProblem(
      await api('POST', '/api/v1/custom-fields', admin, { key: 'seats', label: 'Again', type: 'text' }),
      409,
      'custom_field.key_taken',
    );
    expect(fieldsOf(problem)).toEqual(['key']);
  });

  it.each([
    ['a select without options', { key: 'tier', label: 'Tier', type: 'select' }, ['options']],
    ['options on a number', { key: 'n', label: 'N', type: 'number', options: ['1'] }, ['options']],
    ['repeated options', { key: 'r', label: 'R', type: 'select', options: ['a', 'a'] }, ['options']],
    ['a key with capitals', { key: 'Tier', label: 'Tier', type: 'text' }, ['key']],
    ['an unknown type', { key: 'money', label: 'M', type: 'money' }, ['type']],
  ])('refuses %s naming the field', async (_, payload, names) => {
    const problem = expectProblem(
      await api('POST', '/api/v1/custom-fields', admin, payload),
      400,
      'request.invalid',
    );
    expect(fieldsOf(problem)).toEqual(names);
  });

  it('never change their type, and change at their version', async () => {
    const field = fields.nickname!;
    const typed = await api('PATCH', `/api/v1/custom-fields/${field.id}`, admin, {
      version: 1,
      type: 'number',
    });
    expect(fieldsOf(expectProblem(typed, 400, 'request.invalid'))).toEqual(['type']);
    const renamed = await api('PATCH', `/api/v1/custom-fields/${field.id}`, admin, {
      version: 1,
      label: '外号',
    });
    expect(renamed.json()).toMatchObject({ label: '外号', type: 'text', version: 2 });
    fields.nickname = renamed.json<CustomField>();
    expectProblem(
      await api('PATCH', `/api/v1/custom-fields/${field.id}`, admin, { version: 1, label: 'Old' }),
      409,
      'record.version_conflict',
    );
  });
});

describe('custom values', () => {
  it('are stored when they fit their definitions', async () => {
    const customer = (await api('GET', `/api/v1/customers/${ids.gold}`, admin)).json<Customer>();
    expect(customer.custom).toEqual({
      level: 'gold',
      seats: 10,
      renewal: '2026-01-15',
      channels: ['wechat', 'email'],
      club: true,
    });
  });

  it('are refused when they do not fit, each error naming custom.<key>', async () => {
    const response = await api('POST', '/api/v1/customers', admin, {
      kind: 'person',
      name: 'Wrong values',
      custom: {
        seats: 'ten',
        renewal: '2026-02-30',
        level: 'platinum',
        channels: ['fax'],
        club: 'yes',
        nickname: 7,
        unknown: 'x',
      },
    });
    expect(fieldsOf(expectProblem(response, 400, 'request.invalid'))).toEqual([
      'custom.channels',
      'custom.club',
      'custom.level',
      'custom.nickname',
      'custom.renewal',
      'custom.seats',
      'custom.unknown',
    ]);
  });

  it('change one by one on update, and null removes one', async () => {
    const customer = await buildCustomer(t.deps, { custom: { level: 'gold', seats: 3 } });
    const response = await api('PATCH', `/api/v1/customers/${customer.id}`, admin, {
      version: 1,
      custom: { seats: null, nickname: 'Newbie' },
    });
    expect(response.json<Customer>().custom).toEqual({ level: 'gold', nickname: 'Newbie' });
  });

  it('of a required field must be given on create, and cannot be cleared; archiving keeps the values', async () => {
    const required = (
      await api('POST', '/api/v1/custom-fields', admin, {
        key: 'region_code',
        label: 'Region',
        type: 'text',
        required: true,
      })
    ).json<CustomField>();
    const missing = await api('POST', '/api/v1/customers', admin, { kind: 'person', name: 'No region' });
    expect(fieldsOf(expectProblem(missing, 400, 'request.invalid'))).toEqual(['custom.region_code']);
    const created = await api('POST', '/api/v1/customers', admin, {
      kind: 'person',
      name: 'Region',
      custom: { region_code: 'E1' },
    });
    const customer = created.json<Customer>();
    const cleared = await api('PATCH', `/api/v1/customers/${customer.id}`, admin, {
      version: 1,
      custom: { region_code: '' },
    });
    expect(fieldsOf(expectProblem(cleared, 400, 'request.invalid'))).toEqual(['custom.region_code']);
    // an older customer without the value can still be changed
    const older = await api('PATCH', `/api/v1/customers/${ids.bare}`, admin, {
      version: 1,
      notes: 'still fine',
    });
    expect(older.statusCode, older.body).toBe(200);

    const archived = await api('PATCH', `/api/v1/custom-fields/${required.id}`, admin, {
      version: 1,
      archived: true,
    });
    expect(archived.json()).toMatchObject({ archived: true });
    expect(
      (await api('POST', '/api/v1/customers', admin, { kind: 'person', name: 'After' })).statusCode,
    ).toBe(201);
    expect((await api('GET', `/api/v1/customers/${customer.id}`, admin)).json<Customer>().custom).toEqual({
      region_code: 'E1',
    });
  });
});

describe('filtering by custom fields', () => {
  const found = async (...filters: string[]) => {
    const query = filters.map((f) => `custom=${encodeURIComponent(f)}`).join('&');
    const response = await api('GET', `/api/v1/customers?tag=custom&limit=200&${query}`, admin);
    expect(response.statusCode, response.body).toBe(200);
    return response
      .json<{ items: CustomerListItem[] }>()
      .items.map((item) => item.id)
      .sort();
  };
  const expected = (...keys: string[]) => keys.map((key) => ids[key]!).sort();

  it.each([
    ['a select equal', ['level=gold'], ['gold']],
    ['a select not equal (also customers without a value)', ['level!=gold'], ['silver', 'bare', 'big']],
    ['a number at least', ['seats>=10'], ['gold', 'big']],
    ['a number below, with decimals', ['seats<3'], ['silver']],
    ['a number equal', ['seats=100'], ['big']],
    ['a date after', ['renewal>2025-12-31'], ['gold']],
    ['a date up to', ['renewal<=2025-12-31'], ['silver']],
    ['a multiselect that has an option', ['channels=email'], ['gold']],
    ['a boolean', ['club=false'], ['big']],
    ['text that contains, in any case', ['nickname~fox'], ['silver']],
    ['Chinese text that contains', ['nickname~王'], ['big']],
    ['no value', ['level='], ['bare', 'big']],
    ['any value', ['level!='], ['gold', 'silver']],
    ['two filters together', ['seats>1', 'club=true'], ['gold']],
  ])('by %s', async (_, filters, keys) => {
    expect(await found(...filters)).toEqual(expected(...keys));
  });

  it.each([
    ['an unknown key', 'colour=red'],
    ['a comparison of text', 'nickname>a'],
    ['a number that is none', 'seats>=ten'],
    ['a date that is none', 'renewal<2025-13-01'],
    ['a boolean that is none', 'club=yes'],
    ['contains on a number', 'seats~1'],
  ])('refuses %s with a 400 naming custom', async (_, filter) => {
    const response = await api('GET', `/api/v1/customers?custom=${encodeURIComponent(filter)}`, admin);
    expect(fieldsOf(expectProblem(response, 400, 'request.invalid'))).toEqual(['custom']);
  });

  it('refuses a filter that is not key-operator-value', async () => {
    const response = await api('GET', `/api/v1/customers?custom=${encodeURIComponent('no operator')}`, admin);
    expect(fieldsOf(expectProblem(response, 400, 'request.invalid'))).toEqual(['querystring.custom']);
  });
});

describe('saved views', () => {
  const save = (session: Session, payload: object) =>
    api('POST', '/api/v1/saved-views?entity=customers', session, payload);
  const views = async (session: Session) =>
    (await api('GET', '/api/v1/saved-views?entity=customers', session)).json<{ items: SavedView[] }>().items;

  it('keeps a user’s own views private and shows shared ones to everyone', async () => {
    const viewer = await t.signedIn('viewer');
    const mine = await save(sales, { name: 'My gold', query: { custom: 'level=gold', sort: '-createdAt' } });
    expect(mine.statusCode, mine.body).toBe(201);
    expect(mine.json()).toMatchObject({ name: 'My gold', shared: false, mine: true });
    const shared = await save(sales, {
      name: 'Team loyal',
      query: { lifecycleStage: ['loyal', 'active'], tag: 'vip' },
      shared: true,
    });
    expect(shared.statusCode).toBe(201);
    expect((await views(sales)).map((v) => [v.name, v.mine])).toEqual([
      ['My gold', true],
      ['Team loyal', true],
    ]);
    expect((await views(viewer)).map((v) => [v.name, v.mine, v.query])).toEqual([
      ['Team loyal', false, { lifecycleStage: ['loyal', 'active'], tag: 'vip' }],
    ]);
    // only the creator deletes: a shared view is visible to others (403), a private one is not (404)
    expectProblem(
      await api('DELETE', `/api/v1/saved-views/${shared.json<SavedView>().id}`, viewer),
      403,
      'auth.forbidden',
    );
    expectProblem(
      await api('DELETE', `/api/v1/saved-views/${mine.json<SavedView>().id}`, viewer),
      404,
      'saved_view.not_found',
    );
    expect((await api('DELETE', `/api/v1/saved-views/${mine.json<SavedView>().id}`, sales)).statusCode).toBe(
      204,
    );
    expect((await views(sales)).map((v) => v.name)).toEqual(['Team loyal']);
  });

  it('refuses a query the list would refuse, naming query.<param>', async () => {
    const response = await save(sales, {
      name: 'Broken',
      query: { lifecycleStage: 'sleepy', colour: 'red', limit: '500', cursor: 'abc', custom: 'nope=1' },
    });
    expect(fieldsOf(expectProblem(response, 400, 'request.invalid'))).toEqual([
      'query.colour',
      'query.cursor',
      'query.lifecycleStage',
      'query.limit',
    ]);
    const custom = await save(sales, { name: 'Broken custom', query: { custom: ['level=gold', 'nope=1'] } });
    expect(fieldsOf(expectProblem(custom, 400, 'request.invalid'))).toEqual(['query.custom']);
  });

  it('are only for the customer list so far', async () => {
    const response = await api('GET', '/api/v1/saved-views?entity=orders', sales);
    expect(fieldsOf(expectProblem(response, 400, 'request.invalid'))).toEqual(['querystring.entity']);
  });

  it('require login', async () => {
    expectProblem(await t.app.inject({ url: '/api/v1/saved-views?entity=customers' }), 401, 'auth.required');
  });
});

describe('the audit of definitions and views', () => {
  const entries = async (entity: string, entityId: string) =>
    (await api('GET', `/api/v1/audit?entity=${entity}&entityId=${entityId}`, admin))
      .json<{ items: AuditEntry[] }>()
      .items.map((entry) => [entry.action, entry.actorId, entry.before, entry.after]);

  it('records each change with who made it and the state before and after', async () => {
    const nickname = fields.nickname!;
    expect(await entries('custom_field', nickname.id)).toEqual([
      ['update', admin.user.id, expect.objectContaining({ label: '昵称', version: 1 }), nickname],
      ['create', admin.user.id, null, expect.objectContaining({ label: '昵称', version: 1 })],
    ]);
    const view = (
      await api('POST', '/api/v1/saved-views?entity=customers', sales, { name: 'Audited', query: {} })
    ).json<SavedView>();
    await api('DELETE', `/api/v1/saved-views/${view.id}`, sales);
    expect(await entries('saved_view', view.id)).toEqual([
      ['delete', sales.user.id, view, null],
      ['create', sales.user.id, null, view],
    ]);
  });
});
