import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { expectedPurchases, type BgnbdGroups, type BgnbdParams } from '#src/modules/analytics/btyd/bgnbd.ts';
import { FREQUENCY_BUCKETS } from '#src/modules/analytics/clv.repo.ts';
import type { ClvSummary } from '#src/modules/analytics/clv.summary.ts';

/**
 * Holdout validation (FHL 2005, section 5): the calibration customers' repeat purchases (purchase days) after the
 * calibration end through the holdout end, against what the fitted model expects of the same customers.
 */
export type Holdout = {
  /** Per unit after the calibration end (the last may be partial): purchase days in it, actual and expected. */
  byPeriod: { period: number; actual: number; predicted: number }[];
  /**
   * Per calibration frequency x (0 … 6, then 7 or more: `orMore`): mean repeat purchases per customer over the whole
   * holdout, actual and expected (the paper's conditional expectations, Figure 4).
   */
  byFrequency: { frequency: number; orMore: boolean; customers: number; actual: number; predicted: number }[];
  /** Mean absolute percentage error of `byPeriod`, over periods with purchases; null when none had any. */
  mape: number | null;
};

const dayNumber = (day: string) =>
  Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10)) / 86_400_000;

/** The holdout's figures; forecasting every distinct history takes seconds at a million, so it yields now and then. */
export async function holdoutComparison(
  params: BgnbdParams,
  groups: BgnbdGroups,
  summary: ClvSummary,
  options: { calibrationEnd: string; holdoutEnd?: string | undefined },
  unitDays: number,
  onProgress?: (message: string) => void,
): Promise<Holdout> {
  const lengthDays = dayNumber(options.holdoutEnd!) - dayNumber(options.calibrationEnd);
  const periods = Math.ceil(lengthDays / unitDays);
  // period p ends p units after the calibration end, the last at the holdout end
  const ends = Array.from({ length: periods }, (_, p) => Math.min((p + 1) * unitDays, lengthDays) / unitDays);
  const predictedByPeriod = new Float64Array(periods);
  const predictedByBucket = new Float64Array(FREQUENCY_BUCKETS + 1);
  onProgress?.(`forecasting the holdout for ${groups.count.length} distinct histories`);
  for (let i = 0; i < groups.count.length; i++) {
    if (i % 2000 === 1999) await yieldToEventLoop();
    const [x, tx, T, n] = [groups.x[i]!, groups.tx[i]!, groups.T[i]!, groups.count[i]!];
    let previous = 0;
    for (let p = 0; p < periods; p++) {
      const cumulative = expectedPurchases(params, x, tx, T, ends[p]!);
      predictedByPeriod[p]! += n * (cumulative - previous);
      previous = cumulative;
    }
    predictedByBucket[Math.min(x, FREQUENCY_BUCKETS)]! += n * previous;
  }
  const byPeriod = ends.map((_, p) => ({
    period: p + 1,
    actual: summary.periods.get(p + 1) ?? 0,
    predicted: round(predictedByPeriod[p]!, 2),
  }));
  const errors = byPeriod
    .filter((row) => row.actual > 0)
    .map((row) => Math.abs(row.actual - predictedByPeriod[row.period - 1]!) / row.actual);
  const byFrequency = [...summary.buckets]
    .sort(([a], [b]) => a - b)
    .map(([frequency, bucket]) => ({
      frequency,
      orMore: frequency === FREQUENCY_BUCKETS,
      customers: bucket.customers,
      actual: round(bucket.purchases / bucket.customers, 4),
      predicted: round(predictedByBucket[frequency]! / bucket.customers, 4),
    }));
  return {
    byPeriod,
    byFrequency,
    mape: errors.length ? round(errors.reduce((s, e) => s + e, 0) / errors.length, 4) : null,
  };
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
