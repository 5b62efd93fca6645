import { Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { rfmSegments } from '#src/modules/analytics/rfm.segments.ts';
import type { RfmSegment } from '#src/modules/analytics/rfm.segments.ts';
import { can } from '#src/modules/users/roles.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Panel } from '../../../components/Panel.tsx';
import { useCurrentUser } from '../../auth/hooks/useSession.ts';
import { AnalysisError } from '../components/AnalysisError.tsx';
import { AnalysisFacts } from '../components/AnalysisFacts.tsx';
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
      {rfm.isError && !rfm.isFetching ? (
        <AnalysisError error={rfm.error} optionKeys={keys} onRetry={() => void rfm.refetch()} />
      ) : !result ? (
        <Spin tip={t('analytics.common.computing')} style={{ display: 'block', margin: '48px auto' }}>
          <div style={{ height: 48 }} />
        </Spin>
      ) : (
        <Spin spinning={rfm.isFetching}>
          <AnalysisFacts
            asOf={result.asOf}
            currency={result.currency}
            customers={result.totals.customers}
            revenue={result.totals.revenue}
            source={result.source}
            leftOut={result.leftOut}
          />
          {result.totals.customers === 0 ? (
            <Panel>
              <Typography.Text type="secondary" data-testid="analysis-empty">
                {t('analytics.common.noData')}
              </Typography.Text>
            </Panel>
          ) : (
            <div style={{ display: 'grid', gap: 16 }}>
              <Panel title={t('analytics.rfm.mapTitle')} testId="segment-map-panel">
                <Typography.Paragraph type="secondary">{t('analytics.rfm.clickHint')}</Typography.Paragraph>
                <SegmentMap result={result} onOpen={setOpenSegment} />
              </Panel>
              <Panel title={t('analytics.rfm.tableTitle')}>
                <SegmentTable result={result} scoresDay={scoresDay} onOpen={setOpenSegment} />
              </Panel>
            </div>
          )}
        </Spin>
      )}
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
