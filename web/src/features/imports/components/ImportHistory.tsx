import { DownloadOutlined } from '@ant-design/icons';
import { Button, Flex, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { CellText } from '../../../components/CellText.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { errorReportUrl } from '../api/imports.ts';
import type { Import, ImportListItem } from '../api/imports.ts';
import { useImportHistory } from '../hooks/useImports.ts';

const statusColors: Record<Import['status'], string> = {
  uploaded: 'default',
  running: 'processing',
  completed: 'success',
  failed: 'error',
  cancelled: 'default',
};

/** Earlier imports with their counts and error reports (the server shows each user what they may see). */
export function ImportHistory() {
  const { t } = useTranslation();
  const history = useImportHistory();
  const columns: TableColumnsType<ImportListItem> = [
    {
      title: t('data.imports.startedBy'),
      dataIndex: 'createdAt',
      width: 150,
      render: (at: string) => formatDateTime(at),
    },
    {
      title: t('data.imports.file'),
      dataIndex: 'fileName',
      width: 240,
      ellipsis: { showTitle: false },
      render: (name: string) => <CellText value={name} />,
    },
    {
      title: t('data.imports.type'),
      dataIndex: 'entity',
      width: 110,
      render: (entity: Import['entity']) => t(`data.imports.entities.${entity}`),
    },
    {
      title: t('common.status'),
      key: 'status',
      width: 170,
      render: (_, run) => (
        <>
          <Tag color={statusColors[run.status]}>{t(`data.imports.statuses.${run.status}`)}</Tag>
          {run.dryRun && <Tag>{t('data.imports.dryRunTag')}</Tag>}
        </>
      ),
    },
    { title: t('data.imports.counts.imported'), dataIndex: 'imported', width: 100, align: 'right' },
    { title: t('data.imports.counts.skipped'), dataIndex: 'skipped', width: 100, align: 'right' },
    {
      title: t('data.imports.counts.errors'),
      dataIndex: 'errors',
      width: 100,
      align: 'right',
      render: (errors: number) => (
        <Typography.Text type={errors > 0 ? 'danger' : undefined}>{errors}</Typography.Text>
      ),
    },
    {
      title: t('data.imports.errorReport'),
      key: 'report',
      width: 150,
      render: (_, run) =>
        run.hasErrorReport && (
          <Button type="link" size="small" icon={<DownloadOutlined />} href={errorReportUrl(run.id)} download>
            CSV
          </Button>
        ),
    },
  ];
  if (history.isError) return <LoadError error={history.error} onRetry={() => void history.refetch()} />;
  return (
    <>
      <Table<ImportListItem>
        rowKey="id"
        data-testid="import-history"
        size="small"
        columns={columns}
        dataSource={history.imports}
        loading={history.isPending}
        pagination={false}
        tableLayout="fixed"
        scroll={{ x: 1120 }}
        locale={{ emptyText: t('data.imports.historyEmpty') }}
      />
      {history.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => void history.fetchNextPage()} loading={history.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </Flex>
      )}
    </>
  );
}
