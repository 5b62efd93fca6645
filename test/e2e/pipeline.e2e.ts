import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { OpportunityDetail } from '#src/modules/sales/opportunities.schema.ts';
import { ApiClient } from './support/api.ts';
import { launchBrowser, newContext, screenshot, signIn, watchConsole } from './support/browser.ts';
import { admin, startGuanxi } from './support/server.ts';
import type { GuanxiServer } from './support/server.ts';

/**
 * The sales pipeline as a salesperson works it, in Chinese and in English: create an opportunity on the board,
 * drag it with the mouse through the stages to won, see a won card refuse to move back, then find it in the table
 * and its stage history on its page.
 */

let server: GuanxiServer;
let browser: Browser;
let api: ApiClient;
const seller = { email: 'li.na@example.com', password: 'Li-Na-Sales-2026!' };

beforeAll(async () => {
  [server, browser] = await Promise.all([startGuanxi(), launchBrowser()]);
  api = await ApiClient.login(server.url, admin.email, admin.password);
  const user = await api.createUser({ ...seller, name: '李娜', role: 'sales' });
  for (const name of ['上海云杉科技有限公司', 'Northwind Traders'])
    await api.call('POST', '/api/v1/customers', { kind: 'organization', name, ownerId: user.id });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The browser's notes on the signed-out session probe (401) and the refused move (409) are expected. */
const problems = (console: string[]) =>
  console.filter((line) => !line.includes('status of 401') && !line.includes('status of 409'));

const column = (page: Page, kind: string, index = 0) =>
  page.locator(`[data-testid="board-column"][data-stage-kind="${kind}"]`).nth(index);
const card = (page: Page, name: string) => page.getByTestId('board-card').filter({ hasText: name });

/** A real mouse drag: press on the card, move in steps to the middle of the target column, release. */
async function drag(page: Page, name: string, target: Locator): Promise<void> {
  const from = await card(page, name).boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error('card or column not on screen');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 5, { steps: 3 });
  await page.mouse.move(to.x + to.width / 2, to.y + 160, { steps: 12 });
  await page.mouse.up();
}

/** Drags to a column and waits until the server has confirmed the card there. */
async function dragTo(page: Page, name: string, target: Locator): Promise<void> {
  const confirmed = page.waitForResponse((r) =>
    /\/api\/v1\/opportunities\/[^/]+\/(move|win|lose)$/.test(r.url()),
  );
  await drag(page, name, target);
  expect((await confirmed).status()).toBe(200);
  await target.getByTestId('board-card').filter({ hasText: name }).waitFor();
  await expect.poll(() => card(page, name).getAttribute('data-pending')).toBeNull();
}

const texts = {
  'zh-CN': {
    name: '云杉 ERP 升级',
    customer: '云杉',
    customerName: '上海云杉科技有限公司',
    won: '赢单',
    closed: '已赢单或输单',
  },
  en: {
    name: 'Northwind CRM rollout',
    customer: 'North',
    customerName: 'Northwind Traders',
    won: 'Won',
    closed: 'already won or lost',
  },
} as const;

describe.each(['zh-CN', 'en'] as const)('the pipeline board in %s', (locale) => {
  const text = texts[locale];

  test('creates an opportunity and drags it through the stages to won', async () => {
    const sellerApi = await ApiClient.login(server.url, seller.email, seller.password);
    await sellerApi.call('PATCH', '/api/v1/me', { locale });
    const context = await newContext(browser, server.url, locale === 'en' ? 'en-US' : 'zh-CN');
    await context.addInitScript(() => window.localStorage.clear());
    const page = await context.newPage();
    await page.setViewportSize({ width: 1600, height: 900 });
    const console = watchConsole(page);
    await signIn(page, seller.email, seller.password);
    await page.goto('/sales/board');
    await column(page, 'open').waitFor();

    await page.getByTestId('opportunity-create').click();
    const dialog = page.getByTestId('opportunity-create-dialog');
    await dialog.getByTestId('opportunity-name').fill(text.name);
    await dialog.getByTestId('opportunity-customer').click();
    await page.keyboard.type(text.customer);
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: text.customerName })
      .first()
      .click();
    await dialog
      .locator('input[data-testid="opportunity-amount"], [data-testid="opportunity-amount"] input')
      .fill('128000');
    const created = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/opportunities') && r.request().method() === 'POST',
    );
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    expect((await created).status()).toBe(201);
    await column(page, 'open', 0).getByTestId('board-card').filter({ hasText: text.name }).waitFor();
    await screenshot(page, `pipeline-${locale}-board-created`);

    for (const index of [1, 2, 3]) await dragTo(page, text.name, column(page, 'open', index));
    await dragTo(page, text.name, column(page, 'won'));
    // The Chinese run went first and won its own opportunity.
    expect(await column(page, 'won').getByTestId('column-count').innerText()).toBe(
      locale === 'zh-CN' ? '1' : '2',
    );
    await screenshot(page, `pipeline-${locale}-board-won`);

    // A won card dragged back to an open stage is refused (409 opportunity.closed) and returns to won.
    const refused = page.waitForResponse((r) => r.url().endsWith('/move'));
    await drag(page, text.name, column(page, 'open', 1));
    expect((await refused).status()).toBe(409);
    await page.locator('.ant-message').getByText(text.closed).waitFor();
    await column(page, 'won').getByTestId('board-card').filter({ hasText: text.name }).waitFor();
    await screenshot(page, `pipeline-${locale}-board-refused`);

    await page.goto('/sales/opportunities');
    const row = page.getByTestId('opportunity-table').locator('tr').filter({ hasText: text.name });
    await row.waitFor();
    expect(await row.innerText()).toContain(text.won);
    await screenshot(page, `pipeline-${locale}-table`);

    await row.getByRole('link', { name: text.name }).click();
    await page.getByTestId('opportunity-page').waitFor();
    const history = page.getByTestId('opportunity-history').getByTestId('history-entry');
    await expect.poll(() => history.count()).toBe(5);
    expect(await page.getByTestId('opportunity-status').innerText()).toBe(text.won);
    await page.getByTestId('opportunity-new-quote').waitFor();
    await screenshot(page, `pipeline-${locale}-opportunity`);

    const id = new URL(page.url()).pathname.split('/').at(-1)!;
    // The customer's page lists its opportunities.
    await page.getByTestId('opportunity-summary').getByRole('link', { name: text.customerName }).click();
    await page.getByTestId('customer-opportunities').getByText(text.name).waitFor();
    await screenshot(page, `pipeline-${locale}-customer`);

    const detail = await api.call<OpportunityDetail>('GET', `/api/v1/opportunities/${id}`);
    expect(detail.history.map((h) => h.toStageKey)).toEqual([
      'qualification',
      'needs_analysis',
      'proposal',
      'negotiation',
      'won',
    ]);
    expect(detail).toMatchObject({ status: 'won', amount: 128000, probability: 1 });
    expect(problems(console)).toEqual([]);
    await context.close();
  }, 120_000);

  test('moves a card with the keyboard and shows the pipeline settings to an admin', async () => {
    const sellerApi = await ApiClient.login(server.url, seller.email, seller.password);
    const customers = await sellerApi.call<{ items: { id: string; name: string }[] }>(
      'GET',
      '/api/v1/customers',
    );
    const name = `${text.name} (2)`;
    await sellerApi.call('POST', '/api/v1/opportunities', {
      name,
      customerId: customers.items.find((c) => c.name === text.customerName)!.id,
      amount: 5000,
    });
    const context = await newContext(browser, server.url, locale === 'en' ? 'en-US' : 'zh-CN');
    const page = await context.newPage();
    await page.setViewportSize({ width: 1600, height: 900 });
    const console = watchConsole(page);
    await signIn(page, seller.email, seller.password);
    await page.goto('/sales/board');
    const draggable = column(page, 'open', 0)
      .locator('[aria-roledescription="draggable"]')
      .filter({ hasText: name });
    await draggable.focus();
    const moved = page.waitForResponse((r) => r.url().endsWith('/move'));
    await page.keyboard.press('Space');
    await page.waitForTimeout(150);
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(300);
    await page.keyboard.press('Space');
    expect((await moved).status()).toBe(200);
    await column(page, 'open', 1).getByTestId('board-card').filter({ hasText: name }).waitFor();
    expect(problems(console)).toEqual([]);
    await context.close();

    // Managers and admins configure the pipelines; built-in stage names follow the language.
    const adminContext = await newContext(browser, server.url, locale === 'en' ? 'en-US' : 'zh-CN');
    const adminPage = await adminContext.newPage();
    await api.call('PATCH', '/api/v1/me', { locale });
    await signIn(adminPage, admin.email, admin.password);
    await adminPage.goto('/settings/pipelines');
    await adminPage
      .getByTestId('pipeline-panel')
      .getByText(locale === 'en' ? 'Needs analysis' : '需求分析')
      .waitFor();
    await screenshot(adminPage, `pipeline-${locale}-settings`);
    await adminContext.close();
  }, 120_000);
});
