import { DatePicker, Select } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderStatus } from '#src/modules/orders/orders.schema.ts';
import { CurrencyInput } from '../../catalog/components/CurrencyInput.tsx';
import type { OrderFilters } from '../api/orders.ts';
import { CustomerPicker } from './CustomerPicker.tsx';
import { orderStatusList } from './OrderStatusTag.tsx';

const day = 'YYYY-MM-DD';

/** Customer, status, currency and order-day range filters of the order list. */
export function OrderFilterBar({
  filters,
  onChange,
}: {
  filters: OrderFilters;
  onChange: (filters: OrderFilters) => void;
}) {
  const { t } = useTranslation();
  // The currency filter applies once a whole three-letter code is typed (or the field is cleared).
  const [currency, setCurrency] = useState(filters.currency);
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 16 }}>
      <CustomerPicker
        testId="order-customer-filter"
        placeholder={t('data.orders.anyCustomer')}
        value={filters.customerId}
        onChange={(customerId) => onChange({ ...filters, customerId })}
        style={{ width: 240 }}
      />
      <Select<OrderStatus[]>
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        placeholder={t('data.orders.anyStatus')}
        value={filters.status ?? []}
        options={orderStatusList.map((value) => ({ value, label: t(`customers.orderStatuses.${value}`) }))}
        onChange={(status) => onChange({ ...filters, status: status.length > 0 ? status : undefined })}
        style={{ width: 220 }}
      />
      <CurrencyInput
        placeholder={t('data.orders.anyCurrency')}
        value={currency}
        onChange={(next) => {
          setCurrency(next);
          if (!next || next.length === 3) onChange({ ...filters, currency: next });
        }}
        style={{ width: 130 }}
      />
      <DatePicker.RangePicker
        allowEmpty={[true, true]}
        value={[filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null]}
        onChange={(range) =>
          onChange({
            ...filters,
            from: range?.[0]?.format(day) ?? undefined,
            to: range?.[1]?.format(day) ?? undefined,
          })
        }
        placeholder={[t('data.orders.from'), t('data.orders.to')]}
      />
    </div>
  );
}
