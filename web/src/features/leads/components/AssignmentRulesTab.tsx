import { PlusOutlined } from '@ant-design/icons';
import { Button, Col, Form, Input, InputNumber, Popconfirm, Row, Select, Switch, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AssignmentKind, AssignmentRule } from '#src/modules/sales/lead-rules.schema.ts';
import { FormDialog } from '../../../components/FormDialog.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import { useAssignmentRules, useDeleteAssignmentRule, useSaveAssignmentRule } from '../hooks/useLeads.ts';
import { useLeadStaff } from '../hooks/useStaff.ts';

interface Values {
  name: string;
  position: number;
  kind: AssignmentKind;
  provinces: string[];
  cities: string[];
  sources: string[];
  assigneeIds: string[];
  active: boolean;
}
const fields = ['name', 'position', 'kind', 'provinces', 'cities', 'sources', 'assigneeIds', 'active'];
const kinds: AssignmentKind[] = ['round_robin', 'region', 'source'];

function RuleDialog({
  rule,
  open,
  onClose,
}: {
  rule: AssignmentRule | null;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const save = useSaveAssignmentRule();
  const showError = useApiError();
  const staff = useLeadStaff();
  const kind = Form.useWatch('kind', form) ?? rule?.kind ?? 'round_robin';
  const tags = (name: 'provinces' | 'cities' | 'sources') => (
    <Form.Item name={name} label={t(`leads.rules.${name}`)}>
      <Select mode="tags" placeholder={t('leads.rules.typeToAdd')} open={false} suffixIcon={null} />
    </Form.Item>
  );
  return (
    <FormDialog<Values>
      open={open}
      title={rule ? rule.name : t('leads.rules.assignment')}
      form={form}
      name="assignment-rule"
      pending={save.isPending}
      testId="assignment-rule-dialog"
      onClose={onClose}
      initialValues={{
        name: rule?.name ?? '',
        position: rule?.position ?? 0,
        kind: rule?.kind ?? 'round_robin',
        provinces: rule?.provinces ?? [],
        cities: rule?.cities ?? [],
        sources: rule?.sources ?? [],
        assigneeIds: rule?.assigneeIds ?? [],
        active: rule?.active ?? true,
      }}
      onSubmit={(values) =>
        save.mutate(
          { id: rule?.id, version: rule?.version, input: values },
          { onSuccess: onClose, onError: (error) => showError(error, form, fields) },
        )
      }
    >
      <Row gutter={12}>
        <Col xs={24} sm={16}>
          <Form.Item name="name" label={t('leads.rules.name')} rules={[{ required: true, whitespace: true }]}>
            <Input data-testid="assignment-rule-name" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="position" label={t('leads.rules.order')}>
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="kind" label={t('leads.rules.kind')}>
        <Select options={kinds.map((k) => ({ value: k, label: t(`leads.rules.kinds.${k}`) }))} />
      </Form.Item>
      {kind === 'region' && (
        <>
          {tags('provinces')}
          {tags('cities')}
        </>
      )}
      {kind === 'source' && tags('sources')}
      <Form.Item name="assigneeIds" label={t('leads.rules.assignees')} rules={[{ required: true }]}>
        <Select
          mode="multiple"
          options={staff.options}
          loading={staff.loading}
          optionFilterProp="label"
          data-testid="assignment-rule-assignees"
        />
      </Form.Item>
      <Form.Item name="active" label={t('leads.rules.active')} valuePropName="checked">
        <Switch />
      </Form.Item>
    </FormDialog>
  );
}

/** The assignment rules in the order they are tried; the first active match hands the lead to its next person. */
export function AssignmentRulesTab() {
  const { t } = useTranslation();
  const rules = useAssignmentRules();
  const staff = useLeadStaff();
  const remove = useDeleteAssignmentRule();
  const showError = useApiError();
  const [editing, setEditing] = useState<AssignmentRule | null | undefined>(undefined);
  if (rules.isError) return <LoadError error={rules.error} onRetry={() => void rules.refetch()} />;
  const matches = (rule: AssignmentRule) =>
    rule.kind === 'round_robin'
      ? t('leads.rules.everyLead')
      : [...rule.provinces, ...rule.cities, ...rule.sources].join('、');
  const columns: TableColumnsType<AssignmentRule> = [
    { title: t('leads.rules.order'), dataIndex: 'position', width: 70 },
    { title: t('leads.rules.name'), dataIndex: 'name' },
    {
      title: t('leads.rules.kind'),
      dataIndex: 'kind',
      width: 110,
      render: (kind: AssignmentKind) => t(`leads.rules.kinds.${kind}`),
    },
    { title: t('leads.rules.matches'), key: 'matches', render: (_, rule) => matches(rule) },
    {
      title: t('leads.rules.assignees'),
      key: 'assignees',
      render: (_, rule) => (
        <>
          {rule.assigneeIds.map((id, index) => (
            <Tag key={id} color={index === rule.nextIndex ? 'orange' : undefined}>
              {staff.names.get(id) ?? '…'}
            </Tag>
          ))}
        </>
      ),
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
        data-testid="assignment-rule-add"
      >
        {t('leads.rules.add')}
      </Button>
      <Table<AssignmentRule>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rules.data?.items ?? []}
        loading={rules.isPending}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="assignment-rules"
      />
      {editing !== undefined && <RuleDialog rule={editing} open onClose={() => setEditing(undefined)} />}
    </>
  );
}
