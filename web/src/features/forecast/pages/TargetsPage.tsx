import { Button, Flex, Form, InputNumber, Popconfirm, Segmented, Select, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { targetMetrics, type Target, type TargetMetric } from '#src/modules/sales/targets.schema.ts';
import { can } from '#src/modules/users/roles.ts';
import { FormDialog } from '../../../components/FormDialog.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Panel } from '../../../components/Panel.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { useNotify } from '../../../lib/notify.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import { useCurrentUser } from '../../auth/hooks/useSession.ts';
import { formatMoney, formatNumber } from '../../analytics/hooks/format.ts';
import { periodLabel } from '../hooks/periods.ts';
import {
  useCreateTarget,
  useDeleteTarget,
  useStaff,
  useTargets,
  useTeams,
  useUpdateTarget,
} from '../hooks/useForecast.ts';
import { Attainment } from '../components/Attainment.tsx';

type Kind = 'month' | 'quarter' | 'year';

/** The first days of the periods a picker offers: this year's and next year's. */
function periodStarts(kind: Kind): string[] {
  const year = new Date().getFullYear();
  const starts: string[] = [];
  for (const y of [year, year + 1]) {
    if (kind === 'year') starts.push(`${y}-01-01`);
    else
      for (let m = 1; m <= 12; m += kind === 'month' ? 1 : 3)
        starts.push(`${y}-${String(m).padStart(2, '0')}-01`);
  }
  return starts;
}

interface TargetForm {
  assignee: string;
  metric: TargetMetric;
  periodStart: string;
  amount: number;
}

const isMoney = (metric: TargetMetric) => metric === 'won_amount' || metric === 'revenue';

/** Targets per person or team and period, with what was achieved; managers and admins set them. */
export function TargetsPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const notify = useNotify();
  const showError = useApiError();
  const mayManage = can(user.role, 'targets.manage');
  const [kind, setKind] = useState<Kind>('month');
  const targets = useTargets({ periodKind: kind });
  const staff = useStaff();
  const teams = useTeams();
  const create = useCreateTarget();
  const update = useUpdateTarget();
  const remove = useDeleteTarget();
  const [form] = Form.useForm<TargetForm>();
  const [editForm] = Form.useForm<{ amount: number }>();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Target | null>(null);

  const value = (target: Target, amount: number) =>
    isMoney(target.metric) ? formatMoney(amount, target.currency) : formatNumber(amount);

  const columns: TableColumnsType<Target> = [
    {
      title: t('forecast.targets.periodStart'),
      dataIndex: 'periodStart',
      render: (start: string) => periodLabel(start, kind),
    },
    { title: t('forecast.targets.assignee'), dataIndex: 'assigneeName' },
    {
      title: t('forecast.targets.metric'),
      dataIndex: 'metric',
      render: (metric: TargetMetric) => t(`forecast.targets.metrics.${metric}`),
    },
    {
      title: t('forecast.targets.amount'),
      align: 'right',
      render: (_, target) => value(target, target.amount),
    },
    {
      title: t('forecast.targets.actual'),
      align: 'right',
      render: (_, target) => value(target, target.actual),
    },
    {
      title: t('forecast.attainment'),
      dataIndex: 'attainment',
      render: (v: number | null) => <Attainment value={v} />,
    },
    ...(mayManage
      ? [
          {
            key: 'actions',
            render: (_: unknown, target: Target) => (
              <Flex gap={4}>
                <Button size="small" type="link" onClick={() => setEditing(target)}>
                  {t('forecast.targets.edit')}
                </Button>
                <Popconfirm
                  title={t('forecast.targets.deleteConfirm')}
                  onConfirm={() =>
                    remove.mutate(target, {
                      onSuccess: () => void notify.success(t('forecast.targets.deleted')),
                      onError: (e) => showError(e),
                    })
                  }
                >
                  <Button size="small" type="link" danger>
                    {t('forecast.targets.delete')}
                  </Button>
                </Popconfirm>
              </Flex>
            ),
          },
        ]
      : []),
  ];

  const assignees = [
    ...(teams.data?.items ?? []).map((team) => ({
      value: `team:${team.id}`,
      label: `${t('forecast.team')} · ${team.name}`,
    })),
    ...(staff.data?.items ?? [])
      .filter((person) => ['sales', 'manager'].includes(person.role))
      .map((person) => ({
        value: `user:${person.id}`,
        label: `${t('forecast.targets.person')} · ${person.name}`,
      })),
  ];

  return (
    <div data-testid="targets-page">
      <PageHeader
        title={t('forecast.targets.title')}
        extra={
          <Flex gap={8}>
            <Segmented
              value={kind}
              onChange={(v) => setKind(v as Kind)}
              options={(['month', 'quarter', 'year'] as const).map((k) => ({
                value: k,
                label: t(`forecast.${k}`),
              }))}
            />
            {mayManage && (
              <Button type="primary" onClick={() => setAdding(true)} data-testid="add-target">
                {t('forecast.targets.add')}
              </Button>
            )}
          </Flex>
        }
      />
      <Typography.Paragraph type="secondary">{t('forecast.targets.intro')}</Typography.Paragraph>
      {targets.isError && <LoadError error={targets.error} onRetry={() => void targets.refetch()} />}
      <Panel>
        <Table<Target>
          data-testid="targets-table"
          size="small"
          rowKey="id"
          loading={targets.isPending}
          columns={columns}
          dataSource={targets.data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('forecast.targets.empty') }}
        />
      </Panel>
      <FormDialog<TargetForm>
        open={adding}
        title={t('forecast.targets.add')}
        form={form}
        name="target"
        testId="target-dialog"
        pending={create.isPending}
        initialValues={{ metric: 'won_amount', periodStart: periodStarts(kind)[0] }}
        onClose={() => setAdding(false)}
        onSubmit={(values) => {
          const [assigneeKind, id] = values.assignee.split(':') as ['user' | 'team', string];
          create.mutate(
            {
              periodKind: kind,
              periodStart: values.periodStart,
              metric: values.metric,
              amount: values.amount,
              ...(assigneeKind === 'user' ? { userId: id } : { teamId: id }),
            },
            {
              onSuccess: () => {
                void notify.success(t('forecast.targets.saved'));
                setAdding(false);
              },
              onError: (e) => showError(e),
            },
          );
        }}
      >
        <Form.Item name="assignee" label={t('forecast.targets.assignee')} rules={[{ required: true }]}>
          <Select showSearch optionFilterProp="label" options={assignees} />
        </Form.Item>
        <Form.Item name="metric" label={t('forecast.targets.metric')} rules={[{ required: true }]}>
          <Select
            options={targetMetrics.map((m) => ({ value: m, label: t(`forecast.targets.metrics.${m}`) }))}
          />
        </Form.Item>
        <Form.Item name="periodStart" label={t('forecast.targets.periodStart')} rules={[{ required: true }]}>
          <Select options={periodStarts(kind).map((s) => ({ value: s, label: periodLabel(s, kind) }))} />
        </Form.Item>
        <Form.Item name="amount" label={t('forecast.targets.amount')} rules={[{ required: true }]}>
          <InputNumber min={0} style={{ width: '100%' }} />
        </Form.Item>
      </FormDialog>
      <FormDialog<{ amount: number }>
        open={editing !== null}
        title={t('forecast.targets.edit')}
        form={editForm}
        name="target-edit"
        pending={update.isPending}
        initialValues={{ amount: editing?.amount ?? 0 }}
        onClose={() => setEditing(null)}
        onSubmit={({ amount }) =>
          editing &&
          update.mutate(
            { target: editing, amount },
            {
              onSuccess: () => {
                void notify.success(t('forecast.targets.saved'));
                setEditing(null);
              },
              onError: (e) => showError(e),
            },
          )
        }
      >
        <Form.Item name="amount" label={t('forecast.targets.amount')} rules={[{ required: true }]}>
          <InputNumber min={0} style={{ width: '100%' }} />
        </Form.Item>
      </FormDialog>
    </div>
  );
}
