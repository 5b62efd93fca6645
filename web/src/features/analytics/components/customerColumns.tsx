import { Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { CellText } from '../../../components/CellText.tsx';
import type { CsvColumn } from '../hooks/csv.ts';

/** What the analyses' customer lists know of a customer (a `ref` of null: the record is no longer there). */
export interface CustomerRow {
  customerId: string;
  name?: string | null;
  ref?: string | null;
}

const ellipsis = { showTitle: false } as const;

/**
 * Name and number columns shared by the analyses' customer lists: the name opens the customer's page. A `ref` of
 * null means the customer's record is no longer there (a snapshot remembers customers without one): no link then.
 */
export function customerColumns<T extends CustomerRow>(
  t: (key: 'analytics.common.customer' | 'analytics.common.ref' | 'analytics.common.noRecord') => string,
): TableColumnsType<T> {
  return [
    {
      title: t('analytics.common.customer'),
      dataIndex: 'name',
      width: 220,
      fixed: 'left',
      ellipsis,
      render: (_, row) =>
        row.ref === null ? (
          <CellText value={row.customerId}>
            <Typography.Text type="secondary" data-testid="analytics-customer-gone">
              {t('analytics.common.noRecord')}
            </Typography.Text>
          </CellText>
        ) : (
          <CellText value={row.name ?? row.ref ?? row.customerId}>
            <Link to={`/customers/${row.customerId}`} data-testid="analytics-customer-link">
              {row.name ?? row.ref ?? row.customerId}
            </Link>
          </CellText>
        ),
    },
    {
      title: t('analytics.common.ref'),
      dataIndex: 'ref',
      width: 150,
      ellipsis,
      render: (ref: string | null | undefined) => <CellText value={ref} code />,
    },
  ];
}

/** The first columns of the analyses' customer CSVs: the customer's id (to join on), number and name. */
export function customerCsvColumns<T extends CustomerRow>(
  t: (key: 'analytics.common.customer' | 'analytics.common.ref') => string,
): CsvColumn<T>[] {
  return [
    { header: 'customer_id', value: (row) => row.customerId },
    { header: t('analytics.common.ref'), value: (row) => row.ref },
    { header: t('analytics.common.customer'), value: (row) => row.name },
  ];
}
