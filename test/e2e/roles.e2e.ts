import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ApiClient } from './support/api.ts';
import { launchBrowser, newContext, signIn } from './support/browser.ts';
import { admin, startGuanxi } from './support/server.ts';
import type { GuanxiServer } from './support/server.ts';

let server: GuanxiServer;
let browser: Browser;
const sales = { email: 'wang.fang@example.com', password: 'Wang-Fang-2026!' };

beforeAll(async () => {
  [server, browser] = await Promise.all([startGuanxi(), launchBrowser()]);
  const api = await ApiClient.login(server.url, admin.email, admin.password);
  await api.createUser({ ...sales, name: '王芳', role: 'sales' });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

test('a sales user sees no Users, Teams or Audit log menu and gets the 403 page at /settings/users', async () => {
  const context = await newContext(browser, server.url, 'zh-CN');
  const page = await context.newPage();
  await signIn(page, sales.email, sales.password);
  const menu = page.getByTestId('main-menu');
  await menu.locator('a[href="/settings/account"]').waitFor();
  expect(await menu.locator('a[href="/settings/users"]').count()).toBe(0);
  expect(await menu.locator('a[href="/settings/teams"]').count()).toBe(0);
  expect(await menu.locator('a[href="/settings/audit"]').count()).toBe(0);
  expect(await menu.innerText()).not.toContain('操作日志');

  await page.getByTestId('user-menu').click();
  await page.locator('.ant-dropdown-menu').waitFor();
  expect(await page.locator('.ant-dropdown-menu').innerText()).not.toContain('API');
  await page.keyboard.press('Escape');

  await page.goto('/settings/users');
  await page.getByTestId('forbidden-page').waitFor();
  expect(await page.getByTestId('forbidden-page').innerText()).toContain('没有权限');
  await page.goto('/settings/audit');
  await page.getByTestId('forbidden-page').waitFor();
  await context.close();
});

test('an admin sees the Users, Teams and Audit log menu and the API docs link', async () => {
  const context = await newContext(browser, server.url, 'zh-CN');
  const page = await context.newPage();
  await signIn(page, admin.email, admin.password);
  const menu = page.getByTestId('main-menu');
  for (const path of ['/settings/users', '/settings/teams', '/settings/audit', '/settings/account']) {
    expect(await menu.locator(`a[href="${path}"]`).count()).toBe(1);
  }
  await page.getByTestId('user-menu').click();
  expect(await page.locator('.ant-dropdown-menu a[href="/api/docs"]').count()).toBe(1);
  await context.close();
});
