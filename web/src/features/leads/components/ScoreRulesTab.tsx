import { PlusOutlined } from '@ant-design/icons';
import {
  AutoComplete,
  Button,
  Col,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Row,
  Select,
  Switch,
  Table,
  Tag,
} from 'antd';
import type { TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScoreCondition, ScoreRule } from '#src/modules/sales/lead-rules.schema.ts';
import { scoreFields } from '#src/modules/sales/lead-rules.schema.ts';
import { FormDialog } from '../../../components/FormDialog.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import type { ScoreRuleCreateInput } from '../api/leads.ts';
import { useDeleteScoreRule, useSaveScoreRule, useScoreRules } from '../hooks/useLeads.ts';

type ConditionKind = ScoreCondition['kind'];
type Op = 'eq' | 'in' | 'present' | 'contains' | 'gte' | 'lte';
const conditionKinds: ConditionKind[] = ['field', 'form_submissions', 'tasks_done', 'days_since_activity'];
const fieldOps: Op[] = ['eq', 'in', 'present', 'contains', 'gte', 'lte'];

interface Values {
  name: string;
  points: number;
  active: boolean;
  kind: ConditionKind;
  field?: string;
  op: Op;
  value?: string;
  values?: string[];
  count?: number;
}
const formFields = ['name', 'points', 'active', 'condition'];

const fieldLabel = (t: TFunction, field: string) =>
  (scoreFields as readonly string[]).includes(field)
    ? t(`leads.fields.${field as (typeof scoreFields)[number]}`)
    : field;

/** A condition in words, for the list. */
export function describeCondition(t: TFunction, condition: ScoreCondition): string {
  if (condition.kind !== 'field')
    return `${t(`leads.rules.conditionKinds.${condition.kind}`)} ${t(`leads.rules.ops.${condition.op}`)} ${condition.value}`;
  const value =
    condition.op === 'present'
      ? ''
      : condition.op === 'in'
        ? (condition.values ?? []).join('、')
        : String(condition.value ?? '');
  return `${fieldLabel(t, condition.field)} ${t(`leads.rules.ops.${condition.op}`)} ${value}`.trim();
}

function toCondition(values: Values): ScoreCondition {
  if (values.kind !== 'field')
    return { kind: values.kind, op: values.op === 'lte' ? 'lte' : 'gte', value: values.count ?? 0 };
  const numeric = values.op === 'gte' || values.op === 'lte';
  return {
    kind: 'field',
    field: values.field ?? 'source',
    op: values.op,
    ...(values.op === 'in' && { values: values.values ?? [] }),
    ...(values.op !== 'in' &&
      values.op !== 'present' && { value: numeric ? Number(values.value) : (values.value ?? '') }),
  } as ScoreCondition;
}

function fromRule(rule: ScoreRule | null): Values {
  const c = rule?.condition;
  return {
    name: rule?.name ?? '',
    points: rule?.points ?? 10,
    active: rule?.active ?? true,
    kind: c?.kind ?? 'field',
    op: c?.op ?? 'eq',
    field: c?.kind === 'field' ? c.field : 'source',
    value: c?.kind === 'field' && c.value !== undefined ? String(c.value) : undefined,
    values: c?.kind === 'field' ? (c.values ?? []) : [],
    count: c && c.kind !== 'field' ? c.value : 1,
  } as Values;
}

function RuleDialog({ rule, open, onClose }: { rule: ScoreRule | null; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const save = useSaveScoreRule();
  const showError = useApiError();
  const kind = Form.useWatch('kind', form) ?? rule?.condition.kind ?? 'field';
  const op = Form.useWatch('op', form) ?? rule?.condition.op ?? 'eq';
  const ops: Op[] = kind === 'field' ? fieldOps : ['gte', 'lte'];
  return (
    <FormDialog<Values>
      open={open}
      title={rule ? rule.name : t('leads.rules.scoring')}
      form={form}
      name="score-rule"
      pending={save.isPending}
      testId="score-rule-dialog"
      onClose={onClose}
      initialValues={fromRule(rule)}
      onSubmit={(values) => {
        const input: ScoreRuleCreateInput = {
          name: values.name,
          points: values.points,
          active: values.active,
          condition: toCondition(values),
        };
        save.mutate(
          { id: rule?.id, version: rule?.version, input },
          { onSuccess: onClose, onError: (error) => showError(error, form, formFields) },
        );
      }}
    >
      <Row gutter={12}>
        <Col xs={24} sm={16}>
          <Form.Item name="name" label={t('leads.rules.name')} rules={[{ required: true, whitespace: true }]}>
            <Input data-testid="score-rule-name" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="points" label={t('leads.rules.points')} rules={[{ required: true }]}>
            <InputNumber min={-1000} max={1000} style={{ width: '100%' }} data-testid="score-rule-points" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="kind" label={t('leads.rules.condition')}>
        <Select
          options={conditionKinds.map((k) => ({ value: k, label: t(`leads.rules.conditionKinds.${k}`) }))}
          onChange={(next: ConditionKind) => next !== 'field' && form.setFieldValue('op', 'gte')}
        />
      </Form.Item>
      <Row gutter={12}>
        {kind === 'field' && (
          <Col xs={24} sm={10}>
            <Form.Item name="field" label={t('leads.rules.field')} rules={[{ required: true }]}>
              <AutoComplete
                options={scoreFields.map((f) => ({ value: f, label: fieldLabel(t, f) }))}
                placeholder={t('leads.rules.factKey')}
                data-testid="score-rule-field"
              />
            </Form.Item>
          </Col>
        )}
        <Col xs={24} sm={kind === 'field' ? 6 : 8}>
          <Form.Item name="op" label=" ">
            <Select
              options={ops.map((o) => ({ value: o, label: t(`leads.rules.ops.${o}`) }))}
              data-testid="score-rule-op"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={kind === 'field' ? 8 : 16}>
          {kind !== 'field' ? (
            <Form.Item name="count" label={t('leads.rules.value')}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
          ) : op === 'in' ? (
            <Form.Item name="values" label={t('leads.rules.values')}>
              <Select mode="tags" open={false} suffixIcon={null} placeholder={t('leads.rules.typeToAdd')} />
            </Form.Item>
          ) : op !== 'present' ? (
            <Form.Item name="value" label={t('leads.rules.value')} rules={[{ required: true }]}>
              <Input data-testid="score-rule-value" />
            </Form.Item>
          ) : null}
        </Col>
      </Row>
      <Form.Item name="active" label={t('leads.rules.active')} valuePropName="checked">
        <Switch />
      </Form.Item>
    </FormDialog>
  );
}

/** Scoring rules: each adds its points to the leads that meet its condition; a change re-scores every open lead. */
export function ScoreRulesTab() {
  const { t } = useTranslation();
  const rules = useScoreRules();
  const remove = useDeleteScoreRule();
  const showError = useApiError();
  const [editing, setEditing] = useState<ScoreRule | null | undefined>(undefined);
  if (rules.isError) return <LoadError error={rules.error} onRetry={() => void rules.refetch()} />;
  const columns: TableColumnsType<ScoreRule> = [
    { title: t('leads.rules.name'), dataIndex: 'name' },
    {
      title: t('leads.rules.condition'),
      key: 'condition',
      render: (_, rule) => describeCondition(t, rule.condition),
    },
    {
      title: t('leads.rules.points'),
      dataIndex: 'points',
      width: 80,
      align: 'right',
      render: (points: number) => (points > 0 ? `+${points}` : points),
    },
    {
      title: t('leads.rules.active'),
      dataIndex: 'active',
      width: 80,
      render: (active: boolean) =>
        active ? <Tag color="green">{t('leads.rules.active')}</Tag> : <Tag>{t('leads.rules.inactive')}</Tag>,
    },
    {
      key: 'actions',
      width: 140,
      render: (_, rule) => (
        <>
          <Button type="link" size="small" onClick={() => setEditing(rule)}>
            {t('leads.rules.edit')}
          </Button>
          <Popconfirm
            title={t('leads.rules.deleteConfirm')}
            onConfirm={() =>
              remove.mutate({ id: rule.id, version: rule.version }, { onError: (e) => showError(e) })
            }
          >
            <Button type="link" size="small" danger>
              {t('leads.rules.delete')}
            </Button>
          </Popconfirm>
        </>
      ),
    },
  ];
  return (
    <>
      <Button
        icon={<PlusOutlined />}
        onClick={() => setEditing(null)}
        style={{ marginBottom: 12 }}
        data-testid="score-rule-add"
      >
        {t('leads.rules.add')}
      </Button>
      <Table<ScoreRule>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rules.data?.items ?? []}
        loading={rules.isPending}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="score-rules"
      />
      {editing !== undefined && <RuleDialog rule={editing} open onClose={() => setEditing(undefined)} />}
    </>
  );
}
