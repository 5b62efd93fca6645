import type { FastifyInstance } from 'fastify';
import { idParams } from '#src/modules/interactions/interactions.schema.ts';
import { mailDetailSchema, mailListQuery, mailPage } from '#src/modules/notifications/mail.schema.ts';
import * as mail from '#src/modules/notifications/mail.service.ts';
import {
  markedSchema,
  notificationListQuery,
  notificationPage,
  notificationSchema,
  unreadCountSchema,
} from '#src/modules/notifications/notifications.schema.ts';
import * as notifications from '#src/modules/notifications/notifications.service.ts';
import { actorOf } from '#src/server/plugins/auth.ts';
import { protectedErrors, typed } from '#src/server/route-kit.ts';
import type { Deps } from '#src/shared/context.ts';

/** The signed-in staff member's notifications, and the mail outbox for admins (issue 6). */
export function registerNotificationRoutes(app: FastifyInstance, deps: Deps): void {
  const api = typed(app);

  api.get('/api/v1/notifications', {
    config: { access: 'self' },
    schema: {
      tags: ['notifications'],
      summary: 'Your notifications, unread first, newest first',
      querystring: notificationListQuery,
      response: { 200: notificationPage, ...protectedErrors },
    },
    handler: (request) => notifications.listNotifications(deps, actorOf(request), request.query),
  });

  api.get('/api/v1/notifications/unread-count', {
    config: { access: 'self' },
    schema: {
      tags: ['notifications'],
      summary: 'How many of your notifications are unread (the bell in the header)',
      response: { 200: unreadCountSchema, ...protectedErrors },
    },
    handler: (request) => notifications.unreadCount(deps, actorOf(request)),
  });

  api.post('/api/v1/notifications/:id/read', {
    config: { access: 'self' },
    schema: {
      tags: ['notifications'],
      summary: 'Mark one of your notifications read',
      params: idParams,
      response: { 200: notificationSchema, ...protectedErrors },
    },
    handler: (request) => notifications.markRead(deps, actorOf(request), request.params.id),
  });

  api.post('/api/v1/notifications/read-all', {
    config: { access: 'self' },
    schema: {
      tags: ['notifications'],
      summary: 'Mark all your notifications read',
      response: { 200: markedSchema, ...protectedErrors },
    },
    handler: (request) => notifications.markAllRead(deps, actorOf(request)),
  });

  api.get('/api/v1/mail-outbox', {
    config: { access: 'mail.read' },
    schema: {
      tags: ['mail'],
      summary: 'Every mail Guanxi sent, is sending or holds, newest first',
      querystring: mailListQuery,
      response: { 200: mailPage, ...protectedErrors },
    },
    handler: (request) => mail.listMails(deps, request.query),
  });

  api.get('/api/v1/mail-outbox/:id', {
    config: { access: 'mail.read' },
    schema: {
      tags: ['mail'],
      summary: 'One mail with its text',
      params: idParams,
      response: { 200: mailDetailSchema, ...protectedErrors },
    },
    handler: (request) => mail.getMail(deps, request.params.id),
  });

  api.post('/api/v1/mail-outbox/:id/retry', {
    config: { access: 'mail.read' },
    schema: {
      tags: ['mail'],
      summary: 'Send a held or failed mail again',
      params: idParams,
      response: { 200: mailDetailSchema, ...protectedErrors },
    },
    handler: (request) => mail.retryMail(deps, actorOf(request), request.params.id),
  });
}
