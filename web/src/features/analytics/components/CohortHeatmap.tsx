import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Cohort } from '#src/modules/analytics/cohorts.schema.ts';
import { EChart } from '../charts/EChart.tsx';
import { escapeHtml } from '../charts/echarts.ts';
import type { ChartOption, ChartParams } from '../charts/echarts.ts';
import { activeCustomers, cohortCells } from '../hooks/chartData.ts';
import type { CohortMetric } from '../hooks/chartData.ts';
import {
  addMonths,
  formatCompactMoney,
  formatMoney,
  formatMonth,
  formatNumber,
  formatPercent,
} from '../hooks/format.ts';
import { ChartSwitch } from './ChartSwitch.tsx';

/** A value near the top of the scale that a few outliers do not set (the 95th percentile of the non-zero cells). */
function scaleTop(values: number[]): number {
  const sorted = values.filter((value) => value > 0).sort((a, b) => a - b);
  if (sorted.length === 0) return 1;
  return sorted[Math.floor(0.95 * (sorted.length - 1))]!;
}

/**
 * Cohorts (rows, oldest first) by months since their first purchase (columns), coloured by retention or revenue;
 * a click on a cell opens its customers.
 */
export function CohortHeatmap({
  cohorts,
  currency,
  metric,
  onMetric,
  onPick,
}: {
  cohorts: Cohort[];
  currency: string;
  metric: CohortMetric;
  onMetric: (metric: CohortMetric) => void;
  onPick: (cohort: Cohort, month: number) => void;
}) {
  const { t } = useTranslation();
  const { months, cells } = useMemo(() => cohortCells(cohorts, metric), [cohorts, metric]);

  const option = useMemo((): ChartOption => {
    // Month 0 is 100 % by definition: the scale follows the later months, where cohorts differ.
    const top = scaleTop(cells.filter((cell) => metric === 'revenue' || cell[0] > 0).map((cell) => cell[2]));
    const showLabels = months <= 24;
    const format = (value: number) =>
      metric === 'retention' ? formatPercent(value, 0) : formatCompactMoney(value, currency);
    return {
      tooltip: {
        formatter: (params) => {
          const [k, row] = (params as ChartParams).value as [number, number, number];
          const cohort = cohorts[row];
          if (!cohort) return '';
          return [
            `<b>${escapeHtml(formatMonth(cohort.cohort))}</b> · ${escapeHtml(t('analytics.cohorts.month', { n: k }))}`,
            `${escapeHtml(t('analytics.cohorts.retention'))}: ${formatPercent(cohort.retention[k] ?? 0)} (${formatNumber(activeCustomers(cohort, k))} / ${formatNumber(cohort.customers)})`,
            `${escapeHtml(t('analytics.cohorts.revenue'))}: ${formatMoney(cohort.revenue[k] ?? 0, currency)}`,
          ].join('<br/>');
        },
      },
      grid: { left: 8, right: 96, top: 8, bottom: 8 },
      xAxis: {
        type: 'category',
        data: Array.from({ length: months }, (_, k) => String(k)),
        name: t('analytics.cohorts.monthsSince'),
        nameLocation: 'middle',
        nameGap: 24,
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: cohorts.map((cohort) => cohort.cohort),
        axisLabel: { interval: 0, fontSize: 11 },
      },
      visualMap: {
        min: 0,
        max: top,
        calculable: false,
        orient: 'vertical',
        right: 0,
        top: 'middle',
        itemHeight: 200,
        itemWidth: 12,
        text: [`≥ ${format(top)}`, format(0)],
        inRange: { color: ['#f6ffed', '#95de64', '#237804'] },
      },
      series: [
        {
          type: 'heatmap',
          data: cells,
          label: {
            show: showLabels,
            fontSize: 10,
            formatter: (params) => format(((params.value as number[]) ?? [])[2] ?? 0),
          },
          itemStyle: { borderColor: '#fff', borderWidth: 1 },
          emphasis: { itemStyle: { borderColor: '#000', borderWidth: 1 } },
        },
      ],
    };
  }, [cohorts, cells, months, metric, currency, t]);

  return (
    <div>
      <ChartSwitch<CohortMetric>
        label={t('analytics.cohorts.metric')}
        value={metric}
        onChange={onMetric}
        options={[
          { value: 'retention', label: t('analytics.cohorts.retention') },
          { value: 'revenue', label: t('analytics.cohorts.revenue') },
        ]}
        testId="cohort-metric"
      />
      <EChart
        option={option}
        height={Math.max(260, cohorts.length * 22 + 100)}
        label={t('analytics.cohorts.heatmapLabel')}
        testId="cohort-heatmap"
        onPlotClick={([k, row]) => {
          const cohort = cohorts[Math.round(row)];
          if (cohort && Math.round(k) < months) onPick(cohort, Math.round(k));
        }}
      />
    </div>
  );
}

/** The calendar month `k` months after a cohort's first. */
export const cohortMonth = (cohort: Cohort, k: number) => addMonths(cohort.cohort, k);
