import { Alert, Button, Drawer, Flex, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CellText } from '../../../components/CellText.tsx';
import { problemMessage } from '../../../lib/useApiError.ts';
import { formatNumber } from '../hooks/format.ts';

const ellipsis = { showTitle: false } as const;

/**
 * Name and number columns shared by the analyses' customer lists: the name opens the customer's page. A `ref` of
 * null means the customer's record is no longer there (a snapshot remembers customers without one): no link then.
 */
export function customerColumns<T extends { customerId: string; name?: string | null; ref?: string | null }>(
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

/**
 * The customers of one segment, class or cell, from the analysis' own list (keyset pages, "load more"), each
 * linking to the customer's page; the header carries the count and the CSV of the whole list, `intro` what the
 * list stands for.
 */
export function CustomersDrawer<T extends { customerId: string }>({
  open,
  title,
  intro,
  total,
  columns,
  items,
  loading,
  error,
  hasMore,
  loadingMore,
  onLoadMore,
  csv,
  onClose,
}: {
  open: boolean;
  title: ReactNode;
  intro?: ReactNode;
  /** The segment's or class's size over the whole base (the list holds those the user may see). */
  total: number | undefined;
  columns: TableColumnsType<T>;
  items: T[];
  loading: boolean;
  error: unknown;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  csv: ReactNode;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={title}
      size={860}
      extra={csv}
      destroyOnHidden
      data-testid="customers-drawer"
    >
      {error ? (
        <Alert type="error" showIcon title={problemMessage(t, error)} />
      ) : (
        <>
          {intro}
          {total !== undefined && (
            <Typography.Paragraph type="secondary" data-testid="customers-drawer-count">
              {t('analytics.common.showing', {
                shown: formatNumber(items.length),
                total: formatNumber(total),
              })}
            </Typography.Paragraph>
          )}
          <Table<T>
            size="small"
            rowKey="customerId"
            columns={columns}
            dataSource={items}
            loading={loading}
            pagination={false}
            scroll={{ x: 760 }}
            data-testid="customers-drawer-table"
          />
          <Flex justify="center" style={{ marginTop: 16 }}>
            {hasMore ? (
              <Button onClick={onLoadMore} loading={loadingMore} data-testid="customers-drawer-more">
                {t('common.loadMore')}
              </Button>
            ) : (
              items.length > 0 && <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
            )}
          </Flex>
        </>
      )}
    </Drawer>
  );
}
