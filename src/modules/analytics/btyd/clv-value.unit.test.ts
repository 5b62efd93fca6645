import { describe, expect, it } from 'vitest';
import { expectedPurchases } from '#src/modules/analytics/btyd/bgnbd.ts';
import { ClvModel, discountedPurchases, perUnitRate } from '#src/modules/analytics/btyd/clv-value.ts';

const bgnbd = { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 };
const gammaGamma = { p: 6.25, q: 3.74, gamma: 15.44 };

describe('discounting', () => {
  it('turns a yearly rate into a rate per unit by discrete compounding over 365.25-day years', () => {
    expect(perUnitRate(0.1, 365.25)).toBeCloseTo(0.1, 14);
    // 52.1786 weeks of (1 + d) make the year's 10 %
    expect((1 + perUnitRate(0.1, 7)) ** (365.25 / 7)).toBeCloseTo(1.1, 12);
    expect((1 + perUnitRate(0.1, 1)) ** 365.25).toBeCloseTo(1.1, 12);
    expect(perUnitRate(0, 7)).toBe(0);
  });

  it("discounts each unit's expected purchases to the end of calibration", () => {
    const cumulative = [0.5, 0.9, 1.2];
    const d = 0.01;
    expect(discountedPurchases(cumulative, d)).toBeCloseTo(
      0.5 / 1.01 + 0.4 / 1.01 ** 2 + 0.3 / 1.01 ** 3,
      14,
    );
    expect(discountedPurchases(cumulative, 0)).toBeCloseTo(1.2, 14);
  });
});

describe('customer lifetime value', () => {
  const model = new ClvModel({
    bgnbd,
    gammaGamma,
    horizon: 52,
    ratePerUnit: perUnitRate(0.1, 7),
    margin: 0.3,
  });

  it('is margin × expected spend × discounted expected purchases, unit by unit', () => {
    const [x, tx, T, zbar] = [2, 30.43, 38.86, 22.35];
    const forecast = model.forecast(x, tx, T);
    const spend = model.spend(x, zbar);
    // Σ_k (E[Y(k)] − E[Y(k−1)]) / (1+d)^k written out
    const d = 1.1 ** (7 / 365.25) - 1;
    let want = 0;
    for (let k = 1; k <= 52; k++)
      want +=
        (expectedPurchases(bgnbd, x, tx, T, k) - expectedPurchases(bgnbd, x, tx, T, k - 1)) / (1 + d) ** k;
    expect(forecast.expectedPurchases).toBeCloseTo(expectedPurchases(bgnbd, x, tx, T, 52), 12);
    expect(forecast.discountedPurchases).toBeCloseTo(want, 12);
    expect(forecast.discountedPurchases).toBeLessThan(forecast.expectedPurchases);
    expect(spend).toBeCloseTo((6.25 * (15.44 + 2 * 22.35)) / (6.25 * 2 + 3.74 - 1), 12);
    expect(model.value(spend, forecast)).toBeCloseTo(0.3 * spend * want, 10);
  });

  it('gives a one-off customer the population spend, and a repeat customer whose repeats were free none', () => {
    expect(model.spend(0, 0)).toBeCloseTo((6.25 * 15.44) / 2.74, 12);
    expect(model.spend(3, 0)).toBe(0);
    expect(model.value(model.spend(3, 0), model.forecast(3, 10, 30))).toBe(0);
  });

  it('forecasts each distinct history once', () => {
    const first = model.forecast(1, 5, 20);
    expect(model.forecast(1, 5, 20)).toBe(first);
    expect(model.forecast(1, 5, 21)).not.toBe(first);
  });
});
