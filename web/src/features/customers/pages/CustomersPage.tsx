import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined, SwapOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { can } from '#src/modules/users/roles.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { useNotify } from '../../../lib/notify.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import { useCurrentUser } from '../../auth/hooks/useSession.ts';
import type { CustomerFilters } from '../api/customers.ts';
import { CustomerFilterBar } from '../components/CustomerFilterBar.tsx';
import { CustomerFormDialog } from '../components/CustomerFormDialog.tsx';
import { CustomerTable } from '../components/CustomerTable.tsx';
import { SavedViews } from '../components/SavedViews.tsx';
import { TransferDialog } from '../components/TransferDialog.tsx';
import { filtersFromSearch, filtersFromView, filtersToSearch } from '../hooks/listFilters.ts';
import { useCustomerList, useRestoreCustomer } from '../hooks/useCustomers.ts';

/**
 * The customer list: search (names also by pinyin), filters kept in the address, saved views, "load more"
 * keyset pages, bulk transfer for managers and admins, and the recycle bin with restore.
 */
export function CustomersPage() {
  const { t } = useTranslation();
  const message = useNotify();
  const showError = useApiError();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const [search, setSearch] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(search), [search]);
  const recycleBin = filters.deleted === 'true';
  const list = useCustomerList(filters);
  const restore = useRestoreCustomer();
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [transferring, setTransferring] = useState(false);
  const mayWrite = can(user.role, 'customers.write');
  const mayTransfer = can(user.role, 'customers.transfer') && !recycleBin;

  const setFilters = (next: CustomerFilters) => {
    setSelected([]);
    setSearch(filtersToSearch(next));
  };

  return (
    <div data-testid="customers-page">
      <PageHeader
        title={recycleBin ? t('customers.recycleBinTitle') : t('customers.title')}
        extra={
          recycleBin ? (
            <Button
              icon={<ArrowLeftOutlined />}
              onClick={() => setFilters({ ...filters, deleted: undefined })}
            >
              {t('customers.backToList')}
            </Button>
          ) : (
            <>
              <SavedViews filters={filters} onApply={(view) => setFilters(filtersFromView(view.query))} />
              <Button
                icon={<DeleteOutlined />}
                onClick={() => setFilters({ deleted: 'true' })}
                data-testid="recycle-bin"
              >
                {t('customers.recycleBin')}
              </Button>
              {mayWrite && (
                <Button
                  type="primary"
                  icon={<PlusOutlined />}
                  onClick={() => setCreating(true)}
                  data-testid="customer-create"
                >
                  {t('customers.create')}
                </Button>
              )}
            </>
          )
        }
      />
      <CustomerFilterBar filters={filters} onChange={setFilters} />
      {mayTransfer && selected.length > 0 && (
        <Alert
          type="info"
          style={{ marginBottom: 12 }}
          title={t('customers.bulk.selected', { count: selected.length })}
          action={
            <Button
              size="small"
              icon={<SwapOutlined />}
              onClick={() => setTransferring(true)}
              data-testid="bulk-transfer"
            >
              {t('customers.bulk.transfer')}
            </Button>
          }
        />
      )}
      {list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <CustomerTable
          customers={list.customers}
          loading={list.isPending || (list.isPlaceholderData && list.isFetching)}
          recycleBin={recycleBin}
          {...(mayTransfer ? { selected, onSelect: setSelected } : {})}
          {...(recycleBin && mayWrite
            ? {
                restoring: restore.isPending ? restore.variables.id : undefined,
                onRestore: (customer) =>
                  restore.mutate(customer, {
                    onSuccess: () => void message.success(t('customers.restored')),
                    onError: (e) => showError(e),
                  }),
              }
            : {})}
        />
      )}
      <Flex justify="center" style={{ marginTop: 16 }}>
        {list.hasNextPage ? (
          <Button
            onClick={() => void list.fetchNextPage()}
            loading={list.isFetchingNextPage}
            data-testid="load-more"
          >
            {t('common.loadMore')}
          </Button>
        ) : (
          list.customers.length > 0 && (
            <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
          )
        )}
      </Flex>
      {mayWrite && (
        <CustomerFormDialog
          open={creating}
          customer={null}
          onClose={() => setCreating(false)}
          onSaved={(customer) => {
            setCreating(false);
            void navigate(`/customers/${customer.id}`);
          }}
        />
      )}
      <TransferDialog
        open={transferring}
        customerIds={selected}
        onClose={() => setTransferring(false)}
        onDone={() => {
          setTransferring(false);
          setSelected([]);
        }}
      />
    </div>
  );
}
