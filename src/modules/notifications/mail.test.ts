import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '#src/modules/audit/audit.schema.ts';
import type { Mail, MailDetail } from '#src/modules/notifications/mail.schema.ts';
import {
  deliverMail,
  MAX_ATTEMPTS,
  queueMail,
  retryDelayMs,
} from '#src/modules/notifications/mail.service.ts';
import type { Deps } from '#src/shared/context.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { MINUTE, TestClock } from '#test/support/clock.ts';
import { expectProblem } from '#test/support/problem.ts';

/** The mail outbox: queued in the writer's transaction, delivered through SMTP_URL to a real SMTP peer, or held. */

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on 127.0.0.1 at a free port that keeps what it receives; `refuse` rejects recipients. */
async function smtpPeer(options: { refuse?: boolean } = {}) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      callback(options.refuse ? new Error(`mailbox ${address.address} unavailable`) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}/?from=crm@example.com`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let t: TestApp;
let admin: Session;
let sales: Session;
const clock = new TestClock('2026-05-04T02:00:00Z');

beforeAll(async () => {
  t = await openTestApp({ clock });
  [admin, sales] = await Promise.all([t.signedIn('admin'), t.signedIn('sales')]);
});
afterAll(() => t?.close());

const api = (method: 'GET' | 'POST', url: string, session: Session | null = admin) =>
  t.app.inject({ method, url, ...(session && { headers: session.bearer }) });

const withSmtp = (smtpUrl: string | undefined): Deps => ({
  ...t.deps,
  config: { ...t.deps.config, smtpUrl },
});

const queue = (deps: Deps, to: string, subject: string) =>
  t.database.db.transaction().execute(async (tx) => {
    const [id] = await queueMail(tx, deps, { to, subject, text: `${subject}\n` });
    return id!;
  });

const stored = async (id: string) => (await api('GET', `/api/v1/mail-outbox/${id}`)).json<MailDetail>();

describe('delivering mail', () => {
  it('sends queued mail through SMTP_URL to a real SMTP peer: recipient and subject arrive', async () => {
    const peer = await smtpPeer();
    try {
      const deps = withSmtp(peer.url);
      const id = await queue(deps, 'li.lei@example.com', '提醒：回访张三');
      expect((await stored(id)).status).toBe('queued');
      expect(await deliverMail(deps)).toEqual({ sent: 1, failed: 0, held: 0 });
      expect(peer.received).toHaveLength(1);
      expect(peer.received[0]!.to).toEqual(['li.lei@example.com']);
      expect(peer.received[0]!.from).toBe('crm@example.com');
      // the subject is MIME-encoded (UTF-8); decode it as a mail reader does
      const subjectLine = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(peer.received[0]!.raw)![1]!;
      const decoded = subjectLine
        .split(/\r\n[ \t]/)
        .map((word) =>
          word.replace(/=\?UTF-8\?B\?([^?]*)\?=/gi, (_m, b64: string) =>
            Buffer.from(b64, 'base64').toString('utf8'),
          ),
        )
        .join('');
      expect(decoded).toBe('提醒：回访张三');
      expect(await stored(id)).toMatchObject({
        status: 'sent',
        attempts: 1,
        sentAt: clock.now().toISOString(),
      });
      // sent once: another pass sends nothing
      expect(await deliverMail(deps)).toEqual({ sent: 0, failed: 0, held: 0 });
      expect(peer.received).toHaveLength(1);
    } finally {
      await peer.close();
    }
  });

  it('holds mail without SMTP_URL, readable in the outbox', async () => {
    const id = await queue(withSmtp(undefined), 'han.meimei@example.com', 'Held reminder');
    expect(await deliverMail(withSmtp(undefined))).toMatchObject({ sent: 0 });
    expect(await stored(id)).toMatchObject({
      status: 'held',
      to: 'han.meimei@example.com',
      text: 'Held reminder\n',
    });
  });

  it('retries a refused mail later with backoff, then fails it after the last attempt', async () => {
    const peer = await smtpPeer({ refuse: true });
    try {
      const deps = withSmtp(peer.url);
      const id = await queue(deps, 'nobody@example.com', 'Refused');
      expect(await deliverMail(deps)).toMatchObject({ failed: 1 });
      const first = await stored(id);
      expect(first).toMatchObject({ status: 'queued', attempts: 1 });
      expect(first.lastError).toMatch(/unavailable/);
      expect(first.nextAttemptAt).toBe(new Date(clock.now().getTime() + retryDelayMs(1)).toISOString());
      // not before its time
      expect(await deliverMail(deps)).toMatchObject({ failed: 0 });
      for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt += 1) {
        clock.advance(retryDelayMs(attempt - 1));
        expect(await deliverMail(deps)).toMatchObject({ failed: 1 });
      }
      expect(await stored(id)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
      expect(peer.received).toEqual([]);
    } finally {
      await peer.close();
    }
  });
});

describe('the outbox over HTTP', () => {
  it('requires a login and is for admins only', async () => {
    expectProblem(await api('GET', '/api/v1/mail-outbox', null), 401, 'auth.required');
    expectProblem(await api('GET', '/api/v1/mail-outbox', sales), 403, 'auth.forbidden');
    expectProblem(
      await api('POST', `/api/v1/mail-outbox/${crypto.randomUUID()}/retry`, sales),
      403,
      'auth.forbidden',
    );
  });

  it('lists newest first with a status filter, and retrying a held mail queues it again (audited: send)', async () => {
    const id = await queue(withSmtp(undefined), 'retry@example.com', 'Retry me');
    const held = (await api('GET', '/api/v1/mail-outbox?status=held&q=retry@')).json<{ items: Mail[] }>();
    expect(held.items.map((mail) => mail.id)).toEqual([id]);
    const retried = await api('POST', `/api/v1/mail-outbox/${id}/retry`);
    expect(retried.json<MailDetail>()).toMatchObject({ status: 'queued', attempts: 0, lastError: null });
    expectProblem(await api('POST', `/api/v1/mail-outbox/${id}/retry`), 409, 'mail.state');
    expectProblem(await api('GET', `/api/v1/mail-outbox/${crypto.randomUUID()}`), 404, 'mail.not_found');
    const audit = (await api('GET', `/api/v1/audit?entity=mail&entityId=${id}`)).json<{
      items: AuditEntry[];
    }>().items;
    expect(audit).toMatchObject([
      {
        entity: 'mail',
        action: 'send',
        actor: admin.user.email,
        before: { status: 'held' },
        after: { status: 'queued' },
      },
    ]);
    clock.advance(MINUTE);
  });
});
