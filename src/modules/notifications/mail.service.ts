import nodemailer, { type Transporter } from 'nodemailer';
import { parseSort, toPage } from '#src/db/paginate.ts';
import { recordAudit } from '#src/modules/audit/audit.service.ts';
import * as repo from '#src/modules/notifications/mail.repo.ts';
import type { Mail, MailDetail, MailListQuery, MailStatus } from '#src/modules/notifications/mail.schema.ts';
import type { Actor, Db, Deps } from '#src/shared/context.ts';
import { AppError, notFound } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';

/**
 * The mail outbox (DESIGN §1, email). Every mail is a row written in the transaction that causes it, so a mail is
 * sent exactly when its cause commits; a sender loop delivers the rows through SMTP_URL. Without SMTP_URL mail is
 * `held` and stays readable in the outbox page.
 */

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string | null;
  /** The record the mail is about (audit entity name and id), for the outbox page. */
  entity?: string | null;
  entityId?: string | null;
  /** The staff member it goes to, when it goes to one. */
  userId?: string | null;
}

/** Attempts before a mail is `failed` for good (an admin may retry it). */
export const MAX_ATTEMPTS = 5;
/** How long a claimed mail is left to its sender before another may claim it again. */
export const SEND_LEASE_MS = 10 * 60_000;
const BATCH = 20;

/** Wait before attempt n+1 after n failed attempts: 1, 4, 16, 64 minutes. */
export const retryDelayMs = (attempts: number): number => 60_000 * 4 ** (attempts - 1);

/**
 * Queues mail in the caller's transaction (other modules use this: a mail goes out only if their change commits).
 * Returns the outbox ids.
 */
export async function queueMail(
  tx: Db,
  deps: Pick<Deps, 'clock' | 'config'>,
  ...messages: MailMessage[]
): Promise<string[]> {
  const now = deps.clock.now();
  const status = deps.config.smtpUrl ? 'queued' : 'held';
  const mails = messages.map((message) => ({
    id: newId(),
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html ?? null,
    entity: message.entity ?? null,
    entityId: message.entityId ?? null,
    userId: message.userId ?? null,
    status: status as 'queued' | 'held',
    now,
  }));
  await repo.insertMails(tx, mails);
  return mails.map((mail) => mail.id);
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

const presentMail = (row: repo.MailRow): Mail => ({
  id: row.id,
  to: row.to_address,
  subject: row.subject,
  status: row.status as MailStatus,
  attempts: row.attempts,
  lastError: row.last_error,
  entity: row.entity,
  entityId: row.entity_id,
  userId: row.user_id,
  nextAttemptAt: row.next_attempt_at.toISOString(),
  sentAt: iso(row.sent_at),
  createdAt: row.created_at.toISOString(),
});

const presentDetail = (row: repo.MailRow): MailDetail => ({
  ...presentMail(row),
  text: row.text_body,
  html: row.html_body,
});

const sortColumns = { createdAt: { column: 'created_at', type: 'timestamptz' } } as const;

export async function listMails(deps: Deps, query: MailListQuery) {
  const keyset = parseSort(query.sort, sortColumns);
  return toPage(await repo.listMails(deps.db, query, keyset), query.limit, keyset, presentMail);
}

export async function getMail(deps: Deps, id: string): Promise<MailDetail> {
  const row = await repo.findMail(deps.db, id);
  if (!row) throw notFound('mail.not_found', id);
  return presentDetail(row);
}

/** Sends a held or failed mail again (after SMTP_URL was set, or the server came back); audited as `send`. */
export async function retryMail(deps: Deps, actor: Actor, id: string): Promise<MailDetail> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const before = await repo.findMail(tx, id);
    if (!before) throw notFound('mail.not_found', id);
    if (!(await repo.requeueMail(tx, id, now)))
      throw new AppError('mail.state', `a ${before.status} mail is not retried; only held or failed mail is`);
    const after = (await repo.findMail(tx, id))!;
    await recordAudit(tx, actor, {
      at: now,
      action: 'send',
      entity: 'mail',
      entityId: id,
      before: presentMail(before),
      after: presentMail(after),
    });
    return presentDetail(after);
  });
}

/** The SMTP transport of SMTP_URL (smtp://user:pass@host:port, smtps://…). */
export const smtpTransport = (smtpUrl: string): Transporter => nodemailer.createTransport(smtpUrl);

/** The sender address: SMTP_URL's `from` parameter, else its user, else noreply at its host. */
export function senderAddress(smtpUrl: string): string {
  try {
    const url = new URL(smtpUrl);
    const from = url.searchParams.get('from');
    if (from) return from;
    const user = decodeURIComponent(url.username);
    if (user.includes('@')) return `Guanxi <${user}>`;
    return `Guanxi <noreply@${url.hostname || 'localhost'}>`;
  } catch {
    return 'Guanxi <noreply@localhost>';
  }
}

/**
 * Delivers the mails due now, one batch after another until none is due; returns how many were sent and how many
 * attempts failed. Without SMTP_URL they are held instead. A failed attempt is retried later (retryDelayMs) until
 * MAX_ATTEMPTS, then the mail is `failed` with its last error.
 */
export async function deliverMail(
  deps: Deps,
  transport?: Transporter | null,
): Promise<{ sent: number; failed: number; held: number }> {
  const now = deps.clock.now();
  if (!deps.config.smtpUrl) return { sent: 0, failed: 0, held: await repo.holdDueMails(deps.db, now) };
  if (transport) return sendDue(deps, transport, deps.config.smtpUrl, now);
  // a transport of its own for this pass (the upkeep loop passes one it keeps)
  const own = smtpTransport(deps.config.smtpUrl);
  try {
    return await sendDue(deps, own, deps.config.smtpUrl, now);
  } finally {
    own.close();
  }
}

async function sendDue(
  deps: Deps,
  transport: Transporter,
  smtpUrl: string,
  now: Date,
): Promise<{ sent: number; failed: number; held: number }> {
  const result = { sent: 0, failed: 0, held: 0 };
  const from = senderAddress(smtpUrl);
  for (;;) {
    const claimed = await repo.claimDueMails(deps.db, now, new Date(now.getTime() + SEND_LEASE_MS), BATCH);
    if (claimed.length === 0) return result;
    for (const mail of claimed) {
      try {
        await transport.sendMail({
          from,
          to: mail.to_address,
          subject: mail.subject,
          text: mail.text_body,
          ...(mail.html_body && { html: mail.html_body }),
        });
        await repo.markSent(deps.db, mail.id, deps.clock.now());
        result.sent += 1;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const retryAt =
          mail.attempts < MAX_ATTEMPTS ? new Date(now.getTime() + retryDelayMs(mail.attempts)) : null;
        await repo.markAttemptFailed(deps.db, mail.id, message.slice(0, 1000), retryAt);
        deps.logger.warn({ mailId: mail.id, attempts: mail.attempts, err: error }, 'mail not sent');
        result.failed += 1;
      }
    }
  }
}
