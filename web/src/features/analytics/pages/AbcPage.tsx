import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { abcClasses } from '#src/modules/analytics/abc.schema.ts';
import type { AbcClass } from '#src/modules/analytics/abc.schema.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { AnalysisBody } from '../components/AnalysisBody.tsx';
import { AnalysisFacts } from '../components/AnalysisFacts.tsx';
import { ChartAndTable } from '../components/ChartAndTable.tsx';
import { ClassCustomers } from '../components/ClassCustomers.tsx';
import { ClassTable } from '../components/ClassTable.tsx';
import { OptionsForm } from '../components/OptionsForm.tsx';
import { ParetoChart } from '../components/ParetoChart.tsx';
import { ScoresPanel } from '../components/ScoresPanel.tsx';
import { formatDay } from '../hooks/format.ts';
import { optionKeys, useAddressParam, useOptionsInAddress } from '../hooks/options.ts';
import { useAbc, useScoresStatus } from '../hooks/useAnalytics.ts';

const keys = optionKeys.abc;

const isClass = (value: string | undefined): value is AbcClass =>
  (abcClasses as readonly string[]).includes(value ?? '');

/** ABC: the Pareto curve with its cut-offs, the classes, and the customers of a class. */
export function AbcPage() {
  const { t } = useTranslation();
  const [options, setOptions] = useOptionsInAddress(keys);
  const [openClass, setOpenClass] = useAddressParam('class');
  const abc = useAbc(options);
  const scoresDay = useScoresStatus().data?.current?.asOf;
  const result = abc.data;

  return (
    <div data-testid="abc-page">
      <PageHeader title={t('analytics.abc.title')} />
      <Typography.Paragraph type="secondary">{t('analytics.abc.intro')}</Typography.Paragraph>
      <ScoresPanel />
      <OptionsForm
        fields={keys}
        values={options}
        placeholders={
          result
            ? {
                asOf: result.asOf,
                currency: result.currency,
                to: result.to,
                cutoffs: result.cutoffs.join(','),
              }
            : {}
        }
        error={abc.error}
        onApply={setOptions}
      />
      <AnalysisBody query={abc} optionKeys={keys}>
        {(result) => (
          <>
            <AnalysisFacts
              asOf={result.asOf}
              currency={result.currency}
              customers={result.totals.customers}
              revenue={result.by === 'revenue' ? result.totals.revenue : undefined}
              source={result.source}
              leftOut={result.leftOut}
            />
            <div style={{ marginTop: -8, marginBottom: 16 }}>
              <Tag data-testid="abc-period">
                {result.from
                  ? t('analytics.abc.period', { from: formatDay(result.from), to: formatDay(result.to) })
                  : t('analytics.abc.allTime', { to: formatDay(result.to) })}
              </Tag>
              <Tag>{t(`analytics.abc.by.${result.by}`)}</Tag>
            </div>
            <ChartAndTable
              empty={result.totals.customers === 0 && t('analytics.common.noData')}
              chartTitle={t('analytics.abc.paretoTitle')}
              chartTestId="pareto-panel"
              hint={t('analytics.abc.clickHint')}
              chart={<ParetoChart result={result} onOpen={setOpenClass} />}
              tableTitle={t('analytics.abc.tableTitle')}
              table={<ClassTable result={result} scoresDay={scoresDay} onOpen={setOpenClass} />}
            />
          </>
        )}
      </AnalysisBody>
      {result && (
        <ClassCustomers
          options={options}
          result={result}
          abcClass={isClass(openClass) ? openClass : undefined}
          onClose={() => setOpenClass(undefined)}
        />
      )}
    </div>
  );
}
