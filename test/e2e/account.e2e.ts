import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ApiClient } from './support/api.ts';
import { launchBrowser, newContext, signIn } from './support/browser.ts';
import { admin, startGuanxi } from './support/server.ts';
import type { GuanxiServer } from './support/server.ts';

let server: GuanxiServer;
let browser: Browser;
const viewer = { email: 'zhao.lei@example.com', password: 'Zhao-Lei-2026!' };

beforeAll(async () => {
  [server, browser] = await Promise.all([startGuanxi(), launchBrowser()]);
  const api = await ApiClient.login(server.url, admin.email, admin.password);
  await api.createUser({ ...viewer, name: '赵磊', role: 'viewer', locale: 'en' });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const meWith = (token: string) =>
  fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);

test('an API token is shown once, works as a bearer token, and stops working when revoked', async () => {
  const context = await newContext(browser, server.url, 'en-US');
  const page = await context.newPage();
  await signIn(page, viewer.email, viewer.password);
  await page.goto('/settings/account');
  await page.getByTestId('token-create').click();
  await page.locator('#token_name').fill('Nightly import');
  await page.locator('.ant-modal-footer .ant-btn-primary').click();
  const secret = page.getByTestId('one-time-secret');
  await secret.waitFor();
  const token = (await secret.innerText()).trim();
  expect(await meWith(token)).toBe(200);
  await page.getByRole('button', { name: 'I have copied it' }).click();

  const row = page.getByTestId('tokens-card').locator('tr.ant-table-row', { hasText: 'Nightly import' });
  await row.getByText('Active').waitFor();
  expect(await page.getByTestId('tokens-card').innerText()).not.toContain(token);
  await row.getByRole('button', { name: 'Revoke' }).click();
  await page.locator('.ant-popconfirm .ant-btn-dangerous').click();
  await row.getByText('Revoked').waitFor();
  expect(await meWith(token)).toBe(401);
  await context.close();
});

test('a wrong current password is shown next to that field, and a weak new password is refused before sending', async () => {
  const context = await newContext(browser, server.url, 'en-US');
  const page = await context.newPage();
  await signIn(page, viewer.email, viewer.password);
  await page.goto('/settings/account');
  const card = page.getByTestId('password-card');
  await card.locator('#passwordChange_newPassword').fill('short');
  await card.locator('#passwordChange_confirm').fill('short');
  await card.locator('#passwordChange_currentPassword').fill('wrong-password-1');
  await card.locator('button[type="submit"]').click();
  await card.getByText('Use at least 10 characters').waitFor();

  await card.locator('#passwordChange_newPassword').fill('Brand-New-Pass-2026');
  await card.locator('#passwordChange_confirm').fill('Brand-New-Pass-2026');
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/me/password'));
  await card.locator('button[type="submit"]').click();
  expect((await answer).status()).toBe(400);
  await card.getByText('The current password is not correct.').waitFor();
  await context.close();
});
