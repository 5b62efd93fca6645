import { describe, expect, it } from 'vitest';
import {
  expectedSpend,
  fitGammaGamma,
  GammaGammaFitError,
  GammaGammaLikelihood,
  meanSpend,
  type GammaGammaParams,
} from '#src/modules/analytics/btyd/gamma-gamma.ts';
import { simulateSpend } from '#src/modules/analytics/btyd/simulate.ts';
import {
  cdnowMissing,
  hessian,
  numericGradient,
  readCdnowSummary,
  standardErrors,
} from '#src/modules/analytics/btyd/test-support.ts';
import { Random } from '#src/modules/demo/random.ts';

const truth: GammaGammaParams = { p: 6, q: 4, gamma: 15 };

function simulated(n: number, seed: number) {
  const rng = new Random(seed);
  const x = Array.from({ length: n }, () => 1 + rng.int(12));
  const zbar = simulateSpend(truth, x, rng);
  return { x, zbar: Array.from(zbar), count: x.map(() => 1) };
}

describe('Gamma-Gamma likelihood', () => {
  it('has an analytic gradient equal to central finite differences at random points', () => {
    const likelihood = new GammaGammaLikelihood(simulated(1500, 5));
    const rng = new Random(9);
    const gradient = new Float64Array(3);
    for (let trial = 0; trial < 12; trial++) {
      const theta = [-1 + 4 * rng.float(), -1 + 4 * rng.float(), -1 + 5 * rng.float()];
      likelihood.logLikelihood(theta, gradient);
      const numeric = numericGradient((t) => likelihood.logLikelihood(t), theta);
      numeric.forEach((want, i) => {
        expect(Math.abs(gradient[i]! - want)).toBeLessThan(1e-6 * Math.max(1, Math.abs(want)));
      });
    }
  });

  it('is the density of a mean of x Gamma(p, ν) values, ν ~ Gamma(q, γ), integrated numerically', () => {
    // x·zbar | ν ~ Gamma(px, ν), so f(zbar | ν) = x f_S(x zbar) = (ν x)^{px} zbar^{px−1} e^{−ν x zbar} / Γ(px)
    const { p, q, gamma } = truth;
    const [x, zbar] = [3, 11.5];
    const density = simpson(
      (nu) => {
        const logPrior = q * Math.log(gamma) + (q - 1) * Math.log(nu) - gamma * nu - logGamma(q);
        const logMean =
          p * x * Math.log(nu * x) + (p * x - 1) * Math.log(zbar) - nu * x * zbar - logGamma(p * x);
        return Math.exp(logPrior + logMean);
      },
      1e-6,
      5,
    );
    const got = new GammaGammaLikelihood({ x: [x], zbar: [zbar], count: [1] }).logLikelihood(
      [p, q, gamma].map(Math.log),
    );
    expect(got).toBeCloseTo(Math.log(density), 8);
  });
});

describe('Gamma-Gamma fit', () => {
  const cdnow = readCdnowSummary();
  if (!cdnow) console.warn(cdnowMissing);

  it.skipIf(!cdnow)(`fits CDNOW's repeat customers as published${cdnow ? '' : ` (${cdnowMissing})`}`, () => {
    const repeaters = cdnow!.x.map((x, i) => i).filter((i) => cdnow!.x[i]! > 0);
    const fit = fitGammaGamma({
      x: repeaters.map((i) => cdnow!.x[i]!),
      zbar: repeaters.map((i) => cdnow!.zbar[i]!),
      count: repeaters.map(() => 1),
    });
    // FHL 2005 JMR: p 6.25, q 3.74, γ 15.44; lifetimes' docs on this file (zbar rounded to cents): 6.25, 3.74, 15.45
    expect(fit.customers).toBe(946);
    expect(fit.params.p).toBeCloseTo(6.25, 2);
    expect(fit.params.q).toBeCloseTo(3.74, 2);
    expect(Math.abs(fit.params.gamma - 15.445)).toBeLessThan(0.01);
  });

  it('recovers known parameters from 20,000 simulated customers within 4 standard errors', () => {
    const likelihood = new GammaGammaLikelihood(simulated(20_000, 1999));
    const fit = fitGammaGamma(likelihood);
    const theta = [fit.params.p, fit.params.q, fit.params.gamma].map(Math.log);
    const errors = standardErrors(hessian((t, out) => likelihood.logLikelihood(t, out), theta));
    [truth.p, truth.q, truth.gamma].map(Math.log).forEach((want, i) => {
      expect(errors[i]).toBeLessThan(0.1);
      expect(Math.abs(theta[i]! - want)).toBeLessThan(4 * errors[i]!);
    });
  });

  it('refuses groups that are not repeat customers with spend, and too few customers', () => {
    expect(() => new GammaGammaLikelihood({ x: [0], zbar: [10], count: [1] })).toThrow(
      /not a repeat customer/,
    );
    expect(() => new GammaGammaLikelihood({ x: [2], zbar: [0], count: [1] })).toThrow(
      /not a repeat customer/,
    );
    expect(() => fitGammaGamma({ x: [2], zbar: [10], count: [1] })).toThrow(GammaGammaFitError);
  });
});

describe('Gamma-Gamma expected spend', () => {
  it("is the posterior mean of p/ν given the customer's mean, integrated numerically", () => {
    const { p, q, gamma } = truth;
    for (const [x, zbar] of [
      [1, 5],
      [4, 30],
      [20, 12.5],
    ] as const) {
      // posterior of ν ∝ ν^{q−1} e^{−γν} · ν^{px} e^{−ν x zbar}
      const posterior = (nu: number) => Math.exp((q - 1 + p * x) * Math.log(nu) - (gamma + x * zbar) * nu);
      const mean = simpson((nu) => (p / nu) * posterior(nu), 1e-6, 10) / simpson(posterior, 1e-6, 10);
      expect(expectedSpend(truth, x, zbar)).toBeCloseTo(mean, 8);
    }
  });

  it('is the population mean pγ/(q − 1) without repeat purchases, and has none when q ≤ 1', () => {
    expect(expectedSpend(truth, 0, 0)).toBeCloseTo((6 * 15) / 3, 12);
    expect(meanSpend(truth)).toBeCloseTo(30, 12);
    expect(meanSpend({ p: 2, q: 0.9, gamma: 3 })).toBe(Infinity);
  });
});

/** Composite Simpson's rule on [from, to] with 20,000 intervals. */
function simpson(f: (x: number) => number, from: number, to: number): number {
  const n = 20_000;
  const h = (to - from) / n;
  let sum = f(from) + f(to);
  for (let i = 1; i < n; i++) sum += (i % 2 ? 4 : 2) * f(from + i * h);
  return (sum * h) / 3;
}

/** ln Γ by Stirling's series after shifting the argument above 10 (independent of stdlib). */
function logGamma(z: number): number {
  let shift = 0;
  while (z < 10) {
    shift -= Math.log(z);
    z += 1;
  }
  const series = 1 / (12 * z) - 1 / (360 * z ** 3) + 1 / (1260 * z ** 5) - 1 / (1680 * z ** 7);
  return shift + (z - 0.5) * Math.log(z) - z + 0.5 * Math.log(2 * Math.PI) + series;
}
