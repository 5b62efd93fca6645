import { Button, Col, Flex, Modal, Popconfirm, Row, Select, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { OpportunityDetail } from '#src/modules/sales/opportunities.schema.ts';
import { can } from '#src/modules/users/roles.ts';
import { Loading } from '../../../components/Loading.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Facts, Panel } from '../../../components/Panel.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { isApiError } from '../../../lib/api.ts';
import { useNotify } from '../../../lib/notify.tsx';
import { problemMessage } from '../../../lib/useApiError.ts';
import { useCurrentUser } from '../../auth/hooks/useSession.ts';
import { formatDay, formatMoment, formatMoney } from '../../customers/hooks/format.ts';
import * as api from '../api/pipeline.ts';
import { LoseDialog } from '../components/LoseDialog.tsx';
import { OpportunityEditPanel } from '../components/OpportunityEditPanel.tsx';
import { OpportunityItemsPanel } from '../components/OpportunityItemsPanel.tsx';
import { StatusTag } from '../components/StatusTag.tsx';
import { useOpportunity, usePipelineMutation, usePipelines, useStageName } from '../hooks/usePipeline.ts';

/** Moving, winning, losing and reopening, each at the version shown; a refusal says why. */
function useActions(opportunity: OpportunityDetail | undefined) {
  const { t } = useTranslation();
  const message = useNotify();
  const navigate = useNavigate();
  const onError = (error: unknown) =>
    void message.error(
      isApiError(error) && error.code === 'opportunity.closed'
        ? t('pipeline.closedError')
        : problemMessage(t, error),
    );
  const id = opportunity?.id ?? '';
  const version = opportunity?.version ?? 0;
  const run = usePipelineMutation(
    (
      action:
        { kind: 'move' | 'reopen'; stageId: string } | { kind: 'win' } | { kind: 'lose'; reason: string },
    ) => {
      switch (action.kind) {
        case 'move':
          return api.moveOpportunity(id, { version, stageId: action.stageId });
        case 'reopen':
          return api.reopenOpportunity(id, { version, stageId: action.stageId });
        case 'win':
          return api.winOpportunity(id, { version });
        case 'lose':
          return api.loseOpportunity(id, { version, reason: action.reason });
      }
    },
  );
  const remove = usePipelineMutation(() => api.deleteOpportunity(id, version));
  return {
    pending: run.isPending || remove.isPending,
    run: (action: Parameters<typeof run.mutate>[0]) => run.mutate(action, { onError }),
    remove: () =>
      remove.mutate(undefined, {
        onSuccess: () => void navigate('/sales/opportunities'),
        onError,
      }),
  };
}

/**
 * One opportunity: its facts and editable fields, line items, competitors and next step, the stage history as a
 * timeline, and the actions (move, win, lose, reopen, new quote).
 */
export function OpportunityPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const user = useCurrentUser();
  const query = useOpportunity(id);
  const pipelines = usePipelines();
  const stageName = useStageName();
  const actions = useActions(query.data);
  const [losing, setLosing] = useState(false);
  const [reopening, setReopening] = useState<string | undefined>(undefined);
  const [reopenOpen, setReopenOpen] = useState(false);

  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data) return <Loading />;
  const o = query.data;
  const mayWrite = can(user.role, 'sales.write');
  const open = o.status === 'open';
  const pipeline = pipelines.data?.items.find((p) => p.id === o.pipelineId);
  const openStages = (pipeline?.stages ?? []).filter((s) => s.kind === 'open');

  return (
    <div data-testid="opportunity-page">
      <PageHeader
        title={o.name}
        extra={
          <>
            <StatusTag status={o.status} />
            {mayWrite && open && (
              <>
                <Select
                  data-testid="opportunity-move"
                  value={o.stageId}
                  style={{ minWidth: 160 }}
                  disabled={actions.pending}
                  onChange={(stageId) => actions.run({ kind: 'move', stageId })}
                  options={openStages.map((s) => ({ value: s.id, label: stageName(s) }))}
                />
                <Button
                  type="primary"
                  onClick={() => actions.run({ kind: 'win' })}
                  disabled={actions.pending}
                  data-testid="opportunity-win"
                >
                  {t('pipeline.win')}
                </Button>
                <Button
                  danger
                  onClick={() => setLosing(true)}
                  disabled={actions.pending}
                  data-testid="opportunity-lose"
                >
                  {t('pipeline.lose')}
                </Button>
              </>
            )}
            {mayWrite && !open && (
              <Button onClick={() => setReopenOpen(true)} data-testid="opportunity-reopen">
                {t('pipeline.reopen')}
              </Button>
            )}
            <Link to={`/sales/quotes/new?opportunityId=${o.id}`}>
              <Button data-testid="opportunity-new-quote">{t('pipeline.newQuote')}</Button>
            </Link>
            {mayWrite && (
              <Popconfirm
                title={t('pipeline.deleteConfirm')}
                onConfirm={actions.remove}
                okText={t('common.delete')}
                cancelText={t('common.cancel')}
              >
                <Button danger type="text">
                  {t('common.delete')}
                </Button>
              </Popconfirm>
            )}
          </>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={9}>
          <Flex vertical gap={16}>
            <Panel title={t('pipeline.summaryTitle')} testId="opportunity-summary">
              <Facts
                rows={[
                  {
                    label: t('pipeline.fields.customer'),
                    value: <Link to={`/customers/${o.customerId}`}>{o.customerName}</Link>,
                  },
                  { label: t('pipeline.fields.pipeline'), value: pipeline?.name ?? '—' },
                  {
                    label: t('pipeline.fields.stage'),
                    value: stageName({ key: o.stageKey, name: o.stageName }),
                  },
                  { label: t('pipeline.fields.amount'), value: formatMoney(o.amount, o.currency) },
                  { label: t('pipeline.fields.probability'), value: `${Math.round(o.probability * 100)}%` },
                  { label: t('pipeline.fields.weighted'), value: formatMoney(o.weightedAmount, o.currency) },
                  {
                    label: t('pipeline.fields.forecastCategory'),
                    value: t(`pipeline.forecastCategory.${o.forecastCategory}`),
                  },
                  { label: t('pipeline.fields.expectedCloseDate'), value: formatDay(o.expectedCloseDate) },
                  { label: t('pipeline.fields.nextStep'), value: o.nextStep ?? '—' },
                  { label: t('pipeline.fields.competitors'), value: o.competitors.join('、') || '—' },
                  { label: t('pipeline.fields.owner'), value: o.ownerName ?? '—' },
                  ...(o.status === 'open'
                    ? []
                    : [
                        { label: t('pipeline.fields.closedDay'), value: formatDay(o.closedDay) },
                        { label: t('pipeline.fields.closeReason'), value: o.closeReason ?? '—' },
                      ]),
                ]}
              />
            </Panel>
            <Panel title={t('pipeline.historyTitle')} testId="opportunity-history">
              <Timeline
                items={o.history.map((h) => ({
                  color: h.status === 'won' ? 'green' : h.status === 'lost' ? 'red' : 'gray',
                  content: (
                    <div data-testid="history-entry">
                      <Typography.Text strong>
                        {h.fromStageId
                          ? `${stageName({ key: h.fromStageKey, name: h.fromStageName })} → ${stageName({ key: h.toStageKey, name: h.toStageName })}`
                          : stageName({ key: h.toStageKey, name: h.toStageName })}
                      </Typography.Text>
                      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                        {formatMoment(h.changedAt)} · {h.changedByName ?? '—'} ·{' '}
                        {formatMoney(h.amount, o.currency)} · {Math.round(h.probability * 100)}%
                      </Typography.Text>
                    </div>
                  ),
                }))}
              />
            </Panel>
          </Flex>
        </Col>
        <Col xs={24} xl={15}>
          <Flex vertical gap={16}>
            <OpportunityItemsPanel opportunity={o} disabled={!mayWrite || !open} />
            <OpportunityEditPanel opportunity={o} disabled={!mayWrite || !open} />
          </Flex>
        </Col>
      </Row>
      <LoseDialog
        open={losing}
        pending={actions.pending}
        onClose={() => setLosing(false)}
        onSubmit={(reason) => {
          setLosing(false);
          actions.run({ kind: 'lose', reason });
        }}
      />
      <Modal
        open={reopenOpen}
        title={t('pipeline.reopenTitle')}
        okText={t('pipeline.reopen')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !reopening }}
        onCancel={() => setReopenOpen(false)}
        onOk={() => {
          setReopenOpen(false);
          if (reopening) actions.run({ kind: 'reopen', stageId: reopening });
        }}
      >
        <Select
          style={{ width: '100%' }}
          value={reopening}
          onChange={setReopening}
          placeholder={t('pipeline.fields.stage')}
          options={openStages.map((s) => ({ value: s.id, label: stageName(s) }))}
        />
      </Modal>
    </div>
  );
}
