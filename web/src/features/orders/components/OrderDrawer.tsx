import { Drawer, Flex, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OrderDetail, OrderItem } from '#src/modules/orders/orders.schema.ts';
import { Loading } from '../../../components/Loading.tsx';
import { Facts } from '../../../components/Panel.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { formatMoney } from '../../customers/hooks/format.ts';
import { useOrder } from '../hooks/useOrders.ts';
import { OrderStatusTag } from './OrderStatusTag.tsx';

function OrderLines({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const money = (amount: number) => formatMoney(amount, order.currency);
  const columns: TableColumnsType<OrderItem> = [
    { title: '#', dataIndex: 'line', width: 48 },
    {
      title: t('data.orders.product'),
      key: 'product',
      render: (_, item) => (
        <>
          {item.productName ?? '—'}
          {item.sku && (
            <Typography.Text type="secondary" code style={{ marginInlineStart: 6 }}>
              {item.sku}
            </Typography.Text>
          )}
        </>
      ),
    },
    { title: t('data.orders.quantity'), dataIndex: 'quantity', width: 90, align: 'right' },
    {
      title: t('data.orders.unitPrice'),
      dataIndex: 'unitPrice',
      width: 120,
      align: 'right',
      render: (price: number) => money(price),
    },
    {
      title: t('data.orders.lineAmount'),
      dataIndex: 'amount',
      width: 130,
      align: 'right',
      render: (amount: number) => money(amount),
    },
  ];
  return (
    <Table<OrderItem>
      rowKey="id"
      data-testid="order-lines"
      size="small"
      columns={columns}
      dataSource={order.items}
      pagination={false}
      locale={{ emptyText: t('data.orders.noLines') }}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0} colSpan={4} align="right">
            <Typography.Text strong>{t('data.orders.total')}</Typography.Text>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={1} align="right">
            <Typography.Text strong>{money(order.amount)}</Typography.Text>
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}

function OrderDetails({ id }: { id: string }) {
  const { t } = useTranslation();
  const order = useOrder(id);
  if (order.isError) return <LoadError error={order.error} onRetry={() => void order.refetch()} />;
  if (!order.data) return <Loading />;
  const o = order.data;
  return (
    <Flex vertical gap={20}>
      <Facts
        rows={[
          { label: t('data.orders.ref'), value: o.ref },
          {
            label: t('data.orders.customer'),
            value: <Link to={`/customers/${o.customerId}`}>{o.customerName}</Link>,
          },
          { label: t('data.orders.orderedAt'), value: formatDateTime(o.orderedAt) },
          { label: t('common.status'), value: <OrderStatusTag status={o.status} /> },
          { label: t('data.orders.channel'), value: o.channel ?? '—' },
          { label: t('data.orders.amount'), value: formatMoney(o.amount, o.currency) },
          ...(o.margin === null
            ? []
            : [{ label: t('data.orders.margin'), value: formatMoney(o.margin, o.currency) }]),
          ...(o.notes ? [{ label: t('data.orders.notes'), value: o.notes }] : []),
        ]}
      />
      <OrderLines order={o} />
    </Flex>
  );
}

/** One order: its facts and its lines with the total. */
export function OrderDrawer({ orderId, onClose }: { orderId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Drawer
      open={orderId !== null}
      onClose={onClose}
      size={720}
      title={t('data.orders.detailTitle')}
      destroyOnHidden
      data-testid="order-drawer"
    >
      {orderId && <OrderDetails id={orderId} />}
    </Drawer>
  );
}
