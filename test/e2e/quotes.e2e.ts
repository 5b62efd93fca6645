import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { OrderDetail } from '#src/modules/orders/orders.schema.ts';
import type { QuoteDetail } from '#src/modules/sales/quotes.schema.ts';
import { ApiClient } from './support/api.ts';
import { launchBrowser, newContext, screenshot, screenshotDir, watchConsole } from './support/browser.ts';
import { admin, startGuanxi } from './support/server.ts';
import type { GuanxiServer } from './support/server.ts';

/**
 * A salesperson's quote from start to order, in Chinese and in English: a quote with Chinese product names is made
 * in the editor with live totals, printed (the print page, looked at in a screenshot), fetched as a PDF whose text
 * holds the Chinese names and the total, sent, accepted, and its order opened.
 */

let server: GuanxiServer;
let browser: Browser;
/** One salesperson per language, the account's language set (it wins over the browser's after sign-in). */
const sellers = {
  'zh-CN': { email: 'wang.xiaoming@example.com', password: 'Quote-Seller-2026!', name: '王小明' },
  en: { email: 'li.hua@example.com', password: 'Quote-Seller-2026!', name: 'Li Hua' },
} as const;
const customerName = '杭州西湖茶业有限公司';
const pdfDir = path.join(screenshotDir, '..');

beforeAll(async () => {
  [server, browser] = await Promise.all([startGuanxi(), launchBrowser()]);
  const api = await ApiClient.login(server.url, admin.email, admin.password);
  for (const [sku, name, price] of [
    ['TEA-LJ-250', '西湖龙井 250克', '33.35'],
    ['CUP-CELADON', '龙泉青瓷茶杯', '20'],
  ] as const)
    await api.call('POST', '/api/v1/products', { sku, name, price });
  for (const locale of ['zh-CN', 'en'] as const) {
    const seller = sellers[locale];
    await api.createUser({ ...seller, role: 'sales', locale });
    const sellerApi = await ApiClient.login(server.url, seller.email, seller.password);
    await sellerApi.call('POST', '/api/v1/customers', { kind: 'organization', name: customerName });
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Signs in through the login page; generous, because a busy CI machine hashes passwords slowly. */
async function signInAs(page: Page, seller: { email: string; password: string }): Promise<void> {
  await page.goto('/login');
  await page.locator('#email').fill(seller.email);
  await page.locator('#password').fill(seller.password);
  await page.locator('button[type="submit"]').click();
  await page.getByTestId('main-menu').waitFor({ timeout: 90_000 });
}

/** Picks an option in the open antd Select dropdown by its text. */
async function pickOption(page: Page, text: string): Promise<void> {
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: text })
    .first()
    .click();
}

const labels = {
  'zh-CN': { quantity: '数量', discount: '折扣 %', total: '价税合计', pdfTotal: '价税合计' },
  en: {
    quantity: 'Quantity',
    discount: 'Discount %',
    total: 'Total (incl. tax)',
    pdfTotal: 'Total (incl. tax)',
  },
} as const;

describe('quotes in the browser', () => {
  test.each(['zh-CN', 'en'] as const)(
    'a quote with Chinese products is made, printed, exported as PDF and accepted into an order (%s)',
    async (locale) => {
      const context = await newContext(browser, server.url, locale);
      const page = await context.newPage();
      const console = watchConsole(page);
      const text = labels[locale];
      await signInAs(page, sellers[locale]);

      await page.goto('/sales/quotes');
      await page.getByTestId('quotes-page').waitFor();
      await page.getByTestId('quote-create').click();
      const editor = page.getByTestId('quote-editor');
      await editor.waitFor();
      await editor.getByTestId('quote-customer').click();
      await page.keyboard.type('西湖茶业');
      await pickOption(page, customerName);
      await editor.getByTestId('quote-line-product').first().click();
      await page.keyboard.type('TEA-LJ');
      await pickOption(page, 'TEA-LJ-250');
      await editor.getByRole('spinbutton', { name: text.quantity }).first().fill('3');
      await editor.getByRole('spinbutton', { name: text.discount }).first().fill('5');
      await editor.getByTestId('quote-add-line').click();
      await editor.getByTestId('quote-line-product').nth(1).click();
      await page.keyboard.type('CUP');
      await pickOption(page, 'CUP-CELADON');
      await editor.getByRole('spinbutton', { name: text.quantity }).nth(1).fill('2');
      // 3 × 33.35 × 0.95 = 95.0475 → 95.05, tax 12.36; 2 × 20 = 40.00, tax 5.20: total 152.61
      await expect.poll(() => editor.getByTestId('quote-total').innerText()).toContain('152.61');
      await screenshot(page, `quotes-${locale}-editor`);
      const created = page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/quotes') && r.request().method() === 'POST',
      );
      await editor.getByTestId('quote-save').click();
      const createdResponse = await created;
      expect(createdResponse.status()).toBe(201);
      const quote = (await createdResponse.json()) as QuoteDetail;
      expect(quote.total).toBe(152.61);

      const view = page.getByTestId('quote-page');
      await view.waitFor();
      await expect.poll(() => view.getByTestId('quote-lines').innerText()).toContain('西湖龙井 250克');
      expect(await view.getByTestId('quote-total').first().innerText()).toContain('152.61');
      await screenshot(page, `quotes-${locale}-draft`);

      // The print page: the quote alone, without the application's menu.
      await view.getByTestId('quote-print').click();
      const sheet = page.getByTestId('quote-print-page');
      await sheet.waitFor();
      expect(await sheet.getByTestId('print-customer').innerText()).toBe(customerName);
      expect(await sheet.getByTestId('print-total').innerText()).toContain('152.61');
      expect(await sheet.innerText()).toContain('龙泉青瓷茶杯');
      await screenshot(page, `quotes-${locale}-print`);
      // In print media the application frame is gone.
      await page.emulateMedia({ media: 'print' });
      expect(await page.getByTestId('main-menu').isVisible()).toBe(false);
      await page.emulateMedia({ media: 'screen' });
      await page.goBack();
      await view.waitFor();

      // The PDF button opens the PDF in the interface language; its text holds the Chinese names and the total.
      const href = await view.getByTestId('quote-pdf').getAttribute('href');
      expect(href).toBe(`/api/v1/quotes/${quote.id}/pdf?lang=${locale}`);
      const pdf = await page.request.get(href!);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      expect(pdf.headers()['content-disposition']).toBe(`inline; filename="${quote.number}.pdf"`);
      const body = await pdf.body();
      mkdirSync(pdfDir, { recursive: true });
      writeFileSync(path.join(pdfDir, `quote-${locale}.pdf`), body);
      const { text: pdfText } = await extractText(new Uint8Array(body), { mergePages: true });
      for (const expected of [
        customerName,
        '西湖龙井 250克',
        '龙泉青瓷茶杯',
        text.pdfTotal,
        'CNY 152.61',
        quote.number,
      ])
        expect(pdfText).toContain(expected);

      // Sent, then accepted: the order is booked at the quote's total, VAT included.
      await view.getByTestId('quote-send').click();
      await expect
        .poll(() => view.getByTestId('quote-status').first().getAttribute('data-status'))
        .toBe('sent');
      await view.getByTestId('quote-accept').click();
      const accepted = page.waitForResponse((r) => r.url().endsWith(`/api/v1/quotes/${quote.id}/accept`));
      await page.locator('.ant-popconfirm:visible .ant-popconfirm-buttons .ant-btn-primary').click();
      const acceptedQuote = (await (await accepted).json()) as QuoteDetail;
      expect(acceptedQuote.status).toBe('accepted');
      const orderAlert = view.getByTestId('quote-order');
      await orderAlert.waitFor();
      expect(await orderAlert.innerText()).toContain(acceptedQuote.orderRef!);
      await view.getByTestId('quote-open-order').click();
      const lines = page.getByTestId('order-lines');
      await lines.getByText('TEA-LJ-250').waitFor();
      const order = (await (
        await page.request.get(`/api/v1/orders/${acceptedQuote.orderId}`)
      ).json()) as OrderDetail;
      expect(order).toMatchObject({ amount: 152.61, currency: 'CNY', customerName });
      await screenshot(page, `quotes-${locale}-accepted-order`);
      await page.keyboard.press('Escape');

      await page.goto('/sales/quotes');
      await page.getByTestId('quote-table').getByText(quote.number).waitFor();
      await screenshot(page, `quotes-${locale}-list`);
      await context.close();
      expect(console.filter((line) => !line.includes('status of 401'))).toEqual([]);
    },
    240_000,
  );
});
