import { LeftOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Calendar, Flex, Segmented, Switch, theme, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can } from '#src/modules/users/roles.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Panel } from '../../../components/Panel.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { useCurrentUser } from '../../auth/hooks/useSession.ts';
import type { Task } from '../api/tasks.ts';
import { TaskDrawer } from '../components/TaskDrawer.tsx';
import { TaskFormDialog } from '../components/TaskFormDialog.tsx';
import { TaskKindTag } from '../components/TaskKindTag.tsx';
import { dueDayOf } from '../components/taskText.ts';
import { useTasksInRange } from '../hooks/useTasks.ts';

const SHOWN_PER_DAY = 3;

/** One task in a calendar cell or the week list: time (unless all day) and subject; done ones struck through. */
function TaskChip({ task, onOpen }: { task: Task; onOpen: (task: Task) => void }) {
  const { token } = theme.useToken();
  return (
    <div
      role="button"
      tabIndex={0}
      data-testid="calendar-task"
      onClick={(event) => {
        event.stopPropagation();
        onOpen(task);
      }}
      onKeyDown={(event) => event.key === 'Enter' && onOpen(task)}
      style={{
        fontSize: 12,
        lineHeight: '20px',
        padding: '0 4px',
        marginBottom: 2,
        borderRadius: 4,
        cursor: 'pointer',
        whiteSpace: 'nowrap',
        overflow: 'hidden',
        textOverflow: 'ellipsis',
        background: task.overdue ? token.colorErrorBg : token.colorPrimaryBg,
        color: task.status === 'open' ? token.colorText : token.colorTextTertiary,
        textDecoration: task.status === 'open' ? undefined : 'line-through',
      }}
      title={task.subject}
    >
      {!task.allDay && task.dueAt && `${dayjs(task.dueAt).format('HH:mm')} `}
      {task.subject}
    </div>
  );
}

/**
 * Tasks on their due day: a month (antd Calendar) or a week as an agenda list. Clicking a task opens it; clicking a
 * day in the month view creates a task due that day.
 */
export function CalendarPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [view, setView] = useState<'month' | 'week'>('month');
  const [shown, setShown] = useState<Dayjs>(() => dayjs());
  const [mine, setMine] = useState(true);
  const [openId, setOpenId] = useState<string | null>(null);
  const [creatingOn, setCreatingOn] = useState<Dayjs | null>(null);
  const wide = user.role === 'admin' || user.role === 'manager';
  const mayWrite = can(user.role, 'tasks.write');

  // the month grid shows days of the weeks around the month too
  const from = (view === 'month' ? shown.startOf('month').subtract(7, 'day') : shown.startOf('week')).format(
    'YYYY-MM-DD',
  );
  const to = (view === 'month' ? shown.endOf('month').add(7, 'day') : shown.endOf('week')).format(
    'YYYY-MM-DD',
  );
  const query = useTasksInRange({ mine: mine || !wide, from, to, status: ['open', 'done'] });
  const byDay = useMemo(() => {
    const days = new Map<string, Task[]>();
    for (const task of query.data ?? []) {
      const day = dueDayOf(task);
      if (day) days.set(day, [...(days.get(day) ?? []), task]);
    }
    return days;
  }, [query.data]);

  const open = (task: Task) => setOpenId(task.id);
  const weekDays = Array.from({ length: 7 }, (_, index) => shown.startOf('week').add(index, 'day'));

  return (
    <div data-testid="calendar-page">
      <PageHeader
        title={t('tasks.calendar.title')}
        extra={
          mayWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreatingOn(dayjs())}>
              {t('tasks.create')}
            </Button>
          )
        }
      />
      <Flex wrap gap={12} align="center" style={{ marginBottom: 16 }}>
        <Segmented<'month' | 'week'>
          value={view}
          onChange={setView}
          options={[
            { value: 'month', label: t('tasks.calendar.month') },
            { value: 'week', label: t('tasks.calendar.week') },
          ]}
          data-testid="calendar-view"
        />
        {wide && (
          <Flex gap={8} align="center">
            <Switch checked={mine} onChange={setMine} size="small" />
            <Typography.Text>{t('tasks.onlyMine')}</Typography.Text>
          </Flex>
        )}
      </Flex>
      {query.isError && <LoadError error={query.error} onRetry={() => void query.refetch()} />}
      {view === 'month' ? (
        <Panel>
          <Calendar
            value={shown}
            onPanelChange={(date) => setShown(date)}
            onSelect={(date, info) => {
              setShown(date);
              if (info.source === 'date' && mayWrite) setCreatingOn(date);
            }}
            cellRender={(date, info) => {
              if (info.type !== 'date') return info.originNode;
              const tasks = byDay.get(date.format('YYYY-MM-DD')) ?? [];
              return (
                <div data-testid={`calendar-day-${date.format('YYYY-MM-DD')}`}>
                  {tasks.slice(0, SHOWN_PER_DAY).map((task) => (
                    <TaskChip key={task.id} task={task} onOpen={open} />
                  ))}
                  {tasks.length > SHOWN_PER_DAY && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('tasks.calendar.more', { count: tasks.length - SHOWN_PER_DAY })}
                    </Typography.Text>
                  )}
                </div>
              );
            }}
          />
        </Panel>
      ) : (
        <Panel
          title={
            <Flex align="center" gap={8} wrap>
              <Button
                size="small"
                icon={<LeftOutlined />}
                aria-label={t('tasks.calendar.previousWeek')}
                onClick={() => setShown(shown.subtract(1, 'week'))}
              />
              <Button size="small" onClick={() => setShown(dayjs())}>
                {t('tasks.calendar.thisWeek')}
              </Button>
              <Button
                size="small"
                icon={<RightOutlined />}
                aria-label={t('tasks.calendar.nextWeek')}
                onClick={() => setShown(shown.add(1, 'week'))}
              />
              <span>
                {weekDays[0]!.format('YYYY-MM-DD')} – {weekDays[6]!.format('YYYY-MM-DD')}
              </span>
            </Flex>
          }
          testId="calendar-week"
        >
          <Flex vertical gap={12}>
            {weekDays.map((day) => {
              const tasks = byDay.get(day.format('YYYY-MM-DD')) ?? [];
              return (
                <Flex key={day.valueOf()} gap={16} align="flex-start">
                  <div
                    style={{ width: 110, flex: 'none', fontWeight: day.isSame(dayjs(), 'day') ? 600 : 400 }}
                  >
                    {day.format('ddd MM-DD')}
                  </div>
                  <Flex vertical gap={4} style={{ flex: 1, minWidth: 0 }}>
                    {tasks.length === 0 ? (
                      <Typography.Text type="secondary">{t('tasks.calendar.nothing')}</Typography.Text>
                    ) : (
                      tasks.map((task) => (
                        <Flex key={task.id} gap={8} align="center">
                          <TaskKindTag kind={task.kind} />
                          <div style={{ flex: 1, minWidth: 0 }}>
                            <TaskChip task={task} onOpen={open} />
                          </div>
                        </Flex>
                      ))
                    )}
                  </Flex>
                </Flex>
              );
            })}
          </Flex>
        </Panel>
      )}
      <TaskDrawer taskId={openId} onClose={() => setOpenId(null)} />
      <TaskFormDialog
        open={creatingOn !== null}
        defaultDue={creatingOn ?? undefined}
        onClose={() => setCreatingOn(null)}
        onSaved={() => setCreatingOn(null)}
      />
    </div>
  );
}
