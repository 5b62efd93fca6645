import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { listNotifications, markAllRead, markRead, unreadCount } from '../api/notifications.ts';

const notificationsKey = ['notifications'] as const;
/** Reminders come from a server loop: the bell looks again every 30 seconds (and when the window gets focus). */
const POLL_MS = 30_000;

export const useUnreadCount = () =>
  useQuery({
    queryKey: [...notificationsKey, 'unread'],
    queryFn: ({ signal }) => unreadCount(signal),
    refetchInterval: POLL_MS,
  });

export const useNotifications = (enabled: boolean) =>
  useQuery({
    queryKey: [...notificationsKey, 'list'],
    queryFn: ({ signal }) => listNotifications(signal),
    enabled,
  });

function useNotificationMutation<Args>(fn: (args: Args) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationsKey }),
  });
}

export const useMarkRead = () => useNotificationMutation((id: string) => markRead(id));
export const useMarkAllRead = () => useNotificationMutation(() => markAllRead());
