import { Button, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AbcClass, AbcResult } from '#src/modules/analytics/abc.schema.ts';
import { abcColors } from '../hooks/chartData.ts';
import { toCsv } from '../hooks/csv.ts';
import type { CsvColumn } from '../hooks/csv.ts';
import { formatDay, formatMoney, formatNumber, formatPercent } from '../hooks/format.ts';
import { CsvButton } from './CsvButton.tsx';
import { CustomerListLink } from './CustomerListLink.tsx';

type ClassRow = AbcResult['classes'][number] & { cumulativeShare: number; customerShare: number };

export function ClassTag({ abcClass }: { abcClass: AbcClass }) {
  return (
    <Tag color={abcColors[abcClass]} style={{ fontWeight: 600, marginInlineEnd: 0 }}>
      {abcClass}
    </Tag>
  );
}

/**
 * The three classes with their customers and revenue (or margin); a class opens its customers, and once scores are
 * stored on customers (`scoresDay`, the day they are as of) an icon beside it opens the customer list of that class.
 */
export function ClassTable({
  result,
  scoresDay,
  onOpen,
}: {
  result: AbcResult;
  scoresDay: string | undefined;
  onOpen: (abcClass: AbcClass) => void;
}) {
  const { t } = useTranslation();
  const { currency } = result;
  const amount =
    result.by === 'margin' ? t('analytics.abc.fields.margin') : t('analytics.abc.fields.revenue');
  let cumulative = 0;
  const rows: ClassRow[] = result.classes.map((row) => {
    cumulative += row.revenueShare;
    return {
      ...row,
      cumulativeShare: cumulative,
      customerShare: result.totals.customers === 0 ? 0 : row.customers / result.totals.customers,
    };
  });

  const columns: TableColumnsType<ClassRow> = [
    {
      title: t('analytics.abc.fields.class'),
      dataIndex: 'class',
      render: (abcClass: AbcClass, row) => (
        <>
          <Button
            type="link"
            size="small"
            style={{ padding: 0 }}
            disabled={row.customers === 0}
            onClick={() => onOpen(abcClass)}
            data-testid={`class-open-${abcClass}`}
          >
            <ClassTag abcClass={abcClass} />
          </Button>
          {scoresDay && (
            <CustomerListLink
              filter={{ valueClass: abcClass }}
              label={t('analytics.scores.openList')}
              tooltip={t('analytics.scores.classList', { class: abcClass, day: formatDay(scoresDay) })}
              testId={`class-list-${abcClass}`}
            />
          )}
        </>
      ),
    },
    {
      title: t('analytics.common.customers'),
      dataIndex: 'customers',
      align: 'right',
      render: (value: number) => <span data-testid="class-customers">{formatNumber(value)}</span>,
    },
    {
      title: t('analytics.common.customerShare'),
      dataIndex: 'customerShare',
      align: 'right',
      render: (value: number) => formatPercent(value),
    },
    {
      title: amount,
      dataIndex: 'revenue',
      align: 'right',
      render: (value: number) => <span data-testid="class-revenue">{formatMoney(value, currency)}</span>,
    },
    {
      title: t('analytics.abc.fields.revenueShare'),
      dataIndex: 'revenueShare',
      align: 'right',
      render: (value: number) => formatPercent(value),
    },
    {
      title: t('analytics.abc.fields.cumulativeShare'),
      dataIndex: 'cumulativeShare',
      align: 'right',
      render: (value: number) => formatPercent(value),
    },
  ];

  const csvColumns: CsvColumn<ClassRow>[] = [
    { header: t('analytics.abc.fields.class'), value: (row) => row.class },
    { header: t('analytics.common.customers'), value: (row) => row.customers },
    { header: t('analytics.common.customerShare'), value: (row) => row.customerShare },
    { header: `${amount} (${currency})`, value: (row) => row.revenue },
    { header: t('analytics.abc.fields.revenueShare'), value: (row) => row.revenueShare },
    { header: t('analytics.abc.fields.cumulativeShare'), value: (row) => row.cumulativeShare },
  ];

  return (
    <>
      <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 8 }}>
        <CsvButton
          fileName={`abc-classes-${result.to}.csv`}
          build={() => ({ text: toCsv(csvColumns, rows), rows: rows.length })}
          testId="classes-csv"
        />
      </div>
      <Table<ClassRow>
        size="small"
        rowKey="class"
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 600 }}
        data-testid="class-table"
      />
    </>
  );
}
