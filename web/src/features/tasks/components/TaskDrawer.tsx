import { Button, Drawer, Flex, Popconfirm, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { can } from '#src/modules/users/roles.ts';
import { Facts } from '../../../components/Panel.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import { useCurrentUser } from '../../auth/hooks/useSession.ts';
import type { Task } from '../api/tasks.ts';
import { useDeleteTask, useReopenTask, useTask } from '../hooks/useTasks.ts';
import { CompleteTaskDialog } from './CompleteTaskDialog.tsx';
import { TaskFormDialog } from './TaskFormDialog.tsx';
import { TaskKindTag } from './TaskKindTag.tsx';
import { dueText } from './taskText.ts';

/** One task with its facts and actions: complete, reopen, edit, delete. */
export function TaskDrawer({ taskId, onClose }: { taskId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const query = useTask(taskId);
  const task = query.data;
  const reopen = useReopenTask();
  const remove = useDeleteTask();
  const showError = useApiError();
  const [completing, setCompleting] = useState<Task | null>(null);
  const [editing, setEditing] = useState(false);
  const mayWrite = can(user.role, 'tasks.write');

  return (
    <Drawer
      open={taskId !== null}
      onClose={onClose}
      size={480}
      title={task ? task.subject : t('tasks.title')}
      data-testid="task-drawer"
      extra={
        task &&
        mayWrite && (
          <Flex gap={8}>
            {task.status === 'open' ? (
              <Button type="primary" onClick={() => setCompleting(task)} data-testid="drawer-complete">
                {t('tasks.complete')}
              </Button>
            ) : (
              <Button
                loading={reopen.isPending}
                onClick={() =>
                  reopen.mutate({ id: task.id, version: task.version }, { onError: (e) => showError(e) })
                }
              >
                {t('tasks.reopen')}
              </Button>
            )}
            <Button onClick={() => setEditing(true)}>{t('common.edit')}</Button>
            <Popconfirm
              title={t('tasks.deleteConfirm')}
              okText={t('common.delete')}
              cancelText={t('common.cancel')}
              onConfirm={() =>
                remove.mutate(
                  { id: task.id, version: task.version },
                  { onSuccess: onClose, onError: (e) => showError(e) },
                )
              }
            >
              <Button danger>{t('common.delete')}</Button>
            </Popconfirm>
          </Flex>
        )
      }
    >
      {query.isError && <LoadError error={query.error} onRetry={() => void query.refetch()} />}
      {task && (
        <>
          <Flex gap={8} style={{ marginBottom: 16 }} wrap>
            <TaskKindTag kind={task.kind} />
            <Tag color={task.status === 'open' ? 'processing' : 'success'}>
              {t(`tasks.statuses.${task.status}`)}
            </Tag>
            {task.overdue && <Tag color="red">{t('tasks.overdueTag')}</Tag>}
            {task.followUpRuleId && <Tag>{t('tasks.fields.followUpRule')}</Tag>}
          </Flex>
          <Facts
            rows={[
              { label: t('tasks.fields.dueAt'), value: dueText(t, task) },
              {
                label: t('tasks.fields.remindAt'),
                value: task.remindAt ? dueText(t, { dueAt: task.remindAt, allDay: false }) : '—',
              },
              {
                label: t('tasks.fields.customer'),
                value: task.customerId ? (
                  <Link to={`/customers/${task.customerId}`}>{task.customerName}</Link>
                ) : (
                  '—'
                ),
              },
              ...(task.leadName ? [{ label: t('tasks.fields.lead'), value: task.leadName }] : []),
              ...(task.opportunityName
                ? [{ label: t('tasks.fields.opportunity'), value: task.opportunityName }]
                : []),
              { label: t('tasks.fields.owner'), value: task.ownerName ?? '—' },
              ...(task.completedAt
                ? [
                    {
                      label: t('tasks.fields.completedAt'),
                      value: dueText(t, { dueAt: task.completedAt, allDay: false }),
                    },
                    { label: t('tasks.fields.outcome'), value: task.outcome ?? '—' },
                  ]
                : []),
            ]}
          />
          {task.notes && (
            <Typography.Paragraph style={{ marginTop: 16, whiteSpace: 'pre-wrap' }}>
              {task.notes}
            </Typography.Paragraph>
          )}
          <CompleteTaskDialog task={completing} onClose={() => setCompleting(null)} />
          <TaskFormDialog
            open={editing}
            task={task}
            onClose={() => setEditing(false)}
            onSaved={() => setEditing(false)}
          />
        </>
      )}
    </Drawer>
  );
}
