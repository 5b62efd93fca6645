import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { datasetFile } from '#src/modules/imports/test-datasets.ts';
import { testEngine, type TestDatabaseLocation } from '#test/support/db.ts';
import {
  childEnv,
  databasesForProcesses,
  httpLogin,
  runGuanxi,
  startGuanxi,
  testAdmin,
} from '#test/support/process.ts';

/** `guanxi import` and `guanxi export` as users run them (DESIGN §4): exit 0 ok, 1 rows rejected, 2 bad invocation. */
const fresh = databasesForProcesses();
const dir = mkdtempSync(path.join(os.tmpdir(), 'guanxi-import-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};

const env = (location: TestDatabaseLocation, extra: Record<string, string> = {}) =>
  childEnv({
    ...location.env,
    GUANXI_ADMIN_EMAIL: testAdmin.email,
    GUANXI_ADMIN_PASSWORD: testAdmin.password,
    ...extra,
  });

/** Opens the database after the command exited, for checks. */
async function query<T>(
  location: TestDatabaseLocation,
  check: (db: Awaited<ReturnType<TestDatabaseLocation['open']>>['db']) => Promise<T>,
) {
  const database = await location.open();
  try {
    return await check(database.db);
  } finally {
    await database.close();
  }
}

/** The CDNOW sample as the contract check writes it (ref,customer_ref,ordered_at,amount,currency,quantity). */
function cdnowCsv(limit: number): { file: string; rows: number; customers: number } {
  const source = datasetFile('cdnow/CDNOW_sample.txt');
  const lines = source
    ? readFileSync(source, 'utf8')
        .split(/\r?\n/)
        .filter((l) => l.trim())
        .slice(0, limit)
    : Array.from(
        { length: limit },
        (_, i) =>
          `x ${String(1 + (i % 97)).padStart(4, '0')} 1997${String(1 + (i % 12)).padStart(2, '0')}15 ${1 + (i % 3)} ${(i * 1.37).toFixed(2)}`,
      );
  if (!source)
    console.log('cdnow: the data set is not there (../shared/data or GUANXI_DATASETS); using made-up rows');
  const rows = lines.map((line, i) => {
    const [, id, date, cds, dollars] = line.trim().split(/\s+/) as [string, string, string, string, string];
    return `O${i},C${id},${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)},${Number(dollars).toFixed(2)},USD,${cds}`;
  });
  const customers = new Set(lines.map((line) => line.trim().split(/\s+/)[1])).size;
  return {
    file: write('cdnow.csv', `ref,customer_ref,ordered_at,amount,currency,quantity\n${rows.join('\n')}\n`),
    rows: rows.length,
    customers,
  };
}

describe(`guanxi import on ${testEngine}`, { timeout: 240_000 }, () => {
  it('imports an orders file given GUANXI_DATA_DIR, creating the customers, and exits 0 (the contract check)', async () => {
    const location = await fresh();
    const { file, rows, customers } = cdnowCsv(1500);
    const result = await runGuanxi(['import', 'orders', file], {
      env: env(location, { GUANXI_DATA_DIR: location.dataDir, GUANXI_TZ: 'UTC' }),
      timeoutMs: 180_000,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`imported ${rows}, skipped 0, errors 0 (${customers} customers created)\n`);
    expect(existsSync(`${file}.errors.csv`)).toBe(false);
    const counts = await query(location, async (db) => ({
      customers: Number(
        (
          await db
            .selectFrom('customers')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      orders: Number(
        (
          await db
            .selectFrom('orders')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      audit: await db
        .selectFrom('audit_log')
        .select(['actor', 'action'])
        .where('entity', '=', 'import')
        .where('action', '=', 'run')
        .execute(),
    }));
    expect(counts).toEqual({
      customers,
      orders: rows,
      audit: [{ actor: `cli:${os.userInfo().username}`, action: 'run' }],
    });

    // again: nothing changes, every row skipped
    const again = await runGuanxi(['import', 'orders', file, '--data', location.dataDir], {
      env: env(location, { GUANXI_TZ: 'UTC' }),
      timeoutMs: 180_000,
    });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(`imported 0, skipped ${rows}, errors 0\n`);
  });

  it('exits 1 when rows are rejected, with them in FILE.errors.csv beside the file', async () => {
    const location = await fresh();
    const file = write(
      'people.csv',
      'ref,kind,name,birthday\nP-1,person,Good,1990-01-01\nP-2,person,Bad,1990-13-01\n',
    );
    const result = await runGuanxi(['import', 'customers', file, '--data', location.dataDir], {
      env: env(location),
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('imported 1, skipped 0, errors 1\n');
    expect(result.stderr).toContain(`1 rejected; the rows and reasons are in ${file}.errors.csv`);
    expect(readFileSync(`${file}.errors.csv`, 'utf8')).toBe(
      '\ufeffline,column,reason,ref,kind,name,birthday\n3,birthday,"""1990-13-01"" is not a date (use 1990-05-01 or 19900501)",P-2,person,Bad,1990-13-01\n',
    );

    // a dry run reports the same and writes nothing; --errors puts the report where asked
    const report = path.join(dir, 'elsewhere.csv');
    const dry = await runGuanxi(
      [
        'import',
        'customers',
        write('dry.csv', 'ref,kind,name\nD-1,person,Dry\n'),
        '--dry-run',
        '--errors',
        report,
        '--data',
        location.dataDir,
      ],
      { env: env(location) },
    );
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toBe('imported 1, skipped 0, errors 0 (dry run: nothing was written)\n');

    // a file without a required column fails before any write, naming the columns
    const missing = await runGuanxi(
      [
        'import',
        'customers',
        write('missing.csv', 'ref,email\nM-1,m@example.com\n'),
        '--data',
        location.dataDir,
      ],
      { env: env(location) },
    );
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/the file has no kind, name columns/);

    const refs = await query(location, async (db) =>
      (await db.selectFrom('customers').select('ref').orderBy('ref').execute()).map((r) => r.ref),
    );
    expect(refs).toEqual(['P-1']);
  });

  it('exits 2 on a bad invocation, before opening any database', async () => {
    const location = await fresh();
    const file = write('any.csv', 'ref,kind,name\n');
    const cases: [string[], RegExp][] = [
      [
        ['import', 'suppliers', file],
        /suppliers is not one of customers, orders, interactions, products, leads/,
      ],
      [['import', 'orders', file, '--map', 'InvoiceNo'], /write it as SOURCE=field/],
      [
        ['import', 'orders', file, '--map', 'InvoiceNo=invoice'],
        /maps to invoice, which is not a column of orders/,
      ],
      [['import', 'orders', file, '--currency', 'RMB'], /--currency RMB: not an ISO 4217 currency code/],
      [['import', 'orders', file, '--encoding', 'klingon'], /--encoding klingon: unknown/],
      [['import', 'orders', file, '--url', 'http://127.0.0.1:9'], /--url and --token go together/],
      [['import', 'orders'], /missing required argument 'file'/],
      [['export', 'suppliers', file], /suppliers is not one of customers, orders, interactions, products/],
    ];
    for (const [args, message] of cases) {
      const result = await runGuanxi([...args, '--data', location.dataDir], { env: env(location) });
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(message);
    }
  });

  it('exports in the import format, and the export imports back with every row skipped', async () => {
    const location = await fresh();
    const people = write(
      'export-src.csv',
      'ref,kind,name,phone,tags\nX-1,person,张三,13800138000,vip;老客户\nX-2,organization,=Formula Inc,,\n',
    );
    expect(
      (await runGuanxi(['import', 'customers', people, '--data', location.dataDir], { env: env(location) }))
        .code,
    ).toBe(0);
    for (const name of ['customers.csv', 'customers.xlsx']) {
      const out = path.join(dir, name);
      const exported = await runGuanxi(['export', 'customers', out, '--data', location.dataDir], {
        env: env(location),
      });
      expect(exported.code, exported.stderr).toBe(0);
      expect(exported.stdout).toBe(`exported 2 customers to ${out}\n`);
      const back = await runGuanxi(['import', 'customers', out, '--data', location.dataDir], {
        env: env(location),
      });
      expect(back.code, back.stderr).toBe(0);
      expect(back.stdout).toBe('imported 0, skipped 2, errors 0\n');
    }
    expect(readFileSync(path.join(dir, 'customers.csv'), 'utf8')).toContain(
      "X-2,organization,'=Formula Inc,",
    );
  });

  it('works through a running server with --url and --token', async () => {
    const location = await fresh();
    const server = await startGuanxi(location);
    try {
      const admin = await httpLogin(server.url);
      const tokenResponse = await fetch(`${server.url}/api/v1/auth/tokens`, {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'CLI import' }),
      });
      const { token } = (await tokenResponse.json()) as { token: string };
      const remote = ['--url', server.url, '--token', token];
      const file = write(
        'remote.csv',
        'Order No,Customer,Date,Total\nR-1,RC-1,2024-03-01,10.00\nR-2,RC-1,not a date,5\n',
      );
      const errors = path.join(dir, 'remote.errors.csv');
      const result = await runGuanxi(
        [
          'import',
          'orders',
          file,
          '--map',
          'Order No=ref',
          '--map',
          'Customer=customer_ref',
          '--map',
          'Date=ordered_at',
          '--map',
          'Total=amount',
          '--errors',
          errors,
          ...remote,
        ],
        { env: childEnv() },
      );
      expect(result.code, result.stderr).toBe(1);
      expect(result.stdout).toBe('imported 1, skipped 0, errors 1 (1 customers created)\n');
      expect(readFileSync(errors, 'utf8')).toMatch(
        /^\ufeffline,column,reason,Order No,Customer,Date,Total\n3,Date,"""not a date"" is not a date or time/,
      );

      const out = path.join(dir, 'remote-orders.csv');
      const exported = await runGuanxi(['export', 'orders', out, ...remote], { env: childEnv() });
      expect(exported.code, exported.stderr).toBe(0);
      expect(readFileSync(out, 'utf8')).toMatch(
        /^\ufeffref,customer_ref,ordered_at,amount,currency,quantity\nR-1,RC-1,2024-03-01T00:00:00\+08:00,10\.00,CNY,\n$/,
      );
    } finally {
      await server.stop();
    }
  });
});
