import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rfmOptions } from '#src/modules/analytics/analytics.options.ts';
import type { FactsSource } from '#src/modules/analytics/analytics.schema.ts';
import { referenceRfm } from '#src/modules/analytics/reference.ts';
import { saveRfmSnapshot, rfmMovement } from '#src/modules/analytics/rfm-snapshots.service.ts';
import type { RfmResult } from '#src/modules/analytics/rfm.schema.ts';
import { computeRfm } from '#src/modules/analytics/rfm.service.ts';
import { rfmSegments } from '#src/modules/analytics/rfm.segments.ts';
import { loadDataset, randomDataset, type Dataset } from '#src/modules/analytics/test-data.ts';
import type { Actor } from '#src/shared/context.ts';
import { openTestDatabase, type TestDatabase } from '#test/support/db.ts';
import { buildUser, setupActor } from '#test/support/factories.ts';
import { TestClock } from '#test/support/clock.ts';

/** RFM against a brute-force reference (reference.ts) on random small histories, on both paths to the facts. */
let t: TestDatabase;
// 2025-07-01 in Shanghai: after every generated order
const clock = new TestClock('2025-07-01T04:00:00Z');

beforeAll(async () => {
  t = await openTestDatabase({ clock });
});
afterAll(() => t?.close());

const rfm = (asOf: string | undefined, source?: FactsSource, actor: Actor = setupActor, currency?: string) =>
  computeRfm(t.deps, actor, rfmOptions(t.deps, { asOf, currency }), { all: true }, {}, { source });

/** The result's items in minor units, by customer, for comparison with the reference. */
function expectMatches(result: RfmResult, data: Dataset, asOf: string, currency = 'CNY') {
  const expected = referenceRfm(data, asOf, currency);
  const byId = (items: { customerId: string }[]) =>
    [...items].sort((a, b) => (a.customerId < b.customerId ? -1 : 1));
  expect(
    byId(
      result.customers.items.map((item) => ({
        customerId: item.customerId,
        ref: item.ref,
        recencyDays: item.recencyDays,
        frequency: item.frequency,
        monetary: Math.round(item.monetary * 100),
        r: item.r,
        f: item.f,
        m: item.m,
        segment: item.segment,
      })),
    ),
  ).toEqual(byId(expected.items));
  expect(result.totals.customers).toBe(expected.items.length);
  for (const segment of rfmSegments) {
    const members = expected.items.filter((item) => item.segment === segment);
    const row = result.segments.find((s) => s.segment === segment)!;
    expect(row.customers, segment).toBe(members.length);
    expect(Math.round(row.revenue * 100), segment).toBe(members.reduce((s, m) => s + m.monetary, 0));
  }
  expect(result.leftOut).toEqual(expected.leftOut);
  // monetary descending, then ref
  const order = result.customers.items.map((item) => [item.monetary, item.ref] as const);
  for (let i = 1; i < order.length; i++) {
    const [m0, r0] = order[i - 1]!;
    const [m1, r1] = order[i]!;
    expect(m0 > m1 || (m0 === m1 && r0 < r1), `item ${i} in order`).toBe(true);
  }
}

describe('RFM scores and segments', () => {
  it('match the brute-force reference over many random histories, as of today and as of past days', async () => {
    for (let seed = 1; seed <= 25; seed++) {
      const data = randomDataset(seed);
      await loadDataset(t.database.db, data);
      const today = await rfm(undefined);
      expect(today.asOf).toBe('2025-07-01');
      expect(today.source).toBe('summaries');
      expectMatches(today, data, '2025-07-01');
      const past = await rfm('2025-02-10');
      const lastDay =
        data.orders
          .map((o) => o.day)
          .sort()
          .at(-1) ?? '';
      expect(past.source).toBe(lastDay > '2025-02-10' ? 'orders' : 'summaries');
      expectMatches(past, data, '2025-02-10');
      const usd = await rfm('2025-03-20', undefined, setupActor, 'USD');
      expectMatches(usd, data, '2025-03-20', 'USD');
    }
  });

  it('reads the same from the summaries as from a scan of orders', async () => {
    for (let seed = 101; seed <= 110; seed++) {
      const data = randomDataset(seed);
      await loadDataset(t.database.db, data);
      const fromSummaries = await rfm('2025-07-01', 'summaries');
      const fromOrders = await rfm('2025-07-01', 'orders');
      expect(fromSummaries.source).toBe('summaries');
      expect(fromOrders.source).toBe('orders');
      expect({ ...fromOrders, source: 'summaries' }).toEqual(fromSummaries);
    }
  });

  it('scans orders when some are dated after as-of, even as of today', async () => {
    const data = randomDataset(7, { start: '2025-06-01', days: 60 });
    await loadDataset(t.database.db, data);
    const result = await rfm(undefined);
    expect(result.source).toBe('orders');
    expectMatches(result, data, '2025-07-01');
  });

  it('gives tied customers one score: five customers with one order each all score 5 on frequency', async () => {
    const data = randomDataset(1, { customers: 0 });
    for (let i = 0; i < 5; i++)
      data.customers.push({
        id: crypto.randomUUID(),
        ref: `T${i}`,
        name: `T${i}`,
        deleted: false,
        ownerId: null,
      });
    data.orders = data.customers.map((c, i) => ({
      id: crypto.randomUUID(),
      customerId: c.id,
      day: `2025-01-0${i + 1}`,
      amount: 1000 * (i + 1),
      currency: 'CNY',
      status: 'completed' as const,
      margin: null,
    }));
    await loadDataset(t.database.db, data);
    const result = await rfm('2025-01-10');
    const byRef = new Map(result.customers.items.map((item) => [item.ref, item]));
    // nobody has strictly fewer purchases: 1 + ⌊5 × 0 / 5⌋ = 1
    expect([...byRef.values()].map((item) => item.f)).toEqual([1, 1, 1, 1, 1]);
    // T0 bought first (9 days ago: the worst recency) and least
    expect([byRef.get('T0')!.r, byRef.get('T0')!.m]).toEqual([1, 1]);
    expect([byRef.get('T4')!.r, byRef.get('T4')!.m, byRef.get('T4')!.recencyDays]).toEqual([5, 5, 5]);
    // R 5, FM ⌊(1 + 5) / 2⌋ = 3
    expect(byRef.get('T4')!.segment).toBe('loyal');
  });

  it('pages through the customers with cursors exactly as the whole list, and shows sales staff only theirs', async () => {
    const { user: owner } = await buildUser(t.deps, { role: 'sales' });
    const data = randomDataset(42, { customers: 45, ownerIds: [owner.id] });
    await loadDataset(t.database.db, data);
    const all = await rfm('2025-07-01');
    const paged = [];
    let cursor: string | undefined;
    do {
      const page = await computeRfm(t.deps, setupActor, rfmOptions(t.deps, {}), { limit: 7, cursor });
      expect(page.segments).toEqual(all.segments);
      paged.push(...page.customers.items);
      cursor = page.customers.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(all.customers.items);

    const sales: Actor = { ...setupActor, userId: owner.id, role: 'sales', label: owner.email };
    const theirs = await rfm('2025-07-01', undefined, sales);
    const owned = new Set(data.customers.filter((c) => c.ownerId === owner.id).map((c) => c.id));
    expect(theirs.customers.items.length).toBeGreaterThan(0);
    expect(theirs.customers.items).toEqual(all.customers.items.filter((item) => owned.has(item.customerId)));
    // the aggregates cover the whole base whoever asks
    expect(theirs.segments).toEqual(all.segments);
    expect(theirs.totals).toEqual(all.totals);
  });

  it('filters the listed customers by segment and by score', async () => {
    const data = randomDataset(43, { customers: 60 });
    await loadDataset(t.database.db, data);
    const all = await rfm('2025-07-01');
    const some = all.customers.items[3]!;
    const bySegment = await computeRfm(
      t.deps,
      setupActor,
      rfmOptions(t.deps, {}),
      { limit: 200 },
      {
        segment: some.segment,
      },
    );
    expect(bySegment.customers.items).toEqual(all.customers.items.filter((i) => i.segment === some.segment));
    const byScores = await computeRfm(
      t.deps,
      setupActor,
      rfmOptions(t.deps, {}),
      { limit: 200 },
      {
        r: some.r,
        m: some.m,
      },
    );
    expect(byScores.customers.items).toEqual(
      all.customers.items.filter((i) => i.r === some.r && i.m === some.m),
    );
  });
});

describe('RFM snapshots', () => {
  it('store the scores as of a day and count how customers moved between segments', async () => {
    const data = randomDataset(77, { customers: 50 });
    await loadDataset(t.database.db, data);
    const first = await saveRfmSnapshot(t.deps, setupActor, rfmOptions(t.deps, { asOf: '2025-03-01' }));
    const second = await saveRfmSnapshot(t.deps, setupActor, rfmOptions(t.deps, { asOf: '2025-07-01' }));
    const before = referenceRfm(data, '2025-03-01', 'CNY').items;
    const after = referenceRfm(data, '2025-07-01', 'CNY').items;
    expect([first.customers, second.customers]).toEqual([before.length, after.length]);

    const expected = new Map<string, number>();
    const segmentOf = (items: typeof before) => new Map(items.map((i) => [i.customerId, i.segment]));
    const was = segmentOf(before);
    const is = segmentOf(after);
    for (const id of new Set([...was.keys(), ...is.keys()])) {
      const key = `${was.get(id) ?? null}→${is.get(id) ?? null}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const movement = await rfmMovement(t.deps, {});
    expect(movement.from.id).toBe(first.id);
    expect(movement.to.id).toBe(second.id);
    expect(new Map(movement.movements.map((m) => [`${m.from}→${m.to}`, m.customers]))).toEqual(expected);
    // some customers bought for the first time between the snapshots
    expect(movement.movements.some((m) => m.from === null)).toBe(true);
  });
});
