import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ApiClient } from './support/api.ts';
import { launchBrowser, newContext, signIn } from './support/browser.ts';
import { admin, startGuanxi } from './support/server.ts';
import type { GuanxiServer } from './support/server.ts';

let server: GuanxiServer;
let browser: Browser;
/** A manager whose account language is English (new accounts default to zh-CN). */
const jane = { email: 'jane.smith@example.com', password: 'Jane-Smith-2026!' };

beforeAll(async () => {
  [server, browser] = await Promise.all([startGuanxi(), launchBrowser()]);
  const api = await ApiClient.login(server.url, admin.email, admin.password);
  await api.createUser({ ...jane, name: 'Jane Smith', role: 'manager', locale: 'en' });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('signing in', () => {
  test('a browser that prefers Chinese gets the Chinese login page and a Chinese overview', async () => {
    const context = await newContext(browser, server.url, 'zh-CN');
    const page = await context.newPage();
    await page.goto('/');
    await page.getByTestId('login-page').waitFor();
    expect(await page.locator('h1').textContent()).toBe('登录关系 CRM');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');

    await signIn(page, admin.email, admin.password);
    expect(await page.getByTestId('home-page').locator('h2').textContent()).toContain('欢迎');
    expect(await page.getByTestId('home-role').textContent()).toBe('管理员');
    await expect
      .poll(() => page.getByTestId('system-health').textContent())
      .toMatch(/内置数据库（PGlite）|PostgreSQL/);
    await context.close();
  });

  test('a browser that prefers English gets the English login page, and an English account an English overview', async () => {
    const context = await newContext(browser, server.url, 'en-US');
    const page = await context.newPage();
    await page.goto('/login');
    expect(await page.locator('h1').textContent()).toBe('Sign in to Guanxi');
    await signIn(page, jane.email, jane.password);
    expect(await page.getByTestId('home-page').locator('h2').textContent()).toBe('Welcome, Jane Smith');
    expect(await page.getByTestId('home-role').textContent()).toBe('Manager');
    await expect
      .poll(() => page.getByTestId('system-health').textContent())
      .toMatch(/Embedded \(PGlite\)|PostgreSQL/);
    expect(await page.getByTestId('system-health').textContent()).toMatch(/Version\d+\.\d+/);
    await context.close();
  });

  test('a browser in Taiwan gets the Traditional Chinese login page', async () => {
    const context = await newContext(browser, server.url, 'zh-TW');
    const page = await context.newPage();
    await page.goto('/login');
    expect(await page.locator('h1').textContent()).toBe('登入關係 CRM');
    await context.close();
  });

  test('a wrong password shows the error on the form and stays on the login page', async () => {
    const context = await newContext(browser, server.url, 'en-US');
    const page = await context.newPage();
    await page.goto('/login');
    await page.locator('#email').fill(admin.email);
    await page.locator('#password').fill('not-the-password-1');
    await page.locator('button[type="submit"]').click();
    const error = page.locator('#password_help, .ant-form-item-explain-error').first();
    await error.waitFor();
    expect(await error.textContent()).toContain('The email or password is not correct');
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });

  test('an unknown address shows the not-found page', async () => {
    const context = await newContext(browser, server.url, 'en-US');
    const page = await context.newPage();
    await signIn(page, jane.email, jane.password);
    await page.goto('/no/such/page');
    await page.getByTestId('not-found-page').waitFor();
    expect(await page.getByTestId('not-found-page').textContent()).toContain('Page not found');
    await context.close();
  });

  test('a page opened without a session goes to the login page and back after signing in', async () => {
    const context = await newContext(browser, server.url, 'en-US');
    const page = await context.newPage();
    await page.goto('/settings/account');
    await page.getByTestId('login-page').waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/settings/account');
    await page.locator('#email').fill(jane.email);
    await page.locator('#password').fill(jane.password);
    await page.locator('button[type="submit"]').click();
    await page.getByTestId('account-page').waitFor();
    await context.close();
  });

  test('after five failed sign-ins to one account the form says there were too many attempts', async () => {
    const context = await newContext(browser, server.url, 'en-US');
    const page = await context.newPage();
    await page.goto('/login');
    await page.locator('#email').fill('nobody@example.com');
    for (let attempt = 1; attempt <= 6; attempt++) {
      await page.locator('#password').fill(`wrong-password-${attempt}`);
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
      await page.locator('button[type="submit"]').click();
      expect((await answer).status()).toBe(attempt <= 5 ? 401 : 429);
    }
    await page
      .getByTestId('login-alert')
      .getByText('Too many attempts. Please wait a moment and try again.')
      .waitFor();
    await context.close();
  });

  test('when the session ends, the next request returns to the login page, which says why', async () => {
    const context = await newContext(browser, server.url, 'en-US');
    const page = await context.newPage();
    await signIn(page, jane.email, jane.password);
    await context.clearCookies();
    await page.getByTestId('main-menu').getByText('My account').click();
    await page.getByTestId('login-page').waitFor();
    expect(await page.getByTestId('login-alert').innerText()).toContain('Your session has ended');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/settings/account');
    await context.close();
  });
});
