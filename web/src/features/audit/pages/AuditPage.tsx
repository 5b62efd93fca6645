import { Button, Flex, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '#src/modules/audit/audit.schema.ts';
import { CellText } from '../../../components/CellText.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { formatTimestamp } from '../../../lib/format.ts';
import { auditActions, auditEntities } from '../api/audit.ts';
import type { AuditFilters } from '../api/audit.ts';
import { AuditDiff } from '../components/AuditDiff.tsx';
import { AuditFilterBar } from '../components/AuditFilterBar.tsx';
import { useAuditLog } from '../hooks/useAuditLog.ts';

const isOneOf = <T extends string>(list: readonly T[], value: string): value is T =>
  (list as readonly string[]).includes(value);

const ellipsis = { showTitle: false } as const;

/** Admin: who changed what and when, filtered; each row opens its before/after comparison. */
export function AuditPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<AuditFilters>({});
  const log = useAuditLog(filters);
  // Codes from the log in the interface language when Guanxi knows them, else as written.
  const actionLabel = (action: string) =>
    isOneOf(auditActions, action) ? t(`audit.actions.${action}`) : action;
  const entityLabel = (entity: string) =>
    isOneOf(auditEntities, entity) ? t(`audit.entities.${entity}`) : entity;

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.time'), dataIndex: 'at', width: 170, render: (at: string) => formatTimestamp(at) },
    {
      title: t('audit.actor'),
      dataIndex: 'actor',
      width: 220,
      ellipsis,
      render: (actor: string) => <CellText value={actor} />,
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      width: 140,
      render: (action: string) => <Tag data-action={action}>{actionLabel(action)}</Tag>,
    },
    {
      title: t('audit.entity'),
      dataIndex: 'entity',
      width: 130,
      ellipsis,
      render: (entity: string) => (
        <span data-entity={entity}>
          <CellText value={entityLabel(entity)} />
        </span>
      ),
    },
    {
      title: t('audit.entityId'),
      dataIndex: 'entityId',
      width: 160,
      ellipsis,
      render: (id: string | null) => <CellText value={id} code />,
    },
    {
      title: t('audit.ip'),
      dataIndex: 'ip',
      width: 140,
      ellipsis,
      render: (ip: string | null) => <CellText value={ip} code />,
    },
    {
      title: t('audit.requestId'),
      dataIndex: 'requestId',
      width: 170,
      ellipsis,
      render: (id: string | null) => <CellText value={id} code />,
    },
  ];

  return (
    <div data-testid="audit-page">
      <PageHeader title={t('audit.title')} />
      <AuditFilterBar filters={filters} onChange={setFilters} />
      {log.isError ? (
        <LoadError error={log.error} onRetry={() => void log.refetch()} />
      ) : (
        <Table<AuditEntry>
          rowKey="id"
          data-testid="audit-table"
          columns={columns}
          dataSource={log.entries}
          loading={log.isPending}
          pagination={false}
          tableLayout="fixed"
          scroll={{ x: 1180 }}
          size="middle"
          expandable={{ fixed: 'left', expandedRowRender: (entry) => <AuditDiff entry={entry} /> }}
        />
      )}
      <Flex justify="center" style={{ marginTop: 16 }}>
        {log.hasNextPage ? (
          <Button onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        ) : (
          log.entries.length > 0 && <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
        )}
      </Flex>
    </div>
  );
}
