import { Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Cohort, CohortCustomer, CohortsResult } from '#src/modules/analytics/cohorts.schema.ts';
import type { CohortOptions } from '../api/analytics.ts';
import { activeCustomers } from '../hooks/chartData.ts';
import type { CsvColumn } from '../hooks/csv.ts';
import {
  addMonths,
  formatDay,
  formatMoney,
  formatMonth,
  formatNumber,
  formatPercent,
} from '../hooks/format.ts';
import { useCohortCustomers } from '../hooks/useAnalytics.ts';
import { CustomersDrawer } from './CustomersDrawer.tsx';

export interface CohortCell {
  cohort: Cohort;
  /** Months since the cohort's first (0: the first-purchase month). */
  month: number;
}

/**
 * The customers of one cohort cell: those of the cohort who bought in that month, by their revenue in it, with
 * what the cell stands for in words above the list.
 */
export function CohortCustomers({
  options,
  result,
  picked,
  onClose,
}: {
  options: CohortOptions;
  result: CohortsResult;
  picked: CohortCell | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const cell = picked && { cohort: picked.cohort.cohort, month: picked.month };
  const list = useCohortCustomers(options, cell);
  const { currency } = result;

  const columns: TableColumnsType<CohortCustomer> = [
    {
      title: t('analytics.cohorts.fields.firstPurchase'),
      dataIndex: 'firstPurchaseDay',
      width: 130,
      render: (value: string) => formatDay(value),
    },
    {
      title: t('analytics.cohorts.fields.purchases'),
      dataIndex: 'purchases',
      align: 'right',
      width: 100,
      render: (value: number) => formatNumber(value),
    },
    {
      title: t('analytics.cohorts.fields.monthRevenue'),
      dataIndex: 'revenue',
      align: 'right',
      width: 150,
      render: (value: number) => formatMoney(value, currency),
    },
  ];

  const csvColumns: CsvColumn<CohortCustomer>[] = [
    { header: t('analytics.cohorts.fields.firstPurchase'), value: (row) => row.firstPurchaseDay },
    { header: t('analytics.cohorts.fields.purchases'), value: (row) => row.purchases },
    { header: `${t('analytics.cohorts.fields.monthRevenue')} (${currency})`, value: (row) => row.revenue },
  ];

  const total = picked ? activeCustomers(picked.cohort, picked.month) : undefined;
  return (
    <CustomersDrawer<CohortCustomer>
      open={picked !== null}
      title={
        picked
          ? t('analytics.cohorts.cellCustomers', {
              cohort: formatMonth(picked.cohort.cohort),
              n: picked.month,
              number: formatNumber(total ?? 0),
            })
          : ''
      }
      intro={picked && <CellExplanation cell={picked} currency={currency} />}
      total={total}
      list={list}
      columns={columns}
      csv={
        cell && {
          fileName: `cohort-${cell.cohort}-month-${cell.month}-${result.asOf}.csv`,
          columns: csvColumns,
        }
      }
      onClose={onClose}
    />
  );
}

/** What one cell of the cohorts stands for, in words and numbers. */
function CellExplanation({ cell, currency }: { cell: CohortCell; currency: string }) {
  const { t } = useTranslation();
  const { cohort, month } = cell;
  return (
    <>
      <Typography.Paragraph style={{ marginBottom: 4 }}>
        {t('analytics.cohorts.cellCohort', {
          customers: formatNumber(cohort.customers),
          month: formatMonth(cohort.cohort),
        })}
      </Typography.Paragraph>
      <Typography.Paragraph data-testid="cohort-cell-text">
        {month === 0
          ? t('analytics.cohorts.cellFirst', { revenue: formatMoney(cohort.revenue[0] ?? 0, currency) })
          : t('analytics.cohorts.cellLater', {
              month: formatMonth(addMonths(cohort.cohort, month)),
              n: month,
              active: formatNumber(activeCustomers(cohort, month)),
              share: formatPercent(cohort.retention[month] ?? 0),
              revenue: formatMoney(cohort.revenue[month] ?? 0, currency),
            })}
      </Typography.Paragraph>
    </>
  );
}
