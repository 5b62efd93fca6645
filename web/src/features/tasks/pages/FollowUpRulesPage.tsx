import { PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, InputNumber, Popconfirm, Select, Switch, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../../components/FormDialog.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import { followUpTriggers, taskKinds } from '../api/tasks.ts';
import type { FollowUpRule, TaskKind } from '../api/tasks.ts';
import { TaskKindTag } from '../components/TaskKindTag.tsx';
import {
  useCreateFollowUpRule,
  useDeleteFollowUpRule,
  useFollowUpRules,
  useUpdateFollowUpRule,
} from '../hooks/useTasks.ts';

type Trigger = (typeof followUpTriggers)[number];

interface Values {
  name: string;
  trigger: Trigger;
  delayDays: number;
  taskKind: TaskKind;
  subject: string;
  active: boolean;
}

const fields = ['name', 'trigger', 'delayDays', 'taskKind', 'subject', 'active'] as const;
/** The placeholder the server replaces, shown literally (i18next would otherwise read it as its own). */
const customerPlaceholder = { customer: '{{customer}}' };

function RuleDialog({
  rule,
  open,
  onClose,
}: {
  rule: FollowUpRule | null;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const create = useCreateFollowUpRule();
  const update = useUpdateFollowUpRule();
  const showError = useApiError();
  const handlers = { onSuccess: onClose, onError: (error: unknown) => showError(error, form, fields) };
  return (
    <FormDialog<Values>
      open={open}
      title={rule ? t('tasks.rules.edit') : t('tasks.rules.create')}
      form={form}
      name="rule"
      testId="rule-dialog"
      pending={create.isPending || update.isPending}
      initialValues={
        rule ?? {
          trigger: 'order_created',
          delayDays: 3,
          taskKind: 'call',
          subject: t('tasks.rules.defaultSubject', customerPlaceholder),
          active: true,
        }
      }
      onClose={onClose}
      onSubmit={(values) => {
        if (rule) {
          const { trigger: _trigger, ...changes } = values;
          void _trigger;
          update.mutate({ id: rule.id, input: { version: rule.version, ...changes } }, handlers);
        } else create.mutate(values, handlers);
      }}
    >
      <Form.Item
        name="name"
        label={t('tasks.rules.name')}
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('common.required', { field: t('tasks.rules.name') }),
          },
        ]}
      >
        <Input maxLength={200} data-testid="rule-name" />
      </Form.Item>
      <Form.Item name="trigger" label={t('tasks.rules.trigger')}>
        <Select<Trigger>
          disabled={rule !== null}
          options={followUpTriggers.map((value) => ({ value, label: t(`tasks.rules.triggers.${value}`) }))}
        />
      </Form.Item>
      <Form.Item
        name="delayDays"
        label={t('tasks.rules.delayDays')}
        rules={[{ required: true, message: t('common.required', { field: t('tasks.rules.delayDays') }) }]}
      >
        <InputNumber min={0} max={3650} precision={0} data-testid="rule-delay" />
      </Form.Item>
      <Form.Item name="taskKind" label={t('tasks.rules.taskKind')}>
        <Select<TaskKind> options={taskKinds.map((value) => ({ value, label: t(`tasks.kinds.${value}`) }))} />
      </Form.Item>
      <Form.Item
        name="subject"
        label={t('tasks.rules.subject')}
        extra={t('tasks.rules.subjectHelp', customerPlaceholder)}
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('common.required', { field: t('tasks.rules.subject') }),
          },
        ]}
      >
        <Input maxLength={200} data-testid="rule-subject" />
      </Form.Item>
      <Form.Item name="active" label={t('tasks.rules.active')} valuePropName="checked">
        <Switch />
      </Form.Item>
    </FormDialog>
  );
}

/** Follow-up plans: which records make a task, how many days later, of what kind and subject. */
export function FollowUpRulesPage() {
  const { t } = useTranslation();
  const rules = useFollowUpRules();
  const update = useUpdateFollowUpRule();
  const remove = useDeleteFollowUpRule();
  const showError = useApiError();
  const [editing, setEditing] = useState<FollowUpRule | null | 'new'>(null);

  const columns: TableColumnsType<FollowUpRule> = [
    {
      title: t('tasks.rules.name'),
      dataIndex: 'name',
      render: (name: string, rule) => (
        <Typography.Link onClick={() => setEditing(rule)}>{name}</Typography.Link>
      ),
    },
    {
      title: t('tasks.rules.trigger'),
      dataIndex: 'trigger',
      render: (trigger: Trigger) => t(`tasks.rules.triggers.${trigger}`),
    },
    {
      title: t('tasks.rules.delayDays'),
      dataIndex: 'delayDays',
      render: (days: number) =>
        days === 0 ? t('tasks.rules.sameDay') : t('tasks.rules.afterDays', { count: days }),
    },
    {
      title: t('tasks.rules.taskKind'),
      dataIndex: 'taskKind',
      render: (kind: TaskKind) => <TaskKindTag kind={kind} />,
    },
    { title: t('tasks.rules.subject'), dataIndex: 'subject' },
    {
      title: t('tasks.rules.active'),
      dataIndex: 'active',
      render: (active: boolean, rule) => (
        <Switch
          size="small"
          checked={active}
          loading={update.isPending && update.variables.id === rule.id}
          onChange={(checked) =>
            update.mutate(
              { id: rule.id, input: { version: rule.version, active: checked } },
              { onError: (e) => showError(e) },
            )
          }
        />
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, rule) => (
        <Popconfirm
          title={t('tasks.rules.deleteConfirm')}
          okText={t('common.delete')}
          cancelText={t('common.cancel')}
          onConfirm={() =>
            remove.mutate({ id: rule.id, version: rule.version }, { onError: (e) => showError(e) })
          }
        >
          <Button type="link" danger size="small">
            {t('common.delete')}
          </Button>
        </Popconfirm>
      ),
    },
  ];

  return (
    <div data-testid="follow-up-rules-page">
      <PageHeader
        title={t('tasks.rules.title')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            data-testid="rule-create"
          >
            {t('tasks.rules.create')}
          </Button>
        }
      />
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t('tasks.rules.intro')}
      </Typography.Paragraph>
      {rules.isError ? (
        <LoadError error={rules.error} onRetry={() => void rules.refetch()} />
      ) : (
        <Table<FollowUpRule>
          rowKey="id"
          columns={columns}
          dataSource={rules.data?.items ?? []}
          loading={rules.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('tasks.rules.empty') }}
        />
      )}
      <RuleDialog
        rule={editing === 'new' ? null : editing}
        open={editing !== null}
        onClose={() => setEditing(null)}
      />
    </div>
  );
}
