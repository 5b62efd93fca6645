import { seriesFrom, hyp2f1 } from '#src/modules/analytics/btyd/hyp2f1.ts';
import { maximise } from '#src/modules/analytics/btyd/optimise.ts';
import { betaln, digamma, exprel, gammaln } from '#src/modules/analytics/btyd/special.ts';

/**
 * The BG/NBD model of Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way: An Alternative to the
 * Pareto/NBD Model", Marketing Science 24(2): while alive a customer buys at Poisson rate λ ~ Gamma(r, α); after each
 * repeat purchase she drops out with probability p ~ Beta(a, b). A customer is summarised by x (repeat purchases),
 * t_x (time of the last, from the first) and T (time from the first purchase to the end of calibration).
 */

export interface BgnbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** Customers grouped by identical (x, t_x, T), each group with its number of customers. */
export interface BgnbdGroups {
  x: ArrayLike<number>;
  tx: ArrayLike<number>;
  T: ArrayLike<number>;
  count: ArrayLike<number>;
}

const names = ['r', 'alpha', 'a', 'b'] as const;
export const bgnbdParams = (theta: readonly number[]): BgnbdParams => ({
  r: Math.exp(theta[0]!),
  alpha: Math.exp(theta[1]!),
  a: Math.exp(theta[2]!),
  b: Math.exp(theta[3]!),
});

/** Index of each value in a table of the distinct values. */
function distinct(values: ArrayLike<number>): { table: Float64Array; index: Int32Array } {
  const positions = new Map<number, number>();
  const table: number[] = [];
  const index = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    let k = positions.get(v);
    if (k === undefined) {
      k = table.length;
      positions.set(v, k);
      table.push(v);
    }
    index[i] = k;
  }
  return { table: Float64Array.from(table), index };
}

/** Checks groups: whole x ≥ 0, 0 ≤ t_x ≤ T, t_x > 0 when x > 0, t_x = 0 when x = 0, positive counts. */
function checkGroups(groups: BgnbdGroups): void {
  const n = groups.x.length;
  if (groups.tx.length !== n || groups.T.length !== n || groups.count.length !== n)
    throw new RangeError('BG/NBD groups: x, tx, T and count must have the same length');
  for (let i = 0; i < n; i++) {
    const x = groups.x[i]!;
    const tx = groups.tx[i]!;
    const T = groups.T[i]!;
    const count = groups.count[i]!;
    if (!(Number.isInteger(x) && x >= 0) || !(tx >= 0 && tx <= T) || !(count > 0) || x > 0 !== tx > 0)
      throw new RangeError(
        `BG/NBD group ${i} is not a customer summary: x ${x}, t_x ${tx}, T ${T}, count ${count}`,
      );
  }
}

/**
 * The BG/NBD log-likelihood (FHL 2005, eq. 6) over groups of customers, and its analytic gradient in
 * θ = (ln r, ln α, ln a, ln b). With B(a + 1, b + x − 1)/B(a, b + x) = a/(b + x − 1) one customer's likelihood is
 *   L = Γ(r+x) α^r / Γ(r) · B(a, b+x)/B(a, b) · [(α+T)^−(r+x) + δ_{x>0} a/(b+x−1) (α+t_x)^−(r+x)],
 * whose first factors depend on x alone. They are computed once per distinct x, and ln(α + t) once per distinct
 * time, so the pass over groups costs one exp and one log1p per group with x > 0.
 */
export class BgnbdLikelihood {
  readonly groups: number;
  readonly customers: number;
  /** The customers' mean T, the scale of their purchase times. */
  readonly meanT: number;
  private readonly xs: Float64Array;
  private readonly xCount: Float64Array;
  private readonly times: Float64Array;
  /** Customers without repeat purchases per distinct time (their T): their likelihood depends on T alone. */
  private readonly oneOffCount: Float64Array;
  /** Groups with repeat purchases: x (and its index among the distinct x), t_x and T as time indices, count. */
  private readonly repeatX: Float64Array;
  private readonly repeatXIndex: Int32Array;
  private readonly repeatTx: Int32Array;
  private readonly repeatT: Int32Array;
  private readonly repeatCount: Float64Array;
  private readonly logTime: Float64Array;
  private readonly invTime: Float64Array;

  constructor(groups: BgnbdGroups) {
    checkGroups(groups);
    const n = groups.x.length;
    this.groups = n;
    const x = distinct(groups.x);
    this.xs = x.table;
    const both = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      both[i] = groups.tx[i]!;
      both[n + i] = groups.T[i]!;
    }
    const time = distinct(both);
    this.times = time.table;
    this.xCount = new Float64Array(this.xs.length);
    this.oneOffCount = new Float64Array(this.times.length);
    let repeats = 0;
    for (let i = 0; i < n; i++) if (groups.x[i]! > 0) repeats++;
    this.repeatX = new Float64Array(repeats);
    this.repeatXIndex = new Int32Array(repeats);
    this.repeatTx = new Int32Array(repeats);
    this.repeatT = new Int32Array(repeats);
    this.repeatCount = new Float64Array(repeats);
    let customers = 0;
    let totalT = 0;
    let k = 0;
    for (let i = 0; i < n; i++) {
      const count = groups.count[i]!;
      this.xCount[x.index[i]!]! += count;
      customers += count;
      totalT += count * groups.T[i]!;
      if (groups.x[i] === 0) {
        this.oneOffCount[time.index[n + i]!]! += count;
        continue;
      }
      this.repeatX[k] = groups.x[i]!;
      this.repeatXIndex[k] = x.index[i]!;
      this.repeatTx[k] = time.index[i]!;
      this.repeatT[k] = time.index[n + i]!;
      this.repeatCount[k] = count;
      k++;
    }
    this.customers = customers;
    this.meanT = customers > 0 ? totalT / customers : 0;
    this.logTime = new Float64Array(this.times.length);
    this.invTime = new Float64Array(this.times.length);
  }

  /** Repeat purchases, Σ count · x: the model cannot be fitted without any. */
  repeatPurchases(): number {
    let total = 0;
    for (let k = 0; k < this.xs.length; k++) total += this.xs[k]! * this.xCount[k]!;
    return total;
  }

  /** ln L at θ = (ln r, ln α, ln a, ln b); the gradient in θ goes to `gradient` when given. */
  logLikelihood(theta: readonly number[], gradient?: Float64Array): number {
    const { r, alpha, a, b } = bgnbdParams(theta);
    const { xs, xCount, times, logTime, invTime, oneOffCount } = this;
    // the factors that depend on x alone, and their derivatives, weighted by the customers with that x
    let ll = this.customers * r * Math.log(alpha);
    let gr = this.customers * Math.log(alpha);
    let gAlpha = (this.customers * r) / alpha;
    let ga = 0;
    let gb = 0;
    // customers without repeat purchases: ln L = … − r ln(α + T), by distinct T
    for (let j = 0; j < times.length; j++) {
      const lT = Math.log(alpha + times[j]!);
      logTime[j] = lT;
      invTime[j] = 1 / (alpha + times[j]!);
      const n = oneOffCount[j]!;
      if (n === 0) continue;
      ll -= n * r * lT;
      gr -= n * lT;
      gAlpha -= n * r * invTime[j]!;
    }
    const lnBeta = betaln(a, b);
    const psiR = digamma(r);
    const psiB = digamma(b);
    const psiAB = digamma(a + b);
    const lnA = Math.log(a);
    const repeatLogRatio = new Float64Array(xs.length);
    const invB = new Float64Array(xs.length);
    for (let k = 0; k < xs.length; k++) {
      const x = xs[k]!;
      const n = xCount[k]!;
      if (x === 0) continue;
      const psiABX = digamma(a + b + x);
      ll += n * (gammaln(r + x) - gammaln(r) + betaln(a, b + x) - lnBeta);
      gr += n * (digamma(r + x) - psiR);
      ga += n * (psiAB - psiABX);
      gb += n * (digamma(b + x) - psiB + psiAB - psiABX);
      repeatLogRatio[k] = lnA - Math.log(b + x - 1);
      invB[k] = 1 / (b + x - 1);
    }
    // ln[(α+T)^−(r+x) + a/(b+x−1) (α+t_x)^−(r+x)] = u1 + ln(1 + e^(u2 − u1)), with weights w1, w2 of the two terms
    const { repeatX, repeatXIndex, repeatTx, repeatT, repeatCount } = this;
    let wA = 0;
    for (let i = 0; i < repeatCount.length; i++) {
      const k = repeatXIndex[i]!;
      const n = repeatCount[i]!;
      const rx = r + repeatX[i]!;
      const iT = repeatT[i]!;
      const ix = repeatTx[i]!;
      const lT = logTime[iT]!;
      const lx = logTime[ix]!;
      const d = repeatLogRatio[k]! + rx * (lT - lx);
      const e = Math.exp(-Math.abs(d));
      let w2: number;
      if (d > 0) {
        ll += n * (d + Math.log1p(e) - rx * lT);
        w2 = 1 / (1 + e);
      } else {
        ll += n * (Math.log1p(e) - rx * lT);
        w2 = e / (1 + e);
      }
      const w1 = 1 - w2;
      gr -= n * (w1 * lT + w2 * lx);
      gAlpha -= n * rx * (w1 * invTime[iT]! + w2 * invTime[ix]!);
      wA += n * w2;
      gb -= n * w2 * invB[k]!;
    }
    ga += wA / a;
    if (gradient) {
      // chain rule into log parameters: ∂/∂ln θ = θ ∂/∂θ
      gradient[0] = r * gr;
      gradient[1] = alpha * gAlpha;
      gradient[2] = a * ga;
      gradient[3] = b * gb;
    }
    return ll;
  }
}

export interface BgnbdFit {
  params: BgnbdParams;
  logLikelihood: number;
  customers: number;
  groups: number;
  iterations: number;
  converged: boolean;
}

export class BgnbdFitError extends Error {}

/**
 * Maximum-likelihood BG/NBD parameters. Starts from r = a = b = 1 and α = the mean T (a rate of about one purchase
 * over the observed time), in log parameters so every parameter stays positive.
 */
export function fitBgnbd(groups: BgnbdGroups | BgnbdLikelihood): BgnbdFit {
  const likelihood = groups instanceof BgnbdLikelihood ? groups : new BgnbdLikelihood(groups);
  if (likelihood.customers === 0) throw new BgnbdFitError('there are no customers to fit');
  if (likelihood.repeatPurchases() === 0)
    throw new BgnbdFitError(
      'no customer made a repeat purchase, so purchase rates and dropout cannot be told apart',
    );
  const start = [0, Math.log(Math.max(likelihood.meanT, 1)), 0, 0];
  const best = maximise((theta, gradient) => likelihood.logLikelihood(theta, gradient), start, {
    customers: likelihood.customers,
  });
  const params = bgnbdParams(best.theta);
  if (!best.converged || !names.every((name) => Number.isFinite(params[name]) && params[name] < 1e8))
    throw new BgnbdFitError(
      `the BG/NBD fit did not converge (${best.message}; r ${params.r}, α ${params.alpha}, a ${params.a}, b ${params.b})`,
    );
  return {
    params,
    logLikelihood: best.value,
    customers: likelihood.customers,
    groups: likelihood.groups,
    iterations: best.iterations,
    converged: best.converged,
  };
}

/**
 * P(alive | x, t_x, T) (FHL 2005, eq. 13; Fader, Hardie & Lee 2008 note): 1/(1 + δ_{x>0} a/(b+x−1)
 * ((α+T)/(α+t_x))^(r+x)). A customer with no repeat purchase is alive with probability 1: in BG/NBD dropout can
 * only follow a repeat purchase.
 */
export function pAlive(p: BgnbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const logOdds =
    Math.log(p.a) - Math.log(p.b + x - 1) + (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx));
  return 1 / (1 + Math.exp(logOdds));
}

/** Below this z the series form, which has no 0/0 at a = 1 and no cancellation for short horizons, is used. */
const SERIES_Z = 0.9;

/**
 * (1 − G)/(a − 1) for G = (1 − z)^(a−1) 2F1(A, a − 1; C; z), the factor of eq. 10 that is 0/0 at a = 1. By the series,
 * 2F1 − 1 = (a − 1) Σ_{n≥1} (A)_n (a)_{n−1} z^n / ((C)_n n!) and 1 − (1 − z)^(a−1) = −(a − 1) L exprel((a − 1) L) with
 * L = ln(1 − z), so (a − 1) divides out exactly. For z near 1 (long horizons, young customers) 2F1 itself, through
 * its 1 − z transformation, unless a is so near 1 that the division would lose digits.
 */
function survivalFactor(A: number, a: number, C: number, z: number): number {
  const B = a - 1;
  const L = Math.log1p(-z);
  if (z <= SERIES_Z || Math.abs(B) < 1e-3) {
    const seriesOverB = seriesFrom(A, B, C, z, (A / C) * z);
    return -L * exprel(B * L) - Math.exp(B * L) * seriesOverB;
  }
  return (1 - Math.exp(B * L) * hyp2f1(A, B, C, z)) / B;
}

/**
 * E[Y(t) | x, t_x, T]: expected purchases in the next t units by a customer with this history (FHL 2005, eq. 10):
 *   (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x; a+b+x−1; t/(α+T+t))] · P(alive).
 * Euler's transformation (A&S 15.3.3) turns ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x; C; z) into
 * (1 − z)^(a−1) 2F1(a+b−1−r, a−1; C; z), whose series converges at every z < 1 without huge terms for large x.
 */
export function expectedPurchases(p: BgnbdParams, x: number, tx: number, T: number, t: number): number {
  return pAlive(p, x, tx, T) * purchasesIfAlive(p, x, T, t);
}

/** E[Y(t) | alive at T, x]: eq. 10 without its P(alive) factor. */
function purchasesIfAlive(p: BgnbdParams, x: number, T: number, t: number): number {
  if (t <= 0) return 0;
  const z = t / (p.alpha + T + t);
  // C = a+b+x−1 at a pole of 2F1's c (a + b = 1 exactly, x = 0) has a finite limit; step off it
  let { a } = p;
  if (Number.isInteger(a + p.b + x - 1) && a + p.b + x - 1 <= 0) a *= 1 + 1e-9;
  const C = a + p.b + x - 1;
  return C * survivalFactor(a + p.b - 1 - p.r, a, C, z);
}

/**
 * E[Y(k)] for k = 1…horizon units: cumulative expected purchases at the end of each unit after calibration, so
 * unit k's purchases are E[Y(k)] − E[Y(k−1)].
 */
export function cumulativeExpectedPurchases(
  p: BgnbdParams,
  x: number,
  tx: number,
  T: number,
  horizon: number,
): Float64Array {
  const alive = pAlive(p, x, tx, T);
  const out = new Float64Array(horizon);
  for (let k = 1; k <= horizon; k++) out[k - 1] = alive * purchasesIfAlive(p, x, T, k);
  return out;
}

/** E[X(t)], purchases in t units by a new customer (FHL 2005, eq. 9): the conditional expectation at x = t_x = T = 0. */
export const unconditionalExpectedPurchases = (p: BgnbdParams, t: number): number =>
  expectedPurchases(p, 0, 0, 0, t);
