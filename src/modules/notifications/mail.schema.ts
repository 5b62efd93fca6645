import { z } from 'zod';
import { listParam } from '#src/modules/interactions/interactions.schema.ts';
import { page, pageQuery, queryText, uuid } from '#src/shared/schema.ts';

/**
 * The mail outbox (issue 6; DESIGN §1, email): every mail Guanxi sends, written in the transaction that causes it.
 * `queued` → `sending` → `sent`, or back to `queued` with a later attempt, `failed` after the last; `held` when
 * no SMTP_URL is set.
 */
export const mailStatuses = ['queued', 'sending', 'sent', 'failed', 'held'] as const;
export const mailStatusSchema = z.enum(mailStatuses);
export type MailStatus = z.infer<typeof mailStatusSchema>;

const timestamp = z.iso.datetime({ offset: true });

export const mailSchema = z.object({
  id: uuid,
  to: z.string(),
  subject: z.string(),
  status: mailStatusSchema,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  entity: z.string().nullable(),
  entityId: uuid.nullable(),
  userId: uuid.nullable(),
  nextAttemptAt: timestamp,
  sentAt: timestamp.nullable(),
  createdAt: timestamp,
});
export type Mail = z.infer<typeof mailSchema>;

export const mailDetailSchema = mailSchema.extend({ text: z.string(), html: z.string().nullable() });
export type MailDetail = z.infer<typeof mailDetailSchema>;

export const mailSorts = ['createdAt', '-createdAt'] as const;
export const mailListQuery = pageQuery
  .extend({
    /** Recipient or subject contains. */
    q: queryText(200).optional(),
    status: listParam(mailStatusSchema).optional(),
    sort: z.enum(mailSorts).default('-createdAt'),
  })
  .strict();
export type MailListQuery = z.infer<typeof mailListQuery>;
export const mailPage = page(mailSchema);
