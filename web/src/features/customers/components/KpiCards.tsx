import { Skeleton, Statistic, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CustomerKpis } from '#src/modules/customers/customers.schema.ts';
import { formatDay, formatMoney, formatNumber } from '../hooks/format.ts';

const grid = {
  display: 'grid',
  gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))',
  gap: 12,
} as const;

/** One figure; `note` marks a date or a sentence ("no purchases yet"), set smaller and allowed to wrap. */
function Kpi({
  title,
  value,
  testId,
  note = false,
}: {
  title: string;
  value: string;
  testId?: string;
  note?: boolean;
}) {
  const { token } = theme.useToken();
  return (
    <div
      data-testid={testId}
      style={{
        background: token.colorBgContainer,
        border: `1px solid ${token.colorBorderSecondary}`,
        borderRadius: token.borderRadiusLG,
        padding: '12px 16px',
        minWidth: 0,
      }}
    >
      <Statistic
        title={title}
        value={value}
        styles={{
          content: note
            ? { fontSize: 16, whiteSpace: 'normal' }
            : { fontSize: 20, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' },
        }}
      />
    </div>
  );
}

/** Purchase KPIs per currency the customer bought in, and the contact KPIs. */
export function KpiCards({ kpis, loading }: { kpis: CustomerKpis | undefined; loading: boolean }) {
  const { t } = useTranslation();
  if (loading || !kpis) return <Skeleton active paragraph={{ rows: 2 }} />;
  const several = kpis.purchases.length > 1;
  const inCurrency = (label: string, currency: string) => (several ? `${label} (${currency})` : label);
  return (
    <div style={grid} data-testid="customer-kpis">
      <Kpi
        testId="kpi-days-since-contact"
        title={t('customers.kpis.daysSinceContact')}
        note={kpis.daysSinceLastContact === null}
        value={
          kpis.daysSinceLastContact === null
            ? t('customers.kpis.noContact')
            : formatNumber(kpis.daysSinceLastContact)
        }
      />
      <Kpi
        testId="kpi-interactions"
        title={t('customers.kpis.interactions')}
        value={formatNumber(kpis.interactions)}
      />
      {kpis.purchases.length === 0 && (
        <Kpi
          testId="kpi-orders"
          title={t('customers.kpis.orders')}
          value={t('customers.kpis.noPurchases')}
          note
        />
      )}
      {kpis.purchases.flatMap((p) => [
        <Kpi
          key={`${p.currency}-orders`}
          testId="kpi-orders"
          title={inCurrency(t('customers.kpis.orders'), p.currency)}
          value={formatNumber(p.orders)}
        />,
        <Kpi
          key={`${p.currency}-revenue`}
          testId="kpi-revenue"
          title={inCurrency(t('customers.kpis.revenue'), p.currency)}
          value={formatMoney(p.revenue, p.currency)}
        />,
        <Kpi
          key={`${p.currency}-aov`}
          title={inCurrency(t('customers.kpis.averageOrderValue'), p.currency)}
          value={formatMoney(p.averageOrderValue, p.currency)}
        />,
        <Kpi
          key={`${p.currency}-first`}
          title={inCurrency(t('customers.kpis.firstPurchase'), p.currency)}
          value={formatDay(p.firstPurchase)}
          note
        />,
        <Kpi
          key={`${p.currency}-last`}
          title={inCurrency(t('customers.kpis.lastPurchase'), p.currency)}
          value={formatDay(p.lastPurchase)}
          note
        />,
      ])}
    </div>
  );
}
