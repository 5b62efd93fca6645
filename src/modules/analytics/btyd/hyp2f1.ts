import { gammaRatio, isGammaPole } from '#src/modules/analytics/btyd/special.ts';

/**
 * Gauss's hypergeometric function 2F1(a, b; c; z) for real parameters and z ≤ 1, which BG/NBD's conditional
 * expectation needs (Fader, Hardie & Lee 2005, eq. 10). The power series (Abramowitz & Stegun 15.1.1) serves up to
 * z = 0.9; nearer 1 its terms shrink too slowly and the 1 − z transformation (A&S 15.3.6) takes over; negative z
 * goes through Pfaff's transformation (A&S 15.3.4) into (0, 1).
 */

/** Beyond this z the series would need hundreds of terms; the 1 − z transformation needs a few dozen. */
const SERIES_LIMIT = 0.9;
/** The guard against a series that does not converge (it cannot for |z| < 1, but a bug or NaN must not hang). */
const MAX_TERMS = 1_000_000;
/** c − a − b this close to an integer makes the transformation's two terms cancel (A&S 15.3.6 needs it not integer). */
const NEAR_INTEGER = 1e-3;

/**
 * Σ_{n ≥ first} t_n, the terms of the 2F1 series from index `first` on, given t_first: t_{n+1} = t_n · (a + n)(b + n) z
 * / ((c + n)(n + 1)). It stops when what is left is below the rounding error of the sum: once the ratio of terms stays
 * under q < 1 (it tends to z, from above or below), the rest is at most |t_n| q / (1 − q).
 */
export function seriesFrom(a: number, b: number, c: number, z: number, firstTerm: number, first = 1): number {
  let term = firstTerm;
  let sum = firstTerm;
  for (let n = first; n < MAX_TERMS; n++) {
    if (term === 0) return sum;
    const ratio = (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    // past every sign change of the factors, the remaining ratios lie between this one and z
    const settled = a + n > 0 && b + n > 0 && c + n > 0;
    const q = Math.max(Math.abs(ratio), Math.abs(z));
    if (settled && q < 1 && (Math.abs(term) * q) / (1 - q) <= Number.EPSILON * Math.abs(sum)) return sum;
    term *= ratio;
    sum += term;
    if (!Number.isFinite(sum)) break;
  }
  throw new RangeError(`2F1(${a}, ${b}; ${c}; ${z}): the series did not converge`);
}

/** 2F1(a, b; c; z) − 1 by the series, for |z| < 1 (or any z when a or b is 0, −1, −2, …: a polynomial). */
export const hyp2f1Tail = (a: number, b: number, c: number, z: number): number =>
  seriesFrom(a, b, c, z, ((a * b) / c) * z);

/** Gauss's hypergeometric function 2F1(a, b; c; z) for z ≤ 1; c must not be 0, −1, −2, …. */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (![a, b, c, z].every(Number.isFinite)) throw new RangeError(`2F1(${a}, ${b}; ${c}; ${z}): not finite`);
  if (isGammaPole(c)) throw new RangeError(`2F1(${a}, ${b}; ${c}; ${z}): c must not be 0, −1, −2, …`);
  if (z === 0 || a === 0 || b === 0) return 1;
  // a terminating series is a polynomial, exact for any z
  if (isGammaPole(a) || isGammaPole(b)) return 1 + hyp2f1Tail(a, b, c, z);
  if (z > 1) throw new RangeError(`2F1(${a}, ${b}; ${c}; ${z}): z must be at most 1`);
  if (z === 1) {
    // Gauss's theorem (A&S 15.1.20)
    if (!(c - a - b > 0))
      throw new RangeError(`2F1(${a}, ${b}; ${c}; 1) diverges: c − a − b must be above 0`);
    return gammaRatio([c, c - a - b], [c - a, c - b]);
  }
  // Pfaff (A&S 15.3.4): z/(z − 1) lies in (0, 1)
  if (z < 0) return Math.pow(1 - z, -a) * hyp2f1(a, c - b, c, z / (z - 1));
  if (z <= SERIES_LIMIT) return 1 + hyp2f1Tail(a, b, c, z);
  return nearOne(a, b, c, z);
}

/** A&S 15.3.6 for c − a − b = s not an integer: two series in 1 − z, which is below 0.1 here. */
function oneMinusZ(a: number, b: number, c: number, z: number, s: number): number {
  const w = 1 - z;
  const left = gammaRatio([c, s], [c - a, c - b]);
  const right = gammaRatio([c, -s], [a, b]);
  return (
    (left === 0 ? 0 : left * (1 + hyp2f1Tail(a, b, 1 - s, w))) +
    (right === 0 ? 0 : Math.pow(w, s) * right * (1 + hyp2f1Tail(c - a, c - b, 1 + s, w)))
  );
}

/**
 * 0.9 < z < 1. When c − a − b is near an integer m the two terms of A&S 15.3.6 grow like 1/(s − m) with opposite
 * signs. There the series is summed directly while it is still affordable (z ≤ 0.999: some 40,000 terms), and beyond
 * that the function, analytic in c, is interpolated (Lagrange, six nodes) from c shifted so that s = m ± h, m ± 2h,
 * m ± 3h, where the cancellation costs about three digits.
 */
function nearOne(a: number, b: number, c: number, z: number): number {
  const s = c - a - b;
  const m = Math.round(s);
  if (Math.abs(s - m) >= NEAR_INTEGER) return oneMinusZ(a, b, c, z, s);
  if (z <= 0.999) return 1 + hyp2f1Tail(a, b, c, z);
  const h = NEAR_INTEGER;
  const nodes = [m - 3 * h, m - 2 * h, m - h, m + h, m + 2 * h, m + 3 * h];
  const values = nodes.map((node) => oneMinusZ(a, b, c + (node - s), z, node));
  let result = 0;
  nodes.forEach((node, i) => {
    let weight = 1;
    nodes.forEach((other, j) => {
      if (j !== i) weight *= (s - other) / (node - other);
    });
    result += weight * values[i]!;
  });
  return result;
}
