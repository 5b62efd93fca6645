import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { can } from '#src/modules/users/roles.ts';
import { Panel } from '../../../components/Panel.tsx';
import { useCurrentUser } from '../../auth/hooks/useSession.ts';
import { useOpportunityList } from '../hooks/usePipeline.ts';
import { OpportunityCreateDialog } from './OpportunityCreateDialog.tsx';
import { OpportunityTable } from './OpportunityTable.tsx';

/** One customer's opportunities (those the user may see), with a button to open a new one for the customer. */
export function CustomerOpportunitiesPanel({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const list = useOpportunityList({ customerId });
  const [creating, setCreating] = useState(false);
  return (
    <Panel
      testId="customer-opportunities"
      title={
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <span>{t('pipeline.customerPanel')}</span>
          {can(user.role, 'sales.write') && (
            <Button size="small" onClick={() => setCreating(true)}>
              {t('pipeline.create')}
            </Button>
          )}
        </div>
      }
    >
      <OpportunityTable compact opportunities={list.opportunities} loading={list.isPending} />
      {list.hasNextPage && (
        <Button type="link" onClick={() => void list.fetchNextPage()}>
          {t('common.loadMore')}
        </Button>
      )}
      <OpportunityCreateDialog
        open={creating}
        customerId={customerId}
        onClose={() => setCreating(false)}
        onCreated={(created) => void navigate(`/sales/opportunities/${created.id}`)}
      />
    </Panel>
  );
}
