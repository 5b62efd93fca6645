import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeAbc } from '#src/modules/analytics/abc.service.ts';
import type { AbcResult } from '#src/modules/analytics/abc.schema.ts';
import { abcOptions } from '#src/modules/analytics/analytics.options.ts';
import type { AbcMeasure, FactsSource } from '#src/modules/analytics/analytics.schema.ts';
import { referenceAbc } from '#src/modules/analytics/reference.ts';
import { loadDataset, randomDataset, type Dataset } from '#src/modules/analytics/test-data.ts';
import type { Actor } from '#src/shared/context.ts';
import { TestClock } from '#test/support/clock.ts';
import { openTestDatabase, type TestDatabase } from '#test/support/db.ts';
import { buildUser, setupActor } from '#test/support/factories.ts';

/** ABC classes against a brute-force reference (reference.ts) on random small histories. */
let t: TestDatabase;
const clock = new TestClock('2025-07-01T04:00:00Z');

beforeAll(async () => {
  t = await openTestDatabase({ clock });
});
afterAll(() => t?.close());

interface Ask {
  from?: string;
  to?: string;
  by?: AbcMeasure;
  cutoffs?: [number, number];
  source?: FactsSource;
  actor?: Actor;
}

const abc = (ask: Ask = {}) =>
  computeAbc(
    t.deps,
    ask.actor ?? setupActor,
    abcOptions(t.deps, { from: ask.from, to: ask.to, by: ask.by, cutoffs: ask.cutoffs }),
    { all: true },
    {},
    { source: ask.source },
  );

function expectMatches(result: AbcResult, data: Dataset, ask: Ask) {
  const expected = referenceAbc(data, {
    from: ask.from ?? null,
    to: ask.to ?? '2025-07-01',
    currency: 'CNY',
    by: ask.by ?? 'revenue',
    cutoffs: ask.cutoffs ?? [0.8, 0.95],
  });
  // in rank order: revenue descending, ties by ref
  expect(
    result.customers.items.map((item) => [item.customerId, Math.round(item.revenue * 100), item.class]),
  ).toEqual(expected.items.map((item) => [item.customerId, item.value, item.class]));
  result.customers.items.forEach((item, i) =>
    expect(item.cumulativeShare).toBeCloseTo(expected.items[i]!.cumulativeShare, 12),
  );
  expect(result.totals).toEqual({ customers: expected.items.length, revenue: expected.total / 100 });
  expect(
    result.classes.map((c) => ({ ...c, revenue: Math.round(c.revenue * 100), revenueShare: 0 })),
  ).toEqual(expected.classes.map((c) => ({ ...c, revenueShare: 0 })));
  result.classes.forEach((c, i) => expect(c.revenueShare).toBeCloseTo(expected.classes[i]!.revenueShare, 12));
  expect(result.paretoCurve.length).toBe(expected.curve.length);
  result.paretoCurve.forEach((point, i) => {
    expect(point.customerShare).toBeCloseTo(expected.curve[i]!.customerShare, 12);
    expect(point.revenueShare).toBeCloseTo(expected.curve[i]!.revenueShare, 12);
  });
  expect(result.leftOut).toEqual(expected.leftOut);
}

describe('ABC classes', () => {
  it('match the brute-force reference over random histories: all time, periods, margin, other cut-offs', async () => {
    for (let seed = 201; seed <= 225; seed++) {
      const data = randomDataset(seed);
      await loadDataset(t.database.db, data);
      const asks: Ask[] = [
        {},
        { from: '2025-01-20', to: '2025-03-10' },
        { by: 'margin' },
        { cutoffs: [0.5, 0.7], to: '2025-02-28' },
      ];
      for (const ask of asks) expectMatches(await abc(ask), data, ask);
    }
  });

  it('read the same from the summaries as from a scan of orders', async () => {
    for (let seed = 301; seed <= 308; seed++) {
      await loadDataset(t.database.db, randomDataset(seed));
      for (const by of ['revenue', 'margin'] as const) {
        const fromSummaries = await abc({ by, source: 'summaries' });
        const fromOrders = await abc({ by, source: 'orders' });
        expect(fromSummaries.source).toBe('summaries');
        expect({ ...fromOrders, source: 'summaries' }).toEqual(fromSummaries);
      }
    }
  });

  it('class a customer A while the share before it is under the cut-off, exactly at the boundary too', async () => {
    // revenues 50, 30, 15, 5 (total 100): shares before them 0, 0.5, 0.8, 0.95
    const data = randomDataset(1, { customers: 0 });
    [5000, 3000, 1500, 500].forEach((amount, i) => {
      const id = crypto.randomUUID();
      data.customers.push({ id, ref: `P${i}`, name: `P${i}`, deleted: false, ownerId: null });
      data.orders.push({
        id: crypto.randomUUID(),
        customerId: id,
        day: '2025-02-01',
        amount,
        currency: 'CNY',
        status: 'completed',
        margin: null,
      });
    });
    await loadDataset(t.database.db, data);
    const result = await abc();
    expect(result.customers.items.map((i) => [i.ref, i.class, i.cumulativeShare])).toEqual([
      ['P0', 'A', 0.5],
      ['P1', 'A', 0.8],
      ['P2', 'B', 0.95],
      ['P3', 'C', 1],
    ]);
    expect(result.classes).toEqual([
      { class: 'A', customers: 2, revenue: 80, revenueShare: 0.8 },
      { class: 'B', customers: 1, revenue: 15, revenueShare: 0.15 },
      { class: 'C', customers: 1, revenue: 5, revenueShare: 0.05 },
    ]);
    expect(result.paretoCurve).toEqual([
      { customerShare: 0, revenueShare: 0 },
      { customerShare: 0.25, revenueShare: 0.5 },
      { customerShare: 0.5, revenueShare: 0.8 },
      { customerShare: 0.75, revenueShare: 0.95 },
      { customerShare: 1, revenueShare: 1 },
    ]);
  });

  it('pages in rank order with cursors, and lists sales staff only their customers', async () => {
    const { user: owner } = await buildUser(t.deps, { role: 'sales' });
    const data = randomDataset(401, { customers: 50, ownerIds: [owner.id] });
    await loadDataset(t.database.db, data);
    const all = await abc();
    const paged = [];
    let cursor: string | undefined;
    do {
      const page = await computeAbc(t.deps, setupActor, abcOptions(t.deps, {}), { limit: 9, cursor });
      expect(page.classes).toEqual(all.classes);
      paged.push(...page.customers.items);
      cursor = page.customers.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(all.customers.items);
    const byClass = await computeAbc(
      t.deps,
      setupActor,
      abcOptions(t.deps, {}),
      { limit: 200 },
      { class: 'B' },
    );
    expect(byClass.customers.items).toEqual(all.customers.items.filter((i) => i.class === 'B'));

    const sales: Actor = { ...setupActor, userId: owner.id, role: 'sales', label: owner.email };
    const theirs = await abc({ actor: sales });
    const owned = new Set(data.customers.filter((c) => c.ownerId === owner.id).map((c) => c.id));
    expect(theirs.customers.items).toEqual(all.customers.items.filter((i) => owned.has(i.customerId)));
    expect(theirs.classes).toEqual(all.classes);
    expect(theirs.paretoCurve).toEqual(all.paretoCurve);
  });
});
