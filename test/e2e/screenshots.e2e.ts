import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ApiClient } from './support/api.ts';
import { launchBrowser, newContext, screenshot, signIn, watchConsole } from './support/browser.ts';
import { admin, startGuanxi } from './support/server.ts';
import type { GuanxiServer } from './support/server.ts';

let server: GuanxiServer;
let browser: Browser;
let api: ApiClient;
const sales = { email: 'zhang.wei@example.com', password: 'Zhang-Wei-2026!' };

/** Data with long names and emails in both scripts, to see that tables and forms still hold together. */
async function seed(): Promise<void> {
  api = await ApiClient.login(server.url, admin.email, admin.password);
  const east = await api.createTeam('华东区大客户销售一部（上海、杭州、南京及苏州地区重点客户专属服务团队）');
  const enterprise = await api.createTeam(
    'Key Accounts East — Enterprise Strategic Partnerships and Long-Term Renewals',
  );
  await api.createTeam('客服中心');
  await api.createUser({
    email: 'ouyang.murong.xiaoming.key-accounts.east-china@very-long-subsidiary-name.example.com',
    name: '欧阳慕容晓明（华东区重点客户经理兼大客户销售负责人）',
    role: 'manager',
    teamId: east.id,
    password: 'Ouyang-Murong-2026!',
  });
  await api.createUser({
    email: 'alexandria.montgomery-fitzgerald@example.com',
    name: 'Alexandria Montgomery-Fitzgerald of the Enterprise Partnerships Desk',
    role: 'marketing',
    teamId: enterprise.id,
    password: 'Alexandria-2026!',
  });
  await api.createUser({ ...sales, name: '张伟', role: 'sales', teamId: east.id });
  await api.createUser({
    email: 'chen.jing@example.com',
    name: '陈静',
    role: 'service',
    password: 'Chen-Jing-2026!',
  });
  await api.createUser({
    email: 'viewer@example.com',
    name: 'Read Only Auditor',
    role: 'viewer',
    password: 'Viewer-Pass-2026!',
  });
  await api.call('POST', '/api/v1/auth/tokens', {
    name: 'Nightly ERP order import from the Shanghai warehouse system',
  });
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startGuanxi(), launchBrowser()]);
  await seed();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function visit(page: Page, path: string, testId: string, name: string): Promise<void> {
  await page.goto(path);
  await page.getByTestId(testId).waitFor();
  await page.waitForLoadState('networkidle');
  await screenshot(page, name);
}

describe.each([
  ['zh-CN', 'zh-CN'],
  ['en', 'en-US'],
  ['zh-TW', 'zh-TW'],
] as const)('screenshots in %s', (locale, browserLocale) => {
  test(`every main page renders in ${locale}`, async () => {
    await api.call('PATCH', '/api/v1/me', { locale });
    const context = await newContext(browser, server.url, browserLocale);
    const page = await context.newPage();
    const console = watchConsole(page);
    await page.goto('/login');
    await page.getByTestId('login-page').waitFor();
    await screenshot(page, `${locale}-login`);
    await page.locator('button[type="submit"]').click();
    await page.locator('.ant-form-item-explain-error').first().waitFor();
    await screenshot(page, `${locale}-login-errors`);

    await signIn(page, admin.email, admin.password);
    await page
      .getByTestId('system-health')
      .getByText(/\d+\.\d+\.\d+/)
      .waitFor();
    await screenshot(page, `${locale}-home`);
    await visit(page, '/settings/users', 'user-table', `${locale}-users`);
    await page.getByTestId('user-create').click();
    await page.locator('.ant-modal').waitFor();
    await screenshot(page, `${locale}-users-create`);
    await page.keyboard.press('Escape');
    await visit(page, '/settings/teams', 'teams-page', `${locale}-teams`);
    await visit(page, '/settings/roles', 'roles-page', `${locale}-roles`);
    await visit(page, '/settings/audit', 'audit-table', `${locale}-audit`);
    await page.locator('[data-testid="audit-table"] [data-action="create"]').first().waitFor();
    const row = page
      .locator('[data-testid="audit-table"] tr.ant-table-row')
      .filter({ has: page.locator('[data-action="create"]') });
    await row.first().locator('.ant-table-row-expand-icon').click();
    await page.getByTestId('audit-diff').first().waitFor();
    await screenshot(page, `${locale}-audit-expanded`);
    await visit(page, '/settings/account', 'tokens-card', `${locale}-account`);
    await visit(page, '/no/such/page', 'not-found-page', `${locale}-not-found`);
    await context.close();
    // No React or antd warnings; the browser's own notes on the signed-out session probe (401) are expected.
    expect(console.filter((line) => !line.includes('status of 401'))).toEqual([]);

    await (
      await ApiClient.login(server.url, sales.email, sales.password)
    ).call('PATCH', '/api/v1/me', { locale });
    const salesContext = await newContext(browser, server.url, browserLocale);
    const salesPage = await salesContext.newPage();
    await signIn(salesPage, sales.email, sales.password);
    await visit(salesPage, '/settings/users', 'forbidden-page', `${locale}-forbidden`);
    await salesContext.close();
  });
});

test('the frame and tables hold together on a narrow screen', async () => {
  await api.call('PATCH', '/api/v1/me', { locale: 'zh-CN' });
  const context = await browser.newContext({
    baseURL: server.url,
    locale: 'zh-CN',
    viewport: { width: 820, height: 900 },
  });
  const page = await context.newPage();
  await signIn(page, admin.email, admin.password);
  await page
    .getByTestId('system-health')
    .getByText(/\d+\.\d+\.\d+/)
    .waitFor();
  await screenshot(page, 'zh-CN-narrow-home');
  await visit(page, '/settings/users', 'user-table', 'zh-CN-narrow-users');
  await visit(page, '/settings/account', 'tokens-card', 'zh-CN-narrow-account');
  await context.close();
});
