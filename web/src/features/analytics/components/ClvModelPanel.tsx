import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Facts } from '../../../components/Panel.tsx';
import type { ClvResult } from '../api/analytics.ts';
import { formatDay, formatDecimal, formatNumber, formatPercent } from '../hooks/format.ts';

/** The fitted parameters of both models, what they were fitted on, and the holdout error. */
export function ClvModelPanel({ result }: { result: ClvResult }) {
  const { t } = useTranslation();
  const { bgnbd, gammaGamma } = result.model;
  const rows = [
    { label: t('analytics.options.calibrationEnd'), value: formatDay(result.model.calibrationEnd) },
    { label: t('analytics.options.unit'), value: t(`analytics.options.units.${result.model.unit}`) },
    {
      label: t('analytics.clv.fittedOn'),
      value: t('analytics.clv.customersFitted', { number: formatNumber(result.model.customers) }),
    },
  ];
  if (result.counts) {
    rows.push(
      { label: t('analytics.clv.groups'), value: formatNumber(result.counts.groups) },
      { label: t('analytics.clv.spendCustomers'), value: formatNumber(result.counts.spendCustomers) },
      { label: t('analytics.clv.zeroSpendCustomers'), value: formatNumber(result.counts.zeroSpendCustomers) },
      { label: t('analytics.clv.laterCustomers'), value: formatNumber(result.counts.laterCustomers) },
    );
  }
  if (result.holdout)
    rows.push({
      label: t('analytics.clv.mape'),
      value: result.holdout.mape === null ? '—' : formatPercent(result.holdout.mape),
    });

  const parameter = (name: string, value: number, testId: string) => ({
    label: name,
    value: (
      <span data-testid={testId} data-value={value}>
        {formatDecimal(value, 4)}
      </span>
    ),
  });

  return (
    <div style={{ display: 'grid', gap: 16 }} data-testid="clv-model">
      <div>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {t('analytics.clv.bgnbd')}
        </Typography.Title>
        <Facts
          rows={[
            parameter('r', bgnbd.r, 'param-r'),
            parameter('α', bgnbd.alpha, 'param-alpha'),
            parameter('a', bgnbd.a, 'param-a'),
            parameter('b', bgnbd.b, 'param-b'),
            { label: t('analytics.clv.logLikelihood'), value: formatDecimal(bgnbd.logLikelihood, 1) },
          ]}
        />
      </div>
      <div>
        <Typography.Title level={5}>{t('analytics.clv.gammaGamma')}</Typography.Title>
        <Facts
          rows={[
            parameter('p', gammaGamma.p, 'param-p'),
            parameter('q', gammaGamma.q, 'param-q'),
            parameter('γ', gammaGamma.gamma, 'param-gamma'),
            { label: t('analytics.clv.logLikelihood'), value: formatDecimal(gammaGamma.logLikelihood, 1) },
          ]}
        />
      </div>
      <Facts rows={rows} />
    </div>
  );
}
