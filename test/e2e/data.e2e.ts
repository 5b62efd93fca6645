import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Locale } from '#src/shared/schema.ts';
import { ApiClient } from './support/api.ts';
import { launchBrowser, newContext, screenshot, signIn, watchConsole } from './support/browser.ts';
import { admin, startGuanxi } from './support/server.ts';
import type { GuanxiServer } from './support/server.ts';

let server: GuanxiServer;
let browser: Browser;
let api: ApiClient;

interface Created {
  id: string;
  name: string;
  ref: string;
}

const browserLocales: Record<Locale, string> = { 'zh-CN': 'zh-CN', 'zh-TW': 'zh-TW', en: 'en-US' };

beforeAll(async () => {
  [server, browser] = await Promise.all([startGuanxi(), launchBrowser()]);
  api = await ApiClient.login(server.url, admin.email, admin.password);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The admin signed in with the interface in `locale`, with the page's console collected. */
async function openAs(locale: Locale): Promise<{ context: BrowserContext; page: Page; console: string[] }> {
  await api.call('PATCH', '/api/v1/me', { locale });
  const context = await newContext(browser, server.url, browserLocales[locale]);
  const page = await context.newPage();
  const console = watchConsole(page);
  await signIn(page, admin.email, admin.password);
  return { context, page, console };
}

/** The browser's notes on the signed-out session probe (401) are expected; anything else is a bug. */
const problems = (console: string[]) => console.filter((line) => !line.includes('status of 401'));

/** Picks an option in the open antd Select dropdown by its text. */
async function pickOption(page: Page, text: string | RegExp): Promise<void> {
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: text })
    .first()
    .click();
}

const customersCsv = [
  // Chinese headers as a Chinese Excel export has them; 性质 is not a known name for `kind`, so it is mapped by hand.
  '客户编号,性质,姓名,邮箱,手机,城市,生日,内部备注',
  'IMP-001,person,周杰,zhou.jie@example.com,13800138001,上海,1990-01-02,老客户',
  'IMP-002,person,吴敏,wu.min@example.com,13800138002,北京,not-a-date,',
  'IMP-003,alien,郑强,zheng.qiang@example.com,,广州,,',
  'IMP-004,organization,上海星辰科技有限公司,info@xingchen.example.com,,上海,,',
  'IMP-001,person,周杰（重复）,zhou.jie2@example.com,,上海,,',
].join('\n');

test('a customer file with bad rows goes through the wizard, and the error report names each rejected row', async () => {
  const { context, page, console } = await openAs('zh-CN');
  await page.goto('/customers/import');
  await page.getByTestId('import-page').waitFor();
  await screenshot(page, 'data-zh-CN-import-upload');

  const uploaded = page.waitForResponse(
    (r) => r.url().includes('/api/v1/imports?') && r.request().method() === 'POST',
  );
  await page
    .getByTestId('import-upload')
    .locator('input[type="file"]')
    .setInputFiles({ name: '客户名单.csv', mimeType: 'text/csv', buffer: Buffer.from(customersCsv, 'utf8') });
  expect((await uploaded).status()).toBe(201);
  const wizard = page.getByTestId('import-wizard');
  await expect.poll(() => wizard.getAttribute('data-step')).toBe('mapping');

  // The suggestions are preselected; `kind` is required and not yet mapped, so the wizard waits for it.
  expect(await page.getByTestId('mapping-0').getAttribute('data-field')).toBe('ref');
  expect(await page.getByTestId('mapping-2').getAttribute('data-field')).toBe('name');
  expect(await page.getByTestId('mapping-6').getAttribute('data-field')).toBe('birthday');
  expect(await page.getByTestId('mapping-7').getAttribute('data-field')).toBe('');
  const kindTag = page.getByTestId('required-fields').locator('.ant-tag', { hasText: 'kind' });
  expect(await kindTag.getAttribute('data-mapped')).toBe('false');
  expect(await page.getByTestId('import-next').isDisabled()).toBe(true);
  await screenshot(page, 'data-zh-CN-import-mapping');

  await page.getByTestId('mapping-1').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="kind"]').click();
  await expect.poll(() => kindTag.getAttribute('data-mapped')).toBe('true');
  await page.getByTestId('import-next').click();
  await page.getByTestId('preview-table').getByText('上海星辰科技有限公司').waitFor();
  await screenshot(page, 'data-zh-CN-import-preview');
  await page.getByTestId('import-next').click();

  // Dry run: the counts of what would happen, nothing saved.
  await page.getByTestId('import-dry-run').click();
  await page.getByTestId('import-counts').waitFor();
  expect(await page.getByTestId('count-imported').locator('.ant-statistic-content').innerText()).toBe('2');
  expect(await page.getByTestId('count-errors').locator('.ant-statistic-content').innerText()).toBe('3');
  await screenshot(page, 'data-zh-CN-import-dry-run');
  const before = await api.call<{ items: unknown[] }>('GET', '/api/v1/customers?q=IMP-001');
  expect(before.items).toHaveLength(0);

  await page.getByTestId('import-run').click();
  await page.getByTestId('import-result').waitFor();
  expect(await page.getByTestId('import-result').innerText()).toContain('导入完成，部分行被拒绝');
  expect(await page.getByTestId('count-imported').locator('.ant-statistic-content').innerText()).toBe('2');
  expect(await page.getByTestId('count-errors').locator('.ant-statistic-content').innerText()).toBe('3');
  await screenshot(page, 'data-zh-CN-import-result');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-errors').click(),
  ]);
  const report = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
  const [header, ...rows] = report.trim().split(/\r?\n/);
  expect(header).toMatch(/^line,column,reason,/);
  expect(header).toContain('客户编号');
  // One row per rejected line, at the physical line where the record starts (header = 1).
  expect(rows.map((row) => row.split(',')[0])).toEqual(['3', '4', '6']);
  expect(rows[0]).toMatch(/^3,生日,/);
  expect(rows[1]).toMatch(/^4,性质,/);
  expect(rows[2]).toMatch(/^6,客户编号,/);

  const imported = await api.call<{ items: { ref: string; name: string }[] }>(
    'GET',
    '/api/v1/customers?q=IMP-001',
  );
  expect(imported.items.map((c) => c.name)).toEqual(['周杰']);
  await page.getByTestId('import-history').getByText('客户名单.csv').first().waitFor();
  await context.close();
  expect(problems(console)).toEqual([]);
});

async function customer(body: Record<string, unknown>): Promise<Created> {
  return api.call<Created>('POST', '/api/v1/customers', body);
}

test("two duplicates merge on the review page and the survivor's 360 page shows both histories", async () => {
  const first = await customer({
    kind: 'person',
    name: 'Wang Fang',
    email: 'wang.fang@example.com',
    phone: '13911112222',
    city: '上海',
  });
  const second = await customer({
    kind: 'person',
    name: '王芳',
    email: 'Wang.Fang@example.com',
    city: '上海',
    tags: ['VIP'],
  });
  await api.call('POST', '/api/v1/interactions', {
    customerId: first.id,
    channel: 'visit',
    direction: 'outbound',
    subject: 'Showroom visit in Pudong',
  });
  await api.call('POST', '/api/v1/interactions', {
    customerId: second.id,
    channel: 'wechat',
    direction: 'inbound',
    subject: '微信咨询新品',
  });
  await api.call('POST', '/api/v1/orders', { customerId: first.id, ref: 'ORD-WF-1', amount: '1280.00' });
  await api.call('POST', '/api/v1/orders', { customerId: second.id, ref: 'ORD-WF-2', amount: '388.50' });

  const { context, page, console } = await openAs('en');
  await page.goto('/customers/duplicates');
  await page.getByTestId('duplicates-page').waitFor();
  const scanned = page.waitForResponse((r) => r.url().endsWith('/api/v1/customers/duplicates/scan'));
  await page.getByTestId('duplicate-scan').click();
  expect((await scanned).status()).toBe(200);
  const row = page.locator('[data-testid="duplicate-table"] tr.ant-table-row', { hasText: '王芳' });
  await row.waitFor();
  expect(await row.innerText()).toContain('Wang Fang');
  await screenshot(page, 'data-en-duplicates');

  await row.getByTestId('duplicate-review').click();
  await page.getByTestId('duplicate-comparison').getByText('VIP').waitFor();
  // The older record is proposed as the survivor; choose it explicitly all the same.
  await page.getByTestId(`keep-${first.id}`).click();
  await screenshot(page, 'data-en-duplicates-compare');
  await page.getByTestId('duplicate-merge').click();
  const merged = page.waitForResponse((r) => r.url().endsWith('/api/v1/customers/merge'));
  await page.locator('.ant-popconfirm:visible .ant-popconfirm-buttons .ant-btn-primary').click();
  expect((await merged).status()).toBe(200);
  await page.getByTestId('merge-result').waitFor();
  expect(await page.getByTestId('merge-result').innerText()).toContain('Merged into “Wang Fang”');
  await screenshot(page, 'data-en-duplicates-merged');

  await page.getByTestId('merge-survivor-link').click();
  await page.getByTestId('customer-page').waitFor();
  expect(page.url()).toContain(`/customers/${first.id}`);
  const timeline = page.getByTestId('timeline-item');
  await timeline.filter({ hasText: '微信咨询新品' }).waitFor();
  const entries = await timeline.allInnerTexts();
  const text = entries.join('\n');
  for (const expected of ['Showroom visit in Pudong', '微信咨询新品', 'ORD-WF-1', 'ORD-WF-2'])
    expect(text).toContain(expected);
  await screenshot(page, 'data-en-duplicates-survivor');
  await context.close();

  // The merged record is gone from the list and points at the survivor.
  const gone = await api
    .call<{ mergedInto: string | null; deletedAt: string | null }>('GET', `/api/v1/customers/${second.id}`)
    .catch(() => null);
  if (gone) expect(gone.mergedInto).toBe(first.id);
  expect(problems(console)).toEqual([]);
});

describe('products and orders', () => {
  let buyer: Created;

  beforeAll(async () => {
    const tea = await api.call<{ id: string }>('POST', '/api/v1/products', {
      sku: 'TEA-LJ-250',
      name: '西湖龙井明前特级 250g 礼盒装（含手提袋及贺卡）',
      category: '茶叶',
      price: '688.00',
      currency: 'CNY',
    });
    await api.call('POST', '/api/v1/products', {
      sku: 'CUP-CELADON',
      name: 'Longquan celadon tea cup',
      category: '茶具',
      price: '128.5',
      currency: 'CNY',
    });
    await api.call('POST', '/api/v1/products', {
      sku: 'OLD-001',
      name: '旧款紫砂壶',
      category: '茶具',
      price: '399',
      currency: 'CNY',
      active: false,
    });
    buyer = await customer({ kind: 'organization', name: '杭州茶语文化传播有限公司', city: '杭州' });
    await api.call('POST', '/api/v1/orders', {
      customerId: buyer.id,
      ref: 'SO-2026-0001',
      channel: '门店',
      items: [
        { productId: tea.id, quantity: '2' },
        { sku: 'CUP-CELADON', quantity: '6', unitPrice: '118' },
      ],
    });
  });

  test('a product and an order with two lines are created in their dialogs', async () => {
    const { context, page, console } = await openAs('zh-CN');
    await page.goto('/products');
    await page.getByTestId('product-table').getByText('TEA-LJ-250').waitFor();
    await page.getByTestId('product-create').click();
    const dialog = page.getByTestId('product-dialog');
    await dialog.locator('#product_sku').fill('TEA-PU-357');
    await dialog.locator('#product_name').fill('云南普洱熟茶饼 357g');
    await dialog.locator('#product_category').fill('茶叶');
    await dialog.getByLabel('价格').fill('256.80');
    await screenshot(page, 'data-zh-CN-product-create');
    const created = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/products') && r.request().method() === 'POST',
    );
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
    expect((await created).status()).toBe(201);
    await page.getByTestId('product-table').getByText('TEA-PU-357').waitFor();

    await page.goto('/orders');
    await page.getByTestId('order-table').getByText('SO-2026-0001').waitFor();
    await page.getByTestId('order-create').click();
    const order = page.getByTestId('order-create-dialog');
    await order.getByTestId('order-customer').click();
    await page.keyboard.type('茶语');
    await pickOption(page, '杭州茶语文化传播有限公司');
    await order.getByTestId('order-line-product').first().click();
    await page.keyboard.type('TEA-PU');
    await pickOption(page, 'TEA-PU-357');
    await order.getByTestId('order-add-line').click();
    await order.getByTestId('order-line-product').nth(1).click();
    await page.keyboard.type('CUP');
    await pickOption(page, 'CUP-CELADON');
    await order.getByLabel('数量').nth(1).fill('4');
    await expect.poll(() => order.getByTestId('order-total').innerText()).toContain('770.80');
    await screenshot(page, 'data-zh-CN-order-create');
    const posted = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/orders') && r.request().method() === 'POST',
    );
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    expect((await posted).status()).toBe(201);
    // The new order opens with its lines and the exact total (256.80 + 4 × 128.5).
    const lines = page.getByTestId('order-lines');
    await lines.getByText('TEA-PU-357').waitFor();
    expect(await lines.innerText()).toContain('770.80');
    await screenshot(page, 'data-zh-CN-order-created');
    await context.close();
    expect(problems(console)).toEqual([]);
  });

  test.each(['zh-CN', 'zh-TW', 'en'] as const)('the data pages render in %s', async (locale) => {
    const { context, page, console } = await openAs(locale);
    await page.goto('/products');
    await page.getByTestId('product-table').getByText('TEA-LJ-250').waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, `data-${locale}-products`);

    await page.goto('/orders');
    await page.getByTestId('order-table').getByText('SO-2026-0001').click();
    await page.getByTestId('order-lines').getByText('CUP-CELADON').waitFor();
    // 2 × 688.00 + 6 × 118 = 2084.00
    expect(await page.getByTestId('order-lines').innerText()).toContain('2,084.00');
    await screenshot(page, `data-${locale}-order-drawer`);
    await page.keyboard.press('Escape');

    await page.goto(`/orders?customerId=${buyer.id}`);
    await page.getByTestId('order-customer-filter').getByText('杭州茶语文化传播有限公司').waitFor();
    await page.getByTestId('order-table').getByText('SO-2026-0001').waitFor();
    await screenshot(page, `data-${locale}-orders`);

    await page.goto('/customers/duplicates');
    await page.getByTestId('duplicates-page').waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, `data-${locale}-duplicates-page`);

    await page.goto('/customers/import');
    await page.getByTestId('import-history').waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, `data-${locale}-import-page`);
    await context.close();
    expect(problems(console)).toEqual([]);
  });
});

test('a GB18030 product file imports without a dry run, and a clean run offers no error report', async () => {
  const iconv = (await import('iconv-lite')).default;
  const csv = [
    '商品编码,品名,分类,售价,币种',
    'GB-001,铁观音 100g,茶叶,98.00,CNY',
    'GB-002,紫砂杯,茶具,45.5,CNY',
  ].join('\r\n');
  const { context, page, console } = await openAs('en');
  await page.goto('/customers/import');
  await page.getByTestId('import-entity').getByText('Products').click();
  await page
    .getByTestId('import-upload')
    .locator('input[type="file"]')
    .setInputFiles({ name: 'products-gbk.csv', mimeType: 'text/csv', buffer: iconv.encode(csv, 'gb18030') });
  const wizard = page.getByTestId('import-wizard');
  await expect.poll(() => wizard.getAttribute('data-step')).toBe('mapping');
  expect((await page.getByTestId('import-file').innerText()).toLowerCase()).toContain('gb18030');
  expect(await page.getByTestId('mapping-table').innerText()).toContain('铁观音 100g');
  await page.getByTestId('import-next').click();
  await page.getByTestId('preview-table').getByText('紫砂杯').waitFor();
  await page.getByTestId('import-next').click();
  await page.getByTestId('import-run').click();
  await page.getByTestId('import-result').waitFor();
  expect(await page.getByTestId('import-result').innerText()).toContain('Import finished');
  expect(await page.getByTestId('count-imported').locator('.ant-statistic-content').innerText()).toBe('2');
  expect(await page.getByTestId('download-errors').count()).toBe(0);
  await screenshot(page, 'data-en-import-result');
  const { items } = await api.call<{ items: { name: string; price: number }[] }>(
    'GET',
    '/api/v1/products?q=GB-00',
  );
  expect(items.map((p) => [p.name, p.price]).sort()).toEqual([
    ['紫砂杯', 45.5],
    ['铁观音 100g', 98],
  ]);
  await context.close();
  expect(problems(console)).toEqual([]);
});

test('sales staff import and record orders, see products read only, and may not merge duplicates', async () => {
  const sales = { email: 'zhao.lei@example.com', password: 'Zhao-Lei-2026!' };
  await api.createUser({ ...sales, name: '赵磊', role: 'sales', locale: 'zh-CN' });
  const context = await newContext(browser, server.url, 'zh-CN');
  const page = await context.newPage();
  const console = watchConsole(page);
  await signIn(page, sales.email, sales.password);
  const menu = page.getByTestId('main-menu');
  // The customers submenu is open on the first screen.
  await menu.getByText('导入', { exact: true }).waitFor();
  expect(await menu.getByText('合并重复客户').count()).toBe(0);

  await page.goto('/products');
  await page.getByTestId('product-table').locator('tr.ant-table-row').first().waitFor();
  expect(await page.getByTestId('product-create').count()).toBe(0);
  expect(await page.getByTestId('product-table').getByText('编辑').count()).toBe(0);

  await page.goto('/orders');
  await page.getByTestId('orders-page').waitFor();
  expect(await page.getByTestId('order-create').count()).toBe(1);
  await page.goto('/customers/import');
  await page.getByTestId('import-wizard').waitFor();
  // Whole-table exports are for managers and admins.
  expect(await page.getByTestId('export-panel').count()).toBe(0);
  await page.goto('/customers/duplicates');
  await page.getByTestId('forbidden-page').waitFor();
  await context.close();
  expect(problems(console)).toEqual([]);
});
