import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile, type ImportOptions } from '#src/modules/imports/import-file.ts';
import { readErrorReport, tempFiles } from '#src/modules/imports/test-files.ts';
import { openTestDatabase, type TestDatabase } from '#test/support/db.ts';
import { insertCustomerRow, setupActor } from '#test/support/factories.ts';

const files = tempFiles();
let t: TestDatabase;

beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t?.close());

const run = (entity: ImportOptions['entity'], path: string, options: Partial<ImportOptions> = {}) =>
  importFile(t.deps, setupActor, { entity, path, errorsPath: `${path}.errors.csv`, ...options });

const header = ['ref', 'customer_ref', 'channel', 'direction', 'occurred_at', 'subject', 'notes'];

const interactionsOf = (customerId: string) =>
  t.deps.db
    .selectFrom('interactions')
    .select(['ref', 'channel', 'direction', 'occurred_at', 'subject', 'notes', 'version'])
    .where('customer_id', '=', customerId)
    .orderBy('occurred_at')
    .execute();

describe('importing interactions', () => {
  it('imports contacts on every channel, rejecting unknown customers and unknown channels or directions', async () => {
    const customer = await insertCustomerRow(t.deps.db, { ref: 'IC-1' });
    const file = files.csv('interactions.csv', [
      header,
      ['I-1', 'IC-1', 'phone', 'inbound', '2024-03-01 09:00', '咨询价格', '客户询问大客户折扣\n第二行'],
      ['', 'IC-1', '微信', '呼出', '2024-03-02 10:00', '', ''],
      ['I-3', 'IC-NOBODY', 'visit', 'outbound', '2024-03-03', '', ''],
      ['I-4', 'IC-1', 'fax', 'outbound', '2024-03-03', '', ''],
      ['I-5', 'IC-1', 'email', 'sideways', '2024-03-03', '', ''],
      ['I-6', 'IC-1', 'email', 'inbound', 'not a time', '', ''],
    ]);
    const result = await run('interactions', file);
    expect(result).toMatchObject({ imported: 2, skipped: 0, errors: 4, customersCreated: 0 });
    expect(await interactionsOf(customer.id)).toMatchObject([
      {
        ref: 'I-1',
        channel: 'phone',
        direction: 'inbound',
        occurred_at: new Date('2024-03-01T01:00:00Z'),
        subject: '咨询价格',
        notes: '客户询问大客户折扣\n第二行',
      },
      { ref: null, channel: 'wechat', direction: 'outbound', subject: null, notes: null },
    ]);
    expect(readErrorReport(result.errorReport!).map((r) => [r.line, r.column, r.reason])).toEqual([
      ['5', 'customer_ref', '"IC-NOBODY" names no customer'],
      ['6', 'channel', '"fax" is not one of visit, phone, email, sms, wechat, web, social, store, event'],
      ['7', 'direction', '"sideways" is not one of inbound, outbound'],
      ['8', 'occurred_at', expect.stringMatching(/^"not a time" is not a date or time/)],
    ]);
    // the customer's last contact follows the latest contact imported
    const row = await t.deps.db
      .selectFrom('customers')
      .leftJoin('customer_last_contact as l', 'l.customer_id', 'customers.id')
      .select('l.last_contact_at')
      .where('customers.id', '=', customer.id)
      .executeTakeFirstOrThrow();
    expect(row.last_contact_at).toEqual(new Date('2024-03-02T02:00:00Z'));
  });

  it('re-importing skips what is stored, with or without a ref; a changed contact with a ref is updated', async () => {
    const customer = await insertCustomerRow(t.deps.db, { ref: 'IC-2' });
    const rows = [
      header,
      ['RI-1', 'IC-2', 'visit', 'outbound', '2024-04-01 09:00', 'Visit', ''],
      ['', 'IC-2', 'sms', 'outbound', '2024-04-02 09:00', 'Promo', ''],
    ];
    expect(await run('interactions', files.csv('again-1.csv', rows))).toMatchObject({
      imported: 2,
      skipped: 0,
    });
    expect(await run('interactions', files.csv('again-2.csv', rows))).toMatchObject({
      imported: 0,
      skipped: 2,
    });
    const changed = [
      header,
      ['RI-1', 'IC-2', 'visit', 'outbound', '2024-04-01 09:00', 'Visit with demo', ''],
      rows[2]!,
    ];
    expect(await run('interactions', files.csv('again-3.csv', changed))).toMatchObject({
      imported: 1,
      skipped: 1,
    });
    const stored = await interactionsOf(customer.id);
    expect(stored).toHaveLength(2);
    expect(stored[0]).toMatchObject({ ref: 'RI-1', subject: 'Visit with demo', version: 2 });
  });

  it('keeps stored subject and notes when the file has no such columns', async () => {
    const customer = await insertCustomerRow(t.deps.db, { ref: 'IC-3' });
    await run(
      'interactions',
      files.csv('full.csv', [header, ['KI-1', 'IC-3', 'phone', 'inbound', '2024-04-01', 'Subject', 'Notes']]),
    );
    const result = await run(
      'interactions',
      files.csv('narrow.csv', [
        ['ref', 'customer_ref', 'channel', 'direction', 'occurred_at'],
        ['KI-1', 'IC-3', 'email', 'inbound', '2024-04-01'],
      ]),
    );
    expect(result).toMatchObject({ imported: 1 });
    expect((await interactionsOf(customer.id))[0]).toMatchObject({
      channel: 'email',
      subject: 'Subject',
      notes: 'Notes',
    });
  });

  it('moves the last contact forward with new contacts, and back when a contact is moved earlier or away', async () => {
    const anna = await insertCustomerRow(t.deps.db, { ref: 'LC-1' });
    const bo = await insertCustomerRow(t.deps.db, { ref: 'LC-2' });
    const lastContacts = async () =>
      (
        await t.deps.db
          .selectFrom('customers')
          .leftJoin('customer_last_contact as l', 'l.customer_id', 'customers.id')
          .select('l.last_contact_at')
          .where('customers.id', 'in', [anna.id, bo.id])
          .orderBy('ref')
          .execute()
      ).map((row) => row.last_contact_at);
    const importing = async (rows: string[][]) =>
      run('interactions', files.csv('contacts.csv', [header, ...rows]));

    await importing([
      ['LI-1', 'LC-1', 'phone', 'outbound', '2024-06-05 10:00', '', ''],
      ['LI-2', 'LC-1', 'phone', 'outbound', '2024-06-01 10:00', '', ''],
    ]);
    expect(await lastContacts()).toEqual([new Date('2024-06-05T02:00:00Z'), null]);
    await importing([['LI-3', 'LC-1', 'visit', 'outbound', '2024-06-03 10:00', '', '']]);
    expect(await lastContacts(), 'an earlier new contact').toEqual([new Date('2024-06-05T02:00:00Z'), null]);
    await importing([['LI-1', 'LC-1', 'phone', 'outbound', '2024-06-02 10:00', '', '']]);
    expect(await lastContacts(), 'the latest contact moved earlier').toEqual([
      new Date('2024-06-03T02:00:00Z'),
      null,
    ]);
    await importing([['LI-3', 'LC-2', 'visit', 'outbound', '2024-06-03 10:00', '', '']]);
    expect(await lastContacts(), 'a contact moved to another customer').toEqual([
      new Date('2024-06-02T02:00:00Z'),
      new Date('2024-06-03T02:00:00Z'),
    ]);
    await importing([['', 'LC-2', 'sms', 'outbound', '2024-06-10 10:00', 'Promo', '']]);
    expect(await lastContacts(), 'a new contact without a ref').toEqual([
      new Date('2024-06-02T02:00:00Z'),
      new Date('2024-06-10T02:00:00Z'),
    ]);
  });
});

describe('importing products', () => {
  const productHeader = ['sku', 'name', 'category', 'price', 'currency'];
  const product = (sku: string) =>
    t.deps.db
      .selectFrom('products')
      .select(['sku', 'name', 'category', 'price', 'currency', 'version'])
      .where('sku', '=', sku)
      .executeTakeFirst();

  it('upserts products by SKU with prices in major units, rejecting bad prices and repeated SKUs', async () => {
    const rows = [
      productHeader,
      ['SKU-1', '保温杯', '家居', '89.90', 'CNY'],
      ['SKU-2', 'Notebook', '', '12', ''],
      ['SKU-3', 'Free sample', 'Gifts', '0', 'CNY'],
      ['SKU-4', 'Bad price', '', 'cheap', 'CNY'],
      ['SKU-5', 'Negative', '', '-1', 'CNY'],
      ['SKU-1', 'Again', '', '1', 'CNY'],
    ];
    const result = await run('products', files.csv('products.csv', rows));
    expect(result).toMatchObject({ imported: 3, skipped: 0, errors: 3 });
    expect(await product('SKU-1')).toMatchObject({
      name: '保温杯',
      category: '家居',
      price: 8990,
      currency: 'CNY',
      version: 1,
    });
    expect(await product('SKU-2')).toMatchObject({ price: 1200, currency: 'CNY', category: null });
    expect(await product('SKU-3')).toMatchObject({ price: 0 });
    expect(readErrorReport(result.errorReport!).map((r) => [r.line, r.column, r.reason])).toEqual([
      ['5', 'price', '"cheap" is not a number'],
      ['6', 'price', 'must not be negative'],
      ['7', 'sku', '"SKU-1" appears earlier in the file; the same sku twice is rejected'],
    ]);
    const again = await run(
      'products',
      files.csv('products-2.csv', [productHeader, rows[1]!, ['SKU-2', 'Notebook A5', '', '12', '']]),
    );
    expect(again).toMatchObject({ imported: 1, skipped: 1 });
    expect(await product('SKU-2')).toMatchObject({ name: 'Notebook A5', version: 2 });
  });

  it('links order lines to the catalogue by SKU', async () => {
    await run('products', files.csv('linked.csv', [productHeader, ['LINK-1', 'Linked', '', '5', 'CNY']]));
    const file = files.csv('order-lines.csv', [
      ['ref', 'customer_ref', 'ordered_at', 'sku', 'product', 'quantity', 'unit_price'],
      ['PL-1', 'PLC-1', '2024-05-01', 'LINK-1', 'Linked', '1', '5'],
      ['PL-1', 'PLC-1', '2024-05-01', 'NOT-IN-CATALOGUE', 'Other', '1', '5'],
    ]);
    expect(await run('orders', file)).toMatchObject({ imported: 1 });
    const items = await t.deps.db
      .selectFrom('order_items')
      .innerJoin('orders', 'orders.id', 'order_items.order_id')
      .leftJoin('products', 'products.id', 'order_items.product_id')
      .select(['order_items.sku', 'products.sku as linked'])
      .where('orders.ref', '=', 'PL-1')
      .orderBy('order_items.line')
      .execute();
    expect(items).toEqual([
      { sku: 'LINK-1', linked: 'LINK-1' },
      { sku: 'NOT-IN-CATALOGUE', linked: null },
    ]);
  });
});
