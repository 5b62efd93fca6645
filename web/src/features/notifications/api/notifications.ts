import type { z } from 'zod';
import type {
  Notification,
  notificationPage,
  UnreadCount,
} from '#src/modules/notifications/notifications.schema.ts';
import { api } from '../../../lib/api.ts';

export type { Notification };
export type NotificationPage = z.infer<typeof notificationPage>;

export const listNotifications = (signal?: AbortSignal) =>
  api.get<NotificationPage>('/api/v1/notifications', { limit: 20 }, signal);
export const unreadCount = (signal?: AbortSignal) =>
  api.get<UnreadCount>('/api/v1/notifications/unread-count', undefined, signal);
export const markRead = (id: string) => api.post<Notification>(`/api/v1/notifications/${id}/read`);
export const markAllRead = () => api.post<{ marked: number }>('/api/v1/notifications/read-all');
