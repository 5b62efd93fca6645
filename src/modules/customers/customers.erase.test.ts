import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '#src/modules/audit/audit.schema.ts';
import { recordAudit } from '#src/modules/audit/audit.service.ts';
import { ERASED_NAME } from '#src/modules/customers/customers.erase.ts';
import type { Customer } from '#src/modules/customers/customers.schema.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { MINUTE, TestClock } from '#test/support/clock.ts';
import { buildCustomer, setupActor } from '#test/support/factories.ts';
import { expectProblem } from '#test/support/problem.ts';

/**
 * Hard erase of a person on request (personal-data law; DESIGN §4, last bullet): the personal data leaves the
 * record and the audit log's before/after states; the audit keeps that, when and by whom it was erased.
 */
let t: TestApp;
let admin: Session;
let sales: Session;
const clock = new TestClock('2026-06-01T02:00:00.000Z');

beforeAll(async () => {
  t = await openTestApp({ clock });
  admin = await t.signedIn('admin');
  sales = await t.signedIn('sales');
});
afterAll(() => t?.close());

const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, session: Session = admin) =>
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

describe('erasing a person', () => {
  it('removes the personal data from the record and from the audit states, and records the erase', async () => {
    const customer = await create(
      {
        kind: 'person',
        name: '赵敏',
        phone: '13900139000',
        email: 'zhao.min@example.com',
        birthday: '1990-05-06',
        gender: 'female',
        province: '浙江',
        city: '杭州',
        address: '西湖区 1 号',
        notes: '喜欢绿茶',
        tags: ['oolong'],
        consent: { email: { granted: true, source: 'store' } },
      },
      sales,
    );
    await api('PATCH', `/api/v1/customers/${customer.id}`, { version: 1, notes: '更喜欢红茶' }, sales);
    const tooWeak = await api('POST', `/api/v1/customers/${customer.id}/erase`, {}, sales);
    expectProblem(tooWeak, 403, 'auth.forbidden');

    clock.advance(MINUTE);
    const response = await api('POST', `/api/v1/customers/${customer.id}/erase`, {});
    expect(response.statusCode, response.body).toBe(200);
    const erased = response.json<Customer>();
    expect(erased).toMatchObject({
      id: customer.id,
      ref: customer.ref,
      name: ERASED_NAME,
      phone: null,
      email: null,
      birthday: null,
      gender: null,
      province: null,
      city: null,
      address: null,
      notes: null,
      tags: [],
      custom: {},
      consent: { email: null, sms: null, phone: null },
      ownerId: sales.user.id,
      erasedAt: clock.now().toISOString(),
    });

    const entries = await auditOf(customer.id);
    expect(entries.map((e) => e.action)).toEqual(['erase', 'update', 'create']);
    const text = JSON.stringify(entries);
    for (const personal of [
      '赵敏',
      '13900139000',
      'zhao.min',
      '1990-05-06',
      '杭州',
      '西湖',
      '茶',
      'oolong',
      'store',
    ])
      expect(text).not.toContain(personal);
    expect(entries[0]).toMatchObject({
      actorId: admin.user.id,
      after: { id: customer.id, erasedAt: erased.erasedAt },
    });
    // the facts that are not personal stay in the history
    expect(entries[2]!.after).toMatchObject({ id: customer.id, ref: customer.ref, ownerId: sales.user.id });

    const row = await t.database.db
      .selectFrom('customers')
      .select(['search_text', 'name_pinyin'])
      .where('id', '=', customer.id)
      .executeTakeFirstOrThrow();
    expect(row.search_text).not.toContain('zhao');
    expect(row.search_text).not.toContain('13900139000');

    expectProblem(await api('POST', `/api/v1/customers/${customer.id}/erase`, {}), 409, 'customer.erased');
    expectProblem(
      await api('PATCH', `/api/v1/customers/${customer.id}`, { version: erased.version, name: 'Back' }),
      409,
      'customer.erased',
    );
  });

  it('leaves other customers’ audit entries alone', async () => {
    const keep = await buildCustomer(t.deps, { name: 'Keep Me', phone: '13700137000' });
    const gone = await buildCustomer(t.deps, { name: 'Erase Me' });
    await api('POST', `/api/v1/customers/${gone.id}/erase`);
    const [entry] = await auditOf(keep.id);
    expect(entry!.after).toMatchObject({ name: 'Keep Me', phone: '+8613700137000' });
  });
});

describe('erasing a merged person', () => {
  it('also removes their record from the merge entry kept under the survivor', async () => {
    const survivor = await buildCustomer(t.deps, { name: 'Survivor Person', email: 'survivor@example.com' });
    const merged = await buildCustomer(t.deps, { name: 'Merged Person', email: 'merged@example.com' });
    // as the merge records it: one entry under the survivor with both records inside
    await t.database.db
      .updateTable('customers')
      .set({ merged_into: survivor.id, deleted_at: clock.now() })
      .where('id', '=', merged.id)
      .execute();
    await recordAudit(t.database.db, setupActor, {
      at: clock.now(),
      action: 'merge',
      entity: 'customer',
      entityId: survivor.id,
      before: { survivor: { customer: survivor }, merged: [{ customer: merged }] },
    });
    const response = await api('POST', `/api/v1/customers/${merged.id}/erase`);
    expect(response.statusCode, response.body).toBe(200);
    const [entry] = await auditOf(survivor.id);
    expect(entry!.action).toBe('merge');
    expect(JSON.stringify(entry)).not.toContain('merged@example.com');
    expect(entry!.before).toMatchObject({
      survivor: { customer: { name: 'Survivor Person', email: 'survivor@example.com' } },
      merged: [{ customer: { id: merged.id, name: ERASED_NAME, email: null } }],
    });
  });
});
