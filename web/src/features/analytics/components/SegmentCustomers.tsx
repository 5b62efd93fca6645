import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RfmItem, RfmResult } from '#src/modules/analytics/rfm.schema.ts';
import type { RfmSegment } from '#src/modules/analytics/rfm.segments.ts';
import type { RfmOptions } from '../api/analytics.ts';
import type { CsvColumn } from '../hooks/csv.ts';
import { formatMoney, formatNumber } from '../hooks/format.ts';
import { useRfmCustomers } from '../hooks/useAnalytics.ts';
import { CustomersDrawer } from './CustomersDrawer.tsx';
import { SegmentDot } from './SegmentTable.tsx';

/** The customers of one RFM segment (the analysis' items filtered by segment), by revenue. */
export function SegmentCustomers({
  options,
  result,
  segment,
  onClose,
}: {
  options: RfmOptions;
  result: RfmResult;
  segment: RfmSegment | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const list = useRfmCustomers(options, segment, segment !== undefined);
  const currency = result.currency;
  const name = segment ? t(`analytics.rfm.segments.${segment}`) : '';

  const columns: TableColumnsType<RfmItem> = [
    {
      title: t('analytics.rfm.fields.recencyDays'),
      dataIndex: 'recencyDays',
      align: 'right',
      width: 120,
      render: (value: number) => formatNumber(value),
    },
    {
      title: t('analytics.rfm.fields.frequency'),
      dataIndex: 'frequency',
      align: 'right',
      width: 100,
      render: (value: number) => formatNumber(value),
    },
    {
      title: t('analytics.rfm.fields.monetary'),
      dataIndex: 'monetary',
      align: 'right',
      width: 140,
      render: (value: number) => formatMoney(value, currency),
    },
    {
      title: t('analytics.rfm.fields.scores'),
      key: 'scores',
      align: 'center',
      width: 100,
      render: (_, row) => `${row.r} · ${row.f} · ${row.m}`,
    },
  ];

  const csvColumns: CsvColumn<RfmItem>[] = [
    { header: t('analytics.rfm.fields.recencyDays'), value: (row) => row.recencyDays },
    { header: t('analytics.rfm.fields.frequency'), value: (row) => row.frequency },
    { header: `${t('analytics.rfm.fields.monetary')} (${currency})`, value: (row) => row.monetary },
    { header: t('analytics.rfm.fields.r'), value: (row) => row.r },
    { header: t('analytics.rfm.fields.f'), value: (row) => row.f },
    { header: t('analytics.rfm.fields.m'), value: (row) => row.m },
    { header: t('analytics.rfm.fields.segment'), value: (row) => t(`analytics.rfm.segments.${row.segment}`) },
  ];

  return (
    <CustomersDrawer<RfmItem>
      open={segment !== undefined}
      title={
        segment ? (
          <span>
            <SegmentDot segment={segment} />
            {t('analytics.rfm.segmentCustomers', { segment: name })}
          </span>
        ) : (
          ''
        )
      }
      total={result.segments.find((row) => row.segment === segment)?.customers}
      list={list}
      columns={columns}
      csv={segment && { fileName: `rfm-${segment}-${result.asOf}.csv`, columns: csvColumns }}
      onClose={onClose}
    />
  );
}
