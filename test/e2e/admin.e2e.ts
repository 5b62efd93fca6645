import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ApiClient } from './support/api.ts';
import { launchBrowser, newContext, signIn } from './support/browser.ts';
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

test('a user created on the users page appears in the audit log as create user, and can sign in', async () => {
  const context = await newContext(browser, server.url, 'zh-CN');
  const page = await context.newPage();
  await signIn(page, admin.email, admin.password);
  await page.goto('/settings/users');
  await page.getByTestId('users-page').waitFor();

  await page.getByTestId('user-create').click();
  await page.locator('#email').fill('li.na@example.com');
  await page.locator('#name').fill('李娜');
  const created = page.waitForResponse(
    (r) => r.url().endsWith('/api/v1/users') && r.request().method() === 'POST',
  );
  await page.locator('.ant-modal-footer .ant-btn-primary').click();
  expect((await created).status()).toBe(201);

  // The generated password is shown once.
  const secret = page.getByTestId('one-time-secret');
  await secret.waitFor();
  const password = (await secret.innerText()).trim();
  expect(password.length).toBeGreaterThanOrEqual(10);
  await page.getByRole('button', { name: '我已复制' }).click();
  await page.getByTestId('user-table').getByText('li.na@example.com').waitFor();

  const api = await ApiClient.login(server.url, admin.email, admin.password);
  const { items } = await api.call<{ items: { id: string; email: string }[] }>(
    'GET',
    '/api/v1/users?q=li.na',
  );
  const id = items.find((u) => u.email === 'li.na@example.com')?.id;
  expect(id).toBeDefined();

  await page.getByTestId('main-menu').getByText('操作日志').click();
  await page.getByTestId('audit-page').waitFor();
  const row = page.locator('[data-testid="audit-table"] tr.ant-table-row', { hasText: id ?? '' }).filter({
    has: page.locator('[data-action="create"]'),
  });
  await row.waitFor();
  expect(await row.locator('[data-entity]').getAttribute('data-entity')).toBe('user');
  expect(await row.innerText()).toContain('创建');
  expect(await row.innerText()).toContain(admin.email);

  await row.locator('.ant-table-row-expand-icon').click();
  const diff = page.getByTestId('audit-diff').first();
  await diff.waitFor();
  expect(await diff.innerText()).toContain('li.na@example.com');
  await context.close();

  // The new user signs in with the password that was shown.
  const theirs = await newContext(browser, server.url, 'zh-CN');
  const second = await theirs.newPage();
  await signIn(second, 'li.na@example.com', password);
  expect(await second.getByTestId('home-role').textContent()).toBe('销售');
  await theirs.close();
});

test('the audit log can be filtered by record type', async () => {
  const context = await newContext(browser, server.url, 'en-US');
  const page = await context.newPage();
  await signIn(page, admin.email, admin.password);
  await page.goto('/settings/audit');
  const listed = page.waitForResponse(
    (r) => r.url().includes('/api/v1/audit?') && r.url().includes('entity=session'),
  );
  await page.getByTestId('audit-entity-filter').click();
  await page
    .locator('.ant-select-item-option')
    .filter({ hasText: /^(登录会话|Session)$/ })
    .click();
  expect((await listed).status()).toBe(200);
  await page.locator('[data-testid="audit-table"] tr.ant-table-row').first().waitFor();
  const entities = await page
    .locator('[data-testid="audit-table"] [data-entity]')
    .evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-entity')));
  expect(entities.length).toBeGreaterThan(0);
  expect(new Set(entities)).toEqual(new Set(['session']));
  await context.close();
});

test('saving a user that someone else changed meanwhile says so and shows the fresh record', async () => {
  const api = await ApiClient.login(server.url, admin.email, admin.password);
  const user = await api.createUser({
    email: 'sun.li@example.com',
    name: '孙丽',
    role: 'service',
    password: 'Sun-Li-2026-pass',
  });
  const context = await newContext(browser, server.url, 'zh-CN');
  const page = await context.newPage();
  await signIn(page, admin.email, admin.password);
  await page.goto('/settings/users');
  const row = page.locator('[data-testid="user-table"] tr.ant-table-row', { hasText: 'sun.li@example.com' });
  await row.getByRole('button', { name: '编辑' }).click();
  await page.locator('#name').fill('孙丽（客服组长）');

  // Someone else renames her first.
  await api.call('PATCH', `/api/v1/users/${user.id}`, { version: user.version, name: '孙丽丽' });

  const answer = page.waitForResponse(
    (r) => r.url().includes(`/api/v1/users/${user.id}`) && r.request().method() === 'PATCH',
  );
  await page.locator('.ant-modal-footer .ant-btn-primary').click();
  expect((await answer).status()).toBe(409);
  await page.getByText('该记录已被他人修改').waitFor();
  await row.getByText('孙丽丽').waitFor();
  await context.close();
});
