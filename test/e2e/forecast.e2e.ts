import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Customer } from '#src/modules/customers/customers.schema.ts';
import type { Forecast } from '#src/modules/sales/forecast.schema.ts';
import type { User } from '#src/modules/users/users.schema.ts';
import { ApiClient } from './support/api.ts';
import { launchBrowser, newContext, screenshot, signIn, watchConsole } from './support/browser.ts';
import { admin, startGuanxi } from './support/server.ts';
import type { GuanxiServer } from './support/server.ts';

/**
 * The forecast page with a target: winning a deal through the API moves the won amount and the attainment; the
 * targets and KPI pages list the same numbers; a key account's plan starts from the customer page and its
 * decision-making unit shows role, layer and strength. In Simplified Chinese and in English.
 */
let server: GuanxiServer;
let browser: Browser;
let api: ApiClient;
let sellerApi: ApiClient;
let seller: User;
let customer: Customer;
let opportunityId: string;
const sellerLogin = { email: 'li.lei@example.com', password: 'Li-Lei-Sales-2026!' };

/** Today in the server's business zone (the process's, UTC on the test machines) and this month's first day. */
const today = new Date().toISOString().slice(0, 10);
const monthStart = `${today.slice(0, 8)}01`;

beforeAll(async () => {
  [server, browser] = await Promise.all([startGuanxi(), launchBrowser()]);
  api = await ApiClient.login(server.url, admin.email, admin.password);
  const team = await api.createTeam('华东销售部');
  seller = await api.createUser({ ...sellerLogin, name: '李雷', role: 'sales', teamId: team.id });
  customer = await api.call<Customer>('POST', '/api/v1/customers', {
    kind: 'organization',
    name: '上海云启科技有限公司',
    ownerId: seller.id,
    keyAccount: true,
  });
  await api.call('POST', '/api/v1/sales-targets', {
    periodKind: 'month',
    periodStart: monthStart,
    userId: seller.id,
    metric: 'won_amount',
    amount: 10_000,
  });
  const opportunity = await api.call<{ id: string }>('POST', '/api/v1/opportunities', {
    customerId: customer.id,
    name: '云平台年度采购',
    amount: 4_000,
    ownerId: seller.id,
    expectedCloseDate: today,
    forecastCategory: 'commit',
  });
  opportunityId = opportunity.id;
  sellerApi = await ApiClient.login(server.url, sellerLogin.email, sellerLogin.password);
}, 120_000);

/** The interface language is the user's setting: both users switch to the language of the test. */
async function useLanguage(locale: 'zh-CN' | 'en') {
  await api.call('PATCH', '/api/v1/me', { locale });
  await sellerApi.call('PATCH', '/api/v1/me', { locale });
  return newContext(browser, server.url, locale === 'en' ? 'en-US' : 'zh-CN');
}

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The forecast table's row of the seller in this month. */
const sellerRow = (page: Page) =>
  page.getByTestId('forecast-table').locator('tr', { hasText: '李雷' }).first();

describe.each([
  ['zh-CN', { won: '已赢单', target: '业绩目标', plan: '大客户计划', layer: '高层', role: '决策者' }],
  ['en', { won: 'Won', target: 'Target', plan: 'Account plan', layer: 'Executive', role: 'Decision maker' }],
] as const)('forecast pages in %s', (locale, words) => {
  test('the forecast shows the target, and a won deal moves the won amount and attainment', async () => {
    const context = await useLanguage(locale);
    const page = await context.newPage();
    const problems = watchConsole(page);
    await signIn(page, admin.email, admin.password);
    await page.goto('/sales/forecast');
    await page.getByTestId('forecast-table').waitFor();
    await expect.poll(() => page.getByTestId('forecast-chart').locator('canvas').count()).toBeGreaterThan(0);
    await page.getByTestId('funnel-panel').waitFor();
    await page.getByTestId('velocity-card').waitFor();
    const row = sellerRow(page);
    await expect.poll(() => row.textContent()).toContain('10,000');
    expect(await page.locator('th', { hasText: words.target }).count()).toBeGreaterThan(0);
    if (locale === 'zh-CN') {
      // win the deal through the API, then the page shows it won against the target: 4,000 of 10,000
      const current = await api.call<{ version: number }>('GET', `/api/v1/opportunities/${opportunityId}`);
      await api.call('POST', `/api/v1/opportunities/${opportunityId}/win`, { version: current.version });
      const forecast = await api.call<Forecast>('GET', '/api/v1/sales/forecast');
      expect(forecast.rows.find((r) => r.groupId === seller.id)).toMatchObject({
        won: 4000,
        target: 10000,
        attainment: 0.4,
      });
      await page.reload();
      await page.getByTestId('forecast-table').waitFor();
    }
    await expect.poll(() => sellerRow(page).textContent()).toMatch(/4,000[\s\S]*40(\.0)?%/);
    await screenshot(page, `forecast-${locale}`);
    await page.goto('/sales/targets');
    await expect.poll(() => page.getByTestId('targets-table').textContent()).toContain('李雷');
    expect(await page.getByTestId('targets-table').textContent()).toMatch(/40(\.0)?%/);
    await screenshot(page, `targets-${locale}`);
    await page.goto('/sales/kpis');
    await expect.poll(() => page.getByTestId('kpis-table').textContent()).toContain('李雷');
    await screenshot(page, `sales-kpis-${locale}`);
    // the login page's session probe answers 401 before signing in
    expect(problems.filter((p) => !p.includes('status of 401'))).toEqual([]);
    await context.close();
  });

  test("a key account's plan and its decision-making unit", async () => {
    const context = await useLanguage(locale);
    const page = await context.newPage();
    await signIn(page, sellerLogin.email, sellerLogin.password);
    await page.goto(`/customers/${customer.id}`);
    const panel = page.getByTestId('account-plan-panel');
    await panel.waitFor();
    expect(await panel.textContent()).toContain(words.plan);
    if (locale === 'zh-CN') {
      await panel.getByTestId('start-plan').click();
      await panel.getByTestId('add-dmu-contact').click();
      const dialog = page.getByTestId('dmu-dialog');
      await dialog.locator('#dmu-contact_name').fill('王建国');
      await dialog.locator('#dmu-contact_title').fill('CEO');
      await page.locator('.ant-modal-footer .ant-btn-primary').click();
      await expect.poll(() => panel.getByTestId('dmu-table').textContent()).toContain('王建国');
    }
    const dmu = panel.getByTestId('dmu-table');
    await expect.poll(() => dmu.textContent()).toContain('王建国');
    expect(await dmu.textContent()).toContain(words.layer);
    expect(await dmu.textContent()).toContain(words.role);
    expect(await dmu.locator('.ant-rate-star-full').count()).toBe(3);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, `account-plan-${locale}`);
    await context.close();
  });
});
