import { DatePicker, Form, Input, Segmented, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../../components/FormDialog.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import { CustomerPicker } from '../../orders/components/CustomerPicker.tsx';
import { taskKinds } from '../api/tasks.ts';
import type { Task, TaskKind } from '../api/tasks.ts';
import { useCreateTask, useUpdateTask } from '../hooks/useTasks.ts';

interface Values {
  kind: TaskKind;
  subject: string;
  dueAt?: Dayjs | null;
  allDay: boolean;
  remindAt?: Dayjs | null;
  customerId?: string | undefined;
  notes?: string;
}

/** What a new task is about, when it is created from a customer, lead or opportunity. */
export interface TaskRelation {
  customerId?: string | undefined;
  leadId?: string | undefined;
  opportunityId?: string | undefined;
}

const fields = ['kind', 'subject', 'dueAt', 'allDay', 'remindAt', 'customerId', 'notes'] as const;

/**
 * Creates a task (optionally about a given customer, lead or opportunity) or edits one. An all-day task is due on
 * a day; otherwise at a time.
 */
export function TaskFormDialog({
  open,
  task,
  relation,
  defaultDue,
  onClose,
  onSaved,
}: {
  open: boolean;
  task?: Task | null;
  relation?: TaskRelation;
  defaultDue?: Dayjs;
  onClose: () => void;
  onSaved?: (task: Task) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const create = useCreateTask();
  const update = useUpdateTask();
  const showError = useApiError();
  const allDay = Form.useWatch('allDay', form);
  const fixedCustomer = relation?.customerId !== undefined;

  const initialValues: Values = task
    ? {
        kind: task.kind,
        subject: task.subject,
        dueAt: task.dueAt ? dayjs(task.dueAt) : null,
        allDay: task.allDay,
        remindAt: task.remindAt ? dayjs(task.remindAt) : null,
        customerId: task.customerId ?? undefined,
        notes: task.notes ?? '',
      }
    : {
        kind: 'call',
        subject: '',
        dueAt: defaultDue ?? dayjs().add(1, 'day').startOf('day'),
        allDay: true,
        remindAt: null,
        customerId: relation?.customerId,
        notes: '',
      };

  const submit = (values: Values) => {
    const due = values.dueAt
      ? values.allDay
        ? values.dueAt.format('YYYY-MM-DD')
        : values.dueAt.toISOString()
      : null;
    const common = {
      kind: values.kind,
      subject: values.subject,
      notes: values.notes?.trim() ? values.notes : null,
      dueAt: due,
      allDay: values.allDay,
      remindAt: values.remindAt ? values.remindAt.toISOString() : null,
      customerId: values.customerId ?? null,
    };
    const handlers = {
      onSuccess: (saved: unknown) => onSaved?.(saved as Task),
      onError: (error: unknown) => showError(error, form, fields),
    };
    if (task) update.mutate({ id: task.id, input: { version: task.version, ...common } }, handlers);
    else
      create.mutate(
        {
          ...common,
          ...(relation?.leadId && { leadId: relation.leadId }),
          ...(relation?.opportunityId && { opportunityId: relation.opportunityId }),
        },
        handlers,
      );
  };

  return (
    <FormDialog<Values>
      open={open}
      title={task ? t('tasks.edit') : t('tasks.create')}
      form={form}
      initialValues={initialValues}
      pending={create.isPending || update.isPending}
      onSubmit={submit}
      onClose={onClose}
      testId="task-dialog"
      name="task"
    >
      <Form.Item name="kind" label={t('tasks.fields.kind')}>
        <Segmented<TaskKind>
          options={taskKinds.map((kind) => ({ value: kind, label: t(`tasks.kinds.${kind}`) }))}
          data-testid="task-kind"
        />
      </Form.Item>
      <Form.Item
        name="subject"
        label={t('tasks.fields.subject')}
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('common.required', { field: t('tasks.fields.subject') }),
          },
        ]}
      >
        <Input maxLength={200} data-testid="task-subject" />
      </Form.Item>
      <Form.Item label={t('tasks.fields.dueAt')} style={{ marginBottom: 0 }}>
        <div style={{ display: 'flex', gap: 12, alignItems: 'center', flexWrap: 'wrap' }}>
          <Form.Item name="dueAt" noStyle>
            <DatePicker
              showTime={allDay ? false : { format: 'HH:mm' }}
              format={allDay ? 'YYYY-MM-DD' : 'YYYY-MM-DD HH:mm'}
              data-testid="task-due"
            />
          </Form.Item>
          <Form.Item name="allDay" valuePropName="checked" noStyle>
            <Switch size="small" />
          </Form.Item>
          <span>{t('tasks.fields.allDay')}</span>
        </div>
      </Form.Item>
      <Form.Item name="remindAt" label={t('tasks.fields.remindAt')} style={{ marginTop: 24 }}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="task-remind" />
      </Form.Item>
      {!fixedCustomer && (
        <Form.Item name="customerId" label={t('tasks.fields.customer')}>
          <CustomerPicker testId="task-customer" />
        </Form.Item>
      )}
      <Form.Item name="notes" label={t('tasks.fields.notes')}>
        <Input.TextArea rows={3} maxLength={10_000} />
      </Form.Item>
    </FormDialog>
  );
}
