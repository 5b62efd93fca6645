import { describe, expect, it } from 'vitest';
import { permutation, Random, weighted } from '#src/modules/demo/random.ts';

const draws = (n: number, draw: () => number) => Array.from({ length: n }, draw);
const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
const variance = (values: number[]) => {
  const m = mean(values);
  return mean(values.map((v) => (v - m) ** 2));
};

describe('the demo random generator', () => {
  it('gives the same sequence for the same seed, index and stream, and another for any other', () => {
    const sequence = (seed: number) => {
      const rng = new Random(seed);
      return draws(8, () => rng.uint32());
    };
    const first = new Random(42, 3, 1);
    const again = new Random(42, 3, 1);
    expect(draws(100, () => first.uint32())).toEqual(draws(100, () => again.uint32()));
    expect(sequence(42)).not.toEqual(sequence(43));
    const a = new Random(42, 3, 1);
    const b = new Random(42, 4, 1);
    const c = new Random(42, 3, 2);
    const d = new Random(42 + 2 ** 32, 3, 1);
    const head = (r: Random) => draws(4, () => r.uint32());
    const heads = [a, b, c, d].map(head).map((h) => h.join());
    expect(new Set(heads).size).toBe(4);
  });

  it('reseeding starts the same sequence as a new generator', () => {
    const reused = new Random(1);
    reused.uint32();
    reused.reseed(9, 5, 2);
    const fresh = new Random(9, 5, 2);
    expect(draws(10, () => reused.float())).toEqual(draws(10, () => fresh.float()));
  });

  it('draws uniform numbers in [0, 1) with the right mean and spread', () => {
    const rng = new Random(7);
    const values = draws(100_000, () => rng.float());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(mean(values)).toBeCloseTo(0.5, 2);
    expect(variance(values)).toBeCloseTo(1 / 12, 2);
    const buckets = new Array<number>(10).fill(0);
    for (const v of values) buckets[Math.floor(v * 10)]!++;
    for (const count of buckets) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('draws gamma, beta, normal and Poisson variables with their textbook moments', () => {
    const rng = new Random(11);
    for (const [shape, scale] of [
      [0.5, 2],
      [0.8, 1],
      [4, 0.25],
    ] as const) {
      const values = draws(60_000, () => rng.gamma(shape, scale));
      expect(mean(values)).toBeCloseTo(shape * scale, 1);
      expect(variance(values) / (shape * scale * scale)).toBeCloseTo(1, 0);
    }
    const beta = draws(60_000, () => rng.beta(1.2, 20));
    expect(mean(beta)).toBeCloseTo(1.2 / 21.2, 2);
    const normal = draws(60_000, () => rng.normal());
    expect(mean(normal)).toBeCloseTo(0, 1);
    expect(variance(normal)).toBeCloseTo(1, 1);
    for (const m of [0.5, 6, 80]) expect(mean(draws(40_000, () => rng.poisson(m))) / m).toBeCloseTo(1, 1);
  });

  it('picks weighted items in proportion to their weights', () => {
    const rng = new Random(3);
    const table = weighted([
      ['a', 1],
      ['b', 2],
      ['c', 7],
      ['never', 0],
    ] as const);
    const counts = new Map<string, number>();
    for (let i = 0; i < 100_000; i++) {
      const item = table.pick(rng);
      counts.set(item, (counts.get(item) ?? 0) + 1);
    }
    expect((counts.get('a') ?? 0) / 100_000).toBeCloseTo(0.1, 2);
    expect((counts.get('b') ?? 0) / 100_000).toBeCloseTo(0.2, 2);
    expect((counts.get('c') ?? 0) / 100_000).toBeCloseTo(0.7, 2);
    expect(counts.has('never')).toBe(false);
  });

  it('permutes a range without repeating a value, also for ranges past 2^32', () => {
    const small = permutation(10_000, 5);
    expect(
      new Set(
        draws(
          10_000,
          (
            (i) => () =>
              small(i++)
          )(0),
        ),
      ).size,
    ).toBe(10_000);
    const large = permutation(31 ** 6, 5);
    const values = draws(
      50_000,
      (
        (i) => () =>
          large(i++ * 17_000)
      )(0),
    );
    expect(new Set(values).size).toBe(values.length);
    for (const v of values) expect(v).toBeLessThan(31 ** 6);
    // i → (a·i + b) mod size: consecutive values differ by the same step everywhere, also where a·i > 2^53
    const size = 1e10;
    const huge = permutation(size, 1);
    const step = (i: number) => (((huge(i + 1) - huge(i)) % size) + size) % size;
    for (const i of [0, 1_000_003, 4_999_999_999, 9_876_543_210]) {
      expect(huge(i)).toBeGreaterThanOrEqual(0);
      expect(huge(i)).toBeLessThan(size);
      expect(step(i)).toBe(step(0));
    }
  });
});
