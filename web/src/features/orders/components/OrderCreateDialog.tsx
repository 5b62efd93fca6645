import { DatePicker, Flex, Form, Input, InputNumber, Modal, Segmented, Select, Typography } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Order, OrderStatus } from '#src/modules/orders/orders.schema.ts';
import type { Product } from '#src/modules/catalog/catalog.schema.ts';
import { useNotify } from '../../../lib/notify.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import { CurrencyInput } from '../../catalog/components/CurrencyInput.tsx';
import { formatMoney } from '../../customers/hooks/format.ts';
import type { OrderCreateInput } from '../api/orders.ts';
import { useCreateOrder } from '../hooks/useOrders.ts';
import { CustomerPicker } from './CustomerPicker.tsx';
import { orderStatusList } from './OrderStatusTag.tsx';
import { OrderLineFields } from './OrderLineFields.tsx';

interface Line {
  productId?: string;
  /** Decimal text, so that quantities and prices stay exact. */
  quantity?: string;
  unitPrice?: string;
}

interface Values {
  customerId: string;
  orderedAt: Dayjs;
  currency?: string;
  status: OrderStatus;
  channel?: string;
  notes?: string;
  mode: 'items' | 'amount';
  items?: Line[];
  amount?: string;
  quantity?: string;
}
const fields = [
  'customerId',
  'orderedAt',
  'currency',
  'status',
  'channel',
  'notes',
  'items',
  'amount',
  'quantity',
];

function toInput(values: Values): OrderCreateInput {
  const common = {
    customerId: values.customerId,
    orderedAt: values.orderedAt.format(),
    status: values.status,
    ...(values.currency ? { currency: values.currency } : {}),
    ...(values.channel?.trim() ? { channel: values.channel.trim() } : {}),
    ...(values.notes?.trim() ? { notes: values.notes.trim() } : {}),
  };
  if (values.mode === 'amount') {
    return {
      ...common,
      amount: values.amount ?? '0',
      ...(values.quantity ? { quantity: values.quantity } : {}),
    };
  }
  return {
    ...common,
    items: (values.items ?? []).map((line) => ({
      ...(line.productId ? { productId: line.productId } : {}),
      quantity: line.quantity ?? '1',
      ...(line.unitPrice ? { unitPrice: line.unitPrice } : {}),
    })),
  };
}

/** A preview of the total; the server computes the real amount exactly and rounds it once. */
function useTotal(form: ReturnType<typeof Form.useForm<Values>>[0]): string | null {
  const mode = Form.useWatch('mode', form);
  const items = Form.useWatch('items', form);
  const amount = Form.useWatch('amount', form);
  const currency = Form.useWatch('currency', form);
  const total =
    mode === 'amount'
      ? Number(amount ?? 0)
      : (items ?? []).reduce(
          (sum, line) => sum + Number(line?.quantity ?? 0) * Number(line?.unitPrice ?? 0),
          0,
        );
  if (!Number.isFinite(total)) return null;
  return currency ? formatMoney(total, currency) : total.toFixed(2);
}

/** A new order for one customer, with product lines or just an amount. */
export function OrderCreateDialog({
  open,
  customerId,
  onClose,
  onCreated,
}: {
  open: boolean;
  /** Preselected customer (the list's customer filter). */
  customerId?: string | undefined;
  onClose: () => void;
  onCreated: (order: Order) => void;
}) {
  const { t } = useTranslation();
  const message = useNotify();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const create = useCreateOrder();
  const mode = Form.useWatch('mode', form) ?? 'items';
  const total = useTotal(form);

  /** A picked product brings its price, and its currency when the order has none yet. */
  const onPick = (index: number, product: Product) => {
    const currency = form.getFieldValue('currency') as string | undefined;
    if (!currency) form.setFieldValue('currency', product.currency);
    if (
      (currency ?? product.currency) === product.currency &&
      !form.getFieldValue(['items', index, 'unitPrice'])
    )
      form.setFieldValue(['items', index, 'unitPrice'], String(product.price));
  };

  const onSubmit = (values: Values) =>
    create.mutate(toInput(values), {
      onSuccess: (order) => {
        void message.success(t('data.orders.created', { ref: order.ref }));
        onCreated(order);
      },
      onError: (error) => showError(error, form, fields),
    });

  return (
    <Modal
      open={open}
      title={t('data.orders.createTitle')}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={820}
      data-testid="order-create-dialog"
    >
      <Form<Values>
        form={form}
        name="order"
        layout="vertical"
        preserve={false}
        disabled={create.isPending}
        onFinish={onSubmit}
        initialValues={{
          customerId,
          orderedAt: dayjs(),
          status: 'completed',
          mode: 'items',
          items: [{ quantity: '1' }],
        }}
      >
        <Flex gap={12} wrap>
          <Form.Item
            name="customerId"
            label={t('data.orders.customer')}
            rules={[{ required: true, message: t('data.orders.customerRequired') }]}
            style={{ flex: '1 1 280px' }}
          >
            <CustomerPicker testId="order-customer" />
          </Form.Item>
          <Form.Item name="orderedAt" label={t('data.orders.orderedAt')} rules={[{ required: true }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowClear={false} />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item name="status" label={t('common.status')} style={{ width: 150 }}>
            <Select<OrderStatus>
              options={orderStatusList.map((value) => ({
                value,
                label: t(`customers.orderStatuses.${value}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="currency"
            label={t('data.orders.currency')}
            tooltip={t('data.products.currencyHint')}
          >
            <CurrencyInput />
          </Form.Item>
          <Form.Item
            name="channel"
            label={t('data.orders.channel')}
            rules={[{ max: 50 }]}
            style={{ flex: '1 1 160px' }}
          >
            <Input placeholder={t('data.orders.channelPlaceholder')} />
          </Form.Item>
        </Flex>
        <Form.Item name="mode" label={t('data.orders.contents')}>
          <Segmented
            options={[
              { value: 'items', label: t('data.orders.modeItems') },
              { value: 'amount', label: t('data.orders.modeAmount') },
            ]}
          />
        </Form.Item>
        {mode === 'items' ? (
          <OrderLineFields onPick={onPick} />
        ) : (
          <Flex gap={12} wrap>
            <Form.Item name="amount" label={t('data.orders.amount')} rules={[{ required: true }]}>
              <InputNumber<string> stringMode style={{ width: 180 }} />
            </Form.Item>
            <Form.Item name="quantity" label={t('data.orders.quantity')}>
              <InputNumber<string> stringMode style={{ width: 120 }} />
            </Form.Item>
          </Flex>
        )}
        <Form.Item name="notes" label={t('data.orders.notes')} style={{ marginTop: 16 }}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={10_000} />
        </Form.Item>
        {total !== null && (
          <Typography.Text data-testid="order-total">
            {t('data.orders.total')}: <Typography.Text strong>{total}</Typography.Text>
          </Typography.Text>
        )}
        <button type="submit" hidden aria-hidden />
      </Form>
    </Modal>
  );
}
