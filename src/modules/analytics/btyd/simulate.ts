import type { BgnbdGroups, BgnbdParams } from '#src/modules/analytics/btyd/bgnbd.ts';
import type { GammaGammaParams } from '#src/modules/analytics/btyd/gamma-gamma.ts';
import type { Random } from '#src/modules/demo/random.ts';

/**
 * Customers drawn from the models' own stories, for tests that recover known parameters and for the benchmark's
 * million-customer summaries. Seeded (demo/random.ts), so a run repeats exactly.
 */

export interface SimulatedHistories {
  x: Int32Array;
  tx: Float64Array;
  T: Float64Array;
}

/**
 * BG/NBD histories (FHL 2005, section 3): λ ~ Gamma(r, α) (rate α), p ~ Beta(a, b); from the first purchase at 0,
 * purchases arrive at rate λ until T, and after each repeat purchase the customer drops out with probability p. With
 * `wholeDays`, times are days: purchases on one day count once and t_x, T are whole (what the SQL summaries give).
 */
export function simulateBgnbd(
  params: BgnbdParams,
  ages: ArrayLike<number>,
  rng: Random,
  options: { wholeDays?: boolean } = {},
): SimulatedHistories {
  const n = ages.length;
  const out: SimulatedHistories = { x: new Int32Array(n), tx: new Float64Array(n), T: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const T = ages[i]!;
    const rate = rng.gamma(params.r, 1 / params.alpha);
    const dropout = rng.beta(params.a, params.b);
    let t = 0;
    let x = 0;
    let tx = 0;
    for (;;) {
      t += rng.exponential() / rate;
      const at = options.wholeDays ? Math.floor(t) : t;
      if (at > T) break;
      if (at > tx || !options.wholeDays) {
        x++;
        tx = at;
      }
      if (rng.chance(dropout)) break;
    }
    out.x[i] = x;
    out.tx[i] = tx;
    out.T[i] = T;
  }
  return out;
}

/**
 * Gamma-Gamma mean spends (Colombo & Jiang 1999): ν ~ Gamma(q, γ) (rate γ) per customer, each of her x purchases
 * Gamma(p, ν); zbar is their mean (0 for x = 0).
 */
export function simulateSpend(params: GammaGammaParams, x: ArrayLike<number>, rng: Random): Float64Array {
  const zbar = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const n = x[i]!;
    if (n === 0) continue;
    const nu = rng.gamma(params.q, 1 / params.gamma);
    let total = 0;
    for (let k = 0; k < n; k++) total += rng.gamma(params.p, 1 / nu);
    zbar[i] = total / n;
  }
  return zbar;
}

/** Histories grouped by identical (x, t_x, T), with counts: what the SQL summary hands the fit. */
export function groupHistories(
  h: SimulatedHistories,
): BgnbdGroups & { x: Float64Array; tx: Float64Array; T: Float64Array; count: Float64Array } {
  const counts = new Map<string, number>();
  for (let i = 0; i < h.x.length; i++) {
    const key = `${h.x[i]} ${h.tx[i]} ${h.T[i]}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const size = counts.size;
  const groups = {
    x: new Float64Array(size),
    tx: new Float64Array(size),
    T: new Float64Array(size),
    count: new Float64Array(size),
  };
  let i = 0;
  for (const [key, count] of counts) {
    const [x, tx, T] = key.split(' ').map(Number) as [number, number, number];
    groups.x[i] = x;
    groups.tx[i] = tx;
    groups.T[i] = T;
    groups.count[i] = count;
    i++;
  }
  return groups;
}
