import type { AbcResult } from '#src/modules/analytics/abc.schema.ts';
import type { ClvResponse } from '#src/modules/analytics/clv.schema.ts';
import type { CohortsResult } from '#src/modules/analytics/cohorts.schema.ts';
import type { RfmResult } from '#src/modules/analytics/rfm.schema.ts';
import { rfmSegmentNames } from '#src/modules/analytics/rfm.segments.ts';

/**
 * How `guanxi analyze --format table|csv` shows a result (json is the API object itself). CSV has one row per
 * customer item with the JSON item fields as columns (DESIGN §4); cohorts have no customer items, so theirs is one
 * row per cohort and month since.
 */
export type AnalysisResult =
  | { analysis: 'rfm'; result: RfmResult }
  | { analysis: 'abc'; result: AbcResult }
  | { analysis: 'clv'; result: ClvResponse }
  | { analysis: 'cohorts'; result: CohortsResult };

type Row = Record<string, unknown>;

/** The CSV columns and rows of a result. */
export function csvRecords(output: AnalysisResult): { columns: string[]; rows: Iterable<Row> } {
  switch (output.analysis) {
    case 'rfm':
    case 'abc':
    case 'clv': {
      const items: Row[] = output.result.customers.items;
      const columns = [...new Set(items.flatMap((item) => Object.keys(item)))];
      return { columns, rows: items };
    }
    case 'cohorts':
      return {
        columns: ['cohort', 'customers', 'monthIndex', 'retention', 'revenue'],
        rows: output.result.cohorts.flatMap((cohort) =>
          cohort.retention.map((retention, monthIndex) => ({
            cohort: cohort.cohort,
            customers: cohort.customers,
            monthIndex,
            retention,
            revenue: cohort.revenue[monthIndex],
          })),
        ),
      };
  }
}

/** Display width: CJK characters take two columns in a terminal. */
const width = (text: string) =>
  [...text].reduce(
    (sum, ch) =>
      sum + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/.test(ch) ? 2 : 1),
    0,
  );

/** A plain text table; columns whose values are all numbers align right. */
export function textTable(columns: string[], rows: (string | number)[][]): string {
  const texts = [columns, ...rows.map((row) => row.map(String))];
  const widths = columns.map((_, i) => Math.max(...texts.map((row) => width(row[i] ?? ''))));
  const numeric = columns.map((_, i) => rows.length > 0 && rows.every((row) => typeof row[i] === 'number'));
  return texts
    .map((row) =>
      row
        .map((text, i) => {
          const pad = ' '.repeat(widths[i]! - width(text));
          return numeric[i] ? pad + text : text + pad;
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
const money = (amount: number) => amount.toFixed(2);

function leftOutLines(leftOut: RfmResult['leftOut']): string[] {
  return leftOut.map(
    (l) =>
      `Left out: ${l.customers} customers with ${l.orders} purchases in ${l.currency} (another currency).`,
  );
}

function rfmTable(result: RfmResult): string[] {
  const { totals } = result;
  return [
    `RFM as of ${result.asOf} in ${result.currency}: ${totals.customers} customers with purchases, revenue ` +
      `${money(totals.revenue)} (from ${result.source === 'summaries' ? 'the per-customer summaries' : 'a scan of orders'}).`,
    '',
    textTable(
      ['segment', 'name', 'customers', 'share', 'revenue'],
      result.segments.map((s) => [
        s.segment,
        rfmSegmentNames[s.segment].en,
        s.customers,
        totals.customers ? percent(s.customers / totals.customers) : '-',
        money(s.revenue),
      ]),
    ),
    ...leftOutLines(result.leftOut),
    ...(result.customers.items.length
      ? [
          '',
          'Top customers by monetary value (--format json or csv lists every one):',
          textTable(
            ['ref', 'name', 'recencyDays', 'frequency', 'monetary', 'r', 'f', 'm', 'segment'],
            result.customers.items.map((c) => [
              c.ref,
              c.name,
              c.recencyDays,
              c.frequency,
              c.monetary,
              c.r,
              c.f,
              c.m,
              c.segment,
            ]),
          ),
        ]
      : []),
  ];
}

function abcTable(result: AbcResult): string[] {
  const shareOfTop = (customers: number) =>
    result.paretoCurve.find((point) => point.customerShare >= customers)?.revenueShare;
  const top20 = shareOfTop(0.2);
  return [
    `ABC by ${result.by} in ${result.currency}, ${result.from ?? 'all time'} to ${result.to}, cut-offs ` +
      `${result.cutoffs.join(', ')}: ${result.totals.customers} customers, total ${money(result.totals.revenue)}.`,
    '',
    textTable(
      ['class', 'customers', result.by, 'share'],
      result.classes.map((c) => [c.class, c.customers, money(c.revenue), percent(c.revenueShare)]),
    ),
    ...(top20 === undefined ? [] : [`The top 20% of customers bring ${percent(top20)} of the ${result.by}.`]),
    ...leftOutLines(result.leftOut),
    ...(result.customers.items.length
      ? [
          '',
          'Top customers (--format json or csv lists every one):',
          textTable(
            ['ref', 'name', result.by, 'cumulativeShare', 'class'],
            result.customers.items.map((c) => [
              c.ref,
              c.name,
              c.revenue,
              percent(c.cumulativeShare),
              c.class,
            ]),
          ),
        ]
      : []),
  ];
}

const cohortMonths = 13;

function cohortsTable(result: CohortsResult): string[] {
  const months = Math.min(cohortMonths, Math.max(0, ...result.cohorts.map((c) => c.retention.length)));
  const monthColumns = Array.from({ length: months }, (_, k) => `m${k}`);
  return [
    `Cohorts by first-purchase month in ${result.currency}, orders up to ${result.asOf}: retention by months since.`,
    '',
    textTable(
      ['cohort', 'customers', ...monthColumns],
      result.cohorts.map((c) => [
        c.cohort,
        c.customers,
        ...monthColumns.map((_, k) => (k < c.retention.length ? percent(c.retention[k]!) : '')),
      ]),
    ),
    ...(result.cohorts.some((c) => c.retention.length > cohortMonths)
      ? [`(the first ${cohortMonths} months; --format json or csv has them all)`]
      : []),
    ...leftOutLines(result.leftOut),
  ];
}

function clvTable(result: ClvResponse): string[] {
  const { bgnbd, gammaGamma } = result.model;
  const f = (value: number) => value.toFixed(4);
  return [
    `Lifetime value, calibration to ${result.model.calibrationEnd} in ${result.model.unit}s: ` +
      `${result.model.customers} customers.`,
    `BG/NBD: r ${f(bgnbd.r)}, alpha ${f(bgnbd.alpha)}, a ${f(bgnbd.a)}, b ${f(bgnbd.b)}, ` +
      `log-likelihood ${bgnbd.logLikelihood.toFixed(2)}`,
    `Gamma-Gamma: p ${f(gammaGamma.p)}, q ${f(gammaGamma.q)}, gamma ${f(gammaGamma.gamma)}, ` +
      `log-likelihood ${gammaGamma.logLikelihood.toFixed(2)}`,
    ...(result.holdout
      ? [
          `Holdout: ${result.holdout.byPeriod.length} periods, mean absolute percentage error ` +
            `${result.holdout.mape === null ? '-' : percent(result.holdout.mape)}`,
        ]
      : []),
    '(--format json or csv lists every customer)',
  ];
}

/** The readable summary of `--format table`. */
export function summaryText(output: AnalysisResult): string {
  switch (output.analysis) {
    case 'rfm':
      return rfmTable(output.result).join('\n');
    case 'abc':
      return abcTable(output.result).join('\n');
    case 'cohorts':
      return cohortsTable(output.result).join('\n');
    case 'clv':
      return clvTable(output.result).join('\n');
  }
}
