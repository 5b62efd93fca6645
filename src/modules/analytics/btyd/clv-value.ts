import { cumulativeExpectedPurchases, pAlive, type BgnbdParams } from '#src/modules/analytics/btyd/bgnbd.ts';
import { expectedSpend, type GammaGammaParams } from '#src/modules/analytics/btyd/gamma-gamma.ts';

/**
 * Discounted lifetime value from the two models (DESIGN §4, Time and money in analytics):
 *   expectedValue = margin × expectedSpend × Σ_{k=1..horizon} E[purchases in unit k] / (1 + d)^k,
 * with d the rate per unit from the yearly rate by discrete compounding, a year being 365.25 days.
 */

export const DAYS_PER_YEAR = 365.25;

/** The discount rate per unit of `unitDays` days: (1 + yearly)^(unitDays/365.25) − 1. */
export const perUnitRate = (yearlyRate: number, unitDays: number): number =>
  Math.pow(1 + yearlyRate, unitDays / DAYS_PER_YEAR) - 1;

/** Σ_k (E[Y(k)] − E[Y(k−1)]) / (1 + d)^k, from the cumulative expectations E[Y(1)], …, E[Y(horizon)]. */
export function discountedPurchases(cumulative: ArrayLike<number>, ratePerUnit: number): number {
  let total = 0;
  let previous = 0;
  let factor = 1;
  for (let k = 0; k < cumulative.length; k++) {
    factor /= 1 + ratePerUnit;
    total += (cumulative[k]! - previous) * factor;
    previous = cumulative[k]!;
  }
  return total;
}

export interface PurchaseForecast {
  pAlive: number;
  /** E[Y(horizon)]. */
  expectedPurchases: number;
  /** The same, each unit's purchases discounted to the end of calibration. */
  discountedPurchases: number;
}

export interface ClvModelSettings {
  bgnbd: BgnbdParams;
  gammaGamma: GammaGammaParams;
  horizon: number;
  ratePerUnit: number;
  margin: number;
}

/**
 * Per-customer forecasts. The purchase forecast depends on (x, t_x, T) alone, and customers share these (that is
 * what the fit's groups are), so each distinct history is forecast once: `horizon` evaluations of eq. 10.
 */
export class ClvModel {
  readonly settings: ClvModelSettings;
  private readonly forecasts = new Map<string, PurchaseForecast>();

  constructor(settings: ClvModelSettings) {
    this.settings = settings;
  }

  forecast(x: number, tx: number, T: number): PurchaseForecast {
    const key = `${x} ${tx} ${T}`;
    let forecast = this.forecasts.get(key);
    if (!forecast) {
      const { bgnbd, horizon, ratePerUnit } = this.settings;
      const cumulative = cumulativeExpectedPurchases(bgnbd, x, tx, T, horizon);
      forecast = {
        pAlive: pAlive(bgnbd, x, tx, T),
        expectedPurchases: cumulative[horizon - 1] ?? 0,
        discountedPurchases: discountedPurchases(cumulative, ratePerUnit),
      };
      this.forecasts.set(key, forecast);
    }
    return forecast;
  }

  /**
   * Expected spend per purchase: the Gamma-Gamma conditional mean for a customer with repeat purchases of some
   * value, the population mean for one without repeat purchases, and 0 for one whose repeat purchases were all free
   * (zbar = 0: left out of the spend fit, DESIGN §4).
   */
  spend(x: number, zbar: number): number {
    if (x > 0 && zbar === 0) return 0;
    return expectedSpend(this.settings.gammaGamma, x, zbar);
  }

  /** margin × expected spend × discounted purchases. */
  value(spend: number, forecast: PurchaseForecast): number {
    return this.settings.margin * spend * forecast.discountedPurchases;
  }
}
