import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportEntity, formatInstant } from '#src/modules/imports/export.ts';
import { importFile } from '#src/modules/imports/import-file.ts';
import type { ExportEntity } from '#src/modules/imports/imports.schema.ts';
import { tempFiles } from '#src/modules/imports/test-files.ts';
import type { Actor } from '#src/shared/context.ts';
import { openTestDatabase, type TestDatabase } from '#test/support/db.ts';
import { buildTeam, buildUser, insertCustomerRow, setupActor } from '#test/support/factories.ts';

const files = tempFiles();
let t: TestDatabase;

/** Every kind of value the formats carry, including the awkward ones. */
async function seed() {
  const run = (entity: 'customers' | 'orders' | 'interactions' | 'products', rows: string[][]) =>
    importFile(t.deps, setupActor, {
      entity,
      path: files.csv(`${entity}.csv`, rows),
      errorsPath: files.path('seed.errors.csv'),
    });
  await run('customers', [
    [
      'ref',
      'kind',
      'name',
      'email',
      'phone',
      'gender',
      'birthday',
      'province',
      'city',
      'industry',
      'tags',
      'created_at',
      'credit_code',
    ],
    [
      'E-1',
      'person',
      '张三',
      'zs@example.com',
      '13800138000',
      'male',
      '1990-05-01',
      '广东省',
      '深圳市',
      '',
      'vip;深圳',
      '2024-03-01 08:30:00.123',
      '',
    ],
    [
      'E-2',
      'organization',
      '=cmd|"/c calc"!A1',
      '',
      '',
      '',
      '',
      '',
      '',
      '-制造业',
      '@risk',
      '2024-03-02',
      '91330200ma2aaaaa1k',
    ],
    // written escaped once in the file, so stored as text that starts with ' and =
    ['E-3', 'person', "''=already quoted", '', '', 'female', '', '', '', '', '', '2024-03-03', ''],
    ['E-4', 'person', 'Multi\nline, "quoted" name', '', '', '', '', '', '', '', '', '2024-03-04', ''],
  ]);
  await run('orders', [
    ['ref', 'customer_ref', 'ordered_at', 'amount', 'currency', 'quantity'],
    ['EO-1', 'E-1', '2024-03-05 10:00', '12.50', 'CNY', '2'],
    ['EO-2', 'E-1', '2024-03-06 10:00', '-3.10', 'CNY', '-1.5'],
    ['EO-3', 'E-2', '2024-03-07', '0', 'JPY', ''],
    ['=EO-4', 'E-2', '2024-03-07', '1000', 'BHD', '1'],
  ]);
  await run('interactions', [
    ['ref', 'customer_ref', 'channel', 'direction', 'occurred_at', 'subject', 'notes'],
    ['EI-1', 'E-1', 'phone', 'inbound', '2024-03-08 09:00', '+1 callback', 'line one\nline two'],
    ['', 'E-2', 'visit', 'outbound', '2024-03-09 15:00', '', '@channel'],
  ]);
  await run('products', [
    ['sku', 'name', 'category', 'price', 'currency'],
    ['ES-1', '保温杯', '家居', '89.90', 'CNY'],
    ['-ES-2', '+Plus', '', '0.5', 'USD'],
  ]);
}

beforeAll(async () => {
  t = await openTestDatabase();
  await seed();
});
afterAll(() => t?.close());

const counts = (entity: ExportEntity) =>
  t.deps.db
    .selectFrom(entity)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
    .then((row) => Number(row.n));

describe('exporting in the import formats', () => {
  it('writes CSV in UTF-8 with a BOM, text escaped against formulas, numbers as numbers', async () => {
    const file = files.path('customers.csv');
    expect(await exportEntity(t.deps, setupActor, 'customers', file)).toEqual({ rows: 4, path: file });
    const text = readFileSync(file, 'utf8');
    expect(
      text.startsWith(
        '\ufeffref,kind,name,email,phone,gender,birthday,province,city,industry,tags,created_at,credit_code\n',
      ),
    ).toBe(true);
    expect(text).toContain(
      `E-1,person,张三,zs@example.com,'+8613800138000,male,1990-05-01,广东省,深圳市,,vip;深圳,2024-03-01T08:30:00.123+08:00,\n`,
    );
    expect(text).toContain(
      `E-2,organization,"'=cmd|""/c calc""!A1",,,,,,,'-制造业,'@risk,2024-03-02T00:00:00+08:00,91330200MA2AAAAA1K\n`,
    );
    expect(text).toContain(`E-3,person,''=already quoted,`);
    expect(text).toContain(`E-4,person,"Multi\nline, ""quoted"" name",`);

    const orders = files.path('orders.csv');
    await exportEntity(t.deps, setupActor, 'orders', orders);
    const orderText = readFileSync(orders, 'utf8');
    expect(orderText).toContain('EO-1,E-1,2024-03-05T10:00:00+08:00,12.50,CNY,2\n');
    // a negative amount or quantity is a number: never escaped
    expect(orderText).toContain('EO-2,E-1,2024-03-06T10:00:00+08:00,-3.10,CNY,-1.5\n');
    expect(orderText).toContain('EO-3,E-2,2024-03-07T00:00:00+08:00,0,JPY,\n');
    expect(orderText).toContain("'=EO-4,E-2,2024-03-07T00:00:00+08:00,1000.000,BHD,1\n");
  });

  it('writes XLSX with numbers as number cells and escaped text', async () => {
    const file = files.path('orders.xlsx');
    expect((await exportEntity(t.deps, setupActor, 'orders', file)).rows).toBe(4);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'ref',
      'customer_ref',
      'ordered_at',
      'amount',
      'currency',
      'quantity',
    ]);
    const rows = new Map<string, unknown[]>();
    sheet.eachRow((row, n) => {
      if (n > 1) rows.set(String(row.getCell(1).value), (row.values as unknown[]).slice(1));
    });
    expect(rows.get('EO-2')).toEqual(['EO-2', 'E-1', '2024-03-06T10:00:00+08:00', -3.1, 'CNY', -1.5]);
    expect(rows.get("'=EO-4")![3]).toBe(1000);
  });

  for (const format of ['csv', 'xlsx'] as const) {
    it(`an export in ${format} imports back unchanged: every row skipped, nothing added`, async () => {
      const before = Object.fromEntries(
        await Promise.all(
          (['customers', 'orders', 'interactions', 'products'] as const).map(async (e) => [
            e,
            await counts(e),
          ]),
        ),
      );
      for (const entity of ['customers', 'products', 'orders', 'interactions'] as const) {
        const file = files.path(`${entity}.${format}`);
        const { rows } = await exportEntity(t.deps, setupActor, entity, file);
        const result = await importFile(t.deps, setupActor, {
          entity,
          path: file,
          errorsPath: `${file}.errors.csv`,
        });
        expect({ entity, ...result }).toMatchObject({
          entity,
          imported: 0,
          skipped: rows,
          errors: 0,
          customersCreated: 0,
        });
        expect(rows).toBe(before[entity]);
      }
      for (const entity of ['customers', 'orders', 'interactions', 'products'] as const)
        expect(await counts(entity)).toBe(before[entity]);
      const versions = await t.deps.db
        .selectFrom('customers')
        .select('version')
        .where('ref', 'like', 'E-%')
        .execute();
      expect(versions.every((v) => v.version === 1)).toBe(true);
    });
  }

  it('a manager exports their team’s customers only; deleted customers are left out', async () => {
    const team = await buildTeam(t.deps);
    const { user } = await buildUser(t.deps, { role: 'manager', teamId: team.id });
    await insertCustomerRow(t.deps.db, { ref: 'TEAM-1', team_id: team.id });
    await insertCustomerRow(t.deps.db, { ref: 'TEAM-2', team_id: team.id, deleted_at: new Date() });
    const manager: Actor = {
      userId: user.id,
      label: user.email,
      role: 'manager',
      teamId: team.id,
      ip: null,
      requestId: null,
    };
    const file = files.path('team.csv');
    expect((await exportEntity(t.deps, manager, 'customers', file)).rows).toBe(1);
    expect(readFileSync(file, 'utf8')).toMatch(/\nTEAM-1,person,/);
  });

  it('writes times with the business time zone’s offset, to the millisecond', () => {
    expect(formatInstant(new Date('2024-03-01T00:30:00.123Z'), 'Asia/Shanghai')).toBe(
      '2024-03-01T08:30:00.123+08:00',
    );
    expect(formatInstant(new Date('2024-07-01T12:00:00Z'), 'America/New_York')).toBe(
      '2024-07-01T08:00:00-04:00',
    );
    expect(formatInstant(new Date('2024-01-01T00:00:00Z'), 'Asia/Kolkata')).toBe('2024-01-01T05:30:00+05:30');
  });
});
