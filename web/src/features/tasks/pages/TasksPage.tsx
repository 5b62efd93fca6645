import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Select, Switch, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { can } from '#src/modules/users/roles.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Panel } from '../../../components/Panel.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { useCurrentUser } from '../../auth/hooks/useSession.ts';
import { taskKinds } from '../api/tasks.ts';
import type { Task, TaskFilters, TaskKind } from '../api/tasks.ts';
import { CompleteTaskDialog } from '../components/CompleteTaskDialog.tsx';
import { TaskDrawer } from '../components/TaskDrawer.tsx';
import { TaskFormDialog } from '../components/TaskFormDialog.tsx';
import { TaskList } from '../components/TaskList.tsx';
import { useTaskList } from '../hooks/useTasks.ts';

type Group = 'overdue' | 'today' | 'upcoming' | 'noDue' | 'done';

/** Each group of My tasks as a list query: past due, due today, later, without a due time, and done. */
function groupFilters(group: Group, today: string): TaskFilters {
  const tomorrow = dayjs(today).add(1, 'day').format('YYYY-MM-DD');
  switch (group) {
    case 'overdue':
      return { status: ['open'], overdue: true };
    case 'today':
      return { status: ['open'], overdue: false, from: today, to: today };
    case 'upcoming':
      return { status: ['open'], from: tomorrow };
    case 'noDue':
      return { status: ['open'], undated: true, sort: '-createdAt' };
    case 'done':
      return { status: ['done'], sort: '-dueAt' };
  }
}

function TaskGroup({
  group,
  filters,
  onOpen,
  onComplete,
  showOwner,
}: {
  group: Group;
  filters: TaskFilters;
  onOpen: (task: Task) => void;
  onComplete: ((task: Task) => void) | undefined;
  showOwner: boolean;
}) {
  const { t } = useTranslation();
  const list = useTaskList(filters, { pageSize: group === 'done' ? 10 : 50 });
  if (group === 'noDue' && list.tasks.length === 0) return null;
  return (
    <Panel title={t(`tasks.groups.${group}`)} testId={`task-group-${group}`}>
      {list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <TaskList
          tasks={list.tasks}
          loading={list.isPending}
          onOpen={onOpen}
          onComplete={onComplete}
          showOwner={showOwner}
        />
      )}
      {list.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </Flex>
      )}
    </Panel>
  );
}

/**
 * My tasks: overdue, today, upcoming, without a due time and done, with search and type filters; managers and
 * admins may widen it to every task they see. `?id=` (a notification's link) opens that task.
 */
export function TasksPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const [mine, setMine] = useState(true);
  const [kind, setKind] = useState<TaskKind[]>([]);
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const [completing, setCompleting] = useState<Task | null>(null);
  const openId = params.get('id');
  const today = dayjs().format('YYYY-MM-DD');
  const mayWrite = can(user.role, 'tasks.write');
  const wide = user.role === 'admin' || user.role === 'manager';

  const open = (task: Task) => setParams({ id: task.id }, { replace: true });
  const common: TaskFilters = {
    mine: mine || !wide,
    kind: kind.length ? kind : undefined,
    q: q || undefined,
  };

  return (
    <div data-testid="tasks-page">
      <PageHeader
        title={t('tasks.myTasks')}
        extra={
          mayWrite && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="task-create"
            >
              {t('tasks.create')}
            </Button>
          )
        }
      />
      <Flex wrap gap={12} align="center" style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('tasks.searchPlaceholder')}
          onSearch={(value) => setQ(value.trim())}
          style={{ width: 260 }}
        />
        <Select<TaskKind[]>
          mode="multiple"
          allowClear
          placeholder={t('tasks.fields.kind')}
          value={kind}
          onChange={setKind}
          options={taskKinds.map((value) => ({ value, label: t(`tasks.kinds.${value}`) }))}
          style={{ minWidth: 200 }}
        />
        {wide && (
          <Flex gap={8} align="center">
            <Switch checked={mine} onChange={setMine} size="small" />
            <Typography.Text>{t('tasks.onlyMine')}</Typography.Text>
          </Flex>
        )}
      </Flex>
      <Flex vertical gap={16}>
        {(['overdue', 'today', 'upcoming', 'noDue', 'done'] as const).map((group) => (
          <TaskGroup
            key={group}
            group={group}
            filters={{ ...common, ...groupFilters(group, today) }}
            onOpen={open}
            onComplete={mayWrite ? setCompleting : undefined}
            showOwner={!mine && wide}
          />
        ))}
      </Flex>
      <TaskDrawer taskId={openId} onClose={() => setParams({}, { replace: true })} />
      <CompleteTaskDialog task={completing} onClose={() => setCompleting(null)} />
      <TaskFormDialog
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(task) => {
          setCreating(false);
          open(task);
        }}
      />
    </div>
  );
}
