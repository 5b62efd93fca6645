import { Alert, Col, Flex, Row } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { can } from '#src/modules/users/roles.ts';
import { Loading } from '../../../components/Loading.tsx';
import { LoadError, NotFoundPage } from '../../../components/ResultPages.tsx';
import { isApiError } from '../../../lib/api.ts';
import { useNotify } from '../../../lib/notify.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import { useCurrentUser } from '../../auth/hooks/useSession.ts';
import { CustomerFormDialog } from '../components/CustomerFormDialog.tsx';
import { CustomerHeader } from '../components/CustomerHeader.tsx';
import { CustomerTimeline } from '../components/CustomerTimeline.tsx';
import { DuplicatesHint } from '../components/DuplicatesHint.tsx';
import { EraseDialog } from '../components/EraseDialog.tsx';
import { FactsPanel } from '../components/FactsPanel.tsx';
import { HierarchyPanel } from '../components/HierarchyPanel.tsx';
import { CustomerOpportunities } from '../../pipeline/components/CustomerOpportunities.tsx';
import { CustomerQuotes } from '../../quotes/components/CustomerQuotes.tsx';
import { AccountPlan } from '../../forecast/components/AccountPlan.tsx';
import { CustomerTasks } from '../../tasks/components/CustomerTasks.tsx';
import { InteractionForm } from '../components/InteractionForm.tsx';
import { KpiCards } from '../components/KpiCards.tsx';
import { LinksPanel } from '../components/LinksPanel.tsx';
import { formatMoment } from '../hooks/format.ts';
import { useCustomFields } from '../hooks/useCustomFields.ts';
import {
  useCustomer,
  useCustomerKpis,
  useDeleteCustomer,
  useEraseCustomer,
  useRestoreCustomer,
} from '../hooks/useCustomers.ts';

/**
 * Customer 360: everything known about one customer — facts, consent, KPIs, relationships and one timeline of
 * interactions and orders — with quick interaction logging and the record's actions.
 */
export function CustomerPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const message = useNotify();
  const showError = useApiError();
  const user = useCurrentUser();
  const customer = useCustomer(id);
  // A customer in the recycle bin has no KPIs or timeline to show (the server answers 404 for them).
  const kpis = useCustomerKpis(id, customer.data !== undefined && customer.data.deletedAt === null);
  const { activeFields } = useCustomFields();
  const remove = useDeleteCustomer();
  const restore = useRestoreCustomer();
  const erase = useEraseCustomer();
  const [editing, setEditing] = useState(false);
  const [erasing, setErasing] = useState(false);

  if (customer.isPending) return <Loading />;
  if (customer.isError) {
    // Customers the user may not see answer 404 (never 403), like ones that do not exist.
    if (isApiError(customer.error, 404) || isApiError(customer.error, 400)) return <NotFoundPage />;
    return <LoadError error={customer.error} onRetry={() => void customer.refetch()} />;
  }
  const record = customer.data;
  const deleted = record.deletedAt !== null;
  const erased = record.erasedAt !== null;
  const mayWrite = can(user.role, 'customers.write') && !erased;
  const mayLog = can(user.role, 'interactions.write') && !deleted && !erased;

  const actions = {
    pending: remove.isPending || restore.isPending,
    onEdit: mayWrite && !deleted ? () => setEditing(true) : undefined,
    onDelete:
      mayWrite && !deleted
        ? () =>
            remove.mutate(record, {
              onSuccess: () => void message.success(t('customers.deleted')),
              onError: (e) => showError(e),
            })
        : undefined,
    onRestore:
      mayWrite && deleted
        ? () =>
            restore.mutate(record, {
              onSuccess: () => void message.success(t('customers.restored')),
              onError: (e) => showError(e),
            })
        : undefined,
    onErase:
      can(user.role, 'customers.erase') && record.kind === 'person' && !erased
        ? () => setErasing(true)
        : undefined,
  };

  return (
    <div data-testid="customer-page">
      <CustomerHeader customer={record} actions={actions} />
      {deleted && !erased && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('customers.deletedBanner')}
          data-testid="deleted-banner"
        />
      )}
      {erased && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('customers.erasedBanner', { date: formatMoment(record.erasedAt) })}
          data-testid="erased-banner"
        />
      )}
      <DuplicatesHint customer={record} />
      {!deleted && (
        <div style={{ marginBottom: 16 }}>
          <KpiCards kpis={kpis.data} loading={kpis.isPending} />
        </div>
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={deleted ? 24 : 9}>
          <Flex vertical gap={16}>
            <FactsPanel customer={record} customFields={activeFields} />
            <LinksPanel customer={record} mayWrite={mayWrite && !deleted} />
            {record.kind === 'organization' && <HierarchyPanel customer={record} />}
            {!deleted && <CustomerOpportunities customerId={record.id} />}
            {!deleted && <CustomerQuotes customerId={record.id} />}
            {!deleted && record.keyAccount && <AccountPlan customerId={record.id} />}
          </Flex>
        </Col>
        {!deleted && (
          <Col xs={24} xl={15}>
            <Flex vertical gap={16}>
              {mayLog && <InteractionForm customerId={record.id} />}
              <CustomerTasks customerId={record.id} />
              <CustomerTimeline customerId={record.id} />
            </Flex>
          </Col>
        )}
      </Row>
      {mayWrite && (
        <CustomerFormDialog
          open={editing}
          customer={record}
          onClose={() => setEditing(false)}
          onSaved={() => setEditing(false)}
        />
      )}
      {actions.onErase && (
        <EraseDialog
          customer={record}
          open={erasing}
          pending={erase.isPending}
          onClose={() => setErasing(false)}
          onConfirm={() =>
            erase.mutate(record, {
              onSuccess: () => {
                void message.success(t('customers.erased'));
                setErasing(false);
              },
              onError: (e) => showError(e),
            })
          }
        />
      )}
    </div>
  );
}
