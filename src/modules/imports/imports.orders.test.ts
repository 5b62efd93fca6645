import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile, type ImportOptions } from '#src/modules/imports/import-file.ts';
import { readErrorReport, tempFiles } from '#src/modules/imports/test-files.ts';
import type { Actor } from '#src/shared/context.ts';
import { openTestDatabase, type TestDatabase } from '#test/support/db.ts';
import { buildUser, insertCustomerRow, setupActor } from '#test/support/factories.ts';

const files = tempFiles();
let t: TestDatabase;

beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t?.close());

const plain = ['ref', 'customer_ref', 'ordered_at', 'amount', 'currency', 'quantity'];

const run = (path: string, options: Partial<ImportOptions> = {}, actor: Actor = setupActor) =>
  importFile(t.deps, actor, { entity: 'orders', path, errorsPath: `${path}.errors.csv`, ...options });

const order = (ref: string) =>
  t.deps.db
    .selectFrom('orders')
    .innerJoin('customers', 'customers.id', 'orders.customer_id')
    .select([
      'orders.id',
      'customers.ref as customer_ref',
      'orders.ordered_at',
      'orders.order_day',
      'orders.amount',
      'orders.currency',
      'orders.quantity',
      'orders.status',
      'orders.version',
    ])
    .where('orders.ref', '=', ref)
    .executeTakeFirst();

const stats = (customerRef: string) =>
  t.deps.db
    .selectFrom('customer_stats')
    .innerJoin('customers', 'customers.id', 'customer_stats.customer_id')
    .select([
      'customer_stats.currency',
      'customer_stats.orders',
      'customer_stats.revenue',
      'customer_stats.returns',
      'customer_stats.first_order_day',
      'customer_stats.last_order_day',
    ])
    .where('customers.ref', '=', customerRef)
    .orderBy('customer_stats.currency')
    .execute();

describe('importing a plain orders file', () => {
  it('imports orders, creating unknown customers as people named by their ref, and rejects bad rows', async () => {
    const file = files.csv('orders.csv', [
      plain,
      ['PO-1', 'PC-1', '2024-03-01 10:00', '12.50', 'CNY', '2'],
      ['PO-2', 'PC-1', '2024-03-05T23:30:00+08:00', '0', '', ''],
      ['PO-3', 'PC-2', '20240306', '-30.00', 'CNY', '-1'],
      ['PO-4', 'PC-2', '2024-03-07', '1,234.56', 'USD', '1'],
      ['PO-5', 'PC-3', '2024-02-30', '10', 'CNY', '1'],
      ['PO-6', 'PC-3', '2024-03-08', 'ten', 'CNY', '1'],
      ['PO-7', 'PC-3', '2024-03-08', '', 'CNY', '1'],
      ['PO-8', 'PC-3', '2024-03-08', '10', 'CNY', 'two'],
      ['PO-9', 'PC-3', '2024-03-08', '10', 'RMB', '1'],
      ['PO-1', 'PC-3', '2024-03-08', '10', 'CNY', '1'],
      ['PO-10', '', '2024-03-08', '10', 'CNY', '1'],
    ]);
    const result = await run(file);
    expect(result).toMatchObject({ imported: 4, skipped: 0, errors: 7, customersCreated: 2 });
    expect(await order('PO-1')).toMatchObject({
      customer_ref: 'PC-1',
      ordered_at: new Date('2024-03-01T02:00:00Z'),
      order_day: '2024-03-01',
      amount: 1250,
      currency: 'CNY',
      quantity: '2',
      status: 'completed',
    });
    // an amount of 0 is an order (free items, promotions); no currency column value → the business currency
    expect(await order('PO-2')).toMatchObject({
      amount: 0,
      currency: 'CNY',
      quantity: null,
      status: 'completed',
    });
    // a negative amount is a return
    expect(await order('PO-3')).toMatchObject({ amount: -3000, status: 'returned', order_day: '2024-03-06' });
    expect(await order('PO-4')).toMatchObject({ amount: 123456, currency: 'USD' });
    const created = await t.deps.db
      .selectFrom('customers')
      .select(['ref', 'kind', 'name', 'source'])
      .where('ref', 'in', ['PC-1', 'PC-2', 'PC-3'])
      .orderBy('ref')
      .execute();
    // PC-3's rows were all rejected, so PC-3 was never needed
    expect(created).toEqual([
      { ref: 'PC-1', kind: 'person', name: 'PC-1', source: 'import' },
      { ref: 'PC-2', kind: 'person', name: 'PC-2', source: 'import' },
    ]);
    expect(readErrorReport(result.errorReport!).map((r) => [r.line, r.column, r.reason])).toEqual([
      ['6', 'ordered_at', expect.stringMatching(/^"2024-02-30" is not a date or time/)],
      ['7', 'amount', '"ten" is not a number'],
      ['8', 'amount', 'is required'],
      ['9', 'quantity', '"two" is not a number'],
      ['10', 'currency', '"RMB" is not an ISO 4217 currency code such as CNY'],
      ['11', 'ref', '"PO-1" appears earlier in the file; the same ref twice is rejected'],
      ['12', 'customer_ref', 'is required'],
    ]);
    // the per-customer summary is current: returns lower revenue and are not purchases
    expect(await stats('PC-1')).toEqual([
      {
        currency: 'CNY',
        orders: 2,
        revenue: 1250,
        returns: 0,
        first_order_day: '2024-03-01',
        last_order_day: '2024-03-05',
      },
    ]);
    expect(await stats('PC-2')).toEqual([
      {
        currency: 'USD',
        orders: 1,
        revenue: 123456,
        returns: 0,
        first_order_day: '2024-03-07',
        last_order_day: '2024-03-07',
      },
    ]);
  });

  it('re-importing changes nothing, and a changed order is updated, not duplicated', async () => {
    const rows = [
      plain,
      ['RO-1', 'RC-1', '2024-04-01', '100.00', 'CNY', '1'],
      ['RO-2', 'RC-1', '2024-04-02', '50', 'CNY', '1'],
    ];
    expect(await run(files.csv('re-1.csv', rows))).toMatchObject({ imported: 2, skipped: 0 });
    expect(await run(files.csv('re-2.csv', rows))).toMatchObject({
      imported: 0,
      skipped: 2,
      customersCreated: 0,
    });
    expect((await order('RO-1'))!.version).toBe(1);
    const changed = await run(
      files.csv('re-3.csv', [plain, ['RO-1', 'RC-1', '2024-04-01', '-100.00', 'CNY', '1'], rows[2]!]),
    );
    expect(changed).toMatchObject({ imported: 1, skipped: 1 });
    expect(await order('RO-1')).toMatchObject({ amount: -10000, status: 'returned', version: 2 });
    expect(await stats('RC-1')).toEqual([
      {
        currency: 'CNY',
        orders: 1,
        revenue: -5000,
        returns: 1,
        first_order_day: '2024-04-02',
        last_order_day: '2024-04-02',
      },
    ]);
    const count = await t.deps.db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('ref', 'like', 'RO-%')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2);
  });

  it('with --no-create, an unknown customer_ref rejects the row', async () => {
    await insertCustomerRow(t.deps.db, { ref: 'NC-KNOWN' });
    const file = files.csv('no-create.csv', [
      plain,
      ['NO-1', 'NC-KNOWN', '2024-05-01', '1', '', ''],
      ['NO-2', 'NC-UNKNOWN', '2024-05-01', '1', '', ''],
    ]);
    const result = await run(file, { noCreate: true });
    expect(result).toMatchObject({ imported: 1, errors: 1, customersCreated: 0 });
    expect(await order('NO-2')).toBeUndefined();
    expect(readErrorReport(result.errorReport!)).toEqual([
      expect.objectContaining({
        line: '3',
        column: 'customer_ref',
        reason: '"NC-UNKNOWN" names no customer (--no-create: unknown customers are not created)',
      }),
    ]);
  });

  it('--currency sets the currency of rows without one; a currency column wins', async () => {
    const file = files.csv('currency.csv', [
      plain,
      ['CO-1', 'CC-1', '2024-05-01', '5', '', ''],
      ['CO-2', 'CC-1', '2024-05-01', '5', 'JPY', ''],
    ]);
    expect(await run(file, { currency: 'usd' })).toMatchObject({ imported: 2 });
    expect(await order('CO-1')).toMatchObject({ currency: 'USD', amount: 500 });
    expect(await order('CO-2')).toMatchObject({ currency: 'JPY', amount: 5 });
  });

  it('orders of a merged customer go to the survivor; a deleted customer’s ref is rejected', async () => {
    const survivor = await insertCustomerRow(t.deps.db, { ref: 'MS-1' });
    await insertCustomerRow(t.deps.db, { ref: 'MM-1', merged_into: survivor.id, deleted_at: new Date() });
    await insertCustomerRow(t.deps.db, { ref: 'MD-1', deleted_at: new Date() });
    const result = await run(
      files.csv('merged.csv', [
        plain,
        ['MO-1', 'MM-1', '2024-05-01', '1', '', ''],
        ['MO-2', 'MD-1', '2024-05-01', '1', '', ''],
      ]),
    );
    expect(result).toMatchObject({ imported: 1, errors: 1 });
    expect((await order('MO-1'))!.customer_ref).toBe('MS-1');
    expect(readErrorReport(result.errorReport!)[0]!.reason).toBe('"MD-1" names a deleted customer');
  });

  it('sales staff cannot move another owner’s order through an import', async () => {
    const { user: other } = await buildUser(t.deps, { role: 'sales' });
    await insertCustomerRow(t.deps.db, { ref: 'SC-THEIRS', owner_id: other.id });
    await run(files.csv('theirs-1.csv', [plain, ['SO-1', 'SC-THEIRS', '2024-05-01', '1', '', '']]));
    const { user } = await buildUser(t.deps, { role: 'sales' });
    const actor: Actor = {
      userId: user.id,
      label: user.email,
      role: 'sales',
      teamId: null,
      ip: null,
      requestId: null,
    };
    const result = await run(
      files.csv('theirs-2.csv', [
        plain,
        ['SO-1', 'SC-MINE', '2024-05-01', '1', '', ''],
        ['SO-2', 'SC-THEIRS', '2024-05-01', '1', '', ''],
      ]),
      {},
      actor,
    );
    expect(result).toMatchObject({ imported: 0, errors: 2 });
    expect(readErrorReport(result.errorReport!).map((r) => r.reason)).toEqual([
      'order "SO-1" belongs to a customer you may not change',
      '"SC-THEIRS" names a customer you may not change',
    ]);
    expect((await order('SO-1'))!.customer_ref).toBe('SC-THEIRS');
  });

  it('reads .csv.gz', async () => {
    const file = files.write(
      'orders.csv.gz',
      gzipSync(`${plain.join(',')}\nGZ-1,GZC-1,2024-06-01,9.99,CNY,1\n`),
    );
    expect(await run(file)).toMatchObject({ imported: 1, format: 'csv.gz' });
    expect((await order('GZ-1'))!.amount).toBe(999);
  });
});
