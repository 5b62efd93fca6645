import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Select, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lead, LeadStatus } from '#src/modules/sales/leads.schema.ts';
import { can } from '#src/modules/users/roles.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useCurrentUser } from '../../auth/hooks/useSession.ts';
import type { LeadFilters } from '../api/leads.ts';
import { LeadCreateDialog } from '../components/LeadCreateDialog.tsx';
import { LeadDrawer } from '../components/LeadDrawer.tsx';
import {
  knownSources,
  LeadStatusTag,
  leadStatusList,
  ScoreBadge,
  sourceLabel,
} from '../components/labels.tsx';
import { useLeadList } from '../hooks/useLeads.ts';

function FilterBar({ filters, onChange }: { filters: LeadFilters; onChange: (next: LeadFilters) => void }) {
  const { t } = useTranslation();
  return (
    <Flex wrap gap={8} style={{ marginBottom: 16 }}>
      <Input.Search
        allowClear
        placeholder={t('leads.search')}
        defaultValue={filters.q}
        onSearch={(q) => onChange({ ...filters, q: q.trim() || undefined })}
        style={{ width: 280, maxWidth: '100%' }}
        data-testid="lead-search"
      />
      <Select<LeadStatus>
        allowClear
        placeholder={t('leads.allStatuses')}
        value={filters.status}
        onChange={(status) => onChange({ ...filters, status })}
        options={leadStatusList.map((status) => ({ value: status, label: t(`leads.statuses.${status}`) }))}
        style={{ width: 140 }}
        data-testid="lead-status-filter"
      />
      <Select<string>
        allowClear
        placeholder={t('leads.sourcePlaceholder')}
        value={filters.source}
        onChange={(source) => onChange({ ...filters, source })}
        options={knownSources.map((source) => ({ value: source, label: sourceLabel(t, source) }))}
        style={{ width: 140 }}
      />
      <Select<string>
        allowClear
        placeholder={t('leads.allOwners')}
        value={filters.ownerId}
        onChange={(ownerId) => onChange({ ...filters, ownerId })}
        options={[
          { value: 'me', label: t('leads.mine') },
          { value: 'none', label: t('leads.unassigned') },
        ]}
        style={{ width: 140 }}
      />
    </Flex>
  );
}

/**
 * The leads the user may see, newest first (or by score or name), with filters; a row opens the lead's drawer
 * with its status moves, notes, score reasons and the conversion.
 */
export function LeadsPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [filters, setFilters] = useState<LeadFilters>({});
  const list = useLeadList(filters);
  const [openId, setOpenId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  const columns: TableColumnsType<Lead> = [
    {
      title: t('leads.fields.name'),
      dataIndex: 'name',
      sorter: true,
      render: (name: string, lead) => (
        <Flex vertical style={{ minWidth: 0 }}>
          <Typography.Link onClick={() => setOpenId(lead.id)} style={{ overflowWrap: 'anywhere' }}>
            {name}
          </Typography.Link>
          {lead.company && (
            <Typography.Text type="secondary" style={{ fontSize: 12, overflowWrap: 'anywhere' }}>
              {lead.company}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      title: t('leads.fields.status'),
      dataIndex: 'status',
      width: 110,
      render: (status: LeadStatus) => <LeadStatusTag status={status} />,
    },
    {
      title: t('leads.fields.score'),
      dataIndex: 'score',
      width: 90,
      sorter: true,
      render: (score: number) => <ScoreBadge score={score} />,
    },
    {
      title: t('leads.fields.source'),
      dataIndex: 'source',
      width: 130,
      responsive: ['md'],
      render: (source: string) => sourceLabel(t, source),
    },
    {
      title: t('leads.fields.city'),
      key: 'place',
      width: 120,
      responsive: ['lg'],
      render: (_, lead) => [lead.province, lead.city].filter(Boolean).join(' · ') || '—',
    },
    {
      title: t('leads.fields.owner'),
      dataIndex: 'ownerName',
      width: 130,
      render: (owner: string | null) =>
        owner ?? <Typography.Text type="secondary">{t('leads.unassigned')}</Typography.Text>,
    },
    {
      title: t('leads.fields.createdAt'),
      dataIndex: 'createdAt',
      width: 160,
      sorter: true,
      responsive: ['md'],
      render: (at: string) => formatDateTime(at),
    },
  ];

  return (
    <div data-testid="leads-page">
      <PageHeader
        title={t('leads.title')}
        extra={
          can(user.role, 'sales.write') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="lead-create"
            >
              {t('leads.create')}
            </Button>
          )
        }
      />
      <FilterBar filters={filters} onChange={setFilters} />
      {list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Lead>
          rowKey="id"
          data-testid="lead-table"
          size="middle"
          columns={columns}
          dataSource={list.leads}
          loading={list.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('leads.empty') }}
          onRow={(lead) => ({ onClick: () => setOpenId(lead.id), style: { cursor: 'pointer' } })}
          onChange={(_pagination, _filters, sorter) => {
            const one = Array.isArray(sorter) ? sorter[0] : sorter;
            const field = one?.order ? String(one.field) : undefined;
            const sort = field ? `${one?.order === 'descend' ? '-' : ''}${field}` : undefined;
            setFilters((current) => ({ ...current, sort }));
          }}
        />
      )}
      <Flex justify="center" style={{ marginTop: 16 }}>
        {list.hasNextPage ? (
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('leads.loadMore')}
          </Button>
        ) : (
          list.leads.length > 0 && <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
        )}
      </Flex>
      <LeadDrawer leadId={openId} onClose={() => setOpenId(null)} />
      <LeadCreateDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(lead) => {
          setCreating(false);
          setOpenId(lead.id);
        }}
      />
    </div>
  );
}
