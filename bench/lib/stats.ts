import type { Cell, Table } from './types.ts';

export function median(values: readonly number[]): number | null {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median of the ratios a[i] / b[i] of values measured in the same round. */
export function medianRatio(a: readonly number[], b: readonly number[]): number | null {
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (b[i]! > 0) ratios.push(a[i]! / b[i]!);
  }
  return median(ratios);
}

/** A figure to about three significant digits: 12345 → "12345", 12.345 → "12.3", 0.01234 → "0.012". */
export function figure(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const size = Math.abs(value);
  if (size >= 100) return value.toFixed(0);
  if (size >= 10) return value.toFixed(1);
  if (size >= 1) return value.toFixed(2);
  return value === 0 ? '0' : value.toPrecision(2);
}

const cellText = (cell: Cell): string => (cell === null ? '—' : String(cell));

/** A Markdown table with aligned columns: readable in a terminal and pasteable into docs/benchmarks.md. */
export function renderTable(table: Table): string {
  const texts = [table.columns, ...table.rows.map((row) => row.map(cellText))];
  const widths = table.columns.map((_, i) => Math.max(3, ...texts.map((row) => [...(row[i] ?? '')].length)));
  const numeric = table.columns.map((_, i) =>
    table.rows.every((row) => typeof row[i] !== 'string' || /^[\d.—×%-]+$/.test(row[i])),
  );
  const line = (row: string[]) =>
    `| ${row
      .map((text, i) => {
        const pad = ' '.repeat(widths[i]! - [...text].length);
        return numeric[i] ? pad + text : text + pad;
      })
      .join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (numeric[i] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [`### ${table.title}`, '', line(texts[0]!), rule, ...texts.slice(1).map(line)].join('\n');
}
