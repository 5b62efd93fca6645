import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AbcClass, AbcResult } from '#src/modules/analytics/abc.schema.ts';
import { EChart } from '../charts/EChart.tsx';
import type { ChartOption, ChartParams } from '../charts/echarts.ts';
import { abcColors } from '../hooks/chartData.ts';
import { formatPercent } from '../hooks/format.ts';

/** Where each class ends on the customer-share axis: A's customers, then A's and B's, then everyone. */
export function classBounds(result: AbcResult): Record<AbcClass, [number, number]> {
  const total = result.totals.customers || 1;
  const count = (abcClass: AbcClass) => result.classes.find((row) => row.class === abcClass)?.customers ?? 0;
  const a = count('A') / total;
  const b = a + count('B') / total;
  return { A: [0, a], B: [a, b], C: [b, 1] };
}

/**
 * The Pareto curve: cumulative share of revenue (or margin) against the share of customers ranked by it, with the
 * cut-offs as horizontal lines and the classes as bands; clicking a band or the curve opens that class.
 */
export function ParetoChart({ result, onOpen }: { result: AbcResult; onOpen: (abcClass: AbcClass) => void }) {
  const { t } = useTranslation();
  const bounds = useMemo(() => classBounds(result), [result]);
  const shareAxis =
    result.by === 'margin' ? t('analytics.abc.marginShareAxis') : t('analytics.abc.revenueShareAxis');

  const option = useMemo((): ChartOption => {
    const percent = (value: number) => formatPercent(value, 0);
    return {
      grid: { left: 16, right: 32, top: 24, bottom: 16 },
      tooltip: {
        trigger: 'axis',
        formatter: (params) => {
          const point = (Array.isArray(params) ? params[0] : params) as ChartParams | undefined;
          const [x, y] = (point?.value as [number, number] | undefined) ?? [0, 0];
          return t('analytics.abc.curvePoint', { customers: formatPercent(x), revenue: formatPercent(y) });
        },
      },
      xAxis: {
        type: 'value',
        min: 0,
        max: 1,
        name: t('analytics.abc.customerShareAxis'),
        nameLocation: 'middle',
        nameGap: 28,
        axisLabel: { formatter: percent },
      },
      yAxis: {
        type: 'value',
        min: 0,
        max: 1,
        name: shareAxis,
        nameLocation: 'middle',
        nameGap: 44,
        axisLabel: { formatter: percent },
      },
      series: [
        {
          type: 'line',
          name: shareAxis,
          data: result.paretoCurve.map((point) => [point.customerShare, point.revenueShare]),
          showSymbol: false,
          smooth: false,
          lineStyle: { width: 3, color: '#0958d9' },
          areaStyle: { color: 'rgba(9, 88, 217, 0.08)' },
          markArea: {
            silent: true,
            label: {
              show: true,
              position: 'insideBottom',
              fontWeight: 'bold',
              fontSize: 16,
              color: '#262626',
            },
            data: (['A', 'B', 'C'] as const).map((abcClass) => [
              {
                name: abcClass,
                xAxis: bounds[abcClass][0],
                itemStyle: { color: abcColors[abcClass], opacity: 0.12 },
              },
              { xAxis: bounds[abcClass][1] },
            ]),
          },
          markLine: {
            symbol: 'none',
            silent: true,
            lineStyle: { type: 'dashed', color: '#595959' },
            label: {
              // Left, where the curve is still below the line: the label never sits on the curve.
              position: 'insideStartTop',
              formatter: (params) => t('analytics.abc.cutoff', { share: percent(Number(params.value)) }),
            },
            data: result.cutoffs.map((cutoff) => ({ yAxis: cutoff })),
          },
        },
        {
          type: 'line',
          silent: true,
          data: [
            [0, 0],
            [1, 1],
          ],
          showSymbol: false,
          lineStyle: { type: 'dotted', color: '#bfbfbf', width: 1 },
          tooltip: { show: false },
        },
      ],
    };
  }, [result, bounds, shareAxis, t]);

  return (
    <EChart
      option={option}
      height={400}
      label={t('analytics.abc.paretoLabel')}
      testId="pareto-chart"
      onPlotClick={([customerShare]) =>
        onOpen(customerShare <= bounds.A[1] ? 'A' : customerShare <= bounds.B[1] ? 'B' : 'C')
      }
    />
  );
}
