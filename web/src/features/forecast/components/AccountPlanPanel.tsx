import {
  Button,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Progress,
  Rate,
  Select,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  dmuAttitudes,
  dmuLayers,
  dmuRoles,
  type AccountPlanDetail,
  type PlanContact,
} from '#src/modules/sales/account-plans.schema.ts';
import { can } from '#src/modules/users/roles.ts';
import { FormDialog } from '../../../components/FormDialog.tsx';
import { Facts, Panel } from '../../../components/Panel.tsx';
import { useNotify } from '../../../lib/notify.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import { useCurrentUser } from '../../auth/hooks/useSession.ts';
import { formatDay, formatMoney, formatPercent } from '../../analytics/hooks/format.ts';
import { addContact, createPlan, removeContact, updatePlan } from '../api/forecast.ts';
import { useCustomerPlan, usePlanWrite } from '../hooks/useForecast.ts';

const layerColors = { executive: 'volcano', management: 'gold', operational: 'blue' } as const;
const attitudeColors = { supporter: 'green', neutral: 'default', opponent: 'red' } as const;

interface PlanForm {
  goals?: string;
  strategy?: string;
  estimatedWallet?: number | null;
  relationshipStrength?: number;
  nextReviewOn?: Dayjs | null;
}

interface ContactForm {
  name: string;
  title?: string;
  role: PlanContact['role'];
  layer: PlanContact['layer'];
  strength: number;
  attitude?: PlanContact['attitude'];
  nextContactOn?: Dayjs | null;
  notes?: string;
}

const day = (value: Dayjs | null | undefined) => (value ? value.format('YYYY-MM-DD') : null);

/** The key-account plan: goals, wallet and share of wallet, the decision-making unit and the planned contacts. */
export function AccountPlanPanel({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const notify = useNotify();
  const showError = useApiError();
  const plan = useCustomerPlan(customerId);
  const mayWrite = can(user.role, 'sales.write');
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState(false);
  const [planForm] = Form.useForm<PlanForm>();
  const [contactForm] = Form.useForm<ContactForm>();
  const start = usePlanWrite(customerId, () => createPlan({ customerId }));
  const save = usePlanWrite(customerId, (values: PlanForm) =>
    updatePlan(plan.data!.id, {
      version: plan.data!.version,
      goals: values.goals ?? null,
      strategy: values.strategy ?? null,
      estimatedWallet: values.estimatedWallet ?? null,
      relationshipStrength: values.relationshipStrength || null,
      nextReviewOn: day(values.nextReviewOn),
    }),
  );
  const add = usePlanWrite(customerId, (values: ContactForm) =>
    addContact(plan.data!.id, {
      name: values.name,
      title: values.title || null,
      role: values.role,
      layer: values.layer,
      strength: values.strength,
      attitude: values.attitude ?? null,
      nextContactOn: day(values.nextContactOn),
      notes: values.notes || null,
    }),
  );
  const remove = usePlanWrite(customerId, removeContact);
  const done = (close: () => void) => ({
    onSuccess: () => {
      void notify.success(t('forecast.plan.saved'));
      close();
    },
    onError: (e: unknown) => showError(e),
  });

  if (plan.isPending) return null;
  if (plan.isError) return null;
  const data: AccountPlanDetail | null = plan.data;

  return (
    <Panel title={t('forecast.plan.title')} testId="account-plan-panel">
      {!data ? (
        <Empty description={t('forecast.plan.none')} image={Empty.PRESENTED_IMAGE_SIMPLE}>
          {mayWrite && (
            <Button
              type="primary"
              loading={start.isPending}
              data-testid="start-plan"
              onClick={() => start.mutate(undefined, { onError: (e) => showError(e) })}
            >
              {t('forecast.plan.start')}
            </Button>
          )}
        </Empty>
      ) : (
        <Flex vertical gap={16}>
          <Facts
            rows={[
              { label: t('forecast.plan.goals'), value: data.goals ?? '—' },
              { label: t('forecast.plan.strategy'), value: data.strategy ?? '—' },
              {
                label: t('forecast.plan.wallet'),
                value: data.estimatedWallet === null ? '—' : formatMoney(data.estimatedWallet, data.currency),
              },
              {
                label: t('forecast.plan.revenue12'),
                value: formatMoney(data.revenueLast12Months, data.currency),
              },
              {
                label: t('forecast.plan.shareOfWallet'),
                value:
                  data.shareOfWallet === null ? (
                    '—'
                  ) : (
                    <Progress
                      data-testid="share-of-wallet"
                      percent={Math.min(100, Math.round(data.shareOfWallet * 1000) / 10)}
                      format={() => formatPercent(data.shareOfWallet ?? 0)}
                      size="small"
                      style={{ maxWidth: 240, margin: 0 }}
                    />
                  ),
              },
              {
                label: t('forecast.plan.strength'),
                value:
                  data.relationshipStrength === null ? (
                    '—'
                  ) : (
                    <Rate disabled value={data.relationshipStrength} />
                  ),
              },
              { label: t('forecast.plan.nextReview'), value: formatDay(data.nextReviewOn) },
            ]}
          />
          {mayWrite && (
            <Flex gap={8}>
              <Button onClick={() => setEditing(true)} data-testid="edit-plan">
                {t('forecast.plan.edit')}
              </Button>
              <Button onClick={() => setAdding(true)} data-testid="add-dmu-contact">
                {t('forecast.plan.addContact')}
              </Button>
            </Flex>
          )}
          <div>
            <strong>{t('forecast.plan.dmu')}</strong>
            <List<PlanContact>
              data-testid="dmu-table"
              size="small"
              dataSource={data.contacts}
              locale={{ emptyText: '—' }}
              renderItem={(c) => (
                <List.Item
                  actions={
                    mayWrite
                      ? [
                          <Button
                            key="remove"
                            size="small"
                            type="link"
                            danger
                            onClick={() => remove.mutate(c, { onError: (e) => showError(e) })}
                          >
                            {t('forecast.plan.remove')}
                          </Button>,
                        ]
                      : []
                  }
                >
                  <Flex vertical gap={4} style={{ minWidth: 0 }}>
                    <span>
                      <strong>{c.name}</strong>
                      {c.title && <Typography.Text type="secondary"> · {c.title}</Typography.Text>}
                    </span>
                    <Flex gap={4} wrap align="center">
                      <Tag color={layerColors[c.layer]}>{t(`forecast.plan.layers.${c.layer}`)}</Tag>
                      <Tag>{t(`forecast.plan.roles.${c.role}`)}</Tag>
                      {c.attitude && (
                        <Tag color={attitudeColors[c.attitude]}>
                          {t(`forecast.plan.attitudes.${c.attitude}`)}
                        </Tag>
                      )}
                      <Rate disabled value={c.strength} style={{ fontSize: 12 }} />
                    </Flex>
                    {c.nextContactOn && (
                      <Typography.Text type="secondary">
                        {t('forecast.plan.nextContact')}: {formatDay(c.nextContactOn)}
                      </Typography.Text>
                    )}
                  </Flex>
                </List.Item>
              )}
            />
          </div>
          <div>
            <strong>{t('forecast.plan.planned')}</strong>
            <List
              size="small"
              dataSource={data.plannedContacts}
              locale={{ emptyText: t('forecast.plan.noPlanned') }}
              renderItem={(item) => (
                <List.Item>
                  <span>
                    {formatDay(item.on)} · {item.label}
                  </span>
                  {item.kind === 'task' && <Tag>{t('forecast.plan.task')}</Tag>}
                </List.Item>
              )}
            />
          </div>
        </Flex>
      )}
      {data && (
        <FormDialog<PlanForm>
          open={editing}
          title={t('forecast.plan.edit')}
          form={planForm}
          name="account-plan"
          testId="plan-dialog"
          pending={save.isPending}
          initialValues={{
            goals: data.goals ?? '',
            strategy: data.strategy ?? '',
            estimatedWallet: data.estimatedWallet,
            relationshipStrength: data.relationshipStrength ?? 0,
            nextReviewOn: data.nextReviewOn ? dayjs(data.nextReviewOn) : null,
          }}
          onClose={() => setEditing(false)}
          onSubmit={(values) =>
            save.mutate(
              values,
              done(() => setEditing(false)),
            )
          }
        >
          <Form.Item name="goals" label={t('forecast.plan.goals')}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="strategy" label={t('forecast.plan.strategy')}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="estimatedWallet" label={`${t('forecast.plan.wallet')} (${data.currency})`}>
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="relationshipStrength" label={t('forecast.plan.strength')}>
            <Rate />
          </Form.Item>
          <Form.Item name="nextReviewOn" label={t('forecast.plan.nextReview')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </FormDialog>
      )}
      {data && (
        <FormDialog<ContactForm>
          open={adding}
          title={t('forecast.plan.addContact')}
          form={contactForm}
          name="dmu-contact"
          testId="dmu-dialog"
          pending={add.isPending}
          initialValues={{ role: 'decision_maker', layer: 'executive', strength: 3 }}
          onClose={() => setAdding(false)}
          onSubmit={(values) =>
            add.mutate(
              values,
              done(() => setAdding(false)),
            )
          }
        >
          <Form.Item name="name" label={t('forecast.plan.name')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="title" label={t('forecast.plan.jobTitle')}>
            <Input />
          </Form.Item>
          <Form.Item name="role" label={t('forecast.plan.role')} rules={[{ required: true }]}>
            <Select
              options={dmuRoles.map((role) => ({ value: role, label: t(`forecast.plan.roles.${role}`) }))}
            />
          </Form.Item>
          <Form.Item name="layer" label={t('forecast.plan.layer')} rules={[{ required: true }]}>
            <Select
              options={dmuLayers.map((layer) => ({
                value: layer,
                label: t(`forecast.plan.layers.${layer}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="strength" label={t('forecast.plan.contactStrength')} rules={[{ required: true }]}>
            <Rate />
          </Form.Item>
          <Form.Item name="attitude" label={t('forecast.plan.attitude')}>
            <Select
              allowClear
              options={dmuAttitudes.map((a) => ({ value: a, label: t(`forecast.plan.attitudes.${a}`) }))}
            />
          </Form.Item>
          <Form.Item name="nextContactOn" label={t('forecast.plan.nextContact')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="notes" label={t('forecast.plan.notes')}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </FormDialog>
      )}
    </Panel>
  );
}
