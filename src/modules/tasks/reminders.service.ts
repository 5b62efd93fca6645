import { queueMail } from '#src/modules/notifications/mail.service.ts';
import { notify } from '#src/modules/notifications/notifications.service.ts';
import * as repo from '#src/modules/tasks/reminders.repo.ts';
import type { Deps } from '#src/shared/context.ts';
import { calendarDay } from '#src/shared/dates.ts';
import type { Locale } from '#src/shared/schema.ts';

/**
 * Task reminders (issue 6): when a task's remind_at has come, its owner gets one in-app notification and one mail,
 * exactly once — the claim sets reminded_at in the transaction that writes both.
 */

const BATCH = 100;

const words: Record<
  Locale,
  { reminder: string; due: string; customer: string; open: string; noDue: string }
> = {
  en: { reminder: 'Reminder', due: 'Due', customer: 'Customer', open: 'Open', noDue: 'no due date' },
  'zh-CN': { reminder: '提醒', due: '截止', customer: '客户', open: '打开', noDue: '无截止时间' },
  'zh-TW': { reminder: '提醒', due: '截止', customer: '客戶', open: '開啟', noDue: '無截止時間' },
};

const localeOf = (locale: string): Locale =>
  locale === 'zh-CN' || locale === 'zh-TW' || locale === 'en' ? locale : 'zh-CN';

/** The due time as the owner reads it: the business day, with the time of day unless it is an all-day task. */
function dueText(task: repo.ReminderFacts, timeZone: string, locale: Locale): string {
  if (!task.due_at) return words[locale].noDue;
  const day = calendarDay(task.due_at, timeZone);
  if (task.all_day) return day;
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(
    task.due_at,
  );
  return `${day} ${time}`;
}

/**
 * Sends the reminders due now, batch after batch; returns how many tasks were reminded. A running server calls it
 * every 30 seconds (tasks.upkeep.ts); tests call it on their clock.
 */
export async function sendDueReminders(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  let reminded = 0;
  for (;;) {
    const count = await deps.db.transaction().execute(async (tx) => {
      const ids = await repo.claimDueReminders(tx, now, BATCH);
      if (ids.length === 0) return 0;
      const tasks = await repo.findReminderFacts(tx, ids);
      await notify(
        tx,
        now,
        ...tasks.map((task) => {
          const w = words[localeOf(task.locale)];
          return {
            userId: task.owner_id!,
            kind: 'task_reminder',
            title: task.subject,
            body: `${w.due}: ${dueText(task, deps.config.timeZone, localeOf(task.locale))}${
              task.customer_name ? ` · ${w.customer}: ${task.customer_name}` : ''
            }`,
            link: `/tasks?id=${task.id}`,
            entity: 'task',
            entityId: task.id,
          };
        }),
      );
      await queueMail(
        tx,
        deps,
        ...tasks
          .filter((task) => task.active)
          .map((task) => {
            const locale = localeOf(task.locale);
            const w = words[locale];
            const lines = [
              `${w.reminder}: ${task.subject}`,
              `${w.due}: ${dueText(task, deps.config.timeZone, locale)}`,
              ...(task.customer_name ? [`${w.customer}: ${task.customer_name}`] : []),
              `${w.open}: /tasks?id=${task.id}`,
            ];
            return {
              to: task.email,
              subject: `${w.reminder}: ${task.subject}`,
              text: `${lines.join('\n')}\n`,
              entity: 'task',
              entityId: task.id,
              userId: task.owner_id,
            };
          }),
      );
      return ids.length;
    });
    reminded += count;
    if (count < BATCH) return reminded;
  }
}
