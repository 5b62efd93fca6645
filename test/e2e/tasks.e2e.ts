import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Customer } from '#src/modules/customers/customers.schema.ts';
import type { Mail } from '#src/modules/notifications/mail.schema.ts';
import type { Task } from '#src/modules/tasks/tasks.schema.ts';
import { ApiClient } from './support/api.ts';
import {
  launchBrowser,
  newContext,
  screenshot,
  screenshotDir,
  signIn,
  watchConsole,
} from './support/browser.ts';
import { admin, startGuanxi } from './support/server.ts';
import type { GuanxiServer } from './support/server.ts';

/**
 * Tasks in the browser, in Chinese and English: a follow-up rule made on its settings page, an order booked over
 * the API, the follow-up task in My tasks and on the calendar, completing it, and its reminder in the header's bell.
 * The server's own loops create the follow-up and the reminder (each every 30 s): the test waits for them.
 */

let server: GuanxiServer;
let browser: Browser;
let api: ApiClient;

beforeAll(async () => {
  [server, browser] = await Promise.all([startGuanxi(), launchBrowser()]);
  api = await ApiClient.login(server.url, admin.email, admin.password);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const languages = [
  {
    locale: 'zh-CN',
    browserLocale: 'zh-CN',
    customer: '王小明',
    rule: '下单回访',
    subject: '致电{{customer}}感谢下单',
  },
  {
    locale: 'en',
    browserLocale: 'en-US',
    customer: 'Jane Smith',
    rule: 'Order thank-you',
    subject: 'Thank {{customer}} for the order',
  },
] as const;
type Language = (typeof languages)[number];
const subjectOf = (language: Language) => language.subject.replace('{{customer}}', language.customer);

async function signedIn(
  language: Language,
): Promise<{ context: BrowserContext; page: Page; console: string[] }> {
  await api.call('PATCH', '/api/v1/me', { locale: language.locale });
  const context = await newContext(browser, server.url, language.browserLocale);
  const page = await context.newPage();
  const console = watchConsole(page);
  await openPage(page, '/login', '#email');
  await signIn(page, admin.email, admin.password);
  return { context, page, console };
}

/**
 * Opens a page and waits for `ready`, loading it again when it does not come: the web assets are rebuilt now and
 * then on a shared machine, and a page loaded in the middle of that stays blank.
 */
async function openPage(page: Page, url: string, ready: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    await page.goto(url);
    try {
      await page.locator(ready).first().waitFor({ timeout: 20_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** The window as the user sees it, for popovers, drawers and dialogs. */
async function windowShot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

const untranslatedKeys = async (page: Page) =>
  ((await page.locator('body').textContent()) ?? '').match(/\b(tasks|nav)\.[a-zA-Z_.]+/g) ?? [];

const customers: Record<string, Customer> = {};

/** The browser's note on the signed-out session probe (401) on the login page is expected; anything else is a bug. */
const problems = (console: string[]) => console.filter((line) => !line.includes('status of 401'));

describe('tasks in the browser', () => {
  test.each(languages)('a follow-up rule is made on its settings page ($locale)', async (language) => {
    const { context, page, console } = await signedIn(language);
    await openPage(page, '/settings/follow-up-rules', '[data-testid="rule-create"]');
    await page.getByTestId('rule-create').click();
    await page.getByTestId('rule-name').fill(language.rule);
    await page.locator('[data-testid="rule-delay"] input, input[data-testid="rule-delay"]').first().fill('0');
    await page.getByTestId('rule-subject').fill(language.subject);
    await windowShot(page, `tasks-rule-dialog-${language.locale}`);
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.locator('.ant-table-row', { hasText: language.rule }).waitFor();
    await screenshot(page, `tasks-follow-up-rules-${language.locale}`);
    expect(await untranslatedKeys(page)).toEqual([]);
    expect(problems(console)).toEqual([]);
    await context.close();

    // an order after the rule, booked over the API
    customers[language.locale] = await api.call<Customer>('POST', '/api/v1/customers', {
      kind: 'person',
      name: language.customer,
    });
    await api.call('POST', '/api/v1/orders', { customerId: customers[language.locale]!.id, amount: '188' });
  });

  test('the server makes the follow-up tasks and their reminders', { timeout: 200_000 }, async () => {
    // each rule follows up the orders after it: the first rule also the second customer's order, the second rule
    // not the first customer's (older) one
    const followUps = [
      ...languages.map(subjectOf),
      languages[0].subject.replace('{{customer}}', languages[1].customer),
    ];
    const mine = async () =>
      (await api.call<{ items: Task[] }>('GET', '/api/v1/tasks?mine=true&status=open')).items;
    await expect
      .poll(async () => (await mine()).map((task) => task.subject).sort(), {
        timeout: 150_000,
        interval: 2000,
      })
      .toEqual(followUps.sort());
    await expect
      .poll(async () => (await mine()).every((task) => task.remindedAt !== null), {
        timeout: 90_000,
        interval: 2000,
      })
      .toBe(true);
  });

  test.each(languages)(
    'the task is in My tasks and the calendar, is completed, and its reminder rings ($locale)',
    async (language) => {
      const subject = subjectOf(language);
      const { context, page, console } = await signedIn(language);

      // the bell counts the unread reminders
      const bell = page.getByTestId('notification-count');
      await expect.poll(async () => Number(await bell.getAttribute('data-count'))).toBeGreaterThan(0);

      await openPage(page, '/tasks', '[data-testid="task-group-today"]');
      const today = page.getByTestId('task-group-today');
      const row = today.getByTestId('task-row').filter({ hasText: subject });
      await row.waitFor();
      expect(await row.textContent()).toContain(language.customer);
      await screenshot(page, `tasks-my-tasks-${language.locale}`);
      expect(await untranslatedKeys(page)).toEqual([]);

      // the calendar shows it on today's cell and opens it
      await openPage(page, '/tasks/calendar', '[data-testid="calendar-view"]');
      const chip = page.getByTestId('calendar-task').filter({ hasText: subject });
      await chip.waitFor();
      await screenshot(page, `tasks-calendar-${language.locale}`);
      await chip.click();
      await page.getByTestId('task-drawer').getByRole('link', { name: language.customer }).waitFor();
      await windowShot(page, `tasks-calendar-drawer-${language.locale}`);
      await page.keyboard.press('Escape');
      await page
        .getByTestId('calendar-view')
        .getByText(language.locale === 'en' ? 'Week' : '周')
        .click();
      await page
        .getByTestId('calendar-week')
        .getByTestId('calendar-task')
        .filter({ hasText: subject })
        .waitFor();
      await screenshot(page, `tasks-calendar-week-${language.locale}`);

      // completed with its outcome, it moves to Done
      await openPage(page, '/tasks', '[data-testid="task-group-today"]');
      await today.getByTestId('task-row').filter({ hasText: subject }).getByTestId('task-complete').click();
      await page
        .getByTestId('task-outcome')
        .fill(language.locale === 'en' ? 'Happy with the order' : '客户很满意');
      await windowShot(page, `tasks-complete-dialog-${language.locale}`);
      await page.locator('.ant-modal-footer .ant-btn-primary').click();
      await page
        .getByTestId('task-group-done')
        .getByTestId('task-row')
        .filter({ hasText: subject })
        .waitFor();
      await expect.poll(() => today.getByTestId('task-row').filter({ hasText: subject }).count()).toBe(0);

      // the reminder is in the bell; it opens the task
      await page.getByTestId('notification-bell').click();
      const item = page.getByTestId('notification-item').filter({ hasText: subject });
      await item.waitFor();
      await windowShot(page, `tasks-bell-${language.locale}`);
      expect(await untranslatedKeys(page)).toEqual([]);
      await item.click();
      await page.waitForURL(/\/tasks\?id=/);
      await page.getByTestId('task-drawer').getByRole('link', { name: language.customer }).waitFor();

      // the customer's page lists the task
      await openPage(page, `/customers/${customers[language.locale]!.id}`, '[data-testid="customer-tasks"]');
      await page.getByTestId('customer-tasks').locator('.ant-switch').click();
      await page.getByTestId('customer-tasks').getByText(subject).waitFor();
      await screenshot(page, `tasks-customer-panel-${language.locale}`);
      expect(problems(console)).toEqual([]);
      await context.close();
    },
    120_000,
  );

  test('the outbox holds the reminder mails when no SMTP server is set', async () => {
    const mails = (await api.call<{ items: Mail[] }>('GET', '/api/v1/mail-outbox')).items;
    expect(mails.filter((mail) => mail.entity === 'task').map((mail) => mail.status)).toEqual([
      'held',
      'held',
      'held',
    ]);
    const { context, page, console } = await signedIn(languages[0]);
    await openPage(page, '/settings/outbox', '[data-testid="outbox-table"] .ant-table-row');
    await screenshot(page, 'tasks-outbox-zh-CN');
    expect(await untranslatedKeys(page)).toEqual([]);
    expect(problems(console)).toEqual([]);
    await context.close();
  });
});
