import { FunnelChart } from 'echarts/charts';
import type { FunnelSeriesOption } from 'echarts/charts';
import type { TooltipComponentOption } from 'echarts/components';
import { use as registerParts, type ComposeOption } from 'echarts/core';
import type { TFunction } from 'i18next';
import type { Forecast } from '#src/modules/sales/forecast.schema.ts';
import type { Funnel } from '#src/modules/sales/funnel.schema.ts';
import type { ChartOption } from '../../analytics/charts/echarts.ts';
import { periodLabel } from '../hooks/periods.ts';
import { formatCompactMoney, formatMoney, formatPercent } from '../../analytics/hooks/format.ts';

// The funnel series is only needed here: registering it in this chunk keeps it out of the analytics pages.
registerParts([FunnelChart]);

/** Bars per period (won, commit, best case, pipeline) and the target as a line. */
export function forecastChart(forecast: Forecast, t: TFunction): ChartOption {
  const periods = forecast.totals.map((total) => periodLabel(total.periodStart, forecast.period));
  const series = (key: 'won' | 'commit' | 'bestCase' | 'pipeline', color: string) => ({
    type: 'bar' as const,
    name: t(`forecast.${key}`),
    data: forecast.totals.map((total) => total[key]),
    itemStyle: { color },
  });
  return {
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value) => formatMoney(Number(value), forecast.currency),
    },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: periods },
    yAxis: {
      type: 'value',
      axisLabel: { formatter: (value: number) => formatCompactMoney(value, forecast.currency) },
    },
    series: [
      series('won', '#52c41a'),
      series('commit', '#1677ff'),
      series('bestCase', '#69b1ff'),
      series('pipeline', '#bae0ff'),
      {
        type: 'line',
        name: t('forecast.target'),
        data: forecast.totals.map((total) => total.target),
        itemStyle: { color: '#fa541c' },
        lineStyle: { type: 'dashed' },
        connectNulls: true,
      },
    ],
  };
}

type FunnelOption = ComposeOption<FunnelSeriesOption | TooltipComponentOption>;

/** The stages as a funnel, each labelled with its count and its conversion to the next stage. */
export function funnelChart(
  funnel: Funnel,
  stageName: (stage: Funnel['stages'][number]) => string,
): ChartOption {
  const option: FunnelOption = {
    tooltip: { trigger: 'item' },
    series: [
      {
        type: 'funnel',
        sort: 'none',
        left: '10%',
        width: '80%',
        top: 8,
        bottom: 8,
        min: 0,
        max: Math.max(1, ...funnel.stages.map((stage) => stage.reached)),
        minSize: '8%',
        label: { show: true, position: 'inside', color: '#fff' },
        data: funnel.stages.map((stage) => ({
          name: `${stageName(stage)}  ${stage.reached}${stage.conversion === null ? '' : ` → ${formatPercent(stage.conversion)}`}`,
          value: stage.reached,
        })),
      },
    ],
  };
  // The shared chart component types its option with the dashboards' series; the funnel registered above is one
  // more series type that its ECharts instance draws the same way.
  return option as unknown as ChartOption;
}
