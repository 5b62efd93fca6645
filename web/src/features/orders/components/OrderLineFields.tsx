import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, InputNumber, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Product } from '#src/modules/catalog/catalog.schema.ts';
import { ProductLineSelect } from './ProductLineSelect.tsx';

/** The product lines of a new order (the form's `items` list): product, quantity and unit price per line. */
export function OrderLineFields({ onPick }: { onPick: (index: number, product: Product) => void }) {
  const { t } = useTranslation();
  return (
    <Form.List name="items">
      {(lines, { add, remove }) => (
        <Flex vertical gap={0}>
          <Flex gap={8} style={{ marginBottom: 4, paddingInlineEnd: 40 }}>
            <Typography.Text type="secondary" style={{ flex: '1 1 auto' }}>
              {t('data.orders.product')}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ width: 110 }}>
              {t('data.orders.quantity')}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ width: 140 }}>
              {t('data.orders.unitPrice')}
            </Typography.Text>
          </Flex>
          {lines.map((line, index) => (
            <Flex key={line.key} gap={8} align="start" data-testid="order-line">
              <Form.Item
                name={[line.name, 'productId']}
                rules={[{ required: true, message: t('data.orders.productRequired') }]}
                style={{ flex: '1 1 auto', minWidth: 0 }}
              >
                <ProductLineSelect onPick={(product) => onPick(index, product)} />
              </Form.Item>
              <Form.Item name={[line.name, 'quantity']} rules={[{ required: true }]} style={{ width: 110 }}>
                <InputNumber<string>
                  stringMode
                  placeholder={t('data.orders.quantity')}
                  aria-label={t('data.orders.quantity')}
                  style={{ width: '100%' }}
                />
              </Form.Item>
              <Form.Item name={[line.name, 'unitPrice']} style={{ width: 140 }}>
                <InputNumber<string>
                  stringMode
                  placeholder={t('data.orders.unitPrice')}
                  aria-label={t('data.orders.unitPrice')}
                  style={{ width: '100%' }}
                />
              </Form.Item>
              <Button
                type="text"
                icon={<DeleteOutlined />}
                aria-label={t('data.orders.removeLine')}
                disabled={lines.length === 1}
                onClick={() => remove(line.name)}
              />
            </Flex>
          ))}
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            onClick={() => add({ quantity: '1' })}
            data-testid="order-add-line"
            style={{ alignSelf: 'flex-start' }}
          >
            {t('data.orders.addLine')}
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}
