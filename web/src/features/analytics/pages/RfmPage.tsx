import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { rfmSegments } from '#src/modules/analytics/rfm.segments.ts';
import type { RfmSegment } from '#src/modules/analytics/rfm.segments.ts';
import { can } from '#src/modules/users/roles.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Panel } from '../../../components/Panel.tsx';
import { useCurrentUser } from '../../auth/hooks/useSession.ts';
import { AnalysisBody } from '../components/AnalysisBody.tsx';
import { AnalysisFacts } from '../components/AnalysisFacts.tsx';
import { ChartAndTable } from '../components/ChartAndTable.tsx';
import { MovementPanel } from '../components/MovementPanel.tsx';
import { OptionsForm } from '../components/OptionsForm.tsx';
import { ScoresPanel } from '../components/ScoresPanel.tsx';
import { SegmentCustomers } from '../components/SegmentCustomers.tsx';
import { SegmentMap } from '../components/SegmentMap.tsx';
import { SegmentTable } from '../components/SegmentTable.tsx';
import { optionKeys, useAddressParam, useOptionsInAddress } from '../hooks/options.ts';
import { useRfm, useScoresStatus } from '../hooks/useAnalytics.ts';

const keys = optionKeys.rfm;

const isSegment = (value: string | undefined): value is RfmSegment =>
  (rfmSegments as readonly string[]).includes(value ?? '');

/** RFM: the segment map and table, the customers of a segment, and movement between snapshots. */
export function RfmPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [options, setOptions] = useOptionsInAddress(keys);
  const [openSegment, setOpenSegment] = useAddressParam('segment');
  const rfm = useRfm(options);
  const scoresDay = useScoresStatus().data?.current?.asOf;
  const result = rfm.data;

  return (
    <div data-testid="rfm-page">
      <PageHeader title={t('analytics.rfm.title')} />
      <Typography.Paragraph type="secondary">{t('analytics.rfm.intro')}</Typography.Paragraph>
      <ScoresPanel />
      <OptionsForm
        fields={keys}
        values={options}
        placeholders={result ? { asOf: result.asOf, currency: result.currency } : {}}
        error={rfm.error}
        onApply={setOptions}
      />
      <AnalysisBody query={rfm} optionKeys={keys}>
        {(result) => (
          <>
            <AnalysisFacts
              asOf={result.asOf}
              currency={result.currency}
              customers={result.totals.customers}
              revenue={result.totals.revenue}
              source={result.source}
              leftOut={result.leftOut}
            />
            <ChartAndTable
              empty={result.totals.customers === 0 && t('analytics.common.noData')}
              chartTitle={t('analytics.rfm.mapTitle')}
              chartTestId="segment-map-panel"
              hint={t('analytics.rfm.clickHint')}
              chart={<SegmentMap result={result} onOpen={setOpenSegment} />}
              tableTitle={t('analytics.rfm.tableTitle')}
              table={<SegmentTable result={result} scoresDay={scoresDay} onOpen={setOpenSegment} />}
            />
          </>
        )}
      </AnalysisBody>
      <div style={{ marginTop: 16 }}>
        <Panel title={t('analytics.rfm.movementTitle')} testId="movement">
          <MovementPanel
            options={options}
            asOf={result?.asOf ?? ''}
            maySnapshot={can(user.role, 'analytics.snapshot')}
          />
        </Panel>
      </div>
      {result && (
        <SegmentCustomers
          options={options}
          result={result}
          segment={isSegment(openSegment) ? openSegment : undefined}
          onClose={() => setOpenSegment(undefined)}
        />
      )}
    </div>
  );
}
