import { CalendarOutlined } from '@ant-design/icons';
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FactsSource, LeftOut } from '#src/modules/analytics/analytics.schema.ts';
import { formatDay, formatMoney, formatNumber } from '../hooks/format.ts';

/**
 * The line under a dashboard's options: the day the analysis is as of (always shown: scores change with it), the
 * currency, the base it covers, where the facts came from, and the purchases in other currencies it left out.
 */
export function AnalysisFacts({
  asOf,
  asOfKind = 'asOf',
  currency,
  customers,
  revenue,
  source,
  leftOut,
}: {
  asOf: string;
  asOfKind?: 'asOf' | 'calibrationEnd';
  currency: string | undefined;
  customers?: number | undefined;
  revenue?: number | undefined;
  source?: FactsSource | undefined;
  leftOut?: LeftOut | undefined;
}) {
  const { t } = useTranslation();
  return (
    <div
      style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', marginBottom: 16 }}
      data-testid="analysis-facts"
    >
      <Tag icon={<CalendarOutlined />} color="blue" data-testid="analysis-as-of" data-day={asOf}>
        {t(`analytics.facts.${asOfKind}`, { day: formatDay(asOf) })}
      </Tag>
      {currency && <Tag>{t('analytics.facts.currency', { currency })}</Tag>}
      {customers !== undefined && (
        <Tag data-testid="analysis-customers">
          {t('analytics.facts.customers', { number: formatNumber(customers) })}
        </Tag>
      )}
      {revenue !== undefined && currency && (
        <Tag data-testid="analysis-revenue">
          {t('analytics.facts.revenue', { amount: formatMoney(revenue, currency) })}
        </Tag>
      )}
      {source && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t(`analytics.facts.source.${source}`)}
        </Typography.Text>
      )}
      {leftOut && leftOut.length > 0 && (
        <Typography.Text type="warning" style={{ fontSize: 12 }} data-testid="analysis-left-out">
          {t('analytics.facts.leftOut', {
            list: leftOut
              .map((row) =>
                t('analytics.facts.leftOutItem', {
                  currency: row.currency,
                  customers: formatNumber(row.customers),
                  orders: formatNumber(row.orders),
                }),
              )
              .join('; '),
          })}
        </Typography.Text>
      )}
    </div>
  );
}
