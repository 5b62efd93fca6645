import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  completeTask,
  createFollowUpRule,
  createTask,
  deleteFollowUpRule,
  deleteTask,
  getMail,
  getTask,
  listFollowUpRules,
  listMails,
  listTasks,
  reopenTask,
  retryMail,
  updateFollowUpRule,
  updateTask,
} from '../api/tasks.ts';
import type {
  FollowUpRuleCreateInput,
  FollowUpRuleUpdateInput,
  MailStatus,
  Task,
  TaskCreateInput,
  TaskFilters,
  TaskUpdateInput,
} from '../api/tasks.ts';

export const tasksKey = ['tasks'] as const;

/** Tasks with filters, one keyset page at a time ("load more"). */
export function useTaskList(filters: TaskFilters, options: { enabled?: boolean; pageSize?: number } = {}) {
  const pageSize = options.pageSize ?? 50;
  const query = useInfiniteQuery({
    queryKey: [...tasksKey, 'list', filters, pageSize],
    queryFn: ({ pageParam, signal }) => listTasks({ ...filters, limit: pageSize, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: options.enabled ?? true,
  });
  return { ...query, tasks: query.data?.pages.flatMap((page) => page.items) ?? [] };
}

/** Every task due in a range (the calendar shows a month): all pages, up to 200 each. */
export function useTasksInRange(filters: TaskFilters) {
  return useQuery({
    queryKey: [...tasksKey, 'range', filters],
    queryFn: async ({ signal }) => {
      const tasks: Task[] = [];
      let cursor: string | undefined;
      do {
        const page = await listTasks({ ...filters, limit: 200, cursor }, signal);
        tasks.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && tasks.length < 2000);
      return tasks;
    },
  });
}

export function useTask(id: string | null) {
  return useQuery({
    queryKey: [...tasksKey, 'detail', id],
    queryFn: ({ signal }) => getTask(id ?? '', signal),
    enabled: id !== null,
  });
}

/** A changed task changes every task list and the customer's timeline (a completed call logs a contact). */
function useTaskMutation<Args>(fn: (args: Args) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: tasksKey }),
        queryClient.invalidateQueries({ queryKey: ['customers'] }),
        queryClient.invalidateQueries({ queryKey: ['interactions'] }),
      ]),
  });
}

export const useCreateTask = () => useTaskMutation((input: TaskCreateInput) => createTask(input));
export const useUpdateTask = () =>
  useTaskMutation(({ id, input }: { id: string; input: TaskUpdateInput }) => updateTask(id, input));
export const useDeleteTask = () =>
  useTaskMutation(({ id, version }: { id: string; version: number }) => deleteTask(id, version));
export const useCompleteTask = () =>
  useTaskMutation(({ id, outcome, version }: { id: string; outcome: string | null; version: number }) =>
    completeTask(id, outcome, version),
  );
export const useReopenTask = () =>
  useTaskMutation(({ id, version }: { id: string; version: number }) => reopenTask(id, version));

const rulesKey = ['follow-up-rules'] as const;

export const useFollowUpRules = () =>
  useQuery({ queryKey: rulesKey, queryFn: ({ signal }) => listFollowUpRules(signal) });

function useRuleMutation<Args>(fn: (args: Args) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: rulesKey }),
  });
}

export const useCreateFollowUpRule = () =>
  useRuleMutation((input: FollowUpRuleCreateInput) => createFollowUpRule(input));
export const useUpdateFollowUpRule = () =>
  useRuleMutation(({ id, input }: { id: string; input: FollowUpRuleUpdateInput }) =>
    updateFollowUpRule(id, input),
  );
export const useDeleteFollowUpRule = () =>
  useRuleMutation(({ id, version }: { id: string; version: number }) => deleteFollowUpRule(id, version));

const mailKey = ['mail-outbox'] as const;

export function useMailList(filters: { q?: string | undefined; status?: MailStatus[] | undefined }) {
  const query = useInfiniteQuery({
    queryKey: [...mailKey, 'list', filters],
    queryFn: ({ pageParam, signal }) => listMails({ ...filters, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return { ...query, mails: query.data?.pages.flatMap((page) => page.items) ?? [] };
}

export const useMail = (id: string | null) =>
  useQuery({
    queryKey: [...mailKey, 'detail', id],
    queryFn: ({ signal }) => getMail(id ?? '', signal),
    enabled: id !== null,
  });

export function useRetryMail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => retryMail(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mailKey }),
  });
}
