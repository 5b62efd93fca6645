import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCjkFont } from '#src/modules/sales/quote-font.ts';
import { quotePdf } from '#src/modules/sales/quotes.service.ts';
import type { QuoteDetail } from '#src/modules/sales/quotes.schema.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { TestClock } from '#test/support/clock.ts';
import { insertCustomerRow } from '#test/support/factories.ts';
import { expectProblem } from '#test/support/problem.ts';

/**
 * A quote's PDF (issue 6): in the language asked for, with Chinese text drawn by a CJK font and readable as text
 * (checked by extracting it again), small because the font is subset; without a Chinese font, a clear 503.
 */
let t: TestApp;
let sales: Session;
let otherSales: Session;
const clock = new TestClock('2026-12-07T02:00:00Z');
let chinese: QuoteDetail;
let english: QuoteDetail;

beforeAll(async () => {
  t = await openTestApp({ clock });
  [sales, otherSales] = await Promise.all([
    t.signedIn('sales', { name: '王小明' }),
    t.signedIn('sales', { name: 'Alex Smith' }),
  ]);
  const admin = await t.signedIn('admin');
  const product = async (sku: string, name: string, price: string) =>
    (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/products',
        headers: admin.bearer,
        payload: { sku, name, price },
      })
    ).json<{ id: string }>().id;
  const tea = await product('TEA-LJ', '西湖龙井', '33.35');
  const tray = await product('TRAY-1', '竹制茶盘', '12.50');
  const widget = await product('W-1', 'Steel widget', '10');
  const create = async (name: string, items: object[], terms: string, owner = sales) => {
    const customer = await insertCustomerRow(t.database.db, { owner_id: owner.user.id, name });
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/quotes',
      headers: owner.bearer,
      payload: { customerId: customer.id, validUntil: '2026-12-31', items, terms },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<QuoteDetail>();
  };
  chinese = await create(
    '杭州西湖茶业有限公司',
    [
      { productId: tea, quantity: 3, discount: 0.05 },
      { productId: tray, quantity: 1 },
    ],
    '款到发货，运费由卖方承担。',
  );
  english = await create(
    'Acme Trading Ltd',
    [{ productId: widget, quantity: 4 }],
    'Payment within 30 days.',
    otherSales,
  );
});
afterAll(() => t?.close());

const pdf = (id: string, query = '', headers: Record<string, string> = {}, session: Session = sales) =>
  t.app.inject({ url: `/api/v1/quotes/${id}/pdf${query}`, headers: { ...session.bearer, ...headers } });

const textOf = async (body: Buffer) => {
  const { text } = await extractText(new Uint8Array(body), { mergePages: true });
  return text;
};

describe('the quote PDF', () => {
  it('prints a Chinese quote in Simplified Chinese: customer, products and total are extractable text', async () => {
    const response = await pdf(chinese.id, '?lang=zh-CN');
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(`inline; filename="${chinese.number}.pdf"`);
    expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // the font is subset: a few glyphs, not the 20 MB collection
    expect(response.rawPayload.length).toBeLessThan(200_000);
    const text = await textOf(response.rawPayload);
    for (const expected of [
      '报价单',
      chinese.number,
      '杭州西湖茶业有限公司',
      '西湖龙井',
      '竹制茶盘',
      '价税合计',
      `CNY ${chinese.total.toFixed(2)}`,
      '款到发货',
      '王小明',
      '2026-12-31',
    ])
      expect(text).toContain(expected);
    expect(chinese.total).toBe(121.54);
  });

  it('prints in Traditional Chinese or English as asked, defaulting to the Accept-Language', async () => {
    const traditional = await textOf((await pdf(chinese.id, '?lang=zh-TW')).rawPayload);
    expect(traditional).toContain('報價單');
    expect(traditional).toContain('含稅總計');
    expect(traditional).toContain('杭州西湖茶业有限公司');
    const byHeader = await textOf(
      (await pdf(chinese.id, '', { 'accept-language': 'zh-TW,zh;q=0.9' })).rawPayload,
    );
    expect(byHeader).toContain('報價單');
    const inEnglish = await textOf((await pdf(chinese.id, '?lang=en')).rawPayload);
    for (const expected of ['Quote', 'Total (incl. tax)', '西湖龙井', 'CNY 121.54'])
      expect(inEnglish).toContain(expected);
  });

  it('prints an English quote with the built-in font when no Chinese font is installed', async () => {
    const { body, fileName } = await quotePdf(t.deps, actorOf(otherSales), english.id, 'en', null);
    expect(fileName).toBe(`${english.number}.pdf`);
    const text = await textOf(body);
    for (const expected of [
      'Alex Smith',
      'Acme Trading Ltd',
      'Steel widget',
      'CNY 45.20',
      'Payment within 30 days.',
    ])
      expect(text).toContain(expected);
  });

  it('answers 503 server.pdf_font_missing, saying what to install, when Chinese text has no font', async () => {
    await expect(quotePdf(t.deps, actorOf(sales), chinese.id, 'zh-CN', null)).rejects.toMatchObject({
      code: 'server.pdf_font_missing',
      status: 503,
      message: expect.stringContaining('fonts-noto-cjk'),
    });
    await expect(quotePdf(t.deps, actorOf(otherSales), english.id, 'zh-CN', null)).rejects.toMatchObject({
      code: 'server.pdf_font_missing',
    });
  });

  it('finds the configured font first, then the system ones', () => {
    const system = findCjkFont({});
    expect(system?.path).toMatch(/NotoSansCJK-Regular\.ttc$|wqy-(microhei|zenhei)\.ttc$/);
    expect(findCjkFont({ GUANXI_PDF_FONT: '/no/such/font.ttf' }, [])).toBeNull();
    expect(findCjkFont({ GUANXI_PDF_FONT: `${system!.path}#NotoSansCJKtc-Regular` }, [])).toEqual({
      path: system!.path,
      face: { simplified: 'NotoSansCJKtc-Regular', traditional: 'NotoSansCJKtc-Regular' },
    });
  });

  it("does not print another owner's quote", async () => {
    expectProblem(await pdf(chinese.id, '', {}, otherSales), 404, 'quote.not_found');
  });
});

const actorOf = (session: Session) => ({
  userId: session.user.id,
  label: session.user.email,
  role: session.user.role,
  teamId: session.user.teamId,
  ip: null,
  requestId: null,
});
