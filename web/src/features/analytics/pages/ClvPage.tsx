import { Alert, Spin, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Panel } from '../../../components/Panel.tsx';
import type { ClvResult, ClvRow } from '../api/analytics.ts';
import { AnalysisBody } from '../components/AnalysisBody.tsx';
import { AnalysisError } from '../components/AnalysisError.tsx';
import { AnalysisFacts } from '../components/AnalysisFacts.tsx';
import { AliveHeatmap, HoldoutChart, ValueHistogram } from '../components/ClvCharts.tsx';
import type { ClvFilter } from '../components/ClvCharts.tsx';
import { ClvCustomerTable } from '../components/ClvCustomerTable.tsx';
import { ClvModelPanel } from '../components/ClvModelPanel.tsx';
import { CsvButton } from '../components/CsvButton.tsx';
import { OptionsForm } from '../components/OptionsForm.tsx';
import { cumulativeHoldout } from '../hooks/chartData.ts';
import { toCsv } from '../hooks/csv.ts';
import { formatDecimal, formatNumber } from '../hooks/format.ts';
import { optionKeys, useOptionsInAddress } from '../hooks/options.ts';
import { useClvCustomers, useClvModel } from '../hooks/useAnalytics.ts';

const keys = optionKeys.clv;

/**
 * The charts and the ranking read every customer's forecast in the browser; past this many customers that answer
 * is too large to fetch, and the page shows the model alone.
 */
const maxCustomersInBrowser = 50_000;

const grid = {
  display: 'grid',
  gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 460px), 1fr))',
  gap: 16,
} as const;

type FrequencyRow = NonNullable<ClvResult['holdout']>['byFrequency'][number];

/** Holdout by calibration frequency: mean repeat purchases per customer, actual against predicted. */
function FrequencyTable({ result }: { result: ClvResult }) {
  const { t } = useTranslation();
  const rows = result.holdout?.byFrequency ?? [];
  const label = (row: FrequencyRow) =>
    row['orMore'] === true ? t('analytics.clv.orMore', { n: row.frequency }) : String(row.frequency);
  return (
    <>
      <div
        style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 8 }}
      >
        <Typography.Text strong>{t('analytics.clv.byFrequencyTitle')}</Typography.Text>
        <CsvButton
          fileName={`clv-holdout-frequency-${result.model.calibrationEnd}.csv`}
          testId="holdout-frequency-csv"
          build={() => ({
            rows: rows.length,
            text: toCsv<FrequencyRow>(
              [
                { header: t('analytics.clv.fields.frequency'), value: label },
                {
                  header: t('analytics.common.customers'),
                  value: (row) => row['customers'] as number | undefined,
                },
                { header: t('analytics.clv.fields.actualMean'), value: (row) => row.actual },
                { header: t('analytics.clv.fields.predictedMean'), value: (row) => row.predicted },
              ],
              rows,
            ),
          })}
        />
      </div>
      <Table<FrequencyRow>
        size="small"
        rowKey="frequency"
        pagination={false}
        dataSource={rows}
        data-testid="holdout-frequency-table"
        columns={[
          { title: t('analytics.clv.fields.frequency'), key: 'frequency', render: (_, row) => label(row) },
          {
            title: t('analytics.common.customers'),
            key: 'customers',
            align: 'right',
            render: (_, row) => (typeof row['customers'] === 'number' ? formatNumber(row['customers']) : '—'),
          },
          {
            title: t('analytics.clv.fields.actualMean'),
            dataIndex: 'actual',
            align: 'right',
            render: (value: number) => formatDecimal(value, 2),
          },
          {
            title: t('analytics.clv.fields.predictedMean'),
            dataIndex: 'predicted',
            align: 'right',
            render: (value: number) => formatDecimal(value, 2),
          },
        ]}
      />
    </>
  );
}

/** CLV: the fitted model, the value distribution, P(alive) by recency and frequency, the holdout, the ranking. */
export function ClvPage() {
  const { t } = useTranslation();
  const [options, setOptions] = useOptionsInAddress(keys);
  const model = useClvModel(options);
  const result = model.data;
  const fitsInBrowser = result !== undefined && result.model.customers <= maxCustomersInBrowser;
  const all = useClvCustomers(options, fitsInBrowser && !model.isPlaceholderData);
  const rows = (all.data?.customers.items ?? []) as ClvRow[];
  const [filter, setFilter] = useState<ClvFilter | null>(null);
  const currency = result?.currency ?? options.currency ?? '';
  const holdout = result?.holdout;

  return (
    <div data-testid="clv-page">
      <PageHeader title={t('analytics.clv.title')} />
      <Typography.Paragraph type="secondary">{t('analytics.clv.intro')}</Typography.Paragraph>
      <OptionsForm
        fields={keys}
        values={options}
        placeholders={
          result ? { calibrationEnd: result.model.calibrationEnd, ...(currency ? { currency } : {}) } : {}
        }
        error={model.error}
        onApply={(values) => {
          setFilter(null);
          setOptions(values);
        }}
      />
      <AnalysisBody query={model} optionKeys={keys}>
        {(result) => (
          <>
            <AnalysisFacts
              asOf={result.model.calibrationEnd}
              asOfKind="calibrationEnd"
              currency={result.currency}
              customers={result.model.customers}
              source={result.source}
              leftOut={result.leftOut}
            />
            <div style={{ display: 'grid', gap: 16 }}>
              <div style={grid}>
                <Panel title={t('analytics.clv.modelTitle')}>
                  <ClvModelPanel result={result} />
                </Panel>
                <Panel title={t('analytics.clv.holdoutTitle')} testId="clv-holdout-panel">
                  {holdout ? (
                    <>
                      <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 8 }}>
                        <CsvButton
                          fileName={`clv-holdout-${result.model.calibrationEnd}.csv`}
                          testId="holdout-csv"
                          build={() => {
                            const cumulative = cumulativeHoldout(holdout.byPeriod);
                            return {
                              rows: cumulative.length,
                              text: toCsv(
                                [
                                  { header: t('analytics.clv.fields.period'), value: (row) => row.period },
                                  { header: t('analytics.clv.actual'), value: (row) => row.actualInPeriod },
                                  {
                                    header: t('analytics.clv.predicted'),
                                    value: (row) => row.predictedInPeriod,
                                  },
                                  { header: `Σ ${t('analytics.clv.actual')}`, value: (row) => row.actual },
                                  {
                                    header: `Σ ${t('analytics.clv.predicted')}`,
                                    value: (row) => row.predicted,
                                  },
                                ],
                                cumulative.map((row, i) => ({
                                  ...row,
                                  actualInPeriod: holdout.byPeriod[i]?.actual,
                                  predictedInPeriod: holdout.byPeriod[i]?.predicted,
                                })),
                              ),
                            };
                          }}
                        />
                      </div>
                      <HoldoutChart byPeriod={holdout.byPeriod} unit={result.model.unit} />
                      <FrequencyTable result={result} />
                    </>
                  ) : (
                    <Typography.Text type="secondary" data-testid="holdout-hint">
                      {t('analytics.clv.holdoutHint')}
                    </Typography.Text>
                  )}
                </Panel>
              </div>
              {!fitsInBrowser ? (
                <Alert
                  type="info"
                  showIcon
                  title={t('analytics.clv.tooManyForCharts', {
                    number: formatNumber(result.model.customers),
                  })}
                />
              ) : all.isError ? (
                <AnalysisError error={all.error} optionKeys={keys} onRetry={() => void all.refetch()} />
              ) : !all.data ? (
                <Spin tip={t('analytics.common.computing')} style={{ display: 'block', margin: '24px auto' }}>
                  <div style={{ height: 48 }} />
                </Spin>
              ) : (
                <>
                  <Typography.Text type="secondary">{t('analytics.clv.clickHint')}</Typography.Text>
                  <div style={grid}>
                    <Panel title={t('analytics.clv.distributionTitle')} testId="clv-histogram-panel">
                      <ValueHistogram rows={rows} currency={currency} onPick={setFilter} />
                    </Panel>
                    <Panel title={t('analytics.clv.aliveTitle')} testId="clv-alive-panel">
                      <AliveHeatmap rows={rows} unit={result.model.unit} onPick={setFilter} />
                    </Panel>
                  </div>
                  <Panel title={t('analytics.clv.tableTitle')} testId="clv-table-panel">
                    <ClvCustomerTable
                      rows={rows}
                      currency={currency}
                      calibrationEnd={result.model.calibrationEnd}
                      filter={filter}
                      onClearFilter={() => setFilter(null)}
                    />
                  </Panel>
                </>
              )}
            </div>
          </>
        )}
      </AnalysisBody>
    </div>
  );
}
