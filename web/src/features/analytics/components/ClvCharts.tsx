import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClvRow } from '../api/analytics.ts';
import { EChart } from '../charts/EChart.tsx';
import { escapeHtml } from '../charts/echarts.ts';
import type { ChartOption, ChartParams } from '../charts/echarts.ts';
import { aliveGrid, cumulativeHoldout, frequencyBins, valueHistogram } from '../hooks/chartData.ts';
import type { AliveGrid, Bin } from '../hooks/chartData.ts';
import { formatCompactMoney, formatDecimal, formatNumber, formatPercent } from '../hooks/format.ts';

/** A click-through from a chart to the customer table: a value range, or a recency × frequency cell. */
export type ClvFilter =
  | { kind: 'value'; bin: Pick<Bin, 'from' | 'to'> }
  | { kind: 'cell'; recency: Pick<Bin, 'from' | 'to'>; frequency: Pick<Bin, 'from' | 'to'> };

export const binLabel = (bin: Pick<Bin, 'from' | 'to'>, format: (value: number) => string): string =>
  bin.to === null ? `≥ ${format(bin.from)}` : `${format(bin.from)} – ${format(bin.to)}`;

/** Integer bins read as "3" or "10+" rather than "3 – 4". */
const frequencyLabel = (bin: Pick<Bin, 'from' | 'to'>) =>
  bin.to === null ? `${bin.from}+` : String(bin.from);

/** How many customers have each range of expected value; a bar lists its customers. */
export function ValueHistogram({
  rows,
  currency,
  onPick,
}: {
  rows: ClvRow[];
  currency: string;
  onPick: (filter: ClvFilter) => void;
}) {
  const { t } = useTranslation();
  const bins = useMemo(() => valueHistogram(rows.map((row) => row.expectedValue)), [rows]);
  const option = useMemo((): ChartOption => {
    const money = (value: number) => formatCompactMoney(value, currency);
    return {
      grid: { left: 8, right: 16, top: 16, bottom: 8 },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params) => {
          const point = (Array.isArray(params) ? params[0] : params) as ChartParams | undefined;
          const bin = bins[point?.dataIndex ?? -1];
          if (!bin) return '';
          return `${escapeHtml(binLabel(bin, money))}<br/>${escapeHtml(t('analytics.clv.customersAxis'))}: ${formatNumber(bin.count)}`;
        },
      },
      xAxis: {
        type: 'category',
        data: bins.map((bin) => binLabel(bin, money)),
        name: t('analytics.clv.valueAxis'),
        nameLocation: 'middle',
        nameGap: 48,
        // Each bar's lower edge; the tooltip gives the whole range.
        axisLabel: {
          rotate: 35,
          fontSize: 10,
          formatter: (_: string, index: number) => money(bins[index]?.from ?? 0),
        },
      },
      yAxis: {
        type: 'value',
        name: t('analytics.clv.customersAxis'),
        nameLocation: 'middle',
        nameGap: 40,
        minInterval: 1,
      },
      series: [
        {
          type: 'bar',
          data: bins.map((bin) => bin.count),
          barCategoryGap: '8%',
          itemStyle: { color: '#1677ff' },
        },
      ],
    };
  }, [bins, currency, t]);

  return (
    <EChart
      option={option}
      height={340}
      label={t('analytics.clv.distributionLabel')}
      testId="clv-histogram"
      onPlotClick={([index]) => {
        const bin = bins[Math.round(index)];
        if (bin) onPick({ kind: 'value', bin });
      }}
    />
  );
}

/** Mean P(alive) by recency and frequency: the model's reading of "often, but not lately". */
export function AliveHeatmap({
  rows,
  unit,
  onPick,
}: {
  rows: ClvRow[];
  unit: 'week' | 'day';
  onPick: (filter: ClvFilter) => void;
}) {
  const { t } = useTranslation();
  const grid: AliveGrid = useMemo(() => aliveGrid(rows), [rows]);
  const option = useMemo((): ChartOption => {
    const number = (value: number) => formatDecimal(value, 1);
    return {
      grid: { left: 8, right: 72, top: 16, bottom: 8 },
      tooltip: {
        formatter: (params) => {
          const [x, y, mean, count] = (params as ChartParams).value as [number, number, number, number];
          const recency = grid.recencyBins[x];
          const frequency = frequencyBins[y];
          if (!recency || !frequency) return '';
          return [
            escapeHtml(
              t('analytics.clv.filterCell', {
                recency: binLabel(recency, number),
                frequency: frequencyLabel(frequency),
              }),
            ),
            escapeHtml(
              t('analytics.clv.aliveCell', { number: formatNumber(count), share: formatPercent(mean) }),
            ),
          ].join('<br/>');
        },
      },
      xAxis: {
        type: 'category',
        data: grid.recencyBins.map((bin) => binLabel(bin, number)),
        name: t('analytics.clv.recencyAxis', { unit: t(`analytics.clv.units.${unit}`) }),
        nameLocation: 'middle',
        nameGap: 40,
        axisLabel: { fontSize: 10, rotate: 30 },
        splitArea: { show: true },
      },
      yAxis: {
        type: 'category',
        data: frequencyBins.map(frequencyLabel),
        name: t('analytics.clv.frequencyAxis'),
        nameLocation: 'middle',
        nameGap: 32,
        splitArea: { show: true },
      },
      visualMap: {
        min: 0,
        max: 1,
        calculable: false,
        orient: 'vertical',
        right: 0,
        top: 'middle',
        itemHeight: 160,
        itemWidth: 12,
        dimension: 2,
        text: [formatPercent(1, 0), formatPercent(0, 0)],
        inRange: { color: ['#fff1f0', '#ffd666', '#389e0d'] },
      },
      series: [
        {
          type: 'heatmap',
          data: grid.cells,
          label: {
            show: true,
            fontSize: 10,
            formatter: (params) => formatPercent(((params.value as number[]) ?? [])[2] ?? 0, 0),
          },
          itemStyle: { borderColor: '#fff', borderWidth: 1 },
        },
      ],
    };
  }, [grid, unit, t]);

  return (
    <EChart
      option={option}
      height={380}
      label={t('analytics.clv.aliveLabel')}
      testId="clv-alive"
      onPlotClick={([x, y]) => {
        const recency = grid.recencyBins[Math.round(x)];
        const frequency = frequencyBins[Math.round(y)];
        if (recency && frequency) onPick({ kind: 'cell', recency, frequency });
      }}
    />
  );
}

/** Cumulative repeat purchases after the calibration end, actual against predicted (FHL 2005, figure 2). */
export function HoldoutChart({
  byPeriod,
  unit,
}: {
  byPeriod: { period: number; actual: number; predicted: number }[];
  unit: 'week' | 'day';
}) {
  const { t } = useTranslation();
  const option = useMemo((): ChartOption => {
    const cumulative = cumulativeHoldout(byPeriod);
    return {
      grid: { left: 8, right: 24, top: 40, bottom: 8 },
      legend: { top: 0 },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (value) => formatDecimal(Number(value), 1),
      },
      xAxis: {
        type: 'category',
        data: cumulative.map((row) => String(row.period)),
        name: t('analytics.clv.holdoutPeriodAxis', { unit: t(`analytics.clv.units.${unit}`) }),
        nameLocation: 'middle',
        nameGap: 28,
        boundaryGap: false,
      },
      yAxis: { type: 'value', axisLabel: { formatter: (value: number) => formatNumber(value) } },
      series: [
        {
          type: 'line',
          name: t('analytics.clv.actual'),
          data: cumulative.map((row) => row.actual),
          showSymbol: false,
          lineStyle: { width: 3, color: '#1677ff' },
          itemStyle: { color: '#1677ff' },
        },
        {
          type: 'line',
          name: t('analytics.clv.predicted'),
          data: cumulative.map((row) => row.predicted),
          showSymbol: false,
          lineStyle: { width: 2, type: 'dashed', color: '#fa541c' },
          itemStyle: { color: '#fa541c' },
        },
      ],
    };
  }, [byPeriod, unit, t]);
  return <EChart option={option} height={340} label={t('analytics.clv.holdoutLabel')} testId="clv-holdout" />;
}
