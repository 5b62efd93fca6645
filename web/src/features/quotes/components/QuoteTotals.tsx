import { theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../customers/hooks/format.ts';

/** Subtotal, discounts, tax and the total the customer pays, right-aligned under the lines. */
export function QuoteTotals({
  totals,
  currency,
}: {
  totals: { subtotal: number; discountTotal: number; taxTotal: number; total: number };
  currency: string;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const money = (amount: number) => formatMoney(amount, currency);
  const rows = [
    { key: 'subtotal', label: t('quotes.subtotal'), value: money(totals.subtotal) },
    { key: 'discountTotal', label: t('quotes.discountTotal'), value: money(-totals.discountTotal) },
    { key: 'taxTotal', label: t('quotes.taxTotal'), value: money(totals.taxTotal) },
  ];
  return (
    <dl
      data-testid="quote-totals"
      style={{
        display: 'grid',
        gridTemplateColumns: 'max-content max-content',
        justifyContent: 'end',
        gap: '6px 24px',
        margin: '12px 0 0',
        textAlign: 'right',
      }}
    >
      {rows.map((row) => (
        <div key={row.key} style={{ display: 'contents' }}>
          <dt style={{ color: token.colorTextSecondary }}>{row.label}</dt>
          <dd style={{ margin: 0, fontVariantNumeric: 'tabular-nums' }}>{row.value}</dd>
        </div>
      ))}
      <dt style={{ fontWeight: 600, fontSize: token.fontSizeLG }}>{t('quotes.total')}</dt>
      <dd
        data-testid="quote-total"
        style={{ margin: 0, fontWeight: 600, fontSize: token.fontSizeLG, fontVariantNumeric: 'tabular-nums' }}
      >
        {money(totals.total)}
      </dd>
    </dl>
  );
}
