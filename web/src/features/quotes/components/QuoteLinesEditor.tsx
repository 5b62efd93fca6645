import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, InputNumber, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Product } from '#src/modules/catalog/catalog.schema.ts';
import { formatMoney } from '../../customers/hooks/format.ts';
import { QuoteProductSelect } from './QuoteProductSelect.tsx';

const widths = { quantity: 100, unitPrice: 120, discount: 90, tax: 80, amount: 130 } as const;

/**
 * The quote's lines (the form's `items` list): a catalogue product, quantity, unit price, discount and tax rate in
 * percent, and the line's net amount as the server will compute it.
 */
export function QuoteLinesEditor({
  onPick,
  amounts,
  currency,
  knownProducts,
}: {
  onPick: (index: number, product: Product) => void;
  /** Each line's net amount from the preview, null while the line is incomplete. */
  amounts: readonly ({ amount: number; tax: number } | null)[];
  currency: string;
  /** Labels of the products the form starts with, by id. */
  knownProducts: ReadonlyMap<string, string>;
}) {
  const { t } = useTranslation();
  const header = (label: string, width?: number) => (
    <Typography.Text type="secondary" style={width ? { width, flex: 'none' } : { flex: '1 1 auto' }}>
      {label}
    </Typography.Text>
  );
  return (
    <Form.List name="items">
      {(lines, { add, remove }) => (
        <Flex vertical gap={0}>
          <Flex gap={8} style={{ marginBottom: 4, paddingInlineEnd: 40 }}>
            {header(t('quotes.product'))}
            {header(t('quotes.quantity'), widths.quantity)}
            {header(t('quotes.unitPrice'), widths.unitPrice)}
            {header(t('quotes.discount'), widths.discount)}
            {header(t('quotes.taxRate'), widths.tax)}
            {header(t('quotes.amount'), widths.amount)}
          </Flex>
          {lines.map((line, index) => {
            const priced = amounts[index];
            return (
              <Flex key={line.key} gap={8} align="start" data-testid="quote-line">
                <Form.Item
                  name={[line.name, 'productId']}
                  rules={[{ required: true, message: t('quotes.productRequired') }]}
                  style={{ flex: '1 1 auto', minWidth: 0 }}
                >
                  <QuoteProductSelect known={knownProducts} onPick={(product) => onPick(index, product)} />
                </Form.Item>
                <Form.Item
                  name={[line.name, 'quantity']}
                  rules={[{ required: true, message: t('quotes.quantity') }]}
                  style={{ width: widths.quantity, flex: 'none' }}
                >
                  <InputNumber<string>
                    stringMode
                    min="0"
                    aria-label={t('quotes.quantity')}
                    data-testid="quote-line-quantity"
                    style={{ width: '100%' }}
                  />
                </Form.Item>
                <Form.Item name={[line.name, 'unitPrice']} style={{ width: widths.unitPrice, flex: 'none' }}>
                  <InputNumber<string>
                    stringMode
                    min="0"
                    aria-label={t('quotes.unitPrice')}
                    data-testid="quote-line-price"
                    style={{ width: '100%' }}
                  />
                </Form.Item>
                <Form.Item
                  name={[line.name, 'discountPercent']}
                  style={{ width: widths.discount, flex: 'none' }}
                >
                  <InputNumber<string>
                    stringMode
                    min="0"
                    max="100"
                    aria-label={t('quotes.discount')}
                    data-testid="quote-line-discount"
                    style={{ width: '100%' }}
                  />
                </Form.Item>
                <Form.Item name={[line.name, 'taxPercent']} style={{ width: widths.tax, flex: 'none' }}>
                  <InputNumber<string>
                    stringMode
                    min="0"
                    max="100"
                    aria-label={t('quotes.taxRate')}
                    style={{ width: '100%' }}
                  />
                </Form.Item>
                <Typography.Text
                  data-testid="quote-line-amount"
                  style={{
                    width: widths.amount,
                    flex: 'none',
                    textAlign: 'right',
                    lineHeight: '32px',
                    fontVariantNumeric: 'tabular-nums',
                  }}
                >
                  {priced ? formatMoney(priced.amount, currency) : '—'}
                </Typography.Text>
                <Button
                  type="text"
                  icon={<DeleteOutlined />}
                  aria-label={t('quotes.removeLine')}
                  disabled={lines.length === 1}
                  onClick={() => remove(line.name)}
                />
              </Flex>
            );
          })}
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            onClick={() => add({ quantity: '1', taxPercent: '13' })}
            data-testid="quote-add-line"
            style={{ alignSelf: 'flex-start' }}
          >
            {t('quotes.addLine')}
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}
