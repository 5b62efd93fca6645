import { Button, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Cohort, CohortsResult } from '#src/modules/analytics/cohorts.schema.ts';
import { toCsv } from '../hooks/csv.ts';
import type { CsvColumn } from '../hooks/csv.ts';
import { formatMoney, formatMonth, formatNumber, formatPercent } from '../hooks/format.ts';
import { CsvButton } from './CsvButton.tsx';

/** Months after the first whose retention the table shows (the CSV has every month). */
const shownMonths = [1, 2, 3, 6, 12] as const;

const totalRevenue = (cohort: Cohort) => cohort.revenue.reduce((sum, value) => sum + value, 0);

/**
 * One row per cohort: its size, retention after 1, 2, 3, 6 and 12 months, and revenue; a cohort opens the customers
 * of month 0, a retention those of its month.
 */
export function CohortTable({
  result,
  onPick,
}: {
  result: CohortsResult;
  onPick: (cohort: Cohort, month: number) => void;
}) {
  const { t } = useTranslation();
  const { currency, cohorts } = result;
  const months = Math.max(0, ...cohorts.map((cohort) => cohort.retention.length));

  const columns: TableColumnsType<Cohort> = [
    {
      title: t('analytics.cohorts.fields.cohort'),
      dataIndex: 'cohort',
      fixed: 'left',
      width: 120,
      render: (value: string, cohort) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onPick(cohort, 0)}>
          {formatMonth(value)}
        </Button>
      ),
    },
    {
      title: t('analytics.cohorts.fields.customers'),
      dataIndex: 'customers',
      align: 'right',
      width: 100,
      render: (value: number) => <span data-testid="cohort-customers">{formatNumber(value)}</span>,
    },
    ...shownMonths.map((k): TableColumnsType<Cohort>[number] => ({
      title: t('analytics.cohorts.fields.retentionAt', { n: k }),
      key: `m${k}`,
      align: 'right',
      width: 90,
      render: (_, cohort) => {
        const value = cohort.retention[k];
        return value === undefined ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onPick(cohort, k)}>
            {formatPercent(value)}
          </Button>
        );
      },
    })),
    {
      title: t('analytics.cohorts.fields.totalRevenue'),
      key: 'revenue',
      align: 'right',
      width: 140,
      render: (_, cohort) => formatMoney(totalRevenue(cohort), currency),
    },
    {
      title: t('analytics.cohorts.fields.revenuePerCustomer'),
      key: 'perCustomer',
      align: 'right',
      width: 140,
      render: (_, cohort) =>
        formatMoney(cohort.customers ? totalRevenue(cohort) / cohort.customers : 0, currency),
    },
  ];

  const csvColumns: CsvColumn<Cohort>[] = [
    { header: t('analytics.cohorts.fields.cohort'), value: (cohort) => cohort.cohort },
    { header: t('analytics.cohorts.fields.customers'), value: (cohort) => cohort.customers },
    { header: `${t('analytics.cohorts.fields.totalRevenue')} (${currency})`, value: totalRevenue },
    ...Array.from({ length: months }, (_, k): CsvColumn<Cohort> => ({
      header: `${t('analytics.cohorts.retention')} ${k}`,
      value: (cohort) => cohort.retention[k],
    })),
    ...Array.from({ length: months }, (_, k): CsvColumn<Cohort> => ({
      header: `${t('analytics.cohorts.revenue')} ${k} (${currency})`,
      value: (cohort) => cohort.revenue[k],
    })),
  ];

  return (
    <>
      <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 8 }}>
        <CsvButton
          fileName={`cohorts-${result.asOf}.csv`}
          build={() => ({ text: toCsv(csvColumns, cohorts), rows: cohorts.length })}
          testId="cohorts-csv"
        />
      </div>
      <Table<Cohort>
        size="small"
        rowKey="cohort"
        columns={columns}
        dataSource={cohorts}
        pagination={cohorts.length > 24 ? { pageSize: 24, showSizeChanger: false } : false}
        scroll={{ x: 900 }}
        data-testid="cohort-table"
      />
    </>
  );
}
