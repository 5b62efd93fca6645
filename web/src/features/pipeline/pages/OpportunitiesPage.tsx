import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Select, Typography } from 'antd';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { OpportunityStatus, OwnerFilter as Owner } from '#src/modules/sales/opportunities.schema.ts';
import { opportunityStatuses } from '#src/modules/sales/opportunities.schema.ts';
import { can } from '#src/modules/users/roles.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { useCurrentUser } from '../../auth/hooks/useSession.ts';
import { OpportunityCreateDialog } from '../components/OpportunityCreateDialog.tsx';
import { OpportunityTable } from '../components/OpportunityTable.tsx';
import { OwnerFilter } from '../components/OwnerFilter.tsx';
import { PipelinePicker } from '../components/PipelinePicker.tsx';
import { useOpportunityList } from '../hooks/usePipeline.ts';

/** Opportunities as a table with filters (pipeline, status, owner, search), newest first, page by page. */
export function OpportunitiesPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [pipelineId, setPipelineId] = useState<string | undefined>();
  const [status, setStatus] = useState<OpportunityStatus[]>([]);
  const [owner, setOwner] = useState<Owner>(user.role === 'sales' ? 'mine' : 'all');
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const [creating, setCreating] = useState(false);
  const list = useOpportunityList({
    pipelineId,
    status: status.length ? status : undefined,
    owner,
    q: q || undefined,
  });

  return (
    <div data-testid="opportunities-page">
      <PageHeader
        title={t('pipeline.listTitle')}
        extra={
          can(user.role, 'sales.write') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="opportunity-create"
            >
              {t('pipeline.create')}
            </Button>
          )
        }
      />
      <Flex wrap gap={8} style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('pipeline.searchPlaceholder')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          style={{ width: 240 }}
          data-testid="opportunity-search"
        />
        <PipelinePicker value={pipelineId} onChange={setPipelineId} allowClear />
        <Select<OpportunityStatus[]>
          mode="multiple"
          allowClear
          placeholder={t('common.status')}
          value={status}
          onChange={setStatus}
          style={{ minWidth: 160 }}
          options={opportunityStatuses.map((s) => ({ value: s, label: t(`pipeline.status.${s}`) }))}
        />
        <OwnerFilter value={owner} onChange={setOwner} />
      </Flex>
      {list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <OpportunityTable opportunities={list.opportunities} loading={list.isPending} />
      )}
      <Flex justify="center" style={{ marginTop: 16 }}>
        {list.hasNextPage ? (
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        ) : (
          list.opportunities.length > 0 && (
            <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
          )
        )}
      </Flex>
      <OpportunityCreateDialog
        open={creating}
        pipelineId={pipelineId}
        onClose={() => setCreating(false)}
        onCreated={(created) => void navigate(`/sales/opportunities/${created.id}`)}
      />
    </div>
  );
}
