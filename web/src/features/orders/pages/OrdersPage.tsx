import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Order } from '#src/modules/orders/orders.schema.ts';
import { can } from '#src/modules/users/roles.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { useCurrentUser } from '../../auth/hooks/useSession.ts';
import type { OrderFilters } from '../api/orders.ts';
import { OrderCreateDialog } from '../components/OrderCreateDialog.tsx';
import { OrderDrawer } from '../components/OrderDrawer.tsx';
import { OrderFilterBar } from '../components/OrderFilterBar.tsx';
import { OrderTable } from '../components/OrderTable.tsx';
import { useOrderList } from '../hooks/useOrders.ts';

/**
 * Orders of the customers the user may see, newest first, with filters; a row opens its lines. Sales staff,
 * managers and admins record new orders. `?customerId=` (a link from a customer's page) preselects the customer.
 */
export function OrdersPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const [filters, setFilters] = useState<OrderFilters>(() => ({
    customerId: params.get('customerId') ?? undefined,
  }));
  const list = useOrderList(filters);
  const [openId, setOpenId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  const onFilters = (next: OrderFilters) => {
    setFilters(next);
    // The customer stays in the address, so the page can be bookmarked or shared.
    setParams(next.customerId ? { customerId: next.customerId } : {}, { replace: true });
  };
  const onCreated = (order: Order) => {
    setCreating(false);
    setOpenId(order.id);
  };

  return (
    <div data-testid="orders-page">
      <PageHeader
        title={t('data.orders.title')}
        extra={
          can(user.role, 'orders.write') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="order-create"
            >
              {t('data.orders.create')}
            </Button>
          )
        }
      />
      <OrderFilterBar filters={filters} onChange={onFilters} />
      {list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <OrderTable orders={list.orders} loading={list.isPending} onOpen={(order) => setOpenId(order.id)} />
      )}
      <Flex justify="center" style={{ marginTop: 16 }}>
        {list.hasNextPage ? (
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        ) : (
          list.orders.length > 0 && <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
        )}
      </Flex>
      <OrderDrawer orderId={openId} onClose={() => setOpenId(null)} />
      <OrderCreateDialog
        open={creating}
        customerId={filters.customerId}
        onClose={() => setCreating(false)}
        onCreated={onCreated}
      />
    </div>
  );
}
