import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { LeadForm } from '#src/modules/sales/lead-forms.schema.ts';
import type { Lead } from '#src/modules/sales/leads.schema.ts';
import type { User } from '#src/modules/users/users.schema.ts';
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
 * Leads end to end, in Simplified Chinese and in English: a visitor fills a public form (no login), the lead
 * arrives assigned by the round-robin rule and scored by the scoring rules, and the salesperson it went to sees
 * it with its score reasons and converts it into a customer and an opportunity.
 */

let server: GuanxiServer;
let browser: Browser;
let api: ApiClient;
const sellers: Record<'zh-CN' | 'en', { user: User; password: string }> = {} as never;

beforeAll(async () => {
  [server, browser] = await Promise.all([startGuanxi(), launchBrowser()]);
  api = await ApiClient.login(server.url, admin.email, admin.password);
  for (const locale of ['zh-CN', 'en'] as const) {
    const password = `Seller-${locale}-2026!`;
    const user = await api.createUser({
      email: `seller.${locale.toLowerCase()}@example.com`,
      name: locale === 'en' ? 'Sam Seller' : '王销售',
      role: 'sales',
      password,
      locale,
    });
    sellers[locale] = { user, password };
  }
  await api.call('POST', '/api/v1/lead-score-rules', {
    name: 'Expo visitor',
    condition: { kind: 'field', field: 'source', op: 'in', values: ['expo_zh', 'expo_en'] },
    points: 20,
  });
  await api.call('POST', '/api/v1/lead-score-rules', {
    name: 'Budget ≥ 50,000',
    condition: { kind: 'field', field: 'facts.budget', op: 'gte', value: 50000 },
    points: 15,
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The window as the user sees it, for drawers and dialogs (a full-page shot misplaces fixed layers). */
async function windowShot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

/** Console lines that matter: the 401 of the session probe on the login page is expected. */
const noWarnings = (console: string[]) => console.filter((line) => !line.includes('status of 401'));

/** No raw i18n key (`leads.fields.name`) may show on a page. */
async function expectNoRawKeys(page: Page) {
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(/\bleads\.[a-z]+(\.[a-zA-Z_]+)*\b/);
}

const cases = [
  {
    locale: 'zh-CN' as const,
    browserLocale: 'zh-CN',
    slug: 'expo-zh',
    visitor: {
      name: '陈晓峰',
      company: '苏州云帆科技有限公司',
      email: 'chen.xf@yunfan.cn',
      phone: '13912345678',
    },
    labels: {
      name: '姓名',
      submit: '提交',
      thanks: '感谢您的留言',
      reasons: '评分依据',
      converted: '已转化为',
    },
  },
  {
    locale: 'en' as const,
    browserLocale: 'en-US',
    slug: 'expo-en',
    visitor: {
      name: 'Olivia Grant',
      company: 'Northwind Traders',
      email: 'olivia@northwind.example',
      phone: '+44 20 7946 0958',
    },
    labels: {
      name: 'Name',
      submit: 'Submit',
      thanks: 'Thank you',
      reasons: 'Why it scored',
      converted: 'Converted into',
    },
  },
];

describe.each(cases)('leads in $locale', ({ locale, browserLocale, slug, visitor, labels }) => {
  test('a visitor fills the public form; staff see the lead assigned and scored and convert it', async () => {
    const seller = sellers[locale];
    await api.call('POST', '/api/v1/lead-assignment-rules', {
      name: `Expo ${locale}`,
      kind: 'source',
      sources: [slug.replace('-', '_')],
      assigneeIds: [seller.user.id],
    });
    const form = await api.call<LeadForm>('POST', '/api/v1/lead-forms', {
      slug,
      name: locale === 'en' ? 'Spring Expo 2026 — talk to us' : '2026 春季展会 · 预约洽谈',
      source: slug.replace('-', '_'),
      thankYou: null,
      fields: [
        { key: 'name', required: true },
        { key: 'company', required: false },
        { key: 'email', required: true },
        { key: 'phone', required: false },
        {
          key: 'budget',
          required: false,
          label: locale === 'en' ? 'Budget (CNY)' : '预算（元）',
          type: 'number',
        },
        { key: 'notes', required: false },
      ],
    });

    // the visitor: no login, a phone-sized window
    const visitorContext = await browser.newContext({
      baseURL: server.url,
      locale: browserLocale,
      viewport: { width: 390, height: 844 },
    });
    const visitorPage = await visitorContext.newPage();
    const visitorConsole = watchConsole(visitorPage);
    await visitorPage.goto(`/forms/${slug}`);
    await visitorPage.getByTestId('public-form-submit').waitFor();
    await expect.poll(() => visitorPage.locator('label[for="name"]').innerText()).toBe(labels.name);
    await expectNoRawKeys(visitorPage);
    // a required field left empty is named before anything is sent
    await visitorPage.getByTestId('public-form-submit').click();
    await expect.poll(() => visitorPage.locator('.ant-form-item-explain-error').count()).toBeGreaterThan(0);
    await visitorPage.locator('#name').fill(visitor.name);
    await visitorPage.locator('#company').fill(visitor.company);
    await visitorPage.locator('#email').fill(visitor.email);
    await visitorPage.locator('#phone').fill(visitor.phone);
    await visitorPage.locator('#budget').fill('80000');
    await visitorPage
      .locator('#notes')
      .fill(locale === 'en' ? 'Please call me after 3pm.' : '下午三点后方便接电话。');
    await screenshot(visitorPage, `leads-${locale}-public-form`);
    // people take a few seconds to fill a form: the render token refuses submissions quicker than that
    await visitorPage.waitForTimeout(3_200);
    await visitorPage.getByTestId('public-form-submit').click();
    await visitorPage.getByText(labels.thanks).waitFor();
    await screenshot(visitorPage, `leads-${locale}-public-form-thanks`);
    expect(noWarnings(visitorConsole)).toEqual([]);
    await visitorContext.close();

    // the lead arrived: the seller's, scored 20 (expo) + 15 (budget)
    const stored = (
      await api.call<{ items: Lead[] }>('GET', `/api/v1/leads?q=${encodeURIComponent(visitor.email)}`)
    ).items;
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ ownerId: seller.user.id, score: 35, formId: form.id, status: 'new' });

    // the seller sees it in the list and converts it
    const context = await newContext(browser, server.url, browserLocale);
    const page = await context.newPage();
    const console = watchConsole(page);
    await signIn(page, seller.user.email, seller.password);
    await page.goto('/sales/leads');
    const row = page.getByTestId('lead-table').locator('tr', { hasText: visitor.name });
    await row.waitFor();
    expect(await row.innerText()).toContain(seller.user.name);
    expect(await row.getByTestId('lead-score').innerText()).toBe('35');
    await expectNoRawKeys(page);
    await screenshot(page, `leads-${locale}-list`);
    await row.getByText(visitor.name).click();
    const drawer = page.getByTestId('lead-drawer');
    await drawer.getByText(labels.reasons).waitFor();
    await expect.poll(() => drawer.getByTestId('lead-score-reasons').innerText()).toContain('Expo visitor');
    await windowShot(page, `leads-${locale}-drawer`);

    await drawer.getByTestId('lead-convert').click();
    const dialog = page.getByTestId('convert-dialog');
    await dialog.getByTestId('convert-with-opportunity').click();
    await dialog.getByTestId('convert-opportunity-name').fill(`${visitor.company} CRM`);
    await page.locator('#lead-convert_amount').fill('80000');
    await windowShot(page, `leads-${locale}-convert`);
    await page.locator('#convert-submit').click();
    await drawer.getByTestId('lead-converted').waitFor();
    expect(await drawer.getByTestId('lead-converted').innerText()).toContain(labels.converted);
    await expectNoRawKeys(page);
    await windowShot(page, `leads-${locale}-converted`);
    expect(noWarnings(console)).toEqual([]);

    const lead = await api.call<Lead>('GET', `/api/v1/leads/${stored[0]!.id}`);
    expect(lead).toMatchObject({ status: 'converted' });
    expect(lead.convertedCustomerId).not.toBeNull();
    expect(lead.convertedOrganizationId).not.toBeNull();
    expect(lead.convertedOpportunityId).not.toBeNull();
    const customer = await api.call<{ name: string; ownerId: string }>(
      'GET',
      `/api/v1/customers/${lead.convertedCustomerId}`,
    );
    expect(customer).toMatchObject({ name: visitor.name, ownerId: seller.user.id });
    const opportunity = await api.call<{ name: string; amount: number }>(
      'GET',
      `/api/v1/opportunities/${lead.convertedOpportunityId}`,
    );
    expect(opportunity).toMatchObject({ name: `${visitor.company} CRM`, amount: 80000 });
    await context.close();
  });

  test('the settings page shows the forms with their embed snippet, and the rules', async () => {
    await api.call('PATCH', '/api/v1/me', { locale });
    const context = await newContext(browser, server.url, browserLocale);
    const page = await context.newPage();
    const console = watchConsole(page);
    await signIn(page, admin.email, admin.password);
    await page.goto('/sales/lead-rules');
    const embed = page.getByTestId('lead-forms').getByTestId('lead-form-embed').first();
    await embed.waitFor();
    expect(await embed.innerText()).toMatch(/<iframe src="http:\/\/127\.0\.0\.1:\d+\/forms\/expo-/);
    await expectNoRawKeys(page);
    await screenshot(page, `leads-${locale}-rules-forms`);
    await page.getByRole('tab').nth(1).click();
    await page.getByTestId('assignment-rules').locator('tr.ant-table-row').first().waitFor();
    await screenshot(page, `leads-${locale}-rules-assignment`);
    await page.getByRole('tab').nth(2).click();
    await page.getByTestId('score-rules').getByText('Expo visitor').waitFor();
    await expectNoRawKeys(page);
    await screenshot(page, `leads-${locale}-rules-scoring`);
    expect(noWarnings(console)).toEqual([]);
    await context.close();
  });
});
