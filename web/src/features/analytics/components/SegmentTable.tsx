import { Button, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RfmResult } from '#src/modules/analytics/rfm.schema.ts';
import type { RfmSegment } from '#src/modules/analytics/rfm.segments.ts';
import { segmentColors } from '../hooks/chartData.ts';
import { toCsv } from '../hooks/csv.ts';
import type { CsvColumn } from '../hooks/csv.ts';
import { formatDay, formatMoney, formatNumber, formatPercent } from '../hooks/format.ts';
import { CsvButton } from './CsvButton.tsx';
import { CustomerListLink } from './CustomerListLink.tsx';

type SegmentRow = RfmResult['segments'][number];

const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
const average = (row: SegmentRow) => (row.customers === 0 ? 0 : row.revenue / row.customers);

export function SegmentDot({ segment }: { segment: RfmSegment }) {
  return (
    <span
      style={{
        display: 'inline-block',
        width: 10,
        height: 10,
        borderRadius: 2,
        background: segmentColors[segment],
        marginInlineEnd: 8,
        verticalAlign: 'baseline',
      }}
    />
  );
}

/**
 * The eleven segments with their customers and revenue; a segment's name opens its customers, and once scores are
 * stored on customers (`scoresDay`, the day they are as of) an icon beside it opens the customer list of that segment.
 */
export function SegmentTable({
  result,
  scoresDay,
  onOpen,
}: {
  result: RfmResult;
  scoresDay: string | undefined;
  onOpen: (segment: RfmSegment) => void;
}) {
  const { t } = useTranslation();
  const { totals, currency } = result;
  const name = (segment: RfmSegment) => t(`analytics.rfm.segments.${segment}`);

  const columns: TableColumnsType<SegmentRow> = [
    {
      title: t('analytics.rfm.fields.segment'),
      dataIndex: 'segment',
      render: (segment: RfmSegment, row) => (
        <>
          <Button
            type="link"
            size="small"
            style={{ padding: 0 }}
            disabled={row.customers === 0}
            onClick={() => onOpen(segment)}
            data-testid={`segment-open-${segment}`}
          >
            <SegmentDot segment={segment} />
            {name(segment)}
          </Button>
          {scoresDay && (
            <CustomerListLink
              filter={{ rfmSegment: segment }}
              label={t('analytics.scores.openList')}
              tooltip={t('analytics.scores.segmentList', {
                segment: name(segment),
                day: formatDay(scoresDay),
              })}
              testId={`segment-list-${segment}`}
            />
          )}
        </>
      ),
    },
    {
      title: t('analytics.common.customers'),
      dataIndex: 'customers',
      align: 'right',
      render: (value: number) => <span data-testid="segment-customers">{formatNumber(value)}</span>,
    },
    {
      title: t('analytics.common.customerShare'),
      key: 'customerShare',
      align: 'right',
      render: (_, row) => formatPercent(share(row.customers, totals.customers)),
    },
    {
      title: t('analytics.common.revenue'),
      dataIndex: 'revenue',
      align: 'right',
      render: (value: number) => <span data-testid="segment-revenue">{formatMoney(value, currency)}</span>,
    },
    {
      title: t('analytics.common.revenueShare'),
      key: 'revenueShare',
      align: 'right',
      render: (_, row) => formatPercent(share(row.revenue, totals.revenue)),
    },
    {
      title: t('analytics.common.averageRevenue'),
      key: 'average',
      align: 'right',
      render: (_, row) => formatMoney(average(row), currency),
    },
  ];

  const csvColumns: CsvColumn<SegmentRow>[] = [
    { header: 'segment', value: (row) => row.segment },
    { header: t('analytics.rfm.fields.segment'), value: (row) => name(row.segment) },
    { header: t('analytics.common.customers'), value: (row) => row.customers },
    { header: t('analytics.common.customerShare'), value: (row) => share(row.customers, totals.customers) },
    { header: `${t('analytics.common.revenue')} (${currency})`, value: (row) => row.revenue },
    { header: t('analytics.common.revenueShare'), value: (row) => share(row.revenue, totals.revenue) },
    { header: `${t('analytics.common.averageRevenue')} (${currency})`, value: (row) => average(row) },
  ];

  return (
    <>
      <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 8 }}>
        <CsvButton
          fileName={`rfm-segments-${result.asOf}.csv`}
          build={() => ({ text: toCsv(csvColumns, result.segments), rows: result.segments.length })}
          testId="segments-csv"
        />
      </div>
      <Table<SegmentRow>
        size="small"
        rowKey="segment"
        columns={columns}
        dataSource={result.segments}
        pagination={false}
        scroll={{ x: 640 }}
        data-testid="segment-table"
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>
              <b>{t('analytics.common.total')}</b>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              <b data-testid="segments-total-customers">{formatNumber(totals.customers)}</b>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              {formatPercent(totals.customers > 0 ? 1 : 0)}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right">
              <b>{formatMoney(totals.revenue, currency)}</b>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={4} align="right">
              {formatPercent(totals.revenue !== 0 ? 1 : 0)}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={5} align="right">
              {formatMoney(totals.customers === 0 ? 0 : totals.revenue / totals.customers, currency)}
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
    </>
  );
}
