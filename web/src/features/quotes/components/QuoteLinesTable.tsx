import { Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { QuoteDetail, QuoteItem } from '#src/modules/sales/quotes.schema.ts';
import { formatMoney, formatNumber } from '../../customers/hooks/format.ts';

/** A quote's lines as the customer sees them: product, quantity, price, discount, tax rate, net amount and tax. */
export function QuoteLinesTable({ quote }: { quote: QuoteDetail }) {
  const { t } = useTranslation();
  const money = (amount: number) => formatMoney(amount, quote.currency);
  const percent = (value: number) => formatNumber(value, { style: 'percent', maximumFractionDigits: 2 });
  const right = 'right' as const;
  const columns: TableColumnsType<QuoteItem> = [
    { title: t('quotes.line'), dataIndex: 'line', width: 56 },
    {
      title: t('quotes.product'),
      key: 'product',
      render: (_, item) => (
        <>
          {item.name}
          <Typography.Text type="secondary" code style={{ marginInlineStart: 6 }}>
            {item.sku}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('quotes.quantity'),
      dataIndex: 'quantity',
      align: right,
      render: (q: number) => formatNumber(q),
    },
    { title: t('quotes.unitPrice'), dataIndex: 'unitPrice', align: right, render: money },
    {
      title: t('quotes.discount'),
      dataIndex: 'discount',
      align: right,
      render: (d: number) => (d ? percent(d) : '—'),
    },
    { title: t('quotes.taxRate'), dataIndex: 'taxRate', align: right, render: percent },
    { title: t('quotes.amount'), dataIndex: 'amount', align: right, render: money },
    { title: t('quotes.tax'), dataIndex: 'tax', align: right, render: money },
  ];
  return (
    <Table<QuoteItem>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={quote.items}
      pagination={false}
      scroll={{ x: 'max-content' }}
      data-testid="quote-lines"
    />
  );
}
