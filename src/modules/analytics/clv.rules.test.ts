import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FactsSource } from '#src/modules/analytics/analytics.schema.ts';
import { fitBgnbd } from '#src/modules/analytics/btyd/bgnbd.ts';
import { fitGammaGamma } from '#src/modules/analytics/btyd/gamma-gamma.ts';
import { summariseSlice, type ClvSliceRow, type ClvWindow } from '#src/modules/analytics/clv.repo.ts';
import { computeClv, type ClvOptions } from '#src/modules/analytics/clv.service.ts';
import { ClvSummary } from '#src/modules/analytics/clv.summary.ts';
import {
  loadDataset,
  randomDataset,
  type Dataset,
  type TestOrder,
} from '#src/modules/analytics/test-data.ts';
import { Random } from '#src/modules/demo/random.ts';
import { newId } from '#src/shared/ids.ts';
import { openTestDatabase, type TestDatabase } from '#test/support/db.ts';
import { setupActor } from '#test/support/factories.ts';

/**
 * The CLV summaries in SQL against a brute-force reference over random histories (returns, cancellations, zero-value
 * orders, other currencies, customers in the recycle bin), on both sources, and the rules of DESIGN §4 for one-off
 * customers, free repeat purchases, customers who arrive after calibration and data that cannot be fitted.
 */
let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t?.close());

const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;
const addDays = (day: string, days: number) =>
  new Date((dayNumber(day) + days) * 86_400_000).toISOString().slice(0, 10);
const isPurchase = (o: TestOrder) => o.status !== 'cancelled' && o.status !== 'returned';
const lastId = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

/** What the slice statement should answer for the whole dataset, written out customer by customer. */
function referenceRows(data: Dataset, window: ClvWindow): ClvSliceRow[] {
  const rows: ClvSliceRow[] = [];
  const other = new Map<string, { customers: Set<string>; orders: number }>();
  for (const customer of data.customers) {
    if (customer.deleted) continue;
    const orders = data.orders.filter((o) => o.customerId === customer.id && isPurchase(o));
    for (const o of orders)
      if (o.currency !== window.currency && o.day <= window.calibrationEnd) {
        const entry = other.get(o.currency) ?? { customers: new Set(), orders: 0 };
        entry.customers.add(customer.id);
        entry.orders++;
        other.set(o.currency, entry);
      }
    const byDay = new Map<string, number>();
    for (const o of orders.filter((o) => o.currency === window.currency))
      byDay.set(o.day, (byDay.get(o.day) ?? 0) + o.amount);
    const days = [...byDay.keys()].sort();
    const calibration = days.filter((d) => d <= window.calibrationEnd);
    if (calibration.length === 0) {
      if (days.length) rows.push({ kind: 'later', label: null, x: null, a: null, b: null, n: 1 });
      continue;
    }
    const first = calibration[0]!;
    const x = calibration.length - 1;
    const tx = dayNumber(calibration.at(-1)!) - dayNumber(first);
    const T = dayNumber(window.calibrationEnd) - dayNumber(first);
    const repeat = calibration.slice(1).reduce((s, d) => s + byDay.get(d)!, 0);
    rows.push({ kind: 'fit', label: null, x, a: tx, b: T, n: 1 });
    if (x > 0) rows.push({ kind: 'spend', label: null, x, a: repeat, b: null, n: 1 });
    rows.push({ kind: 'item', label: customer.id, x, a: tx, b: T, n: repeat });
    if (window.holdoutEnd) {
      const holdout = days.filter((d) => d > window.calibrationEnd && d <= window.holdoutEnd!);
      rows.push({ kind: 'bucket', label: null, x: Math.min(x, 7), a: 1, b: holdout.length, n: null });
      for (const d of holdout) {
        const period =
          Math.floor((dayNumber(d) - dayNumber(window.calibrationEnd) - 1) / window.unitDays) + 1;
        rows.push({ kind: 'period', label: null, x: period, a: null, b: null, n: 1 });
      }
    }
  }
  for (const [currency, entry] of other)
    rows.push({
      kind: 'left_out',
      label: currency,
      x: null,
      a: entry.customers.size,
      b: entry.orders,
      n: null,
    });
  return rows;
}

/** A summary's content in a comparable form. */
function contents(rows: ClvSliceRow[][]) {
  const summary = new ClvSummary();
  for (const slice of rows) summary.add(slice);
  return {
    groups: summary.bgnbdGroups(1),
    spend: summary.spendGroups(100),
    zeroSpend: summary.zeroSpendCustomers,
    customers: summary.customers,
    later: summary.laterCustomers,
    buckets: [...summary.buckets].sort(([a], [b]) => a - b),
    periods: [...summary.periods].sort(([a], [b]) => a - b),
    leftOut: summary.leftOut(),
    items: summary.items,
  };
}

describe('CLV summaries in SQL', () => {
  it('match a customer-by-customer reference over random histories, on both sources, in one slice or two', async () => {
    for (let seed = 1; seed <= 12; seed++) {
      const data = randomDataset(seed, { customers: 40 + seed * 3, start: '2025-01-01', days: 120 });
      await loadDataset(t.database.db, data);
      const lastDay = data.orders
        .map((o) => o.day)
        .sort()
        .at(-1)!;
      const ids = data.customers.map((c) => c.id.toLowerCase()).sort();
      const middle = ids[Math.floor(ids.length / 2)]!;
      const windows: [FactsSource, ClvWindow][] = [
        ['orders', { calibrationEnd: '2025-03-01', holdoutEnd: '2025-04-15', currency: 'CNY', unitDays: 7 }],
        ['orders', { calibrationEnd: '2025-02-10', holdoutEnd: null, currency: 'USD', unitDays: 1 }],
        // the summaries hold every order: exact from the last order day on
        ['summaries', { calibrationEnd: lastDay, holdoutEnd: null, currency: 'CNY', unitDays: 7 }],
        ['orders', { calibrationEnd: lastDay, holdoutEnd: null, currency: 'CNY', unitDays: 7 }],
      ];
      for (const [source, window] of windows) {
        const all = { kind: 'all' } as const;
        const whole = await summariseSlice(t.deps.db, source, window, null, lastId, all);
        const halves = [
          await summariseSlice(t.deps.db, source, window, null, middle, all),
          await summariseSlice(t.deps.db, source, window, middle, lastId, all),
        ];
        const want = contents([referenceRows(data, window)]);
        const label = `seed ${seed}, ${source}, ${JSON.stringify(window)}`;
        expect(contents([whole]), label).toEqual(want);
        expect(contents(halves), label).toEqual(want);
      }
    }
  });
});

/**
 * Customers simulated from BG/NBD in days with Gamma-Gamma amounts in fen, so the models fit, plus one customer for
 * each rule.
 */
function modelDataset() {
  const rng = new Random(77);
  const data: Dataset = { customers: [], orders: [] };
  const customer = (deleted = false) => {
    const c = {
      id: newId(),
      ref: `M${data.customers.length}`,
      name: `客户${data.customers.length}`,
      deleted,
      ownerId: null,
    };
    data.customers.push(c);
    return c.id;
  };
  const order = (customerId: string, day: string, amount: number, extra: Partial<TestOrder> = {}) =>
    data.orders.push({
      id: newId(),
      customerId,
      day,
      amount,
      currency: 'CNY',
      status: 'completed',
      margin: null,
      ...extra,
    });
  for (let i = 0; i < 400; i++) {
    const id = customer();
    const first = addDays('2024-01-01', rng.int(300));
    const rate = rng.gamma(0.8, 1 / 40);
    const dropout = rng.beta(1, 3);
    const nu = rng.gamma(4, 1 / 2000);
    let t = 0;
    order(id, first, Math.round(rng.gamma(5, 1 / nu)));
    for (;;) {
      t += rng.exponential() / rate;
      if (t > 700) break;
      order(id, addDays(first, Math.floor(t)), Math.round(rng.gamma(5, 1 / nu)));
      if (rng.chance(dropout)) break;
    }
  }
  const special = {
    // the second day's only order is free: x = 1, zbar = 0
    freeRepeat: customer(),
    oneOff: customer(),
    // first purchase after the calibration end
    later: customer(),
    euro: customer(),
    deleted: customer(true),
    // a returned and a cancelled order are no purchases: x = 0
    returned: customer(),
  };
  order(special.freeRepeat, '2024-03-01', 5000);
  order(special.freeRepeat, '2024-05-01', 0);
  order(special.oneOff, '2024-02-01', 8000);
  order(special.later, '2025-01-10', 3000);
  order(special.euro, '2024-02-01', 3000, { currency: 'EUR' });
  order(special.euro, '2024-06-01', 3000, { currency: 'EUR' });
  order(special.deleted, '2024-02-01', 3000);
  order(special.deleted, '2024-04-01', 3000);
  order(special.returned, '2024-02-01', 3000);
  order(special.returned, '2024-04-01', -3000, { status: 'returned' });
  order(special.returned, '2024-05-01', 3000, { status: 'cancelled' });
  return { data, special };
}

const options: ClvOptions = {
  calibrationEnd: '2024-12-31',
  unit: 'week',
  horizon: 26,
  discountRate: 0.1,
  margin: 0.4,
  currency: 'CNY',
};

describe('CLV rules', () => {
  let special: ReturnType<typeof modelDataset>['special'];
  let data: Dataset;
  beforeAll(async () => {
    ({ data, special } = modelDataset());
    await loadDataset(t.database.db, data);
  });

  it('fits exactly the summaries the reference gives, and treats each kind of customer as documented', async () => {
    const result = await computeClv(t.deps, setupActor, options, { all: true });
    const window = { calibrationEnd: options.calibrationEnd, holdoutEnd: null, currency: 'CNY', unitDays: 7 };
    const reference = new ClvSummary();
    reference.add(referenceRows(data, window));
    expect(result.model.bgnbd).toMatchObject(fitBgnbd(reference.bgnbdGroups(7)).params);
    expect(result.model.gammaGamma).toMatchObject(fitGammaGamma(reference.spendGroups(100)).params);
    expect(result.model.customers).toBe(403);
    const byId = new Map(result.customers.items.map((item) => [item.customerId, item]));
    // one-off: alive for sure (BG/NBD drops out only after a repeat purchase), the population's mean spend
    const { p, q, gamma } = result.model.gammaGamma;
    expect(byId.get(special.oneOff)).toMatchObject({ frequency: 0, recency: 0, pAlive: 1 });
    expect(byId.get(special.oneOff)!.expectedSpend).toBeCloseTo((p * gamma) / (q - 1), 2);
    // free repeat purchase: a purchase (x = 1) but out of the spend fit, spend and value 0
    expect(byId.get(special.freeRepeat)).toMatchObject({ frequency: 1, expectedSpend: 0, expectedValue: 0 });
    expect(result.counts.zeroSpendCustomers).toBe(1);
    expect(byId.get(special.returned)).toMatchObject({ frequency: 0 });
    // not in the model and not listed: after calibration, another currency, the recycle bin
    for (const id of [special.later, special.euro, special.deleted]) expect(byId.has(id)).toBe(false);
    expect(result.counts.laterCustomers).toBe(1);
    expect(result.leftOut).toEqual([{ currency: 'EUR', customers: 1, orders: 2 }]);
    // money rounded to fen
    for (const item of result.customers.items)
      expect(Math.round(item.expectedValue * 100)).toBeCloseTo(item.expectedValue * 100, 6);
  });

  it('gives the same answer from the summaries as from the orders when no order is later', async () => {
    const lastDay = data.orders
      .map((o) => o.day)
      .sort()
      .at(-1)!;
    const through = { ...options, calibrationEnd: lastDay };
    const fromSummaries = await computeClv(t.deps, setupActor, through, { all: true });
    const fromOrders = await computeClv(t.deps, setupActor, { ...through, source: 'orders' }, { all: true });
    expect(fromSummaries.source).toBe('summaries');
    expect(fromOrders.source).toBe('orders');
    expect(fromOrders.model).toEqual(fromSummaries.model);
    expect(fromOrders.customers).toEqual(fromSummaries.customers);
  });

  it('says why when the data cannot be fitted, and names a bad option', async () => {
    await expect(
      computeClv(t.deps, setupActor, { ...options, calibrationEnd: '2023-01-01' }, { limit: 10 }),
    ).rejects.toMatchObject({
      code: 'analytics.insufficient_data',
      message: expect.stringContaining('no customer bought in CNY up to 2023-01-01'),
    });
    await expect(
      computeClv(t.deps, setupActor, { ...options, calibrationEnd: '2024-01-05' }, { limit: 10 }),
    ).rejects.toMatchObject({
      code: 'analytics.insufficient_data',
      message: expect.stringContaining('no customer made a repeat purchase'),
    });
    await expect(
      computeClv(t.deps, setupActor, { ...options, holdoutEnd: '2024-12-31' }, { limit: 10 }),
    ).rejects.toMatchObject({ code: 'request.invalid', errors: [{ field: 'querystring.holdoutEnd' }] });
    await expect(
      computeClv(t.deps, setupActor, { ...options, horizon: 0 }, { limit: 10 }),
    ).rejects.toMatchObject({
      errors: [{ field: 'querystring.horizon' }],
    });
  });
});
