import { z } from 'zod';
import { page, pageQuery, uuid } from '#src/shared/schema.ts';

/** In-app notifications of one staff member (issue 6): task reminders and the like, read in the header's bell. */

const timestamp = z.iso.datetime({ offset: true });

export const notificationKinds = ['task_reminder'] as const;

export const notificationSchema = z.object({
  id: uuid,
  kind: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  /** The web app's path to open, e.g. `/tasks?id=…`. */
  link: z.string().nullable(),
  entity: z.string().nullable(),
  entityId: uuid.nullable(),
  readAt: timestamp.nullable(),
  createdAt: timestamp,
});
export type Notification = z.infer<typeof notificationSchema>;

/** Unread first, then newest first. */
export const notificationListQuery = pageQuery
  .extend({ unread: z.enum(['true', 'false']).optional() })
  .strict();
export type NotificationListQuery = z.infer<typeof notificationListQuery>;
export const notificationPage = page(notificationSchema);

export const unreadCountSchema = z.object({ unread: z.number().int() });
export type UnreadCount = z.infer<typeof unreadCountSchema>;

export const markedSchema = z.object({ marked: z.number().int() });
