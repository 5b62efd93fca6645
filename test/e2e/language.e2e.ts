import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ApiClient } from './support/api.ts';
import { launchBrowser, newContext, signIn, signOut } from './support/browser.ts';
import { admin, startGuanxi } from './support/server.ts';
import type { GuanxiServer } from './support/server.ts';

let server: GuanxiServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startGuanxi(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const settingsLabel = (page: Page) =>
  page.getByTestId('main-menu').locator('.ant-menu-submenu-title').last().textContent();

async function switchTo(page: Page, label: string) {
  const saved = page.waitForResponse(
    (r) => r.url().endsWith('/api/v1/me') && r.request().method() === 'PATCH',
  );
  await page.getByTestId('language-switch').getByText(label, { exact: true }).click();
  expect((await saved).status()).toBe(200);
}

test('the language chosen zh-CN → zh-TW → en is kept on the account across logout and login', async () => {
  const context = await newContext(browser, server.url, 'zh-CN');
  const page = await context.newPage();
  await signIn(page, admin.email, admin.password);
  await expect.poll(() => settingsLabel(page)).toBe('设置');

  await switchTo(page, '繁體');
  await expect.poll(() => settingsLabel(page)).toBe('設定');
  expect(await page.locator('html').getAttribute('lang')).toBe('zh-TW');

  await switchTo(page, 'English');
  await expect.poll(() => settingsLabel(page)).toBe('Settings');
  expect((await (await ApiClient.login(server.url, admin.email, admin.password)).me()).locale).toBe('en');

  await signOut(page);
  await context.close();

  // Another device whose browser prefers Chinese: the login page is Chinese, the account then English.
  const other = await newContext(browser, server.url, 'zh-CN');
  const second = await other.newPage();
  await second.goto('/login');
  expect(await second.locator('h1').textContent()).toBe('登录关系 CRM');
  await signIn(second, admin.email, admin.password);
  await expect.poll(() => settingsLabel(second)).toBe('Settings');
  expect(await second.getByTestId('home-page').locator('h2').textContent()).toContain('Welcome');
  await other.close();
});

test('the language picked on the login page is used before signing in', async () => {
  const context = await newContext(browser, server.url, 'en-US');
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByTestId('language-switch').getByText('简体', { exact: true }).click();
  await expect.poll(() => page.locator('h1').textContent()).toBe('登录关系 CRM');
  expect(await page.locator('label[for="password"]').textContent()).toBe('密码');
  await context.close();
});
