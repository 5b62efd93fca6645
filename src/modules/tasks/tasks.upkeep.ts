import { deliverMail, smtpTransport } from '#src/modules/notifications/mail.service.ts';
import { runFollowUpRules } from '#src/modules/tasks/follow-ups.service.ts';
import { sendDueReminders } from '#src/modules/tasks/reminders.service.ts';
import type { Deps } from '#src/shared/context.ts';

/**
 * The upkeep loops of tasks and mail on a running server (server/app.ts; docs/decisions/0003): rows with due times
 * scanned on an interval. Each loop runs one pass at a time; a failed pass is logged and tried again next time.
 */

export const REMINDERS_EVERY_MS = 30_000;
export const FOLLOW_UPS_EVERY_MS = 30_000;
export const MAIL_EVERY_MS = 15_000;

function every(deps: Deps, ms: number, name: string, pass: () => Promise<unknown>) {
  let running: Promise<void> | null = null;
  const tick = () => {
    running ??= pass()
      .then(() => undefined)
      .catch((error: unknown) => deps.logger.error({ err: error }, `${name} failed`))
      .finally(() => (running = null));
  };
  tick();
  const timer = setInterval(tick, ms);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

/** Starts follow-ups, reminders and the mail sender; `stop` waits for the passes in progress. */
export function startTaskUpkeep(deps: Deps): { stop(): Promise<void> } {
  const transport = deps.config.smtpUrl ? smtpTransport(deps.config.smtpUrl) : null;
  const stops = [
    every(deps, FOLLOW_UPS_EVERY_MS, 'follow-up rules', () => runFollowUpRules(deps)),
    every(deps, REMINDERS_EVERY_MS, 'task reminders', () => sendDueReminders(deps)),
    every(deps, MAIL_EVERY_MS, 'mail delivery', () => deliverMail(deps, transport)),
  ];
  return {
    async stop() {
      await Promise.all(stops.map((stop) => stop()));
      transport?.close();
    },
  };
}
