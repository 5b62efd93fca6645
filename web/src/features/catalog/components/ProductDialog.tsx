import { AutoComplete, Form, Input, InputNumber, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Product } from '#src/modules/catalog/catalog.schema.ts';
import { FormDialog } from '../../../components/FormDialog.tsx';
import { isApiError } from '../../../lib/api.ts';
import { useNotify } from '../../../lib/notify.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import type { ProductUpdateInput } from '../api/products.ts';
import { useCategoryOptions, useCreateProduct, useUpdateProduct } from '../hooks/useProducts.ts';
import { CurrencyInput } from './CurrencyInput.tsx';

interface Values {
  sku: string;
  name: string;
  category?: string | undefined;
  /** Major units as decimal text, so that 19.90 stays exact. */
  price?: string | null | undefined;
  currency?: string | undefined;
  active: boolean;
}
const fields = ['sku', 'name', 'category', 'price', 'currency', 'active'] as const;

const orNull = (value: string | undefined): string | null => value?.trim() || null;
const hasPrice = (price: Values['price']): price is string =>
  price !== undefined && price !== null && price !== '';

/** Only what the manager changed is sent, with the version they saw (a stale one is refused with 409). */
function changesOf(product: Product, values: Values): Omit<ProductUpdateInput, 'version'> {
  const changes: Omit<ProductUpdateInput, 'version'> = {};
  if (values.sku !== product.sku) changes.sku = values.sku;
  if (values.name !== product.name) changes.name = values.name;
  if (orNull(values.category) !== product.category) changes.category = orNull(values.category);
  if (hasPrice(values.price) && Number(values.price) !== product.price) changes.price = values.price;
  if (values.currency && values.currency !== product.currency) changes.currency = values.currency;
  if (values.active !== product.active) changes.active = values.active;
  return changes;
}

/** Create a product (`product` null) or edit one. */
export function ProductDialog({
  open,
  product,
  onClose,
}: {
  open: boolean;
  product: Product | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const message = useNotify();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const create = useCreateProduct();
  const update = useUpdateProduct();
  const categoryOptions = useCategoryOptions();

  const onError = (error: unknown) => {
    showError(error, form, fields);
    if (isApiError(error, 409) && error.code === 'record.version_conflict') onClose();
  };

  const onSubmit = (values: Values) => {
    if (!product) {
      create.mutate(
        {
          sku: values.sku,
          name: values.name,
          category: orNull(values.category),
          active: values.active,
          ...(hasPrice(values.price) ? { price: values.price } : {}),
          ...(values.currency ? { currency: values.currency } : {}),
        },
        {
          onSuccess: () => {
            void message.success(t('data.products.created'));
            onClose();
          },
          onError,
        },
      );
      return;
    }
    const changes = changesOf(product, values);
    if (Object.keys(changes).length === 0) {
      onClose();
      return;
    }
    update.mutate(
      { product, changes },
      {
        onSuccess: () => {
          void message.success(t('data.products.updated'));
          onClose();
        },
        onError,
      },
    );
  };

  return (
    <FormDialog<Values>
      key={product?.id ?? 'new'}
      open={open}
      name="product"
      title={product ? t('data.products.editTitle') : t('data.products.createTitle')}
      okText={product ? t('common.save') : t('common.create')}
      form={form}
      initialValues={
        product
          ? {
              sku: product.sku,
              name: product.name,
              category: product.category ?? undefined,
              price: String(product.price),
              currency: product.currency,
              active: product.active,
            }
          : { active: true }
      }
      pending={create.isPending || update.isPending}
      onSubmit={onSubmit}
      onClose={onClose}
      testId="product-dialog"
    >
      <Form.Item
        name="sku"
        label={t('data.products.sku')}
        rules={[{ required: true, whitespace: true, max: 64 }]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('data.products.name')}
        rules={[{ required: true, whitespace: true, max: 200 }]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="category" label={t('data.products.category')} rules={[{ max: 100 }]}>
        <AutoComplete
          options={categoryOptions}
          showSearch={{
            filterOption: (input, option) =>
              (option?.value ?? '').toLowerCase().includes(input.trim().toLowerCase()),
          }}
        />
      </Form.Item>
      <Form.Item label={t('data.products.price')} extra={t('data.products.currencyHint')}>
        <Space.Compact block>
          <Form.Item name="price" noStyle>
            <InputNumber<string>
              stringMode
              min="0"
              style={{ flex: 1 }}
              aria-label={t('data.products.price')}
            />
          </Form.Item>
          <Form.Item name="currency" noStyle>
            <CurrencyInput placeholder={t('data.products.currency')} />
          </Form.Item>
        </Space.Compact>
      </Form.Item>
      <Form.Item name="active" label={t('data.products.onSale')} valuePropName="checked">
        <Switch />
      </Form.Item>
    </FormDialog>
  );
}
