import { Alert, Button, Drawer, Flex, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../../lib/useApiError.ts';
import { toCsv } from '../hooks/csv.ts';
import type { CsvColumn } from '../hooks/csv.ts';
import { formatNumber } from '../hooks/format.ts';
import type { PagedCustomers } from '../hooks/usePagedCustomers.ts';
import { CsvButton } from './CsvButton.tsx';
import { customerColumns, customerCsvColumns } from './customerColumns.tsx';
import type { CustomerRow } from './customerColumns.tsx';

/**
 * The customers of one segment, class or cell, from the analysis' own list (keyset pages, "load more"), each
 * linking to the customer's page; the header carries the count and the CSV of the whole list, `intro` what the
 * list stands for. `columns` and the CSV's `columns` are those after the customer's name and number.
 */
export function CustomersDrawer<T extends CustomerRow>({
  open,
  title,
  intro,
  total,
  list,
  columns,
  csv,
  onClose,
}: {
  open: boolean;
  title: ReactNode;
  intro?: ReactNode;
  /** The segment's or class's size over the whole base (the list holds those the user may see). */
  total: number | undefined;
  list: PagedCustomers<T>;
  columns: TableColumnsType<T>;
  /** The CSV of the whole list; none while nothing is picked. */
  csv: { fileName: string; columns: CsvColumn<T>[] } | null | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { items, error } = list;
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={title}
      size={860}
      extra={
        csv && (
          <CsvButton
            fileName={csv.fileName}
            testId="customers-drawer-csv"
            build={async (onProgress) => {
              const rows = await list.readAll(onProgress);
              return { text: toCsv([...customerCsvColumns<T>(t), ...csv.columns], rows), rows: rows.length };
            }}
          />
        )
      }
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
            columns={[...customerColumns<T>(t), ...columns]}
            dataSource={items}
            loading={list.loading}
            pagination={false}
            scroll={{ x: 760 }}
            data-testid="customers-drawer-table"
          />
          <Flex justify="center" style={{ marginTop: 16 }}>
            {list.hasMore ? (
              <Button
                onClick={list.onLoadMore}
                loading={list.loadingMore}
                data-testid="customers-drawer-more"
              >
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
