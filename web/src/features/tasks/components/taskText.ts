import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import type { Task } from '../api/tasks.ts';

/** When a task is due, as staff read it: the day for an all-day task, else day and time. */
export function dueText(t: TFunction, task: Pick<Task, 'dueAt' | 'allDay'>): string {
  if (!task.dueAt) return t('tasks.noDue');
  const due = dayjs(task.dueAt);
  return task.allDay ? due.format('YYYY-MM-DD') : due.format('YYYY-MM-DD HH:mm');
}

/** The day a task appears on in the calendar (the browser's day, which is the business day where staff work). */
export const dueDayOf = (task: Pick<Task, 'dueAt'>): string | null =>
  task.dueAt ? dayjs(task.dueAt).format('YYYY-MM-DD') : null;
