import { Button, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Order, OrderStatus } from '#src/modules/orders/orders.schema.ts';
import { CellText } from '../../../components/CellText.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { formatMoney } from '../../customers/hooks/format.ts';
import { OrderStatusTag } from './OrderStatusTag.tsx';

const ellipsis = { showTitle: false } as const;

/** Orders with their customer, time, status and amount; the ref opens the order's lines. */
export function OrderTable({
  orders,
  loading,
  onOpen,
}: {
  orders: Order[];
  loading: boolean;
  onOpen: (order: Order) => void;
}) {
  const { t } = useTranslation();
  const columns: TableColumnsType<Order> = [
    {
      title: t('data.orders.ref'),
      dataIndex: 'ref',
      width: 170,
      ellipsis,
      render: (ref: string, order) => (
        <Button
          type="link"
          size="small"
          onClick={() => onOpen(order)}
          style={{ padding: 0, maxWidth: '100%' }}
        >
          <CellText value={ref} code />
        </Button>
      ),
    },
    {
      title: t('data.orders.orderedAt'),
      dataIndex: 'orderedAt',
      width: 150,
      render: (at: string) => formatDateTime(at),
    },
    {
      title: t('data.orders.customer'),
      key: 'customer',
      width: 220,
      ellipsis,
      render: (_, order) => (
        <CellText value={order.customerName}>
          <Link to={`/customers/${order.customerId}`}>{order.customerName}</Link>
        </CellText>
      ),
    },
    {
      title: t('common.status'),
      dataIndex: 'status',
      width: 110,
      render: (status: OrderStatus) => <OrderStatusTag status={status} />,
    },
    {
      title: t('data.orders.channel'),
      dataIndex: 'channel',
      width: 120,
      ellipsis,
      render: (channel: string | null) => <CellText value={channel} />,
    },
    {
      title: t('data.orders.quantity'),
      dataIndex: 'quantity',
      width: 90,
      align: 'right',
      render: (quantity: number | null) => quantity ?? '—',
    },
    {
      title: t('data.orders.amount'),
      key: 'amount',
      width: 150,
      align: 'right',
      render: (_, order) => (
        <Typography.Text type={order.amount < 0 ? 'danger' : undefined}>
          {formatMoney(order.amount, order.currency)}
        </Typography.Text>
      ),
    },
  ];
  return (
    <Table<Order>
      rowKey="id"
      data-testid="order-table"
      columns={columns}
      dataSource={orders}
      loading={loading}
      pagination={false}
      tableLayout="fixed"
      scroll={{ x: 1010 }}
      size="middle"
      locale={{ emptyText: t('data.orders.empty') }}
    />
  );
}
