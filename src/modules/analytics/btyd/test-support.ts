import { readFileSync } from 'node:fs';
import { datasetFile } from '#src/modules/imports/test-datasets.ts';

/** What the model unit tests share: finite differences, a Hessian, and the CDNOW calibration summary. */

/** Central finite differences of f at θ, step h·max(1, |θ_i|). */
export function numericGradient(
  f: (theta: number[]) => number,
  theta: readonly number[],
  h = 1e-6,
): number[] {
  return theta.map((_, i) => {
    const step = h * Math.max(1, Math.abs(theta[i]!));
    const plus = [...theta];
    const minus = [...theta];
    plus[i]! += step;
    minus[i]! -= step;
    return (f(plus) - f(minus)) / (2 * step);
  });
}

/** The Hessian of ln L by central differences of its analytic gradient, symmetrised. */
export function hessian(
  gradientAt: (theta: readonly number[], out: Float64Array) => void,
  theta: readonly number[],
  h = 1e-5,
): number[][] {
  const n = theta.length;
  const plus = new Float64Array(n);
  const minus = new Float64Array(n);
  const rows = theta.map((_, i) => {
    const up = [...theta];
    const down = [...theta];
    up[i]! += h;
    down[i]! -= h;
    gradientAt(up, plus);
    gradientAt(down, minus);
    return Array.from(plus, (g, j) => (g - minus[j]!) / (2 * h));
  });
  return rows.map((row, i) => row.map((v, j) => (v + rows[j]![i]!) / 2));
}

/** The inverse of a small symmetric positive-definite matrix (Gauss-Jordan with partial pivoting). */
export function invert(matrix: number[][]): number[][] {
  const n = matrix.length;
  const a = matrix.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const p = a[col]![col]!;
    a[col] = a[col]!.map((v) => v / p);
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = a[r]![col]!;
      a[r] = a[r]!.map((v, j) => v - factor * a[col]![j]!);
    }
  }
  return a.map((row) => row.slice(n));
}

/** Standard errors of θ̂ from the observed information −H (at the maximum). */
export function standardErrors(h: number[][]): number[] {
  const covariance = invert(h.map((row) => row.map((v) => -v)));
  return covariance.map((row, i) => Math.sqrt(row[i]!));
}

export interface CdnowSummary {
  x: number[];
  tx: number[];
  T: number[];
  zbar: number[];
}

/**
 * The CDNOW sample's calibration summary (`cdnow_customers_summary_with_transactions.csv`: ID, x, t_x, T in weeks
 * rounded to 2 decimals, zbar in dollars), or null when the shared data set is absent.
 */
export function readCdnowSummary(): CdnowSummary | null {
  const file = datasetFile('cdnow/cdnow_customers_summary_with_transactions.csv');
  if (!file) return null;
  const rows = readFileSync(file, 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(',').map(Number));
  return {
    x: rows.map((r) => r[1]!),
    tx: rows.map((r) => r[2]!),
    T: rows.map((r) => r[3]!),
    zbar: rows.map((r) => r[4]!),
  };
}

export const cdnowMissing =
  'the CDNOW data set is not there (../shared/data/cdnow or GUANXI_DATASETS/cdnow): CDNOW checks are SKIPPED';
