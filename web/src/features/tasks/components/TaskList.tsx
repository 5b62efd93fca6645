import { CheckOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Task } from '../api/tasks.ts';
import { TaskKindTag } from './TaskKindTag.tsx';
import { dueText } from './taskText.ts';

/** Tasks as rows: kind, subject (opens the task), due time, what it is about; open ones can be completed. */
export function TaskList({
  tasks,
  loading,
  onOpen,
  onComplete,
  showOwner = false,
  testId,
}: {
  tasks: Task[];
  loading?: boolean;
  onOpen: (task: Task) => void;
  onComplete?: ((task: Task) => void) | undefined;
  showOwner?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  if (!loading && tasks.length === 0)
    return (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={t('tasks.empty')}
        style={{ margin: '8px 0' }}
      />
    );
  return (
    <Flex vertical data-testid={testId}>
      {tasks.map((task) => (
        <Flex
          key={task.id}
          align="center"
          gap={12}
          wrap
          data-testid="task-row"
          style={{ padding: '8px 0', borderBottom: '1px solid rgba(5, 5, 5, 0.06)' }}
        >
          {onComplete && task.status === 'open' ? (
            <Tooltip title={t('tasks.complete')}>
              <Button
                shape="circle"
                size="small"
                icon={<CheckOutlined />}
                aria-label={t('tasks.complete')}
                data-testid="task-complete"
                onClick={() => onComplete(task)}
              />
            </Tooltip>
          ) : (
            <span style={{ width: 24 }} />
          )}
          <TaskKindTag kind={task.kind} />
          <Typography.Link
            onClick={() => onOpen(task)}
            delete={task.status !== 'open'}
            style={{ flex: '1 1 200px', minWidth: 0, overflowWrap: 'anywhere' }}
            data-testid="task-subject-link"
          >
            {task.subject}
          </Typography.Link>
          {task.customerId && task.customerName && (
            <Link to={`/customers/${task.customerId}`} style={{ whiteSpace: 'nowrap' }}>
              {task.customerName}
            </Link>
          )}
          {showOwner && task.ownerName && (
            <Typography.Text type="secondary">{task.ownerName}</Typography.Text>
          )}
          <Typography.Text type={task.overdue ? 'danger' : 'secondary'} style={{ whiteSpace: 'nowrap' }}>
            {task.status === 'done' && task.completedAt
              ? `✓ ${dueText(t, { dueAt: task.completedAt, allDay: false })}`
              : dueText(t, task)}
          </Typography.Text>
          {task.overdue && <Tag color="red">{t('tasks.overdueTag')}</Tag>}
        </Flex>
      ))}
    </Flex>
  );
}
