import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AbcResult } from '#src/modules/analytics/abc.schema.ts';
import type { ClvResponse } from '#src/modules/analytics/clv.schema.ts';
import type { CohortCustomers, CohortsResult } from '#src/modules/analytics/cohorts.schema.ts';
import type {
  RfmMovement,
  RfmMovementCustomers,
  RfmResult,
  RfmSnapshot,
} from '#src/modules/analytics/rfm.schema.ts';
import type { ScoreRun, ScoresStatus } from '#src/modules/analytics/scores.schema.ts';
import type { CustomerListItem } from '#src/modules/customers/customers.schema.ts';
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
 * The analytics dashboards on `guanxi demo` data: each opens with its charts drawn and the numbers of the API,
 * clicks go through from a segment, class or cell to the customers in it and on to a customer's page, the
 * options form checks input and shows the server's field errors, and every label follows the language.
 * The demo's orders end on 2026-06-30, so the analyses are asked as of that day (today would change them).
 */

let server: GuanxiServer;
let browser: Browser;
let api: ApiClient;
const asOf = '2026-06-30';
const clvQuery = 'calibrationEnd=2025-12-31&holdoutEnd=2026-06-30';
const service = { email: 'service.desk@example.com', password: 'Service-Desk-2026!' };

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startGuanxi({ demo: { customers: 300, seed: 1 } }),
    launchBrowser(),
  ]);
  api = await ApiClient.login(server.url, admin.email, admin.password);
  // Two snapshots half a year apart, so the RFM page has movement to show.
  await api.call<RfmSnapshot>('POST', '/api/v1/analytics/rfm/snapshots', { asOf: '2025-12-31' });
  await api.call<RfmSnapshot>('POST', '/api/v1/analytics/rfm/snapshots', { asOf });
  await api.createUser({ ...service, name: 'Service Desk', role: 'service' });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A number as the page writes it (grouped, with a currency or percent sign) back to a number. */
const parseShown = (text: string | null): number => Number((text ?? '').replace(/[^\d.-]/g, ''));

/** The share of a chart's canvas that is not blank (ECharts draws on layered canvases: the most inked one). */
async function inkedShare(chart: Locator): Promise<number> {
  return chart.evaluate((element) => {
    let best = 0;
    for (const canvas of element.querySelectorAll('canvas')) {
      const context = canvas.getContext('2d');
      if (!context || canvas.width === 0 || canvas.height === 0) continue;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      let inked = 0;
      let sampled = 0;
      for (let i = 0; i < data.length; i += 4 * 7) {
        sampled += 1;
        if (data[i + 3]! > 0 && (data[i]! < 235 || data[i + 1]! < 235 || data[i + 2]! < 235)) inked += 1;
      }
      best = Math.max(best, inked / sampled);
    }
    return best;
  });
}

async function expectDrawn(page: Page, testId: string, minimum = 0.02): Promise<void> {
  const chart = page.getByTestId(testId);
  await chart.locator('canvas').first().waitFor();
  await expect.poll(() => inkedShare(chart), { timeout: 20_000 }).toBeGreaterThan(minimum);
}

async function signedIn(
  locale: 'zh-CN' | 'en',
): Promise<{ context: BrowserContext; page: Page; console: string[] }> {
  await api.call('PATCH', '/api/v1/me', { locale });
  const context = await newContext(browser, server.url, locale === 'en' ? 'en-US' : 'zh-CN');
  const page = await context.newPage();
  const console = watchConsole(page);
  await signIn(page, admin.email, admin.password);
  return { context, page, console };
}

/** The window as the user sees it, for drawers and dialogs (a full-page shot misplaces fixed layers). */
async function windowShot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

/** What a drawer's CSV download holds: header and one line per customer. */
async function downloadLines(page: Page, button: Locator): Promise<string[]> {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const text = await readFile((await download.path())!, 'utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  return text.slice(1).trimEnd().split('\r\n');
}

const untranslatedKeys = async (page: Page) =>
  ((await page.locator('#root').textContent()) ?? '').match(/\banalytics\.[a-zA-Z_.]+/g) ?? [];

/** The input of an options field (antd puts the test id on the input or on its wrapper). */
const optionInput = (page: Page, testId: string) =>
  page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();

const noWarnings = (console: string[]) => console.filter((line) => !line.includes('status of 401'));

/** Loads every page of the open customers drawer ("load more" until the end) and counts its rows. */
async function drawerRows(page: Page): Promise<number> {
  const drawer = page.getByTestId('customers-drawer');
  const rows = drawer.locator('tr.ant-table-row');
  await expect.poll(() => drawer.locator('.ant-spin-spinning').count()).toBe(0);
  while ((await drawer.getByTestId('customers-drawer-more').count()) > 0) {
    const shown = await rows.count();
    await drawer.getByTestId('customers-drawer-more').click();
    await expect.poll(() => rows.count()).toBeGreaterThan(shown);
  }
  return rows.count();
}

/** Every item of a keyset-paginated API list. */
async function everyItem<T>(url: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: T[]; nextCursor: string | null } = await api.call(
      'GET',
      `${url}&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/**
 * Where the movement matrix draws its largest cell (the darkest blue of its scale, #0958d9), in CSS pixels from the
 * chart's top left: a cell known to hold customers, found without knowing the chart's layout.
 */
async function largestMovementCell(page: Page): Promise<{ x: number; y: number }> {
  const found = await page.getByTestId('movement-matrix').evaluate((element) => {
    for (const canvas of element.querySelectorAll('canvas')) {
      if (canvas.width === 0 || canvas.height === 0) continue;
      // Read a copy: reading the chart's own canvas again makes Chrome warn about repeated readbacks.
      const copy = document.createElement('canvas');
      copy.width = canvas.width;
      copy.height = canvas.height;
      const context = copy.getContext('2d', { willReadFrequently: true });
      if (!context) continue;
      context.drawImage(canvas, 0, 0);
      const scale = canvas.width / canvas.getBoundingClientRect().width;
      const { data, width } = context.getImageData(0, 0, copy.width, copy.height);
      for (let i = 0; i < data.length; i += 4) {
        const distance = Math.abs(data[i]! - 9) + Math.abs(data[i + 1]! - 88) + Math.abs(data[i + 2]! - 217);
        if (data[i + 3] === 255 && distance < 6) {
          const pixel = i / 4;
          return { x: (pixel % width) / scale + 3, y: Math.floor(pixel / width) / scale + 3 };
        }
      }
    }
    return null;
  });
  expect(found, 'the largest movement cell is drawn').not.toBeNull();
  return found!;
}

/** Opens the customers of the movement matrix's largest cell and checks them against the API's list of that cell. */
async function openLargestMovementCell(page: Page, movement: RfmMovement): Promise<number> {
  const largest = Math.max(...movement.movements.map((move) => move.customers));
  await page.getByTestId('movement-matrix').scrollIntoViewIfNeeded();
  const point = await largestMovementCell(page);
  const box = (await page.getByTestId('movement-matrix').boundingBox())!;
  await page.mouse.click(box.x + point.x, box.y + point.y);
  await page.getByTestId('customers-drawer').waitFor();
  expect(await drawerRows(page)).toBe(largest);
  // Cells of the same size look alike: the drawer holds the customers of one of them.
  const shown = await page
    .getByTestId('customers-drawer')
    .getByTestId('analytics-customer-link')
    .allTextContents();
  const lists = await Promise.all(
    movement.movements
      .filter((move) => move.customers === largest)
      .map((move) =>
        everyItem<RfmMovementCustomers['items'][number]>(
          `/api/v1/analytics/rfm/movement/customers?fromSegment=${move.from ?? 'none'}&toSegment=${move.to ?? 'none'}`,
        ),
      ),
  );
  expect(lists.map((items) => items.map((item) => item.name ?? ''))).toContainEqual(shown);
  return largest;
}

describe('dashboards in Chinese', () => {
  test('RFM: segment map and table match the API; a segment opens its customers and one of them', async () => {
    const rfm = await api.call<RfmResult>('GET', `/api/v1/analytics/rfm?asOf=${asOf}&limit=1`);
    expect(rfm.totals.customers).toBeGreaterThan(100);
    const { context, page, console } = await signedIn('zh-CN');
    await page.goto(`/analytics/rfm?asOf=${asOf}`);
    await page.getByTestId('segment-table').waitFor();
    await expectDrawn(page, 'segment-map');
    expect(await page.getByTestId('analysis-as-of').getAttribute('data-day')).toBe(asOf);
    expect(await page.getByTestId('analysis-as-of').textContent()).toContain('2026年6月30日');
    expect(parseShown(await page.getByTestId('segments-total-customers').textContent())).toBe(
      rfm.totals.customers,
    );
    const shownCustomers = await page.getByTestId('segment-customers').allTextContents();
    const shownRevenue = await page.getByTestId('segment-revenue').allTextContents();
    expect(shownCustomers.map(parseShown)).toEqual(rfm.segments.map((row) => row.customers));
    expect(shownRevenue.map(parseShown)).toEqual(rfm.segments.map((row) => row.revenue));
    expect(await page.getByTestId('segment-table').textContent()).toContain('重要价值客户');
    await screenshot(page, 'analytics-zh-CN-rfm');

    // A click on the treemap (its top-left box) opens that segment's customers.
    const box = (await page.getByTestId('segment-map').boundingBox())!;
    await page.mouse.click(box.x + 20, box.y + 20);
    const drawer = page.getByTestId('customers-drawer');
    await drawer.waitFor();
    const clicked = new URL(page.url()).searchParams.get('segment');
    expect(rfm.segments.find((row) => row.segment === clicked)?.customers).toBeGreaterThan(0);
    await expect
      .poll(() => page.locator('.ant-drawer-title').textContent())
      .toContain((await page.getByTestId(`segment-open-${clicked}`).textContent())!);
    await page.locator('.ant-drawer-close').click();

    // From the table: champions, compared with the API's items for that segment.
    const champions = await api.call<RfmResult>(
      'GET',
      `/api/v1/analytics/rfm?asOf=${asOf}&segment=champions&limit=50`,
    );
    await page.getByTestId('segment-open-champions').click();
    const rows = drawer.locator('tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(champions.customers.items.length);
    expect(await drawer.getByTestId('analytics-customer-link').allTextContents()).toEqual(
      champions.customers.items.map((item) => item.name),
    );
    await windowShot(page, 'analytics-zh-CN-rfm-segment');
    const lines = await downloadLines(page, page.getByTestId('customers-drawer-csv'));
    const total = rfm.segments.find((row) => row.segment === 'champions')!.customers;
    expect(lines).toHaveLength(total + 1);
    expect(lines[1]).toContain(champions.customers.items[0]!.customerId);

    await drawer.getByTestId('analytics-customer-link').first().click();
    await page.getByTestId('customer-page').waitFor();
    expect(page.url()).toContain(`/customers/${champions.customers.items[0]!.customerId}`);
    expect(await page.getByTestId('customer-page').textContent()).toContain(
      champions.customers.items[0]!.name,
    );
    await context.close();
    expect(noWarnings(console)).toEqual([]);
  });

  test('RFM: movement between the two snapshots matches the API', async () => {
    const movement = await api.call<RfmMovement>('GET', '/api/v1/analytics/rfm/movement');
    const stayed = movement.movements
      .filter((move) => move.from !== null && move.from === move.to)
      .reduce((sum, move) => sum + move.customers, 0);
    const { context, page, console } = await signedIn('zh-CN');
    await page.goto(`/analytics/rfm?asOf=${asOf}`);
    await page.getByTestId('movement-panel').waitFor();
    await expectDrawn(page, 'movement-matrix');
    await expect
      .poll(() => page.getByTestId('movement-summary').textContent())
      .toContain(`分群未变: ${new Intl.NumberFormat('zh-CN').format(stayed)}`);
    await page.getByTestId('movement-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'analytics-zh-CN-rfm-movement');

    // A cell opens the customers who moved that way, as many as it counts.
    const largest = await openLargestMovementCell(page, movement);
    expect(await page.locator('.ant-drawer-title').textContent()).toMatch(
      new RegExp(` → .+：${largest} 位客户$`),
    );
    expect(await page.getByTestId('movement-cell').textContent()).toContain(`${largest} 位客户`);
    expect(await page.getByTestId('customers-drawer-count').textContent()).toBe(`${largest} / ${largest}`);
    expect(await untranslatedKeys(page)).toEqual([]);
    await windowShot(page, 'analytics-zh-CN-rfm-movement-customers');
    const lines = await downloadLines(page, page.getByTestId('customers-drawer-csv'));
    expect(lines).toHaveLength(largest + 1);
    await context.close();
    expect(noWarnings(console)).toEqual([]);
  });

  test('ABC: Pareto curve and classes match the API; a class opens its customers', async () => {
    const abc = await api.call<AbcResult>('GET', `/api/v1/analytics/abc?asOf=${asOf}&limit=1`);
    const { context, page, console } = await signedIn('zh-CN');
    await page.goto(`/analytics/abc?asOf=${asOf}`);
    await page.getByTestId('class-table').waitFor();
    await expectDrawn(page, 'pareto-chart');
    expect((await page.getByTestId('class-customers').allTextContents()).map(parseShown)).toEqual(
      abc.classes.map((row) => row.customers),
    );
    expect((await page.getByTestId('class-revenue').allTextContents()).map(parseShown)).toEqual(
      abc.classes.map((row) => row.revenue),
    );
    await screenshot(page, 'analytics-zh-CN-abc');

    // The right part of the curve is class C's band.
    const box = (await page.getByTestId('pareto-chart').boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.85, box.y + box.height * 0.5);
    await expect.poll(() => new URL(page.url()).searchParams.get('class')).toBe('C');
    await page.locator('.ant-drawer-close').click();

    const classB = await api.call<AbcResult>('GET', `/api/v1/analytics/abc?asOf=${asOf}&class=B&limit=50`);
    await page.getByTestId('class-open-B').click();
    const drawer = page.getByTestId('customers-drawer');
    await expect
      .poll(() => drawer.getByTestId('analytics-customer-link').allTextContents())
      .toEqual(classB.customers.items.map((item) => item.name));
    await windowShot(page, 'analytics-zh-CN-abc-class');
    const lines = await downloadLines(page, page.getByTestId('customers-drawer-csv'));
    expect(lines).toHaveLength(abc.classes.find((row) => row.class === 'B')!.customers + 1);
    await drawer.getByTestId('analytics-customer-link').first().click();
    await page.getByTestId('customer-page').waitFor();
    expect(page.url()).toContain(`/customers/${classB.customers.items[0]!.customerId}`);
    await context.close();
    expect(noWarnings(console)).toEqual([]);
  });

  test('cohorts: heatmap and table match the API; a cell opens its customers', async () => {
    const cohorts = await api.call<CohortsResult>('GET', `/api/v1/analytics/cohorts?asOf=${asOf}`);
    const zhMonth = (month: string) =>
      new Intl.DateTimeFormat('zh-CN', { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(
        new Date(`${month}-01T00:00:00Z`),
      );
    const { context, page, console } = await signedIn('zh-CN');
    await page.goto(`/analytics/cohorts?asOf=${asOf}`);
    await page.getByTestId('cohort-table').waitFor();
    await expectDrawn(page, 'cohort-heatmap');
    const shown = (await page.getByTestId('cohort-customers').allTextContents()).map(parseShown);
    expect(shown).toEqual(cohorts.cohorts.slice(0, shown.length).map((cohort) => cohort.customers));
    await screenshot(page, 'analytics-zh-CN-cohorts');

    // A click on the heatmap (near the top left: the first cohort's first months) opens that cell's customers.
    // The heatmap is taller than the window: bring its top into view.
    await page
      .getByTestId('cohort-heatmap')
      .evaluate((element) => element.scrollIntoView({ block: 'start' }));
    const box = (await page.getByTestId('cohort-heatmap').boundingBox())!;
    await page.mouse.click(box.x + 100, box.y + 16);
    const drawer = page.getByTestId('customers-drawer');
    await drawer.waitFor();
    await expect
      .poll(() => page.locator('.ant-drawer-title').textContent())
      .toMatch(/^同期群 2023年\d+月，第 \d+ 个月：\d+ 位客户$/);
    const title = (await page.locator('.ant-drawer-title').textContent())!;
    const [k, count] = /第 (\d+) 个月：(\d+) 位/.exec(title)!.slice(1).map(Number) as [number, number];
    const first = cohorts.cohorts[0]!;
    expect(count).toBe(Math.round(first.retention[k]! * first.customers));
    expect(await drawerRows(page)).toBe(count);
    expect(await drawer.textContent()).toContain(`${first.customers} 位客户在`);
    await page.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'hidden' });

    // From the table: month 1 of the first cohort on its page in which some customers bought again.
    const row = cohorts.cohorts
      .slice(0, 24)
      .findIndex((cohort) => Math.round((cohort.retention[1] ?? 0) * cohort.customers) > 0);
    expect(row).toBeGreaterThanOrEqual(0);
    const cohort = cohorts.cohorts[row]!;
    const active = Math.round(cohort.retention[1]! * cohort.customers);
    await page
      .getByTestId('cohort-table')
      .locator('tr.ant-table-row')
      .nth(row)
      .locator('td')
      .nth(2)
      .locator('button')
      .click();
    await drawer.waitFor();
    await expect
      .poll(() => page.locator('.ant-drawer-title').textContent())
      .toBe(`同期群 ${zhMonth(cohort.cohort)}，第 1 个月：${active} 位客户`);
    expect(await page.getByTestId('cohort-cell-text').textContent()).toContain(`其中 ${active} 位`);
    expect(await drawerRows(page)).toBe(active);
    const listed = await everyItem<CohortCustomers['items'][number]>(
      `/api/v1/analytics/cohorts/customers?asOf=${asOf}&cohort=${cohort.cohort}&month=1`,
    );
    expect(await drawer.getByTestId('analytics-customer-link').allTextContents()).toEqual(
      listed.map((item) => item.name),
    );
    expect(await untranslatedKeys(page)).toEqual([]);
    await windowShot(page, 'analytics-zh-CN-cohort-customers');
    const lines = await downloadLines(page, page.getByTestId('customers-drawer-csv'));
    expect(lines).toHaveLength(active + 1);
    await drawer.getByTestId('analytics-customer-link').first().click();
    await page.getByTestId('customer-page').waitFor();
    expect(page.url()).toContain(`/customers/${listed[0]!.customerId}`);
    await context.close();
    expect(noWarnings(console)).toEqual([]);
  });

  test('CLV: model parameters, charts and the ranking match the API; a customer opens', async () => {
    const clv = await api.call<ClvResponse>('GET', `/api/v1/analytics/clv/export?${clvQuery}`);
    const { context, page, console } = await signedIn('zh-CN');
    await page.goto(`/analytics/clv?${clvQuery}`);
    await page.getByTestId('clv-model').waitFor();
    for (const [testId, value] of [
      ['param-r', clv.model.bgnbd.r],
      ['param-alpha', clv.model.bgnbd.alpha],
      ['param-a', clv.model.bgnbd.a],
      ['param-b', clv.model.bgnbd.b],
      ['param-p', clv.model.gammaGamma.p],
      ['param-q', clv.model.gammaGamma.q],
      ['param-gamma', clv.model.gammaGamma.gamma],
    ] as const)
      expect(Number(await page.getByTestId(testId).getAttribute('data-value'))).toBe(value);
    await expectDrawn(page, 'clv-holdout');
    await expectDrawn(page, 'clv-histogram');
    await expectDrawn(page, 'clv-alive');
    const ranked = [...clv.customers.items].sort((a, b) => b.expectedValue - a.expectedValue);
    await expect
      .poll(async () => (await page.getByTestId('clv-value').allTextContents()).map(parseShown))
      .toEqual(ranked.slice(0, 20).map((item) => item.expectedValue));
    await expect
      .poll(() => page.getByTestId('clv-table').getByTestId('analytics-customer-link').first().textContent())
      .not.toMatch(/^[0-9a-f-]{36}$/);
    await screenshot(page, 'analytics-zh-CN-clv');

    // A bar of the histogram narrows the table to that range of value.
    const histogram = page.getByTestId('clv-histogram');
    await histogram.scrollIntoViewIfNeeded();
    const box = (await histogram.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.4);
    await page.getByTestId('clv-filter').waitFor();
    const filtered = (await page.getByTestId('clv-value').allTextContents()).map(parseShown);
    // The middle bar holds customers worth less than the most valuable one, who sits in the last bar.
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered[0]).toBeLessThan(ranked[0]!.expectedValue);

    await page.getByTestId('clv-table').getByTestId('analytics-customer-link').first().click();
    await page.getByTestId('customer-page').waitFor();
    expect(page.url()).toMatch(/\/customers\/[0-9a-f-]{36}$/);
    await context.close();
    expect(noWarnings(console)).toEqual([]);
  });

  test('options: the form checks what it can and shows the server’s field errors', async () => {
    const { context, page } = await signedIn('zh-CN');
    await page.goto(`/analytics/abc?asOf=${asOf}`);
    await page.getByTestId('class-table').waitFor();
    await optionInput(page, 'option-cutoffA').fill('95');
    await optionInput(page, 'option-cutoffB').fill('80');
    await page.getByTestId('options-apply').click();
    await expect
      .poll(() => page.locator('.ant-form-item-explain-error').allTextContents())
      .toContain('必须高于 A 类分界');
    expect(new URL(page.url()).searchParams.get('cutoffs')).toBeNull();
    await optionInput(page, 'option-cutoffA').fill('70');
    await optionInput(page, 'option-cutoffB').fill('90');
    await page.getByTestId('options-apply').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('cutoffs')).toBe('0.7,0.9');
    const abc = await api.call<AbcResult>(
      'GET',
      `/api/v1/analytics/abc?asOf=${asOf}&cutoffs=0.7,0.9&limit=1`,
    );
    await expect
      .poll(async () => (await page.getByTestId('class-customers').allTextContents()).map(parseShown))
      .toEqual(abc.classes.map((row) => row.customers));

    // Options typed into the address reach the server, which refuses them; the form then says why, in the
    // interface language where its own checks know the rule, else in the server's words.
    await page.goto('/analytics/clv?calibrationEnd=2026-01-31&holdoutEnd=2025-06-30&currency=XYZ');
    await page.getByTestId('analysis-invalid').waitFor();
    await expect
      .poll(() => page.locator('.ant-form-item-explain-error').allTextContents())
      .toEqual(['必须晚于校准截止日', 'must be an ISO 4217 currency code such as CNY']);
    await screenshot(page, 'analytics-zh-CN-options-errors');
    await context.close();
  });
});

test('every dashboard is in English after switching language, and back in Chinese', async () => {
  const { context, page, console } = await signedIn('zh-CN');
  await page.goto(`/analytics/rfm?asOf=${asOf}`);
  await page.getByTestId('segment-table').waitFor();
  await page.getByTestId('language-switch').getByText('English', { exact: true }).click();
  await expect.poll(() => page.getByTestId('segment-table').textContent()).toContain('Champions');
  await expectDrawn(page, 'segment-map');
  expect(await page.getByTestId('analysis-as-of').textContent()).toContain('Jun 30, 2026');
  expect(await untranslatedKeys(page)).toEqual([]);
  await screenshot(page, 'analytics-en-rfm');

  for (const [path, testId, name, text] of [
    [`/analytics/abc?asOf=${asOf}`, 'pareto-chart', 'abc', 'Pareto curve'],
    [`/analytics/cohorts?asOf=${asOf}`, 'cohort-heatmap', 'cohorts', 'Cohort heatmap'],
    [`/analytics/clv?${clvQuery}`, 'clv-alive', 'clv', 'Probability alive by recency and frequency'],
  ] as const) {
    await page.goto(path);
    await expectDrawn(page, testId);
    expect(await page.locator('#root').textContent()).toContain(text);
    expect(await untranslatedKeys(page)).toEqual([]);
    await screenshot(page, `analytics-en-${name}`);
  }
  await page.goto(`/analytics/abc?asOf=${asOf}&class=A`);
  await page.getByTestId('customers-drawer-table').locator('tr.ant-table-row').first().waitFor();
  await windowShot(page, 'analytics-en-abc-class');

  await page.locator('.ant-drawer-close').click();
  await page.getByTestId('language-switch').getByText('简体', { exact: true }).click();
  await expect.poll(() => page.locator('h3').first().textContent()).toBe('ABC 价值分类');
  await page.goto(`/analytics/rfm?asOf=${asOf}`);
  await expect.poll(() => page.getByTestId('segment-table').textContent()).toContain('重要价值客户');
  expect(await untranslatedKeys(page)).toEqual([]);
  await context.close();
  expect(noWarnings(console)).toEqual([]);
});

test('in English, a cohort cell and a movement cell open their customers', async () => {
  const cohorts = await api.call<CohortsResult>('GET', `/api/v1/analytics/cohorts?asOf=${asOf}`);
  const movement = await api.call<RfmMovement>('GET', '/api/v1/analytics/rfm/movement');
  const { context, page, console } = await signedIn('en');
  await page.goto(`/analytics/cohorts?asOf=${asOf}`);
  await page.getByTestId('cohort-table').waitFor();
  // The cohort with the most customers on the table's first page, its month 0: everyone in it.
  const largest = cohorts.cohorts.slice(0, 24).reduce((a, b) => (b.customers > a.customers ? b : a));
  await page
    .getByTestId('cohort-table')
    .locator('tr.ant-table-row')
    .nth(cohorts.cohorts.indexOf(largest))
    .locator('td')
    .first()
    .locator('button')
    .click();
  await page.getByTestId('customers-drawer').waitFor();
  await expect
    .poll(() => page.locator('.ant-drawer-title').textContent())
    .toMatch(new RegExp(`^Cohort [A-Z][a-z]{2} \\d{4}, month 0: ${largest.customers} customers$`));
  expect(await page.getByTestId('cohort-cell-text').textContent()).toContain('everyone bought');
  expect(await drawerRows(page)).toBe(largest.customers);
  expect(await untranslatedKeys(page)).toEqual([]);
  await windowShot(page, 'analytics-en-cohort-customers');

  await page.goto(`/analytics/rfm?asOf=${asOf}`);
  await page.getByTestId('movement-panel').waitFor();
  await expectDrawn(page, 'movement-matrix');
  const count = await openLargestMovementCell(page, movement);
  expect(await page.locator('.ant-drawer-title').textContent()).toMatch(
    new RegExp(` → .+: ${count} customers$`),
  );
  expect(await untranslatedKeys(page)).toEqual([]);
  await windowShot(page, 'analytics-en-rfm-movement-customers');
  await context.close();
  expect(noWarnings(console)).toEqual([]);
});

test('recompute now: the scores panel follows the run to today, and a segment opens the customer list', async () => {
  // The server under test has no GUANXI_TZ, so its business day is today in this machine's time zone.
  const today = new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
  const scoresStatus = () => api.call<ScoresStatus>('GET', '/api/v1/analytics/scores');
  // The server recomputes on its own (a minute after it starts, then daily) unless scores as of today exist: with
  // those in place first, the button below is the only one to start a run (no 409 from a race with the schedule).
  await api.call('POST', '/api/v1/analytics/scores').catch((error: Error) => {
    if (!error.message.includes(': 409 ')) throw error;
  });
  await expect.poll(async () => (await scoresStatus()).current?.asOf, { timeout: 60_000 }).toBe(today);
  const before = (await scoresStatus()).current!;

  const { context, page, console } = await signedIn('en');
  await page.goto('/analytics/rfm');
  await page.getByTestId('segment-table').waitFor();
  const panel = page.getByTestId('scores-panel');
  const started = page.waitForResponse(
    (response) =>
      response.url().endsWith('/api/v1/analytics/scores') && response.request().method() === 'POST',
  );
  await panel.getByTestId('scores-recompute').click();
  const answer = await started;
  expect(answer.status()).toBe(202);
  const run = (await answer.json()) as ScoreRun;
  expect(run).toMatchObject({ status: 'running', asOf: today });
  expect(run.id).not.toBe(before.id);
  await windowShot(page, 'analytics-en-scores-running');

  await expect.poll(() => panel.getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
  expect(await panel.getAttribute('data-run-id')).toBe(run.id);
  const done = (await scoresStatus()).current!;
  expect(done).toMatchObject({ id: run.id, status: 'done', asOf: today });
  expect(await panel.getByTestId('scores-as-of').getAttribute('data-day')).toBe(today);
  expect(await panel.getByTestId('scores-running').count()).toBe(0);
  expect(parseShown(await panel.getByTestId('scores-customers').textContent())).toBe(done.customers);
  expect(parseShown(await panel.getByTestId('scores-clv').textContent())).toBe(done.clvCustomers);
  expect(await untranslatedKeys(page)).toEqual([]);
  await screenshot(page, 'analytics-en-scores');

  // The smallest segment with customers as of the scores' day: the list then fits in a page or two.
  const rfm = await api.call<RfmResult>('GET', `/api/v1/analytics/rfm?asOf=${today}&limit=1`);
  const segment = rfm.segments
    .filter((row) => row.customers > 0)
    .sort((a, b) => a.customers - b.customers)[0]!;
  const listed = await api.call<{ items: CustomerListItem[] }>(
    'GET',
    `/api/v1/customers?rfmSegment=${segment.segment}&limit=200`,
  );
  const link = page.getByTestId(`segment-list-${segment.segment}`);
  await link.hover();
  await expect
    .poll(() => page.locator('.ant-tooltip').last().textContent())
    .toContain('(the last recompute)');
  await link.click();
  await page.getByTestId('customers-page').waitFor();
  expect(new URL(page.url()).searchParams.get('rfmSegment')).toBe(segment.segment);
  const rows = page.getByTestId('customer-table').locator('tr.ant-table-row');
  await rows.first().waitFor();
  // The list has no total: load every page, then count.
  while ((await page.getByTestId('load-more').count()) > 0) {
    const shown = await rows.count();
    await page.getByTestId('load-more').click();
    await expect.poll(() => rows.count()).toBeGreaterThan(shown);
  }
  expect(await rows.count()).toBe(segment.customers);
  expect((await page.getByTestId('customer-link').allTextContents()).sort()).toEqual(
    listed.items.map((item) => item.name).sort(),
  );
  await screenshot(page, 'analytics-en-scores-customers');
  await context.close();
  expect(noWarnings(console)).toEqual([]);

  // In Chinese, on the ABC page too, with a class's link to the customer list.
  const zh = await signedIn('zh-CN');
  await zh.page.goto('/analytics/abc');
  await zh.page.getByTestId('class-table').waitFor();
  const zhPanel = zh.page.getByTestId('scores-panel');
  await expect.poll(() => zhPanel.getByTestId('scores-as-of').getAttribute('data-day')).toBe(today);
  expect(await zhPanel.textContent()).toContain(
    `已评分 ${new Intl.NumberFormat('zh-CN').format(done.customers!)} 位客户`,
  );
  expect(await untranslatedKeys(zh.page)).toEqual([]);
  await screenshot(zh.page, 'analytics-zh-CN-abc-scores');
  await zh.page.getByTestId('class-list-A').hover();
  await expect.poll(() => zh.page.locator('.ant-tooltip').last().textContent()).toContain('A 类的客户列表');
  await windowShot(zh.page, 'analytics-zh-CN-abc-scores-link');
  await zh.page.goto('/analytics/rfm');
  await zh.page.getByTestId('segment-table').waitFor();
  await zh.page.getByTestId(`segment-list-${segment.segment}`).hover();
  await expect.poll(() => zh.page.locator('.ant-tooltip').last().textContent()).toContain('最近一次计算');
  await windowShot(zh.page, 'analytics-zh-CN-rfm-scores-link');
  await zh.context.close();
  expect(noWarnings(zh.console)).toEqual([]);
}, 180_000);

test('service staff, who work tickets, have no analytics', async () => {
  const context = await newContext(browser, server.url, 'zh-CN');
  const page = await context.newPage();
  await signIn(page, service.email, service.password);
  expect(await page.getByTestId('main-menu').textContent()).not.toContain('客户分析');
  await page.goto('/analytics/rfm');
  await page.getByTestId('forbidden-page').waitFor();
  await context.close();
});
