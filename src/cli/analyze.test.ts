import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AbcResult } from '#src/modules/analytics/abc.schema.ts';
import type { CohortsResult } from '#src/modules/analytics/cohorts.schema.ts';
import { referenceAbc, referenceRfm } from '#src/modules/analytics/reference.ts';
import type { RfmResult } from '#src/modules/analytics/rfm.schema.ts';
import { loadDataset, randomDataset, type Dataset } from '#src/modules/analytics/test-data.ts';
import { testEngine, type TestDatabaseLocation } from '#test/support/db.ts';
import {
  childEnv,
  databasesForProcesses,
  httpLogin,
  runGuanxi,
  startGuanxi,
  testAdmin,
} from '#test/support/process.ts';

/** `guanxi analyze rfm|abc|clv|cohorts` (DESIGN §4): the result alone on stdout, notices on stderr, exit 2 on misuse. */
const fresh = databasesForProcesses();
let location: TestDatabaseLocation;
let data: Dataset;

beforeAll(async () => {
  location = await fresh();
  const database = await location.open();
  try {
    data = randomDataset(4242, { customers: 60, start: '2024-01-01', days: 300 });
    await loadDataset(database.db, data);
  } finally {
    await database.close();
  }
}, 120_000);

const analyze = (args: string[]) =>
  runGuanxi(['analyze', ...args, '--data', location.dataDir], {
    timeoutMs: 90_000,
    env: childEnv({
      ...location.env,
      GUANXI_ADMIN_EMAIL: testAdmin.email,
      GUANXI_ADMIN_PASSWORD: testAdmin.password,
    }),
  });

const records = (csv: string) => parse(csv, { columns: true }) as Record<string, string>[];

describe(`guanxi analyze on ${testEngine}`, { timeout: 180_000 }, () => {
  it('rfm --format json prints the API object with every customer and nextCursor null, and nothing else', async () => {
    const result = await analyze(['rfm', '--as-of', '2024-09-30', '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const body = JSON.parse(result.stdout) as RfmResult;
    expect(body.asOf).toBe('2024-09-30');
    expect(body.source).toBe('orders');
    expect(body.customers.nextCursor).toBeNull();
    const expected = referenceRfm(data, '2024-09-30', 'CNY').items;
    expect(body.customers.items.map((i) => [i.customerId, i.r, i.f, i.m, i.segment]).sort()).toEqual(
      expected.map((i) => [i.customerId, i.r, i.f, i.m, i.segment]).sort(),
    );
    // progress and notices went to stderr
    expect(result.stderr).toMatch(/scanning orders|Created the first admin/);
  });

  it('abc --format csv prints one row per customer with the JSON item fields as columns', async () => {
    const result = await analyze(['abc', '--by', 'margin', '--cutoffs', '0.6,0.9', '--format', 'csv']);
    expect(result.code, result.stderr).toBe(0);
    const [header] = result.stdout.split('\n');
    expect(header).toBe('customerId,ref,name,revenue,cumulativeShare,class');
    const rows = records(result.stdout);
    const expected = referenceAbc(data, {
      from: null,
      to: '2099-12-31',
      currency: 'CNY',
      by: 'margin',
      cutoffs: [0.6, 0.9],
    });
    expect(rows.map((r) => [r.customerId, Math.round(Number(r.revenue) * 100), r.class])).toEqual(
      expected.items.map((i) => [i.customerId, i.value, i.class]),
    );
    const json = JSON.parse(
      (await analyze(['abc', '--by', 'margin', '--cutoffs', '0.6,0.9', '--format', 'json'])).stdout,
    ) as AbcResult;
    expect(rows.map((r) => Number(r.cumulativeShare))).toEqual(
      json.customers.items.map((i) => i.cumulativeShare),
    );
  });

  it('cohorts --format csv prints one row per cohort and month since; table prints a readable summary', async () => {
    const csv = await analyze(['cohorts', '--as-of', '2024-12-31', '--format', 'csv']);
    expect(csv.code, csv.stderr).toBe(0);
    const rows = records(csv.stdout);
    const json = JSON.parse(
      (await analyze(['cohorts', '--as-of', '2024-12-31', '--format', 'json'])).stdout,
    ) as CohortsResult;
    expect(rows).toHaveLength(json.cohorts.reduce((sum, c) => sum + c.retention.length, 0));
    expect(rows[0]).toEqual({
      cohort: json.cohorts[0]!.cohort,
      customers: String(json.cohorts[0]!.customers),
      monthIndex: '0',
      retention: '1',
      revenue: String(json.cohorts[0]!.revenue[0]),
    });

    const table = await analyze(['rfm']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^RFM as of \d{4}-\d{2}-\d{2} in CNY: \d+ customers with purchases/);
    for (const name of ['Champions', 'Potential loyalists', "Can't lose", 'Hibernating'])
      expect(table.stdout).toContain(name);
  });

  it('rfm --save stores a snapshot and says so on stderr', async () => {
    const result = await analyze(['rfm', '--as-of', '2024-06-30', '--save', '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ asOf: '2024-06-30' });
    expect(result.stderr).toMatch(/Saved RFM snapshot [0-9a-f-]{36} \(as of 2024-06-30, \d+ customers\)/);
  });

  it('scores recomputes the scores written back to every customer and says what it wrote', async () => {
    const result = await analyze(['scores', '--as-of', '2024-09-30']);
    expect(result.code, result.stderr).toBe(0);
    const scored = referenceRfm(data, '2024-09-30', 'CNY').items.length;
    expect(result.stderr).toContain(`Scores as of 2024-09-30 (CNY) written back to ${scored} customers`);
    expect(result.stdout).toBe('');
    const misuse = await analyze(['scores', '--format', 'json']);
    expect(misuse.code).toBe(2);
    expect(misuse.stderr).toMatch(/takes --as-of and --currency only/);
    const other = await analyze(['scores', '--horizon', '10']);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/--horizon does not apply to guanxi analyze scores/);
  });

  it('exits 2 on a bad invocation, naming the option, with nothing on stdout (more in analyze.unit.test.ts)', async () => {
    const result = await analyze(['abc', '--cutoffs', '0.95,0.8', '--format', 'json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--cutoffs: the first cut-off \(A\) must be below the second/);
    expect(result.stdout).toBe('');
  });

  it('works through a running server with --url and --token (and on PGlite stops with a message without them)', async () => {
    const server = await startGuanxi(location);
    try {
      if (testEngine === 'pglite') {
        const held = await analyze(['rfm', '--format', 'json']);
        expect(held.code).toBe(1);
        expect(held.stderr).toMatch(/in use by another Guanxi process .*--url and --token/s);
        expect(held.stdout).toBe('');
      }

      const token = (await httpLogin(server.url)).authorization.replace(/^Bearer /, '');
      const remote = (args: string[]) =>
        runGuanxi(['analyze', ...args, '--url', server.url, '--token', token], { timeoutMs: 60_000 });
      const json = await remote(['rfm', '--as-of', '2024-09-30', '--format', 'json']);
      expect(json.code, json.stderr).toBe(0);
      const body = JSON.parse(json.stdout) as RfmResult;
      expect(body.customers.nextCursor).toBeNull();
      expect(body.customers.items).toHaveLength(referenceRfm(data, '2024-09-30', 'CNY').items.length);
      const table = await remote(['abc']);
      expect(table.code, table.stderr).toBe(0);
      expect(table.stdout).toMatch(/^ABC by revenue in CNY/);
      const bad = await remote(['abc', '--cutoffs', '0.9,0.8']);
      expect(bad.code).toBe(2);
      const scores = await remote(['scores', '--as-of', '2024-06-30']);
      expect(scores.code, scores.stderr).toBe(0);
      expect(scores.stderr).toMatch(/started on the server/);
      expect(scores.stderr).toContain(
        `Scores as of 2024-06-30 (CNY) written back to ${referenceRfm(data, '2024-06-30', 'CNY').items.length} customers`,
      );
    } finally {
      await server.stop();
    }
  });
});
