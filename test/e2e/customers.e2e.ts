import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from 'vitest';
import type { Customer, CustomerLink, CustomField } from '#src/modules/customers/customers.schema.ts';
import { ApiClient } from './support/api.ts';
import { launchBrowser, newContext, screenshot, signIn, watchConsole } from './support/browser.ts';
import { admin, startGuanxi } from './support/server.ts';
import type { GuanxiServer } from './support/server.ts';

let server: GuanxiServer;
let browser: Browser;
let api: ApiClient;

/** Customers the searches must tell apart from the ones the tests create, and an organisation with a contact. */
async function seed(): Promise<void> {
  api = await ApiClient.login(server.url, admin.email, admin.password);
  await api.call<CustomField>('POST', '/api/v1/custom-fields', {
    key: 'member_level',
    label: '会员等级 Member level',
    type: 'select',
    options: ['金卡 Gold', '银卡 Silver'],
    position: 10,
  });
  await api.call<Customer>('POST', '/api/v1/customers', { kind: 'person', name: '李四', city: '北京市' });
  await api.call<Customer>('POST', '/api/v1/customers', { kind: 'person', name: '张伟', city: '上海市' });
  const org = await api.call<Customer>('POST', '/api/v1/customers', {
    kind: 'organization',
    name: '杭州西湖茶叶有限公司',
    industry: '食品饮料',
    province: '浙江省',
    city: '杭州市',
    creditCode: '91330106MA2B0QKX3C',
    keyAccount: true,
    lifecycleStage: 'loyal',
    tags: ['茶叶', '批发'],
  });
  const buyer = await api.call<Customer>('POST', '/api/v1/customers', {
    kind: 'person',
    name: '陈静',
    phone: '13900001111',
  });
  await api.call<CustomerLink>('POST', '/api/v1/customer-links', {
    personId: buyer.id,
    organizationId: org.id,
    role: 'decision_maker',
    strength: 4,
    title: '采购总监',
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

/** Opens the antd Select at `selector` and clicks the option with this text. */
async function pick(page: Page, selector: string, option: string | RegExp): Promise<void> {
  await page.locator(selector).click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: option })
    .click();
}

async function signedInAs(locale: 'zh-CN' | 'en'): Promise<{ page: Page; console: string[] }> {
  await api.call('PATCH', '/api/v1/me', { locale });
  const context = await newContext(browser, server.url, locale === 'en' ? 'en-US' : 'zh-CN');
  const page = await context.newPage();
  const console = watchConsole(page);
  // What the browser showed when a step timed out, to tell a slow machine from a broken page.
  onTestFailed(async () => {
    if (!page.isClosed()) await screenshot(page, `failed-customers-${locale}-${Date.now()}`);
  });
  await signIn(page, admin.email, admin.password);
  return { page, console };
}

/** Per language: the words on screen and a customer with a Chinese name, searched by its pinyin initials. */
const cases = [
  {
    locale: 'zh-CN',
    name: '张三',
    initials: 'zs',
    decoy: '张伟',
    words: { create: '新建客户', phone: '电话', logged: '互动记录已保存', days: '距上次联系天数' },
  },
  {
    locale: 'en',
    name: '王小明',
    initials: 'wxm',
    decoy: '李四',
    words: {
      create: 'New customer',
      phone: 'Phone',
      logged: 'Interaction logged',
      days: 'Days since last contact',
    },
  },
] as const;

describe.each(cases)('customers in $locale', ({ locale, name, initials, decoy, words }) => {
  test(`a customer named ${name} is created, gets an interaction on its 360 page, and is found by "${initials}"`, async () => {
    const { page, console } = await signedInAs(locale);
    await page.getByTestId('main-menu').locator('a[href="/customers"]').click();
    await page.getByTestId('customer-table').waitFor();

    // Create, with address from the division picker, tags, consent and a custom field.
    await page.getByTestId('customer-create').click();
    const dialog = page.getByTestId('customer-form');
    await dialog.locator('#customer_name').waitFor();
    expect(await dialog.innerText()).toContain(words.create);
    await screenshot(page, `${locale}-customer-create-top`);
    await dialog.locator('#customer_name').fill(name);
    await dialog.locator('#customer_phone').fill('138 0013 8000');
    await dialog.locator('#customer_email').fill(`${initials}@example.com`);
    await dialog.locator('#customer_region').click();
    await page.locator('.ant-cascader-menu-item').filter({ hasText: '浙江省' }).click();
    await page
      .locator('.ant-cascader-menu-item')
      .filter({ hasText: /^杭州市$/ })
      .click();
    await dialog.locator('#customer_tags').fill('茶叶爱好者');
    await dialog.locator('#customer_tags').press('Enter');
    await dialog.locator('#customer_consent_email').click();
    await pick(page, '#customer_custom_member_level', '金卡 Gold');
    await screenshot(page, `${locale}-customer-create-bottom`);
    const created = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/customers') && r.request().method() === 'POST',
    );
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    const response = await created;
    expect(response.status()).toBe(201);
    const customer = (await response.json()) as Customer;
    expect(customer).toMatchObject({
      name,
      province: '浙江省',
      city: '杭州市',
      tags: ['茶叶爱好者'],
      custom: { member_level: '金卡 Gold' },
    });
    expect(customer.consent.email?.granted).toBe(true);

    // The new customer's 360 page opens.
    await page.waitForURL(`**/customers/${customer.id}`);
    await page.getByTestId('customer-name').filter({ hasText: name }).waitFor();
    await page.getByTestId('customer-kpis').waitFor();
    expect(await page.getByTestId('customer-facts').innerText()).toContain('金卡 Gold');

    // Log a call: it shows on the timeline and in the KPIs without reloading.
    await page.locator('#interaction_subject').fill('回访：新品试饮 follow-up');
    await page.locator('#interaction_notes').fill('客户对龙井新茶感兴趣，下周到店。');
    await page.locator('#interaction_outcome').fill('预约到店');
    await page.getByTestId('interaction-submit').click();
    await page.getByText(words.logged).waitFor();
    const item = page.getByTestId('timeline-item').filter({ hasText: '回访：新品试饮 follow-up' });
    await item.waitFor();
    expect(await item.innerText()).toContain(words.phone);
    await expect.poll(() => page.getByTestId('kpi-interactions').innerText()).toContain('1');
    await expect.poll(() => page.getByTestId('kpi-days-since-contact').innerText()).toContain('0');
    expect(await page.getByTestId('kpi-days-since-contact').innerText()).toContain(words.days);
    await page.waitForLoadState('networkidle');
    await screenshot(page, `${locale}-customer-360`);

    // Back in the list, the pinyin initials find the customer and not the others.
    await page.goto('/customers');
    const searched = page.waitForResponse(
      (r) => r.url().includes('/api/v1/customers?') && r.url().includes(`q=${initials}`),
    );
    await page.getByTestId('customer-search').locator('input').fill(initials);
    await page.getByTestId('customer-search').locator('input').press('Enter');
    expect((await searched).status()).toBe(200);
    const table = page.getByTestId('customer-table');
    await table.getByRole('link', { name }).waitFor();
    await expect.poll(() => table.locator('tr.ant-table-row').count()).toBe(1);
    expect(await table.innerText()).not.toContain(decoy);
    expect(page.url()).toContain(`q=${initials}`);
    await screenshot(page, `${locale}-customer-search`);

    await table.getByRole('link', { name }).click();
    await page.getByTestId('timeline-item').filter({ hasText: '回访：新品试饮 follow-up' }).waitFor();
    await page.context().close();
    expect(console.filter((line) => !line.includes('status of 401'))).toEqual([]);
  });

  test(`an organisation's 360 page shows its contacts, key account and tags (${locale})`, async () => {
    const { page, console } = await signedInAs(locale);
    await page.goto('/customers?kind=organization');
    await page.getByTestId('customer-table').getByRole('link', { name: '杭州西湖茶叶有限公司' }).click();
    await page.getByTestId('customer-page').waitFor();
    await page.getByTestId('customer-link-row').filter({ hasText: '陈静' }).waitFor();
    await page.getByTestId('key-account').waitFor();
    expect(await page.getByTestId('customer-tags').innerText()).toContain('茶叶');
    expect(await page.getByTestId('customer-facts').innerText()).toContain('91330106MA2B0QKX3C');
    await page.waitForLoadState('networkidle');
    await screenshot(page, `${locale}-customer-360-organization`);
    await page.context().close();
    expect(console.filter((line) => !line.includes('status of 401'))).toEqual([]);
  });
});

test('the customer pages render in Traditional Chinese', async () => {
  await api.call('PATCH', '/api/v1/me', { locale: 'zh-TW' });
  const context = await newContext(browser, server.url, 'zh-TW');
  const page = await context.newPage();
  const console = watchConsole(page);
  await signIn(page, admin.email, admin.password);
  await page.goto('/customers');
  await page.getByTestId('customer-table').getByRole('link', { name: '杭州西湖茶叶有限公司' }).waitFor();
  expect(await page.getByTestId('customers-page').innerText()).toContain('新增客戶');
  await screenshot(page, 'zh-TW-customers');
  await page.getByTestId('customer-table').getByRole('link', { name: '杭州西湖茶叶有限公司' }).click();
  await page.getByTestId('customer-link-row').filter({ hasText: '陈静' }).waitFor();
  expect(await page.getByTestId('customer-page').innerText()).toContain('動態資訊');
  await page.waitForLoadState('networkidle');
  await screenshot(page, 'zh-TW-customer-360');
  await context.close();
  expect(console.filter((line) => !line.includes('status of 401'))).toEqual([]);
});

test('saving a customer that someone else changed meanwhile says so and shows the fresh record', async () => {
  const customer = await api.call<Customer>('POST', '/api/v1/customers', { kind: 'person', name: '赵敏' });
  const { page } = await signedInAs('zh-CN');
  await page.goto(`/customers/${customer.id}`);
  await page.getByTestId('customer-edit').click();
  await page.locator('#customer_occupation').fill('设计师');

  await api.call('PATCH', `/api/v1/customers/${customer.id}`, { version: customer.version, name: '赵敏敏' });

  const answer = page.waitForResponse(
    (r) => r.url().endsWith(`/api/v1/customers/${customer.id}`) && r.request().method() === 'PATCH',
  );
  await page.locator('.ant-modal-footer .ant-btn-primary').click();
  expect((await answer).status()).toBe(409);
  await page.getByText('该记录已被他人修改').waitFor();
  await page.getByTestId('customer-name').filter({ hasText: '赵敏敏' }).waitFor();
  await page.context().close();
});

test('a phone number the server refuses is shown at the phone field, and nothing is created', async () => {
  const { page } = await signedInAs('zh-CN');
  await page.goto('/customers');
  await page.getByTestId('customer-create').click();
  await page.locator('#customer_name').fill('孙悟空');
  await page.locator('#customer_phone').fill('12345');
  const answer = page.waitForResponse(
    (r) => r.url().endsWith('/api/v1/customers') && r.request().method() === 'POST',
  );
  await page.locator('.ant-modal-footer .ant-btn-primary').click();
  expect((await answer).status()).toBe(400);
  const phoneItem = page.locator('.ant-form-item').filter({ has: page.locator('#customer_phone') });
  await phoneItem.locator('.ant-form-item-explain-error').filter({ hasText: '不是有效的电话号码' }).waitFor();
  expect(await page.locator('.ant-modal').isVisible()).toBe(true);
  await screenshot(page, 'zh-CN-customer-create-server-error');
  await page.context().close();
});

test('a deleted customer waits in the recycle bin and can be restored', async () => {
  const customer = await api.call<Customer>('POST', '/api/v1/customers', { kind: 'person', name: '钱多多' });
  const { page } = await signedInAs('zh-CN');
  await page.goto(`/customers/${customer.id}`);
  await page.getByTestId('customer-delete').click();
  await page.locator('.ant-popconfirm .ant-btn-dangerous').click();
  await page.getByTestId('deleted-banner').waitFor();

  await page.goto('/customers');
  await page.getByTestId('recycle-bin').click();
  const row = page.locator('[data-testid="customer-table"] tr.ant-table-row', { hasText: '钱多多' });
  await row.waitFor();
  await screenshot(page, 'zh-CN-customer-recycle-bin');
  await row.getByTestId('customer-restore').click();
  await page.getByText('客户已恢复').waitFor();
  await expect.poll(() => row.count()).toBe(0);
  expect((await api.call<Customer>('GET', `/api/v1/customers/${customer.id}`)).deletedAt).toBeNull();
  await page.context().close();
});

test('admins manage custom fields; a new field appears in the customer form', async () => {
  const { page } = await signedInAs('zh-CN');
  await page.goto('/settings/custom-fields');
  await page.getByTestId('custom-field-table').getByText('member_level').waitFor();
  await page.getByTestId('custom-field-create').click();
  await page.locator('#customField_label').fill('企业席位数');
  await page.locator('#customField_key').fill('seats');
  await pick(page, '#customField_type', '数字');
  const created = page.waitForResponse(
    (r) => r.url().endsWith('/api/v1/custom-fields') && r.request().method() === 'POST',
  );
  await page.locator('.ant-modal-footer .ant-btn-primary').click();
  expect((await created).status()).toBe(201);
  await page.getByTestId('custom-field-table').getByText('seats').waitFor();
  await screenshot(page, 'zh-CN-custom-fields');

  await page.goto('/customers');
  await page.getByTestId('customer-create').click();
  await page.locator('#customer_custom_seats').waitFor();
  await page.context().close();
});

test('a filtered list is saved as a view and picked again; selected customers are transferred to another owner', async () => {
  const sales = await api.createUser({
    email: 'wang.fang@example.com',
    name: '王芳',
    role: 'sales',
    password: 'Wang-Fang-2026!',
  });
  const { page } = await signedInAs('zh-CN');
  await page.goto('/customers');
  await page.getByTestId('customer-table').getByRole('link', { name: '李四' }).waitFor();

  // A custom field filter: the two customers created above as gold members.
  await page.getByTestId('custom-filter').click();
  await pick(page, '.ant-popover .ant-select >> nth=0', '会员等级 Member level');
  await pick(page, '.ant-popover .ant-select >> nth=2', '金卡 Gold');
  await page.locator('.ant-popover .ant-btn-primary').click();
  await page
    .getByTestId('custom-filter-tag')
    .filter({ hasText: '会员等级 Member level 等于 金卡 Gold' })
    .waitFor();
  await expect.poll(() => page.getByTestId('customer-table').locator('tr.ant-table-row').count()).toBe(2);
  expect(page.url()).toContain('custom=member_level');
  await page.getByTestId('custom-filter-tag').locator('.ant-tag-close-icon').click();
  await page.getByTestId('customer-table').getByRole('link', { name: '李四' }).waitFor();

  // Filter to organisations and save that as a view.
  await pick(page, '[data-testid="filter-kind"]', '企业客户');
  await expect.poll(() => page.getByTestId('customer-table').locator('tr.ant-table-row').count()).toBe(1);
  await page.getByTestId('save-view').click();
  await page.locator('#saveView_name').fill('企业客户 · 全部');
  const saved = page.waitForResponse(
    (r) => r.url().includes('/api/v1/saved-views') && r.request().method() === 'POST',
  );
  await page.locator('.ant-modal-footer .ant-btn-primary').click();
  expect((await saved).status()).toBe(201);

  await page.getByTestId('filters-clear').click();
  await page.getByTestId('customer-table').getByRole('link', { name: '李四' }).waitFor();
  await page.getByTestId('saved-views').click();
  await page.locator('.ant-dropdown-menu-item').filter({ hasText: '企业客户 · 全部' }).click();
  await page.waitForURL(/kind=organization/);
  await expect.poll(() => page.getByTestId('customer-table').locator('tr.ant-table-row').count()).toBe(1);

  // Select two people and give them to 王芳.
  await page.getByTestId('filters-clear').click();
  for (const name of ['李四', '张伟']) {
    await page
      .locator('[data-testid="customer-table"] tr.ant-table-row', { hasText: name })
      .locator('.ant-checkbox-input')
      .check();
  }
  await page.getByTestId('bulk-transfer').click();
  await pick(page, '[data-testid="transfer-owner"]', '王芳');
  const transferred = page.waitForResponse((r) => r.url().endsWith('/api/v1/customers/transfer'));
  await page.locator('.ant-modal-footer .ant-btn-primary').click();
  expect(await (await transferred).json()).toEqual({ transferred: 2 });
  await page.getByText('已转移 2 位客户').waitFor();
  const { items } = await api.call<{ items: { name: string }[] }>(
    'GET',
    `/api/v1/customers?ownerId=${sales.id}`,
  );
  expect(items.map((c) => c.name).sort()).toEqual(['张伟', '李四'].sort());
  await page.context().close();
});
