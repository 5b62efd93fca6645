import { Alert, Button, Drawer, Flex, Input, List, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type {
  Lead,
  LeadConversion,
  LeadStatus,
  settableLeadStatuses,
} from '#src/modules/sales/leads.schema.ts';

type SettableStatus = (typeof settableLeadStatuses)[number];
import { can } from '#src/modules/users/roles.ts';
import { Loading } from '../../../components/Loading.tsx';
import { Facts } from '../../../components/Panel.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useNotify } from '../../../lib/notify.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import { useCurrentUser } from '../../auth/hooks/useSession.ts';
import { useLead, useUpdateLead } from '../hooks/useLeads.ts';
import { ConvertDialog } from './ConvertDialog.tsx';
import { LeadStatusTag, ScoreBadge, sourceLabel } from './labels.tsx';

/** The status moves a person may make from each status (converted only through the convert dialog). */
const moves: Record<LeadStatus, SettableStatus[]> = {
  new: ['contacted', 'qualified', 'unqualified'],
  contacted: ['qualified', 'unqualified', 'new'],
  qualified: ['contacted', 'unqualified'],
  unqualified: ['new', 'qualified'],
  converted: [],
};

function StatusActions({ lead }: { lead: Lead }) {
  const { t } = useTranslation();
  const update = useUpdateLead();
  const showError = useApiError();
  const [reasonOpen, setReasonOpen] = useState(false);
  const [reason, setReason] = useState('');
  const label: Record<SettableStatus, string> = {
    new: t('leads.reopen'),
    contacted: t('leads.markContacted'),
    qualified: t('leads.markQualified'),
    unqualified: t('leads.markUnqualified'),
  };
  const move = (status: SettableStatus, unqualifiedReason?: string) =>
    update.mutate(
      {
        id: lead.id,
        input: { version: lead.version, status, ...(unqualifiedReason && { unqualifiedReason }) },
      },
      { onSuccess: () => setReasonOpen(false), onError: (error) => showError(error) },
    );
  return (
    <Flex wrap gap={8}>
      {moves[lead.status].map((status) => (
        <Button
          key={status}
          size="small"
          loading={update.isPending && update.variables?.input.status === status}
          data-testid={`lead-move-${status}`}
          onClick={() => (status === 'unqualified' ? setReasonOpen(true) : move(status))}
        >
          {label[status]}
        </Button>
      ))}
      <Modal
        open={reasonOpen}
        title={t('leads.reasonPrompt')}
        onCancel={() => setReasonOpen(false)}
        onOk={() => move('unqualified', reason.trim())}
        okButtonProps={{ disabled: !reason.trim() }}
        confirmLoading={update.isPending}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
      </Modal>
    </Flex>
  );
}

function Notes({ lead, editable }: { lead: Lead; editable: boolean }) {
  const { t } = useTranslation();
  const [notes, setNotes] = useState(lead.notes ?? '');
  useEffect(() => setNotes(lead.notes ?? ''), [lead.notes]);
  const update = useUpdateLead();
  const showError = useApiError();
  const message = useNotify();
  if (!editable) return <Typography.Paragraph>{lead.notes ?? '—'}</Typography.Paragraph>;
  return (
    <Flex vertical gap={8}>
      <Input.TextArea
        rows={4}
        value={notes}
        onChange={(e) => setNotes(e.target.value)}
        data-testid="lead-notes"
      />
      <div>
        <Button
          size="small"
          disabled={notes === (lead.notes ?? '')}
          loading={update.isPending}
          onClick={() =>
            update.mutate(
              { id: lead.id, input: { version: lead.version, notes: notes.trim() || null } },
              {
                onSuccess: () => void message.success(t('leads.saved')),
                onError: (error) => showError(error),
              },
            )
          }
        >
          {t('leads.saveNotes')}
        </Button>
      </div>
    </Flex>
  );
}

function ScoreReasons({ lead }: { lead: Lead }) {
  const { t } = useTranslation();
  if (!lead.scoreReasons.length)
    return <Typography.Text type="secondary">{t('leads.noScoreReasons')}</Typography.Text>;
  return (
    <List
      size="small"
      data-testid="lead-score-reasons"
      dataSource={lead.scoreReasons}
      renderItem={(reason) => (
        <List.Item
          extra={
            <Typography.Text strong>
              {reason.points > 0 ? `+${reason.points}` : reason.points}
            </Typography.Text>
          }
        >
          {reason.name}
        </List.Item>
      )}
    />
  );
}

function Converted({ lead }: { lead: Lead }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="success"
      showIcon
      data-testid="lead-converted"
      message={`${t('leads.convertedTo')} · ${formatDateTime(lead.convertedAt)}`}
      description={
        <Flex wrap gap={12}>
          {lead.convertedCustomerId && (
            <Link to={`/customers/${lead.convertedCustomerId}`}>{t('leads.openCustomer')}</Link>
          )}
          {lead.convertedOrganizationId && (
            <Link to={`/customers/${lead.convertedOrganizationId}`}>{t('leads.openOrganization')}</Link>
          )}
          {lead.convertedOpportunityId && <Link to="/sales/board">{t('leads.openBoard')}</Link>}
        </Flex>
      }
    />
  );
}

function LeadDetails({ id }: { id: string }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const lead = useLead(id);
  const [converting, setConverting] = useState(false);
  if (lead.isError) return <LoadError error={lead.error} onRetry={() => void lead.refetch()} />;
  if (!lead.data) return <Loading />;
  const l = lead.data;
  const writable = can(user.role, 'sales.write') && l.status !== 'converted';
  const facts = Object.entries(l.facts);
  const onConverted = (_result: LeadConversion) => setConverting(false);
  return (
    <Flex vertical gap={20} data-testid="lead-drawer-body">
      <Flex wrap justify="space-between" align="center" gap={8}>
        <Flex gap={8} align="center">
          <LeadStatusTag status={l.status} />
          <ScoreBadge score={l.score} />
        </Flex>
        {writable && (
          <Button type="primary" onClick={() => setConverting(true)} data-testid="lead-convert">
            {t('leads.convert')}
          </Button>
        )}
      </Flex>
      {l.status === 'converted' && <Converted lead={l} />}
      {writable && <StatusActions lead={l} />}
      <Facts
        rows={[
          { label: t('leads.fields.company'), value: l.company ?? '—' },
          { label: t('leads.fields.title'), value: l.title ?? '—' },
          { label: t('leads.fields.email'), value: l.email ?? '—' },
          { label: t('leads.fields.phone'), value: l.phone ?? '—' },
          { label: t('leads.fields.source'), value: sourceLabel(t, l.source) },
          {
            label: t('leads.fields.province'),
            value: [l.province, l.city].filter(Boolean).join(' · ') || '—',
          },
          { label: t('leads.fields.owner'), value: l.ownerName ?? t('leads.unassigned') },
          { label: t('leads.fields.createdAt'), value: formatDateTime(l.createdAt) },
          ...(l.unqualifiedReason
            ? [{ label: t('leads.fields.unqualifiedReason'), value: l.unqualifiedReason }]
            : []),
          ...(facts.length
            ? [
                {
                  label: t('leads.fields.facts'),
                  value: facts.map(([k, v]) => `${k}: ${String(v)}`).join('；'),
                },
              ]
            : []),
        ]}
      />
      <div>
        <Typography.Title level={5}>{t('leads.scoreReasons')}</Typography.Title>
        <ScoreReasons lead={l} />
      </div>
      <div>
        <Typography.Title level={5}>{t('leads.fields.notes')}</Typography.Title>
        <Notes lead={l} editable={writable} />
      </div>
      {writable && (
        <ConvertDialog
          lead={l}
          open={converting}
          onClose={() => setConverting(false)}
          onConverted={onConverted}
        />
      )}
    </Flex>
  );
}

/** One lead at the side of the list: details, status moves, notes, why it scored, and conversion. */
export function LeadDrawer({ leadId, onClose }: { leadId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const lead = useLead(leadId);
  return (
    <Drawer
      open={leadId !== null}
      onClose={onClose}
      title={lead.data?.name ?? t('leads.detail')}
      width="min(560px, 100vw)"
      destroyOnHidden
      data-testid="lead-drawer"
    >
      {leadId && <LeadDetails id={leadId} />}
    </Drawer>
  );
}
