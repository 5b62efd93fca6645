import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cohortOptions } from '#src/modules/analytics/analytics.options.ts';
import { computeCohorts } from '#src/modules/analytics/cohorts.service.ts';
import { referenceCohorts } from '#src/modules/analytics/reference.ts';
import { loadDataset, randomDataset } from '#src/modules/analytics/test-data.ts';
import { TestClock } from '#test/support/clock.ts';
import { openTestDatabase, type TestDatabase } from '#test/support/db.ts';

/** Cohorts by first-purchase month against a brute-force reference (reference.ts). */
let t: TestDatabase;
const clock = new TestClock('2025-07-01T04:00:00Z');

beforeAll(async () => {
  t = await openTestDatabase({ clock });
});
afterAll(() => t?.close());

describe('cohorts', () => {
  it('match the brute-force reference: customers, retention and revenue by months since the first purchase', async () => {
    for (let seed = 501; seed <= 520; seed++) {
      const data = randomDataset(seed, { days: 200 });
      await loadDataset(t.database.db, data);
      const asks = [
        { asOf: undefined, from: null, to: null },
        { asOf: '2025-05-15', from: '2025-02-01', to: null },
        { asOf: '2025-04-30', from: null, to: '2025-03-31' },
      ];
      for (const ask of asks) {
        const options = cohortOptions(t.deps, {
          ...ask,
          from: ask.from ?? undefined,
          to: ask.to ?? undefined,
        });
        const result = await computeCohorts(t.deps, options);
        const expected = referenceCohorts(data, { ...options, currency: 'CNY' });
        expect(
          result.cohorts.map((c) => ({
            ...c,
            retention: [],
            revenue: c.revenue.map((r) => Math.round(r * 100)),
          })),
        ).toEqual(expected.map((c) => ({ ...c, retention: [] })));
        result.cohorts.forEach((c, i) => {
          expect(c.retention.length).toBe(expected[i]!.retention.length);
          c.retention.forEach((share, k) => expect(share).toBeCloseTo(expected[i]!.retention[k]!, 12));
          expect(c.retention[0]).toBe(1);
        });
        // USD buyers are left out, counted
        const usd = referenceCohorts(data, { ...options, currency: 'USD' });
        const usdCustomers = usd.reduce((s, c) => s + c.customers, 0);
        expect(result.leftOut.map((l) => [l.currency, l.customers])).toEqual(
          usdCustomers ? [['USD', usdCustomers]] : [],
        );
      }
    }
  });

  it('leave no scratch rows behind', async () => {
    await computeCohorts(t.deps, cohortOptions(t.deps, {}));
    const left = await t.database.db
      .selectFrom('analytics_cohort_parts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(left.n)).toBe(0);
  });
});
