import { sql } from 'kysely';
import { afterCursor, cursorValue, type Keyset } from '#src/db/paginate.ts';
import type { Db } from '#src/shared/context.ts';
import type { MailListQuery } from '#src/modules/notifications/mail.schema.ts';

export interface MailValues {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  entity: string | null;
  entityId: string | null;
  userId: string | null;
  status: 'queued' | 'held';
  now: Date;
}

const mailColumns = [
  'id',
  'to_address',
  'subject',
  'text_body',
  'html_body',
  'status',
  'attempts',
  'last_error',
  'entity',
  'entity_id',
  'user_id',
  'next_attempt_at',
  'sent_at',
  'created_at',
] as const;

/** Writes mails in one statement (a batch of reminders queues all of its mails at once). */
export async function insertMails(db: Db, mails: readonly MailValues[]): Promise<void> {
  if (mails.length === 0) return;
  await db
    .insertInto('mail_outbox')
    .values(
      mails.map((mail) => ({
        id: mail.id,
        to_address: mail.to,
        subject: mail.subject,
        text_body: mail.text,
        html_body: mail.html,
        entity: mail.entity,
        entity_id: mail.entityId,
        user_id: mail.userId,
        status: mail.status,
        next_attempt_at: mail.now,
        created_at: mail.now,
      })),
    )
    .execute();
}

export const findMail = (db: Db, id: string) =>
  db.selectFrom('mail_outbox').select(mailColumns).where('id', '=', id).executeTakeFirst();

export type MailRow = Awaited<ReturnType<typeof findMail>> & {};

export async function listMails(db: Db, query: MailListQuery, keyset: Keyset) {
  let q = db
    .selectFrom('mail_outbox')
    .select(mailColumns)
    .select(cursorValue(keyset, 'mail_outbox'))
    .orderBy(`mail_outbox.${keyset.column}` as 'mail_outbox.created_at', keyset.direction)
    .orderBy('mail_outbox.id', keyset.direction)
    .limit(query.limit + 1);
  if (query.status) q = q.where('status', 'in', query.status);
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, '\\$&')}%`;
    q = q.where((eb) => eb.or([eb('to_address', 'ilike', like), eb('subject', 'ilike', like)]));
  }
  if (query.cursor) q = q.where(afterCursor(keyset, 'mail_outbox', query.cursor));
  return q.execute();
}

/**
 * Claims up to `limit` mails due for an attempt and marks them `sending` with a lease: a sender that dies mid-way
 * leaves them `sending`, and they are claimed again once the lease (their next_attempt_at) has passed. SKIP LOCKED
 * lets several servers on one PostgreSQL database share the outbox without sending a mail twice.
 */
export async function claimDueMails(db: Db, now: Date, leaseUntil: Date, limit: number) {
  return db
    .updateTable('mail_outbox')
    .set({ status: 'sending', attempts: sql`attempts + 1`, next_attempt_at: leaseUntil })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('mail_outbox')
        .select('id')
        .where('status', 'in', ['queued', 'sending'])
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning(['id', 'to_address', 'subject', 'text_body', 'html_body', 'attempts'])
    .execute();
}

/** Without SMTP every due mail is held: readable in the outbox page, sent when an admin retries it with SMTP set. */
export async function holdDueMails(db: Db, now: Date): Promise<number> {
  const result = await db
    .updateTable('mail_outbox')
    .set({ status: 'held', last_error: 'SMTP_URL is not set' })
    .where('status', 'in', ['queued', 'sending'])
    .where('next_attempt_at', '<=', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function markSent(db: Db, id: string, now: Date): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set({ status: 'sent', sent_at: now, last_error: null })
    .where('id', '=', id)
    .execute();
}

/** A failed attempt: queued again at `retryAt`, or `failed` for good when there is none. */
export async function markAttemptFailed(
  db: Db,
  id: string,
  error: string,
  retryAt: Date | null,
): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set(
      retryAt
        ? { status: 'queued', last_error: error, next_attempt_at: retryAt }
        : { status: 'failed', last_error: error },
    )
    .where('id', '=', id)
    .execute();
}

/** Queues a held or failed mail again, from its first attempt; false when it is in another state. */
export async function requeueMail(db: Db, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('mail_outbox')
    .set({ status: 'queued', attempts: 0, next_attempt_at: now, last_error: null })
    .where('id', '=', id)
    .where('status', 'in', ['held', 'failed'])
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
