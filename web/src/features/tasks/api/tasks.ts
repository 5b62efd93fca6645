import type { z } from 'zod';
import type { Mail, MailDetail, mailPage, MailStatus } from '#src/modules/notifications/mail.schema.ts';
import type {
  FollowUpRule,
  followUpRuleCreateInput,
  followUpRuleList,
  followUpRuleUpdateInput,
  Task,
  taskCreateInput,
  TaskKind,
  taskPage,
  TaskStatus,
  taskUpdateInput,
} from '#src/modules/tasks/tasks.schema.ts';
import { api } from '../../../lib/api.ts';

export type { FollowUpRule, Mail, MailDetail, MailStatus, Task, TaskKind, TaskStatus };
export type TaskPage = z.infer<typeof taskPage>;
export type TaskCreateInput = z.input<typeof taskCreateInput>;
export type TaskUpdateInput = z.input<typeof taskUpdateInput>;
export type FollowUpRuleCreateInput = z.input<typeof followUpRuleCreateInput>;
export type FollowUpRuleUpdateInput = z.input<typeof followUpRuleUpdateInput>;
export type MailPage = z.infer<typeof mailPage>;
export { followUpTriggers, taskKinds } from '#src/modules/tasks/tasks.schema.ts';
export { mailStatuses } from '#src/modules/notifications/mail.schema.ts';

/** The list filters of My tasks, the calendar and the customer panel (server: GET /api/v1/tasks). */
export interface TaskFilters {
  q?: string | undefined;
  mine?: boolean | undefined;
  status?: TaskStatus[] | undefined;
  kind?: TaskKind[] | undefined;
  /** Business days `YYYY-MM-DD` (or instants) bounding the due time. */
  from?: string | undefined;
  to?: string | undefined;
  overdue?: boolean | undefined;
  undated?: boolean | undefined;
  customerId?: string | undefined;
  leadId?: string | undefined;
  opportunityId?: string | undefined;
  sort?: 'dueAt' | '-dueAt' | 'createdAt' | '-createdAt' | undefined;
}

export const listTasks = (
  {
    status,
    kind,
    mine,
    overdue,
    undated,
    ...filters
  }: TaskFilters & { cursor?: string | undefined; limit?: number },
  signal?: AbortSignal,
) =>
  api.get<TaskPage>(
    '/api/v1/tasks',
    {
      ...filters,
      status: status?.join(','),
      kind: kind?.join(','),
      mine: mine === undefined ? undefined : String(mine),
      overdue: overdue === undefined ? undefined : String(overdue),
      undated: undated === undefined ? undefined : String(undated),
    },
    signal,
  );

export const getTask = (id: string, signal?: AbortSignal) =>
  api.get<Task>(`/api/v1/tasks/${id}`, undefined, signal);
export const createTask = (input: TaskCreateInput) => api.post<Task>('/api/v1/tasks', input);
export const updateTask = (id: string, input: TaskUpdateInput) =>
  api.patch<Task>(`/api/v1/tasks/${id}`, input);
export const deleteTask = (id: string, version: number) =>
  api.delete(`/api/v1/tasks/${id}?version=${version}`);
export const completeTask = (id: string, outcome: string | null, version: number) =>
  api.post<Task>(`/api/v1/tasks/${id}/complete`, { outcome, version });
export const reopenTask = (id: string, version: number) =>
  api.post<Task>(`/api/v1/tasks/${id}/reopen`, { version });

export const listFollowUpRules = (signal?: AbortSignal) =>
  api.get<z.infer<typeof followUpRuleList>>('/api/v1/follow-up-rules', undefined, signal);
export const createFollowUpRule = (input: FollowUpRuleCreateInput) =>
  api.post<FollowUpRule>('/api/v1/follow-up-rules', input);
export const updateFollowUpRule = (id: string, input: FollowUpRuleUpdateInput) =>
  api.patch<FollowUpRule>(`/api/v1/follow-up-rules/${id}`, input);
export const deleteFollowUpRule = (id: string, version: number) =>
  api.delete(`/api/v1/follow-up-rules/${id}?version=${version}`);

export const listMails = (
  filters: { q?: string | undefined; status?: MailStatus[] | undefined; cursor?: string | undefined },
  signal?: AbortSignal,
) =>
  api.get<MailPage>(
    '/api/v1/mail-outbox',
    { q: filters.q, status: filters.status?.join(','), cursor: filters.cursor, limit: 50 },
    signal,
  );
export const getMail = (id: string, signal?: AbortSignal) =>
  api.get<MailDetail>(`/api/v1/mail-outbox/${id}`, undefined, signal);
export const retryMail = (id: string) => api.post<MailDetail>(`/api/v1/mail-outbox/${id}/retry`);
