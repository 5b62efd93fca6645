import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RfmResult } from '#src/modules/analytics/rfm.schema.ts';
import type { RfmSegment } from '#src/modules/analytics/rfm.segments.ts';
import { EChart } from '../charts/EChart.tsx';
import { dataId, escapeHtml } from '../charts/echarts.ts';
import type { ChartOption } from '../charts/echarts.ts';
import { segmentColors } from '../hooks/chartData.ts';
import { formatMoney, formatNumber, formatPercent } from '../hooks/format.ts';
import { ChartSwitch } from './ChartSwitch.tsx';

type SizeBy = 'customers' | 'revenue';

/** The segments as a treemap, each box sized by its customers or its revenue; a click opens its customers. */
export function SegmentMap({ result, onOpen }: { result: RfmResult; onOpen: (segment: RfmSegment) => void }) {
  const { t } = useTranslation();
  const [sizeBy, setSizeBy] = useState<SizeBy>('customers');
  const { segments, totals, currency } = result;

  const option = useMemo((): ChartOption => {
    const name = (segment: RfmSegment) => t(`analytics.rfm.segments.${segment}`);
    const shown = segments.filter((row) => (sizeBy === 'customers' ? row.customers : row.revenue) > 0);
    return {
      tooltip: {
        formatter: (params) => {
          const row = segments.find((s) => s.segment === dataId(params));
          if (!row) return '';
          return [
            `<b>${escapeHtml(name(row.segment))}</b>`,
            `${t('analytics.common.customers')}: ${formatNumber(row.customers)} (${formatPercent(row.customers / (totals.customers || 1))})`,
            `${t('analytics.common.revenue')}: ${formatMoney(row.revenue, currency)} (${formatPercent(row.revenue / (totals.revenue || 1))})`,
          ].join('<br/>');
        },
      },
      series: [
        {
          type: 'treemap',
          roam: false,
          nodeClick: false,
          breadcrumb: { show: false },
          left: 0,
          right: 0,
          top: 0,
          bottom: 0,
          itemStyle: { borderColor: '#fff', borderWidth: 2, gapWidth: 2 },
          label: {
            show: true,
            overflow: 'truncate',
            formatter: (params) => {
              const row = segments.find((s) => s.segment === dataId(params));
              if (!row) return '';
              return `{name|${name(row.segment)}}\n${formatNumber(row.customers)} · ${formatMoney(row.revenue, currency)}`;
            },
            rich: { name: { fontWeight: 'bold', fontSize: 14, lineHeight: 20 } },
          },
          data: shown.map((row) => ({
            id: row.segment,
            name: name(row.segment),
            value: sizeBy === 'customers' ? row.customers : row.revenue,
            itemStyle: { color: segmentColors[row.segment] },
          })),
        },
      ],
    };
    // t changes with the interface language, and so do the number formats: a switch redraws the labels.
  }, [segments, totals, currency, sizeBy, t]);

  return (
    <div>
      <ChartSwitch<SizeBy>
        label={t('analytics.rfm.mapSize')}
        value={sizeBy}
        onChange={setSizeBy}
        options={[
          { value: 'customers', label: t('analytics.common.customers') },
          { value: 'revenue', label: t('analytics.common.revenue') },
        ]}
        testId="segment-map-size"
      />
      <EChart
        option={option}
        height={380}
        label={t('analytics.rfm.chartLabel')}
        testId="segment-map"
        onClick={(event) => {
          const row = segments.find((s) => s.segment === dataId(event));
          if (row) onOpen(row.segment);
        }}
      />
    </div>
  );
}
