import { maximise } from '#src/modules/analytics/btyd/optimise.ts';
import { digamma, gammaln } from '#src/modules/analytics/btyd/special.ts';

/**
 * The Gamma-Gamma spend model (Colombo & Jiang 1999, "A stochastic RFM model", Journal of Interactive Marketing
 * 13(3); Fader, Hardie & Lee 2005, "RFM and CLV: Using Iso-Value Curves for Customer Base Analysis", JMR 42(4)):
 * a customer's purchase values are Gamma(p, ν) with ν ~ Gamma(q, γ) across customers, independent of how often she
 * buys. A customer is summarised by x (her repeat purchases) and zbar, their mean value.
 */

export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

/** Customers grouped by identical (x, zbar), x ≥ 1 and zbar > 0. */
export interface SpendGroups {
  x: ArrayLike<number>;
  zbar: ArrayLike<number>;
  count: ArrayLike<number>;
}

export const gammaGammaParams = (theta: readonly number[]): GammaGammaParams => ({
  p: Math.exp(theta[0]!),
  q: Math.exp(theta[1]!),
  gamma: Math.exp(theta[2]!),
});

/**
 * The log-likelihood of the mean zbar of x purchase values (FHL 2005 JMR, eq. 3 with the Jacobian of the mean):
 *   ln f = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln zbar + px ln x − (px+q) ln(γ + x zbar),
 * and its analytic gradient in θ = (ln p, ln q, ln γ). The Γ terms depend on x alone and are computed once per
 * distinct x; the pass over groups costs one log per group.
 */
export class GammaGammaLikelihood {
  readonly groups: number;
  readonly customers: number;
  /** The customers' mean zbar, the scale of γ. */
  readonly meanSpend: number;
  private readonly x: Float64Array;
  private readonly zbar: Float64Array;
  private readonly logZbar: Float64Array;
  private readonly logX: Float64Array;
  private readonly count: Float64Array;
  private readonly xs: number[];
  private readonly xCount: number[];

  constructor(groups: SpendGroups) {
    const n = groups.x.length;
    if (groups.zbar.length !== n || groups.count.length !== n)
      throw new RangeError('Gamma-Gamma groups: x, zbar and count must have the same length');
    this.groups = n;
    this.x = Float64Array.from(groups.x);
    this.zbar = Float64Array.from(groups.zbar);
    this.count = Float64Array.from(groups.count);
    this.logZbar = this.zbar.map(Math.log);
    this.logX = this.x.map(Math.log);
    const perX = new Map<number, number>();
    let customers = 0;
    let spend = 0;
    for (let i = 0; i < n; i++) {
      const x = this.x[i]!;
      const z = this.zbar[i]!;
      const c = this.count[i]!;
      if (!(Number.isInteger(x) && x >= 1) || !(z > 0 && Number.isFinite(z)) || !(c > 0))
        throw new RangeError(
          `Gamma-Gamma group ${i} is not a repeat customer's mean: x ${x}, zbar ${z}, count ${c}`,
        );
      perX.set(x, (perX.get(x) ?? 0) + c);
      customers += c;
      spend += c * z;
    }
    this.xs = [...perX.keys()];
    this.xCount = [...perX.values()];
    this.customers = customers;
    this.meanSpend = customers > 0 ? spend / customers : 0;
  }

  /** ln L at θ = (ln p, ln q, ln γ); the gradient in θ goes to `gradient` when given. */
  logLikelihood(theta: readonly number[], gradient?: Float64Array): number {
    const { p, q, gamma } = gammaGammaParams(theta);
    const lnGamma = Math.log(gamma);
    const psiQ = digamma(q);
    let ll = this.customers * (q * lnGamma - gammaln(q));
    let gp = 0;
    let gq = this.customers * (lnGamma - psiQ);
    let gGamma = (this.customers * q) / gamma;
    for (let k = 0; k < this.xs.length; k++) {
      const x = this.xs[k]!;
      const n = this.xCount[k]!;
      const psiPQ = digamma(p * x + q);
      ll += n * (gammaln(p * x + q) - gammaln(p * x));
      gp += n * x * (psiPQ - digamma(p * x));
      gq += n * psiPQ;
    }
    const { x, zbar, logZbar, logX, count } = this;
    for (let i = 0; i < count.length; i++) {
      const xi = x[i]!;
      const n = count[i]!;
      const px = p * xi;
      const scale = gamma + xi * zbar[i]!;
      const lnScale = Math.log(scale);
      ll += n * ((px - 1) * logZbar[i]! + px * logX[i]! - (px + q) * lnScale);
      gp += n * xi * (logZbar[i]! + logX[i]! - lnScale);
      gq -= n * lnScale;
      gGamma -= (n * (px + q)) / scale;
    }
    if (gradient) {
      gradient[0] = p * gp;
      gradient[1] = q * gq;
      gradient[2] = gamma * gGamma;
    }
    return ll;
  }
}

export interface GammaGammaFit {
  params: GammaGammaParams;
  logLikelihood: number;
  customers: number;
  groups: number;
  iterations: number;
  converged: boolean;
}

export class GammaGammaFitError extends Error {}

/** Maximum-likelihood Gamma-Gamma parameters, from p = q = 1 and γ = the mean spend, in log parameters. */
export function fitGammaGamma(groups: SpendGroups | GammaGammaLikelihood): GammaGammaFit {
  const likelihood = groups instanceof GammaGammaLikelihood ? groups : new GammaGammaLikelihood(groups);
  if (likelihood.customers < 2)
    throw new GammaGammaFitError(
      'fewer than two customers with repeat purchases of some value to fit spend on',
    );
  const best = maximise(
    (theta, gradient) => likelihood.logLikelihood(theta, gradient),
    [0, 0, Math.log(likelihood.meanSpend)],
    { customers: likelihood.customers },
  );
  const params = gammaGammaParams(best.theta);
  if (!best.converged || ![params.p, params.q, params.gamma].every((v) => Number.isFinite(v) && v < 1e8))
    throw new GammaGammaFitError(
      `the Gamma-Gamma fit did not converge (${best.message}; p ${params.p}, q ${params.q}, γ ${params.gamma}); ` +
        'spend varies too little between customers to tell their means apart',
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

/** The population mean spend per purchase, pγ/(q − 1); infinite when q ≤ 1 (spend too heavy-tailed to have a mean). */
export const meanSpend = (g: GammaGammaParams): number => (g.q > 1 ? (g.p * g.gamma) / (g.q - 1) : Infinity);

/**
 * E[Z | x, zbar]: a customer's expected spend per purchase (FHL 2005 JMR, eq. 5), a weighted mean of the population
 * mean and her own: p(γ + x zbar)/(px + q − 1). With x = 0 it is the population mean.
 */
export const expectedSpend = (g: GammaGammaParams, x: number, zbar: number): number =>
  (g.p * (g.gamma + x * zbar)) / (g.p * x + g.q - 1);
