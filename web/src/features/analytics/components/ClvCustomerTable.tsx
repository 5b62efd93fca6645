import { Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQueries } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getCustomer } from '../../customers/api/customers.ts';
import { customerKey } from '../../customers/hooks/useCustomers.ts';
import type { ClvRow } from '../api/analytics.ts';
import { inBin } from '../hooks/chartData.ts';
import { toCsv } from '../hooks/csv.ts';
import type { CsvColumn } from '../hooks/csv.ts';
import { formatCompactMoney, formatDecimal, formatMoney, formatPercent } from '../hooks/format.ts';
import { binLabel } from './ClvCharts.tsx';
import type { ClvFilter } from './ClvCharts.tsx';
import { CsvButton } from './CsvButton.tsx';
import { customerColumns, customerCsvColumns } from './customerColumns.tsx';

const pageSize = 20;

const matches = (filter: ClvFilter | null) => (row: ClvRow) => {
  if (!filter) return true;
  if (filter.kind === 'value') return inBin(filter.bin, row.expectedValue);
  return inBin(filter.recency, row.recency) && inBin(filter.frequency, row.frequency);
};

/**
 * Every customer's forecast, by expected value (highest first), a page at a time; a chart's click narrows it to
 * a value range or a recency × frequency cell. Names come with the items when the server sends them, else from
 * each shown customer's record.
 */
export function ClvCustomerTable({
  rows,
  currency,
  calibrationEnd,
  filter,
  onClearFilter,
}: {
  rows: ClvRow[];
  currency: string;
  calibrationEnd: string;
  filter: ClvFilter | null;
  onClearFilter: () => void;
}) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [shownFilter, setShownFilter] = useState(filter);
  if (shownFilter !== filter) {
    setShownFilter(filter);
    setPage(1);
  }
  const sorted = useMemo(
    () => rows.filter(matches(filter)).sort((a, b) => b.expectedValue - a.expectedValue),
    [rows, filter],
  );
  const visible = sorted.slice((page - 1) * pageSize, page * pageSize);
  const lookups = useQueries({
    queries: visible
      .filter((row) => row.name === undefined)
      .map((row) => ({
        queryKey: customerKey(row.customerId),
        queryFn: ({ signal }: { signal: AbortSignal }) => getCustomer(row.customerId, signal),
        staleTime: 5 * 60_000,
      })),
  });
  const names = new Map(
    lookups.flatMap((lookup) => (lookup.data ? [[lookup.data.id, lookup.data] as const] : [])),
  );
  const shown = visible.map((row) =>
    row.name === undefined && names.has(row.customerId)
      ? { ...row, name: names.get(row.customerId)!.name, ref: names.get(row.customerId)!.ref ?? undefined }
      : row,
  );

  const columns: TableColumnsType<ClvRow> = [
    ...customerColumns<ClvRow>(t),
    {
      title: t('analytics.clv.fields.expectedValue'),
      dataIndex: 'expectedValue',
      align: 'right',
      width: 140,
      render: (value: number) => <span data-testid="clv-value">{formatMoney(value, currency)}</span>,
    },
    {
      title: t('analytics.clv.fields.pAlive'),
      dataIndex: 'pAlive',
      align: 'right',
      width: 110,
      render: (value: number) => formatPercent(value),
    },
    {
      title: t('analytics.clv.fields.expectedPurchases'),
      dataIndex: 'expectedPurchases',
      align: 'right',
      width: 120,
      render: (value: number) => formatDecimal(value, 2),
    },
    {
      title: t('analytics.clv.fields.expectedSpend'),
      dataIndex: 'expectedSpend',
      align: 'right',
      width: 130,
      render: (value: number) => formatMoney(value, currency),
    },
    {
      title: t('analytics.clv.fields.frequency'),
      dataIndex: 'frequency',
      align: 'right',
      width: 100,
    },
    {
      title: t('analytics.clv.fields.recency'),
      dataIndex: 'recency',
      align: 'right',
      width: 90,
      render: (value: number) => formatDecimal(value, 1),
    },
    {
      title: t('analytics.clv.fields.T'),
      dataIndex: 'T',
      align: 'right',
      width: 90,
      render: (value: number) => formatDecimal(value, 1),
    },
  ];

  const csvColumns: CsvColumn<ClvRow>[] = [
    ...customerCsvColumns<ClvRow>(t),
    { header: t('analytics.clv.fields.frequency'), value: (row) => row.frequency },
    { header: t('analytics.clv.fields.recency'), value: (row) => row.recency },
    { header: t('analytics.clv.fields.T'), value: (row) => row.T },
    { header: t('analytics.clv.fields.pAlive'), value: (row) => row.pAlive },
    { header: t('analytics.clv.fields.expectedPurchases'), value: (row) => row.expectedPurchases },
    { header: `${t('analytics.clv.fields.expectedSpend')} (${currency})`, value: (row) => row.expectedSpend },
    { header: `${t('analytics.clv.fields.expectedValue')} (${currency})`, value: (row) => row.expectedValue },
  ];

  const filterText =
    filter === null
      ? null
      : filter.kind === 'value'
        ? t('analytics.clv.filterValue', {
            from: formatCompactMoney(filter.bin.from, currency),
            to: filter.bin.to === null ? '∞' : formatCompactMoney(filter.bin.to, currency),
          })
        : t('analytics.clv.filterCell', {
            recency: binLabel(filter.recency, (value) => formatDecimal(value, 1)),
            frequency:
              filter.frequency.to === null ? `${filter.frequency.from}+` : String(filter.frequency.from),
          });

  return (
    <>
      <div
        style={{
          display: 'flex',
          justifyContent: 'space-between',
          gap: 8,
          marginBottom: 8,
          flexWrap: 'wrap',
        }}
      >
        <div>
          {filterText && (
            <Tag closable onClose={onClearFilter} color="blue" data-testid="clv-filter">
              {filterText}
            </Tag>
          )}
        </div>
        <CsvButton
          fileName={`clv-${calibrationEnd}.csv`}
          testId="clv-csv"
          build={() => ({ text: toCsv(csvColumns, sorted), rows: sorted.length })}
        />
      </div>
      <Table<ClvRow>
        size="small"
        rowKey="customerId"
        columns={columns}
        dataSource={shown}
        scroll={{ x: 1100 }}
        pagination={{
          current: page,
          pageSize,
          total: sorted.length,
          showSizeChanger: false,
          onChange: setPage,
        }}
        data-testid="clv-table"
      />
    </>
  );
}
