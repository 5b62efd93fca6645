import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can } from '#src/modules/users/roles.ts';
import { Panel } from '../../../components/Panel.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { useCurrentUser } from '../../auth/hooks/useSession.ts';
import type { Task } from '../api/tasks.ts';
import { useTaskList } from '../hooks/useTasks.ts';
import { CompleteTaskDialog } from './CompleteTaskDialog.tsx';
import { TaskDrawer } from './TaskDrawer.tsx';
import { TaskFormDialog } from './TaskFormDialog.tsx';
import { TaskList } from './TaskList.tsx';

/** A customer's tasks (open ones, or all), with "new task" about this customer. */
export function CustomerTasksPanel({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [showDone, setShowDone] = useState(false);
  const list = useTaskList(
    { customerId, status: showDone ? undefined : ['open'], sort: showDone ? '-dueAt' : 'dueAt' },
    { pageSize: 10 },
  );
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const [completing, setCompleting] = useState<Task | null>(null);
  const mayWrite = can(user.role, 'tasks.write');

  return (
    <Panel
      testId="customer-tasks"
      title={
        <Flex justify="space-between" align="center" gap={8}>
          <span>{t('tasks.customerPanel.title')}</span>
          <Flex gap={8} align="center" style={{ fontWeight: 400, fontSize: 14 }}>
            <Switch size="small" checked={showDone} onChange={setShowDone} />
            <Typography.Text type="secondary">{t('tasks.customerPanel.showDone')}</Typography.Text>
            {mayWrite && (
              <Button
                size="small"
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                data-testid="customer-task-create"
              >
                {t('tasks.create')}
              </Button>
            )}
          </Flex>
        </Flex>
      }
    >
      {list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <TaskList
          tasks={list.tasks}
          loading={list.isPending}
          onOpen={(task) => setOpenId(task.id)}
          onComplete={mayWrite ? setCompleting : undefined}
          showOwner
        />
      )}
      {list.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button size="small" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </Flex>
      )}
      <TaskFormDialog
        open={creating}
        relation={{ customerId }}
        onClose={() => setCreating(false)}
        onSaved={() => setCreating(false)}
      />
      <TaskDrawer taskId={openId} onClose={() => setOpenId(null)} />
      <CompleteTaskDialog task={completing} onClose={() => setCompleting(null)} />
    </Panel>
  );
}
