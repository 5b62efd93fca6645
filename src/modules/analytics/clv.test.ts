import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeClv, type ClvOptions, type ClvResult } from '#src/modules/analytics/clv.service.ts';
import { startScoresRun } from '#src/modules/analytics/scores.service.ts';
import { importFile } from '#src/modules/imports/import-file.ts';
import { datasetFile } from '#src/modules/imports/test-datasets.ts';
import { tempFiles } from '#src/modules/imports/test-files.ts';
import type { Actor } from '#src/shared/context.ts';
import { openTestDatabase, testEngine, type TestDatabase } from '#test/support/db.ts';
import { buildUser, setupActor } from '#test/support/factories.ts';

/**
 * BG/NBD and Gamma-Gamma reproduce the published CDNOW fits (issue 5 item 5) from the sample imported through the
 * orders import, as `guanxi import orders` does it, with the contract check's conversion of the rows.
 */
const sample = datasetFile('cdnow/CDNOW_sample.txt');
const missing = 'the CDNOW sample is not there (../shared/data/cdnow or GUANXI_DATASETS/cdnow): SKIPPED';
if (!sample) console.warn(`clv.test.ts: ${missing}`);

const files = tempFiles();
let t: TestDatabase;
let lines: string[][] = [];

beforeAll(async () => {
  if (!sample) return;
  t = await openTestDatabase();
  lines = readFileSync(sample, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim())
    .map((line) => line.trim().split(/\s+/));
  // ../shared/checks/contract.sh: ref O<i>, customer_ref C<sample id>, the date as YYYY-MM-DD, dollars to cents, USD
  const rows = lines.map(
    ([, id, date, cds, dollars], i) =>
      `O${i},C${id},${date!.slice(0, 4)}-${date!.slice(4, 6)}-${date!.slice(6)},${Number(dollars).toFixed(2)},USD,${cds}`,
  );
  const csv = files.write(
    'cdnow.csv',
    `ref,customer_ref,ordered_at,amount,currency,quantity\n${rows.join('\n')}\n`,
  );
  const result = await importFile(t.deps, setupActor, {
    entity: 'orders',
    path: csv,
    errorsPath: `${csv}.errors.csv`,
  });
  expect(result.errors).toBe(0);
  expect(result.imported).toBe(6919);
}, 240_000);
afterAll(() => t?.close());

const paper: ClvOptions = {
  calibrationEnd: '1997-09-30',
  unit: 'week',
  horizon: 52,
  discountRate: 0.1,
  margin: 1,
  currency: 'USD',
};

describe.skipIf(!sample)(`CDNOW lifetime value on ${testEngine}${sample ? '' : ` (${missing})`}`, () => {
  let fit: ClvResult;

  it('BG/NBD and Gamma-Gamma reproduce the CDNOW fits (FHL 2005) from the imported orders', async () => {
    const progress: string[] = [];
    fit = await computeClv(t.deps, setupActor, paper, { all: true }, (m) => progress.push(m));
    const { bgnbd, gammaGamma } = fit.model;
    console.info(
      `CDNOW on ${testEngine}: BG/NBD ${JSON.stringify(bgnbd)}, Gamma-Gamma ${JSON.stringify(gammaGamma)}`,
    );
    // published r 0.243, α 4.414, a 0.793, b 2.426, LL −9582.4; p 6.25, q 3.74, γ 15.44; tolerances of
    // ../shared/checks/contract.sh
    expect(Math.abs(bgnbd.r - 0.2426)).toBeLessThanOrEqual(0.0005);
    expect(Math.abs(bgnbd.alpha - 4.4136)).toBeLessThanOrEqual(0.002);
    expect(Math.abs(bgnbd.a - 0.7929)).toBeLessThanOrEqual(0.001);
    expect(Math.abs(bgnbd.b - 2.4259)).toBeLessThanOrEqual(0.003);
    expect(Math.abs(bgnbd.logLikelihood + 9582.43)).toBeLessThan(0.05);
    expect(Math.abs(gammaGamma.p - 6.2496)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(gammaGamma.q - 3.7442)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(gammaGamma.gamma - 15.4435)).toBeLessThanOrEqual(0.05);
    expect(fit.model.customers).toBe(2357);
    expect(fit.model.unit).toBe('week');
    expect(fit.source).toBe('orders');
    expect(fit.counts.spendCustomers).toBe(946);
    expect(fit.customers.items).toHaveLength(2357);
    expect(fit.customers.nextCursor).toBeNull();
    expect(progress.some((m) => m.startsWith('fitting BG/NBD on 2357 customers'))).toBe(true);
  });

  it("gives each customer the published summary: x, t_x and T in weeks as the data set's README defines them", () => {
    // cdnow_customers_summary.csv: ID, frequency, recency, T (weeks, 2 decimals); customer ids map back by ref
    const summaryFile = datasetFile('cdnow/cdnow_customers_summary.csv');
    expect(summaryFile, 'cdnow_customers_summary.csv').not.toBeNull();
    const summary = new Map(
      readFileSync(summaryFile!, 'utf8')
        .trim()
        .split(/\r?\n/)
        .slice(1)
        .map((line) => line.split(',').map(Number) as [number, number, number, number])
        .map(([id, x, tx, T]) => [id, { x, tx, T }]),
    );
    const sums = { x: 0, tx: 0, T: 0 };
    for (const item of fit.customers.items) {
      sums.x += item.frequency;
      sums.tx += item.recency;
      sums.T += item.T;
    }
    const want = [...summary.values()].reduce((s, c) => ({ x: s.x + c.x, tx: s.tx + c.tx, T: s.T + c.T }), {
      x: 0,
      tx: 0,
      T: 0,
    });
    expect(sums.x).toBe(want.x);
    // the file rounds each to 2 decimals
    expect(Math.abs(sums.tx - want.tx)).toBeLessThan(0.005 * 2357);
    expect(Math.abs(sums.T - want.T)).toBeLessThan(0.005 * 2357);
    for (const item of fit.customers.items) {
      expect(item.pAlive).toBeGreaterThanOrEqual(0);
      expect(item.pAlive).toBeLessThanOrEqual(1);
      expect(item.expectedValue).toBeGreaterThanOrEqual(0);
      if (item.frequency === 0) expect(item.pAlive).toBe(1);
    }
  });

  it('writes P(alive), expected purchases and value back to each customer, as the analysis gives them', async () => {
    const { finished } = await startScoresRun(t.deps, setupActor, { asOf: '1997-09-30', currency: 'USD' });
    const run = await finished;
    expect(run).toMatchObject({ status: 'done', customers: 2357, clvCustomers: 2357, message: null });
    const rows = new Map(
      (await t.deps.db.selectFrom('customer_scores').selectAll().execute()).map((row) => [
        row.customer_id,
        row,
      ]),
    );
    expect(rows.size).toBe(2357);
    for (const item of fit.customers.items)
      expect(rows.get(item.customerId)).toMatchObject({
        as_of: '1997-09-30',
        currency: 'USD',
        p_alive: item.pAlive,
        expected_purchases: item.expectedPurchases,
        expected_value: Math.round(item.expectedValue * 100),
      });
  });

  it('pages the customers in id order with the same figures as the full list', async () => {
    let cursor: string | undefined;
    const seen: ClvResult['customers']['items'] = [];
    for (let page = 0; page < 3; page++) {
      const result = await computeClv(t.deps, setupActor, paper, { limit: 200, ...(cursor && { cursor }) });
      expect(result.model.bgnbd.r).toBe(fit.model.bgnbd.r);
      seen.push(...result.customers.items);
      cursor = result.customers.nextCursor!;
      expect(cursor).toBeTruthy();
    }
    expect(seen).toEqual(fit.customers.items.slice(0, 600));
    await expect(
      computeClv(t.deps, setupActor, paper, { limit: 10, cursor: 'nonsense' }),
    ).rejects.toMatchObject({
      code: 'request.invalid',
    });
  });

  it('fits the whole base whoever asks, and lists only the customers a sales person owns', async () => {
    const { user } = await buildUser(t.deps, { role: 'sales' });
    const owned = fit.customers.items.slice(10, 15).map((item) => item.customerId);
    await t.deps.db.updateTable('customers').set({ owner_id: user.id }).where('id', 'in', owned).execute();
    const sales: Actor = { ...setupActor, userId: user.id, role: 'sales', label: user.email };
    const mine = await computeClv(t.deps, sales, paper, { limit: 50 });
    expect(mine.model).toEqual(fit.model);
    expect(mine.customers.items).toEqual(fit.customers.items.slice(10, 15));
    const all = await computeClv(t.deps, sales, paper, { all: true });
    expect(all.customers.items.map((item) => item.customerId)).toEqual(owned);
  });

  it('compares the 39 holdout weeks to the model: actual repeat purchases counted from the file', async () => {
    const result = await computeClv(t.deps, setupActor, { ...paper, holdoutEnd: '1998-06-30' }, { limit: 1 });
    const holdout = result.holdout!;
    expect(result.model.bgnbd).toEqual(fit.model.bgnbd);
    // purchase days (customer, date) from 1997-10-01 to 1998-06-30, straight from the sample file
    const days = new Set(
      lines.filter(([, , date]) => date! > '19970930').map(([, id, date]) => `${id} ${date}`),
    );
    expect(holdout.byPeriod).toHaveLength(39);
    expect(holdout.byPeriod.map((p) => p.period)).toEqual(Array.from({ length: 39 }, (_, i) => i + 1));
    const actual = holdout.byPeriod.reduce((s, p) => s + p.actual, 0);
    const predicted = holdout.byPeriod.reduce((s, p) => s + p.predicted, 0);
    expect(actual).toBe(days.size);
    // Σ E[Y(39) | x, t_x, T] over cdnow_customers_summary.csv at lifetimes' published parameters, by mpmath's 2F1:
    // 1653.42 (the model expects 12 % fewer repeat purchases than the 1882 that came)
    expect(Math.abs(predicted - 1653.42)).toBeLessThan(2);
    for (const p of holdout.byPeriod) {
      expect(p.predicted).toBeGreaterThan(20);
      expect(p.predicted).toBeLessThan(80);
    }
    expect(holdout.mape).toBeGreaterThan(0);
    expect(holdout.mape).toBeLessThan(0.5);
    expect(holdout.byFrequency.map((f) => f.frequency)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(holdout.byFrequency.reduce((s, f) => s + f.customers, 0)).toBe(2357);
    expect(holdout.byFrequency.at(-1)!.orMore).toBe(true);
    // more calibration purchases, more holdout purchases, in the data and in the model
    for (let i = 1; i < 7; i++)
      expect(holdout.byFrequency[i]!.predicted).toBeGreaterThan(holdout.byFrequency[i - 1]!.predicted);
  });
});
