import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderStatus } from '#src/modules/orders/orders.schema.ts';

const statusColors: Record<OrderStatus, string> = {
  pending: 'default',
  paid: 'blue',
  shipped: 'cyan',
  completed: 'green',
  cancelled: 'default',
  returned: 'orange',
};

/** Every order status in lifecycle order (the record above makes the compiler check that none is missing). */
export const orderStatusList = Object.keys(statusColors) as OrderStatus[];

export function OrderStatusTag({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColors[status]} data-status={status}>
      {t(`customers.orderStatuses.${status}`)}
    </Tag>
  );
}
