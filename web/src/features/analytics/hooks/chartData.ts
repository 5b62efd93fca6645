import type { Cohort } from '#src/modules/analytics/cohorts.schema.ts';
import type { RfmMovement } from '#src/modules/analytics/rfm.schema.ts';
import { rfmSegments } from '#src/modules/analytics/rfm.segments.ts';
import type { RfmSegment } from '#src/modules/analytics/rfm.segments.ts';

/**
 * What the charts draw, shaped from the API's answers: pure functions, no React. The numbers themselves are the
 * server's; these only lay them out (cells, bins, running sums).
 */

/** One colour per segment: greens for the valuable and recent, ambers for the slipping, reds and greys for the lost. */
export const segmentColors: Record<RfmSegment, string> = {
  champions: '#1a7f37',
  loyal: '#2da44e',
  potential_loyalists: '#4ac26b',
  new: '#0969da',
  promising: '#54aeff',
  need_attention: '#d4a72c',
  about_to_sleep: '#bf8700',
  at_risk: '#cf222e',
  cant_lose: '#a40e26',
  hibernating: '#8c959f',
  lost: '#57606a',
};

export const abcColors = { A: '#1a7f37', B: '#d4a72c', C: '#8c959f' } as const;

/** A step of 1, 2 or 5 × 10ⁿ near `raw`, so bin edges read as round numbers. */
export function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

export interface Bin {
  from: number;
  /** Exclusive; null: the last bin, open upwards. */
  to: number | null;
  count: number;
}

/**
 * A histogram of non-negative values in about `target` bins of a round width up to the 99th percentile; the
 * rare values above go into one open last bin, so a few very large customers do not squash the rest into one bar.
 */
export function histogram(values: readonly number[], target = 20): Bin[] {
  if (values.length === 0) return [];
  const sorted = [...values].sort((a, b) => a - b);
  const low = Math.min(0, sorted[0]!);
  const cap = sorted[Math.min(sorted.length - 1, Math.floor(0.99 * (sorted.length - 1)))]!;
  const step = niceStep((cap - low) / target || 1);
  const start = Math.floor(low / step) * step;
  const closed = Math.max(1, Math.ceil((cap - start) / step + 1e-9));
  const last = sorted.at(-1)!;
  const open = last >= start + closed * step;
  const bins: Bin[] = Array.from({ length: closed }, (_, i) => ({
    from: start + i * step,
    to: start + (i + 1) * step,
    count: 0,
  }));
  if (open) bins.push({ from: start + closed * step, to: null, count: 0 });
  for (const value of sorted) bins[binIndex(bins, value)]!.count += 1;
  return bins;
}

/** The 1-2-5 series from the step at or below `low` to the first step above `high`: 10, 20, 50, 100, 200 … */
function steps125(low: number, high: number): number[] {
  const edges: number[] = [];
  for (let power = Math.floor(Math.log10(low)); ; power++) {
    for (const multiplier of [1, 2, 5]) {
      const edge = multiplier * 10 ** power;
      // Keep only the largest step not above `low`, then every step up to the first above `high`.
      if (edge <= low) edges.length = 0;
      edges.push(edge);
      if (edge > high) return edges;
    }
  }
}

/**
 * A histogram of money values, which are skewed: a few customers are worth hundreds of times the median. When the
 * spread is that wide, the bins grow by 1-2-5 steps (¥100, ¥200, ¥500, ¥1,000 …), about three a decade, the first
 * from 0; otherwise bins of equal width (`histogram`).
 */
export function valueHistogram(values: readonly number[]): Bin[] {
  const positive = values.filter((value) => value > 0).sort((a, b) => a - b);
  if (positive.length < 2 || values.some((value) => value < 0)) return histogram(values);
  const low = positive[Math.floor(0.02 * (positive.length - 1))]!;
  const high = positive.at(-1)!;
  if (high / low < 50) return histogram(values);
  const edges = [0, ...steps125(low, high).filter((edge) => edge > 0)];
  const bins: Bin[] = edges.slice(0, -1).map((from, i) => ({ from, to: edges[i + 1]!, count: 0 }));
  for (const value of values) bins[binIndex(bins, value)]!.count += 1;
  return bins;
}

/** The bin a value falls in (the first or last for values outside). */
export function binIndex(bins: readonly Bin[], value: number): number {
  const index = bins.findIndex((bin) => value >= bin.from && (bin.to === null || value < bin.to));
  if (index >= 0) return index;
  return value < (bins[0]?.from ?? 0) ? 0 : bins.length - 1;
}

export const inBin = (bin: Pick<Bin, 'from' | 'to'>, value: number): boolean =>
  value >= bin.from && (bin.to === null || value < bin.to);

/** Frequency rows of the P(alive) grid: 0 … 9 repeat purchases, then 10 or more. */
export const frequencyBins: readonly Pick<Bin, 'from' | 'to'>[] = [
  ...Array.from({ length: 10 }, (_, x) => ({ from: x, to: x + 1 })),
  { from: 10, to: null },
];

export interface AliveGrid {
  recencyBins: Pick<Bin, 'from' | 'to'>[];
  /** [recency bin, frequency bin, mean P(alive), customers], cells with customers only. */
  cells: [number, number, number, number][];
}

/**
 * The customers' mean P(alive) by recency (age at last purchase, binned in round steps) and frequency (repeat
 * purchases): how the model reads "bought often, but not lately".
 */
export function aliveGrid(
  items: readonly { recency: number; frequency: number; pAlive: number }[],
  target = 12,
): AliveGrid {
  if (items.length === 0) return { recencyBins: [], cells: [] };
  const maxRecency = Math.max(...items.map((item) => item.recency));
  const step = niceStep(maxRecency / target || 1);
  const count = Math.max(1, Math.floor(maxRecency / step) + 1);
  const recencyBins = Array.from({ length: count }, (_, i) => ({ from: i * step, to: (i + 1) * step }));
  const sums = new Map<string, { sum: number; n: number }>();
  for (const item of items) {
    const x = Math.min(count - 1, Math.floor(item.recency / step));
    const y = frequencyBins.findIndex((bin) => inBin(bin, item.frequency));
    const key = `${x}:${y}`;
    const cell = sums.get(key) ?? { sum: 0, n: 0 };
    cell.sum += item.pAlive;
    cell.n += 1;
    sums.set(key, cell);
  }
  const cells = [...sums].map(([key, { sum, n }]): [number, number, number, number] => {
    const [x, y] = key.split(':').map(Number) as [number, number];
    return [x, y, sum / n, n];
  });
  return { recencyBins, cells };
}

/** Running sums of the holdout's per-period purchases: the cumulative curves of FHL 2005, figure 2. */
export function cumulativeHoldout(
  byPeriod: readonly { period: number; actual: number; predicted: number }[],
) {
  let actual = 0;
  let predicted = 0;
  return byPeriod.map((row) => {
    actual += row.actual;
    predicted += row.predicted;
    return { period: row.period, actual, predicted: Math.round(predicted * 100) / 100 };
  });
}

export type CohortMetric = 'retention' | 'revenue';

/** Heatmap cells [months since, cohort row, value]: only the months each cohort has lived through. */
export function cohortCells(cohorts: readonly Cohort[], metric: CohortMetric) {
  const months = Math.max(0, ...cohorts.map((cohort) => cohort[metric].length));
  const cells: [number, number, number][] = [];
  cohorts.forEach((cohort, row) => cohort[metric].forEach((value, k) => cells.push([k, row, value])));
  return { months, cells };
}

/** Customers of a cohort who bought in month k (the share times the cohort's size, whole people). */
export const activeCustomers = (cohort: Cohort, k: number): number =>
  Math.round((cohort.retention[k] ?? 0) * cohort.customers);

/** Movement as a matrix: rows the earlier segment (first: not yet scored), columns the later (last: no longer). */
export function movementMatrix(movement: RfmMovement) {
  const rows: (RfmSegment | null)[] = [null, ...rfmSegments];
  const columns: (RfmSegment | null)[] = [...rfmSegments, null];
  const cells: [number, number, number][] = movement.movements
    .filter((move) => move.customers > 0)
    .map((move) => [columns.indexOf(move.to), rows.indexOf(move.from), move.customers]);
  const total = movement.movements.reduce((sum, move) => sum + move.customers, 0);
  const stayed = movement.movements
    .filter((move) => move.from !== null && move.from === move.to)
    .reduce((sum, move) => sum + move.customers, 0);
  return { rows, columns, cells, total, stayed };
}
