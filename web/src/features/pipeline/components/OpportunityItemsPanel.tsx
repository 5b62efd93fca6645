import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, InputNumber, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Product } from '#src/modules/catalog/catalog.schema.ts';
import type { OpportunityDetail, OpportunityItem } from '#src/modules/sales/opportunities.schema.ts';
import { Panel } from '../../../components/Panel.tsx';
import { useNotify } from '../../../lib/notify.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import { formatMoney } from '../../customers/hooks/format.ts';
import { ProductLineSelect } from '../../orders/components/ProductLineSelect.tsx';
import { updateOpportunity } from '../api/pipeline.ts';
import { usePipelineMutation } from '../hooks/usePipeline.ts';

interface Line {
  productId?: string;
  quantity?: number;
  unitPrice?: number;
  /** Percent off, 0–100. */
  discount?: number;
}

/** The opportunity's products: shown as a table, edited as lines whose sum becomes the amount. */
export function OpportunityItemsPanel({
  opportunity,
  disabled,
}: {
  opportunity: OpportunityDetail;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const message = useNotify();
  const showError = useApiError();
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm<{ items: Line[] }>();
  const save = usePipelineMutation((lines: Line[]) =>
    updateOpportunity(opportunity.id, {
      version: opportunity.version,
      items: lines.map((line) => ({
        productId: line.productId ?? '',
        quantity: line.quantity ?? 1,
        ...(line.unitPrice !== undefined && line.unitPrice !== null ? { unitPrice: line.unitPrice } : {}),
        discount: (line.discount ?? 0) / 100,
      })),
    }),
  );
  const onPick = (index: number, product: Product) => {
    if (
      product.currency === opportunity.currency &&
      form.getFieldValue(['items', index, 'unitPrice']) === undefined
    )
      form.setFieldValue(['items', index, 'unitPrice'], product.price);
  };

  const view = (
    <Table<OpportunityItem>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={opportunity.items}
      locale={{ emptyText: t('pipeline.noItems') }}
      scroll={{ x: 560 }}
      columns={[
        { title: t('pipeline.item.product'), key: 'p', render: (_, i) => `${i.productName} · ${i.sku}` },
        { title: t('pipeline.item.quantity'), dataIndex: 'quantity', align: 'right', width: 80 },
        {
          title: t('pipeline.item.unitPrice'),
          dataIndex: 'unitPrice',
          align: 'right',
          width: 120,
          render: (v: number) => formatMoney(v, opportunity.currency),
        },
        {
          title: t('pipeline.item.discount'),
          dataIndex: 'discount',
          align: 'right',
          width: 80,
          render: (v: number) => `${Math.round(v * 1000) / 10}%`,
        },
        {
          title: t('pipeline.item.amount'),
          dataIndex: 'amount',
          align: 'right',
          width: 120,
          render: (v: number) => formatMoney(v, opportunity.currency),
        },
      ]}
    />
  );

  const editor = (
    <Form<{ items: Line[] }>
      form={form}
      name="items"
      disabled={save.isPending}
      initialValues={{
        items: opportunity.items.map((i) => ({
          productId: i.productId,
          quantity: i.quantity,
          unitPrice: i.unitPrice,
          discount: Math.round(i.discount * 1000) / 10,
        })),
      }}
      onFinish={(values) =>
        save.mutate(values.items ?? [], {
          onSuccess: () => {
            void message.success(t('common.saved'));
            setEditing(false);
          },
          onError: (error) => showError(error, form, ['items']),
        })
      }
    >
      <Form.List name="items">
        {(lines, { add, remove }) => (
          <>
            {lines.map((line, index) => (
              <div
                key={line.key}
                style={{ display: 'flex', gap: 8, alignItems: 'flex-start', flexWrap: 'wrap' }}
              >
                <Form.Item
                  name={[line.name, 'productId']}
                  rules={[{ required: true, message: t('pipeline.item.product') }]}
                  style={{ flex: '2 1 200px' }}
                >
                  <ProductLineSelect onPick={(product) => onPick(index, product)} />
                </Form.Item>
                <Form.Item name={[line.name, 'quantity']} initialValue={1} style={{ width: 90 }}>
                  <InputNumber
                    min={0.0001}
                    placeholder={t('pipeline.item.quantity')}
                    style={{ width: '100%' }}
                  />
                </Form.Item>
                <Form.Item name={[line.name, 'unitPrice']} style={{ width: 120 }}>
                  <InputNumber min={0} placeholder={t('pipeline.item.unitPrice')} style={{ width: '100%' }} />
                </Form.Item>
                <Form.Item name={[line.name, 'discount']} initialValue={0} style={{ width: 90 }}>
                  <InputNumber min={0} max={100} suffix="%" style={{ width: '100%' }} />
                </Form.Item>
                <Button
                  icon={<DeleteOutlined />}
                  onClick={() => remove(line.name)}
                  aria-label={t('common.delete')}
                />
              </div>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add()} style={{ marginBottom: 12 }}>
              {t('pipeline.item.add')}
            </Button>
          </>
        )}
      </Form.List>
      <div style={{ display: 'flex', gap: 8 }}>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
        <Button onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
      </div>
    </Form>
  );

  return (
    <Panel
      testId="opportunity-items"
      title={
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <span>{t('pipeline.itemsTitle')}</span>
          {!editing && !disabled && (
            <Button size="small" onClick={() => setEditing(true)}>
              {t('common.edit')}
            </Button>
          )}
        </div>
      }
    >
      {editing ? editor : view}
      {!editing && opportunity.items.length > 0 && (
        <Typography.Text strong style={{ display: 'block', textAlign: 'right', marginTop: 8 }}>
          {formatMoney(opportunity.amount, opportunity.currency)}
        </Typography.Text>
      )}
    </Panel>
  );
}
