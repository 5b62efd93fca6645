import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile, type ImportOptions } from '#src/modules/imports/import-file.ts';
import { readErrorReport, tempFiles } from '#src/modules/imports/test-files.ts';
import type { Actor } from '#src/shared/context.ts';
import { AppError } from '#src/shared/errors.ts';
import { openTestDatabase, type TestDatabase } from '#test/support/db.ts';
import { setupActor } from '#test/support/factories.ts';

const files = tempFiles();
let t: TestDatabase;

beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t?.close());

const header = [
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
];

const run = (path: string, options: Partial<ImportOptions> = {}, actor: Actor = setupActor) =>
  importFile(t.deps, actor, { entity: 'customers', path, errorsPath: `${path}.errors.csv`, ...options });

const customer = (ref: string) =>
  t.deps.db
    .selectFrom('customers')
    .select([
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
      'source',
      'owner_id',
      'team_id',
      'version',
      'name_initials',
      'search_text',
    ])
    .where('ref', '=', ref)
    .executeTakeFirst();

const countRefs = async (prefix: string) =>
  Number(
    (
      await t.deps.db
        .selectFrom('customers')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('ref', 'like', `${prefix}%`)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('importing customers', () => {
  it('imports the good rows and rejects each bad one with its line, column and reason, writing nothing of it', async () => {
    const file = files.csv('customers.csv', [
      [...header, 'comment'],
      [
        'A-1',
        'person',
        '张三',
        'Zhang.San@Example.com',
        '138 0013 8000',
        'male',
        '1990-05-01',
        '广东省',
        '深圳市',
        '',
        'vip;深圳; vip',
        '2024-03-01 08:30:00',
        'first',
      ],
      [
        'A-2',
        'organization',
        'Acme 有限公司',
        'info@acme.example',
        '',
        '',
        '',
        '',
        '',
        '制造业',
        '',
        '20240302',
        'a comment\nover two lines',
      ],
      ['A-3', 'person', 'Bad Email', 'not-an-email', '', '', '', '', '', '', '', '', ''],
      ['A-4', 'robot', 'Bad Kind', '', '', '', '', '', '', '', '', '', ''],
      ['A-5', 'person', '', '', '', '', '', '', '', '', '', '', 'no name'],
      ['A-6', 'person', 'Bad Birthday', '', '', '', '1990-02-30', '', '', '', '', '', ''],
      ['A-7', 'person', 'Bad Created', '', '', '', '', '', '', '', '', 'yesterday', ''],
      ['A-8', 'person', 'Bad Phone', '', '12345', '', '', '', '', '', '', '', ''],
      ['A-1', 'person', 'Same ref again', '', '', '', '', '', '', '', '', '', ''],
      ['A-9', 'person', 'x'.repeat(1_000_000), '', '', '', '', '', '', '', '', '', ''],
      ['A-10', 'person', '=HYPERLINK("http://evil.example","click")', '', '', '', '', '', '', '', '', '', ''],
      [
        'A-11',
        'person',
        '<script>alert(1)</script><b>Bold</b>',
        '',
        '',
        'female',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
      ],
      ['A-12', 'person', 'Bad Gender', '', '', 'unknown', '', '', '', '', '', '', ''],
    ]);
    const result = await run(file);
    expect(result).toMatchObject({
      imported: 4,
      skipped: 0,
      errors: 9,
      rowsRead: 13,
      lines: null,
      dryRun: false,
    });
    expect(result.errorReport).toBe(`${file}.errors.csv`);

    expect(await customer('A-1')).toMatchObject({
      kind: 'person',
      name: '张三',
      email: 'zhang.san@example.com',
      phone: '+8613800138000',
      gender: 'male',
      birthday: '1990-05-01',
      province: '广东省',
      city: '深圳市',
      industry: null,
      tags: ['vip', '深圳'],
      created_at: new Date('2024-03-01T00:30:00Z'), // 08:30 in the business time zone, Asia/Shanghai
      source: 'import',
      owner_id: null,
      version: 1,
      name_initials: 'zs',
    });
    expect((await customer('A-1'))!.search_text).toContain('zhangsan');
    expect(await customer('A-2')).toMatchObject({
      kind: 'organization',
      name: 'Acme 有限公司',
      industry: '制造业',
      created_at: new Date('2024-03-01T16:00:00Z'),
      tags: [],
    });
    // formula and HTML payloads are kept as the text they are: nothing runs them, nothing strips them
    expect((await customer('A-10'))!.name).toBe('=HYPERLINK("http://evil.example","click")');
    expect((await customer('A-11'))!.name).toBe('<script>alert(1)</script><b>Bold</b>');
    for (const ref of ['A-3', 'A-4', 'A-5', 'A-6', 'A-7', 'A-8', 'A-9', 'A-12'])
      expect(await customer(ref)).toBeUndefined();
    expect((await customer('A-1'))!.name).toBe('张三');

    const report = readErrorReport(result.errorReport!);
    expect(report.map((r) => [r.line, r.column, r.reason])).toEqual([
      ['5', 'email', 'Invalid email address'],
      ['6', 'kind', '"robot" is not one of person, organization'],
      ['7', 'name', 'is required'],
      ['8', 'birthday', '"1990-02-30" is not a date (use 1990-05-01 or 19900501)'],
      ['9', 'created_at', expect.stringMatching(/^"yesterday" is not a date or time/)],
      ['10', 'phone', '"12345" is not a valid phone number'],
      ['11', 'ref', '"A-1" appears earlier in the file; the same ref twice is rejected'],
      ['12', 'name', 'is 1000000 characters long; a cell may hold at most 100000'],
      ['15', 'gender', '"unknown" is not one of male, female'],
    ]);
    // the original columns follow, as they were, so the file can be fixed and imported again
    expect(report[0]).toMatchObject({ ref: 'A-3', name: 'Bad Email', email: 'not-an-email' });
    expect(report[7]!.name).toHaveLength(1_000_000);
  });

  it('re-importing the same file changes nothing: every row is skipped, versions stay', async () => {
    const rows = [
      header,
      [
        'R-1',
        'person',
        '李四',
        'li.si@example.com',
        '13900139000',
        '',
        '',
        '',
        '北京市',
        '',
        'a;b',
        '2024-01-02',
      ],
      ['R-2', 'organization', '示例科技', '', '', '', '', '', '', '软件', '', '2024-01-03'],
    ];
    const first = await run(files.csv('again.csv', rows));
    expect(first).toMatchObject({ imported: 2, skipped: 0, errors: 0, errorReport: null });
    const second = await run(files.csv('again.csv', rows));
    expect(second).toMatchObject({ imported: 0, skipped: 2, errors: 0 });
    expect((await customer('R-1'))!.version).toBe(1);
    expect(await countRefs('R-')).toBe(2);
  });

  it('re-importing a ref updates that customer (the file’s columns only) instead of duplicating it', async () => {
    await run(
      files.csv('update-1.csv', [
        header,
        ['U-1', 'person', '王五', 'wang@example.com', '', 'male', '', '', '上海市', '', 'old', '2024-01-02'],
      ]),
    );
    const result = await run(
      files.csv('update-2.csv', [
        ['ref', 'kind', 'name', 'city', 'tags'],
        ['U-1', 'person', '王五', '杭州市', 'new;vip'],
      ]),
    );
    expect(result).toMatchObject({ imported: 1, skipped: 0, errors: 0 });
    expect(await customer('U-1')).toMatchObject({
      name: '王五',
      city: '杭州市',
      tags: ['new', 'vip'],
      // columns the file does not have are left as they were
      email: 'wang@example.com',
      gender: 'male',
      created_at: new Date('2024-01-01T16:00:00Z'),
      version: 2,
    });
    expect((await customer('U-1'))!.search_text).toContain('wang@example.com');
    expect(await countRefs('U-')).toBe(1);
  });

  it('gives a row without a ref a generated one, as the API does', async () => {
    const result = await run(
      files.csv('no-ref.csv', [
        ['kind', 'name'],
        ['person', 'Without Ref'],
      ]),
    );
    expect(result).toMatchObject({ imported: 1, errors: 0 });
    const row = await t.deps.db
      .selectFrom('customers')
      .select('ref')
      .where('name', '=', 'Without Ref')
      .executeTakeFirstOrThrow();
    expect(row.ref).toMatch(/^C\d{8}$/);
  });

  it('fails before writing anything when a required column is missing, naming it', async () => {
    const file = files.csv('missing.csv', [
      ['ref', 'email'],
      ['M-1', 'm@example.com'],
    ]);
    const error = await run(file).catch((e: unknown) => e as AppError);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('import.bad_file');
    expect((error as AppError).message).toMatch(/no kind, name columns/);
    expect(await countRefs('M-')).toBe(0);
  });

  it('imports a GB18030 file from Chinese Excel, and a UTF-8 file with a BOM', async () => {
    const gbk = files.write(
      'gbk.csv',
      iconv.encode('ref,kind,name,city\r\nG-1,person,欧阳娜娜,北京市\r\n', 'gb18030'),
    );
    expect(await run(gbk)).toMatchObject({ imported: 1, errors: 0, encoding: 'gb18030' });
    expect(await customer('G-1')).toMatchObject({ name: '欧阳娜娜', city: '北京市' });
    const bom = files.write('bom.csv', '\ufeffref,kind,name\nB-1,person,陈七\n');
    expect(await run(bom)).toMatchObject({ imported: 1, errors: 0, encoding: 'utf8' });
    expect((await customer('B-1'))!.name).toBe('陈七');
  });

  it('reads .xlsx files, row numbers as lines', async () => {
    const xlsx = await files.xlsx('customers.xlsx', [
      ['ref', 'kind', 'name', 'birthday'],
      ['X-1', 'person', 'Excel Person', new Date(Date.UTC(1985, 6, 4))],
      ['X-2', 'person', 'Bad', 'soon'],
    ]);
    const result = await run(xlsx);
    expect(result).toMatchObject({ imported: 1, errors: 1, format: 'xlsx' });
    expect((await customer('X-1'))!.birthday).toBe('1985-07-04');
    expect(readErrorReport(result.errorReport!).map((r) => [r.line, r.column])).toEqual([['3', 'birthday']]);
  });

  it('a dry run checks and counts every row and writes nothing, not even the audit entry', async () => {
    const file = files.csv('dry.csv', [
      header.slice(0, 3),
      ['D-1', 'person', 'Dry'],
      ['D-2', 'alien', 'Dry'],
    ]);
    const audits = await auditCount();
    const result = await run(file, { dryRun: true });
    expect(result).toMatchObject({ imported: 1, skipped: 0, errors: 1, dryRun: true });
    expect(await countRefs('D-')).toBe(0);
    expect(await auditCount()).toBe(audits);
  });

  it('records one audit entry for the run (import, run) with the counts, not one per row', async () => {
    const file = files.csv('audited.csv', [
      header.slice(0, 3),
      ['AU-1', 'person', 'One'],
      ['AU-2', 'person', 'Two'],
      ['AU-3', 'x', 'Bad'],
    ]);
    const before = await auditCount();
    await run(file);
    expect(await auditCount()).toBe(before + 1);
    const entry = await t.deps.db
      .selectFrom('audit_log')
      .select(['action', 'entity', 'actor', 'after'])
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({
      action: 'run',
      entity: 'import',
      actor: 'test-setup',
      after: { entity: 'customers', status: 'completed', imported: 2, skipped: 0, errors: 1 },
    });
    expect((entry.after as { file: string }).file).toMatch(/audited\.csv$/);
  });

  it('keeps the stored creation time when created_at is left empty', async () => {
    await run(
      files.csv('time-1.csv', [
        header.slice(0, 3).concat('created_at'),
        ['T-1', 'person', 'Timed', '2020-01-01'],
      ]),
    );
    const result = await run(
      files.csv('time-2.csv', [header.slice(0, 3).concat('created_at'), ['T-1', 'person', 'Timed', '']]),
    );
    expect(result).toMatchObject({ imported: 0, skipped: 1, errors: 0 });
    expect((await customer('T-1'))!.created_at).toEqual(new Date('2019-12-31T16:00:00Z'));
  });

  it('stores an organisation’s credit code, and rejects a wrong check character or a code on a person naming credit_code', async () => {
    const columns = ['ref', 'kind', 'name', 'credit_code'];
    const result = await run(
      files.csv('credit-codes.csv', [
        columns,
        ['CC-1', 'organization', '宁波港务有限公司', ' 91330200ma2aaaaa1k '],
        ['CC-2', 'organization', '深圳前海科技有限公司', '91440300MA5FPK8N1X'],
        ['CC-3', 'organization', '杭州不填代码有限公司', ''],
        ['CC-4', 'person', '王五', '91110108MA01ABCD2H'],
        ['CC-5', 'organization', '北京短码有限公司', '9111010812345'],
      ]),
    );
    expect(result).toMatchObject({ imported: 2, errors: 3 });
    const stored = await t.deps.db
      .selectFrom('customers')
      .select(['ref', 'credit_code'])
      .where('ref', 'in', ['CC-1', 'CC-3'])
      .orderBy('ref')
      .execute();
    expect(stored).toEqual([
      { ref: 'CC-1', credit_code: '91330200MA2AAAAA1K' },
      { ref: 'CC-3', credit_code: null },
    ]);
    expect(readErrorReport(result.errorReport!).map((r) => [r.line, r.column, r.reason])).toEqual([
      ['3', 'credit_code', 'has a wrong check character (expected R)'],
      ['5', 'credit_code', 'is only for organisations, not people'],
      ['6', 'credit_code', 'must be 18 digits or capital letters'],
    ]);
  });
});

async function auditCount(): Promise<number> {
  const row = await t.deps.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
