import { Alert, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../../components/FormDialog.tsx';
import { useNotify } from '../../../lib/notify.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import type { Task } from '../api/tasks.ts';
import { useCompleteTask } from '../hooks/useTasks.ts';

/** Completes a task with its outcome; a call, visit or meeting with a customer is logged on the timeline too. */
export function CompleteTaskDialog({ task, onClose }: { task: Task | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ outcome?: string }>();
  const complete = useCompleteTask();
  const showError = useApiError();
  const message = useNotify();
  const logged = task && task.customerId && ['call', 'visit', 'meeting'].includes(task.kind);
  return (
    <FormDialog<{ outcome?: string }>
      open={task !== null}
      title={t('tasks.completeTitle')}
      okText={t('tasks.complete')}
      form={form}
      pending={complete.isPending}
      onClose={onClose}
      testId="task-complete-dialog"
      name="complete"
      onSubmit={(values) => {
        if (!task) return;
        complete.mutate(
          { id: task.id, outcome: values.outcome?.trim() || null, version: task.version },
          {
            onSuccess: () => {
              void message.success(t('tasks.completed'));
              onClose();
            },
            onError: (error) => showError(error),
          },
        );
      }}
    >
      {task && <p style={{ fontWeight: 500 }}>{task.subject}</p>}
      {logged && <Alert type="info" showIcon title={t('tasks.completeHint')} style={{ marginBottom: 16 }} />}
      <Form.Item name="outcome" label={t('tasks.fields.outcome')}>
        <Input.TextArea rows={3} maxLength={2000} data-testid="task-outcome" />
      </Form.Item>
    </FormDialog>
  );
}
