import { Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Cohort } from '#src/modules/analytics/cohorts.schema.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { AnalysisBody } from '../components/AnalysisBody.tsx';
import { AnalysisFacts } from '../components/AnalysisFacts.tsx';
import { ChartAndTable } from '../components/ChartAndTable.tsx';
import { CohortCustomers, type CohortCell } from '../components/CohortCustomers.tsx';
import { CohortHeatmap } from '../components/CohortHeatmap.tsx';
import { CohortTable } from '../components/CohortTable.tsx';
import { OptionsForm } from '../components/OptionsForm.tsx';
import type { CohortMetric } from '../hooks/chartData.ts';
import { optionKeys, useOptionsInAddress } from '../hooks/options.ts';
import { useCohorts } from '../hooks/useAnalytics.ts';

const keys = optionKeys.cohorts;

/** Cohorts by first-purchase month: the retention (or revenue) heatmap and the cohort table; a cell opens its customers. */
export function CohortsPage() {
  const { t } = useTranslation();
  const [options, setOptions] = useOptionsInAddress(keys);
  const cohorts = useCohorts(options);
  const result = cohorts.data;
  const [metric, setMetric] = useState<CohortMetric>('retention');
  const [picked, setPicked] = useState<CohortCell | null>(null);
  // Only months up to the as-of day have customers to list (the heatmap draws no others).
  const pick = (cohort: Cohort, month: number) => {
    if (month < cohort.retention.length) setPicked({ cohort, month });
  };
  const customers = result?.cohorts.reduce((sum, cohort) => sum + cohort.customers, 0);

  return (
    <div data-testid="cohorts-page">
      <PageHeader title={t('analytics.cohorts.title')} />
      <Typography.Paragraph type="secondary">{t('analytics.cohorts.intro')}</Typography.Paragraph>
      <OptionsForm
        fields={keys}
        values={options}
        placeholders={result ? { asOf: result.asOf, currency: result.currency } : {}}
        error={cohorts.error}
        onApply={setOptions}
      />
      <AnalysisBody query={cohorts} optionKeys={keys}>
        {(result) => (
          <>
            <AnalysisFacts
              asOf={result.asOf}
              currency={result.currency}
              customers={customers}
              leftOut={result.leftOut}
            />
            <ChartAndTable
              empty={result.cohorts.length === 0 && t('analytics.cohorts.empty')}
              chartTitle={t('analytics.cohorts.heatmapTitle')}
              chartTestId="cohort-heatmap-panel"
              hint={t('analytics.cohorts.clickHint')}
              chart={
                <CohortHeatmap
                  cohorts={result.cohorts}
                  currency={result.currency}
                  metric={metric}
                  onMetric={setMetric}
                  onPick={pick}
                />
              }
              tableTitle={t('analytics.cohorts.tableTitle')}
              table={<CohortTable result={result} onPick={pick} />}
            />
          </>
        )}
      </AnalysisBody>
      {result && (
        <CohortCustomers options={options} result={result} picked={picked} onClose={() => setPicked(null)} />
      )}
    </div>
  );
}
