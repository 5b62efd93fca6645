import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { openDatabase } from '#src/db/engine.ts';
import type { DB } from '#src/db/schema.ts';
import { hashPassword } from '#src/modules/users/secrets.ts';
import { newId } from '#src/shared/ids.ts';
import { benchTempDir } from './lib/cleanup.ts';
import { login, startGuanxi, type Engine, type GuanxiServer } from './lib/guanxi-server.ts';
import { createThrowawayDatabase, postgresAdminUrl, reachablePostgres } from './lib/postgres.ts';
import { figure, median } from './lib/stats.ts';
import type { BenchContext, Benchmark, BenchResult, Cell } from './lib/types.ts';

/**
 * The pipeline board (issue 6) in a real browser: `--opportunities` (default 10,000) open deals spread over the
 * default pipeline's four open stages (plus won and lost ones), all visible to the admin who opens the board.
 * First paint: a fresh browser profile (signed in, nothing cached) navigates to /sales/board until the first card
 * is visible, `--rounds` times (default 7). Drag latency: a card dragged with the mouse to the next column, from
 * the release of the button to the card shown in its new column (optimistic), and to the server's confirmation,
 * `--drags` times (default 12). Medians per engine.
 */
const adminEmail = 'board-admin@bench.guanxi.test';
const adminPassword = 'bench-Board-2026';

const numberOption = (ctx: BenchContext, key: string, fallback: number): number => {
  const value = ctx.options[key] === undefined ? fallback : Number(ctx.options[key]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${key} must be a whole number above 0`);
  return value;
};

/** One admin, 500 customers, `open` open opportunities evenly over the open stages and a tenth as many won and lost. */
async function seed(db: Kysely<DB>, open: number, passwordHash: string) {
  // Valid (v4/v7) UUIDs throughout: the API's response schemas check them.
  const adminId = newId();
  await sql`
    insert into users (id, email, name, role, password_hash)
    values (${adminId}, ${adminEmail}, 'Board Admin', 'admin', ${passwordHash})`.execute(db);
  await sql`
    insert into customers (id, ref, kind, name, owner_id)
    select gen_random_uuid(), 'B' || c, 'organization', '客户 ' || c || ' 有限公司',
           ${adminId}::uuid
    from generate_series(1, 500) c`.execute(db);
  await sql`
    insert into opportunities (id, name, customer_id, pipeline_id, stage_id, status, amount, currency, probability,
      expected_close_date, stage_entered_at, owner_id, created_at, updated_at)
    with stages as (
      select array_agg(id order by position) filter (where kind = 'open') as open_ids,
             array_agg(probability order by position) filter (where kind = 'open') as p,
             min(id::text) filter (where kind = 'won')::uuid as won,
             min(id::text) filter (where kind = 'lost')::uuid as lost,
             min(pipeline_id::text)::uuid as pipeline_id
      from pipeline_stages where pipeline_id = (select id from pipelines where is_default)
    ),
    g as (
      select n, case when n <= ${open}::int then 'open' when n % 2 = 0 then 'won' else 'lost' end as status,
             now() - (n % 5000) * interval '1 hour' as created
      from generate_series(1, ${open + Math.ceil(open / 5)}::int) n
    )
    select gen_random_uuid(), 'Deal ' || g.n || ' 项目', c.id, s.pipeline_id,
           case g.status when 'open' then s.open_ids[1 + g.n % 4] when 'won' then s.won else s.lost end,
           g.status, 100 * (1000 + abs(hashint4(g.n)) % 500000), 'CNY',
           case g.status when 'open' then s.p[1 + g.n % 4] when 'won' then 1 else 0 end,
           (g.created + interval '60 days')::date, g.created, ${adminId}::uuid, g.created, g.created
    from g cross join stages s join customers c on c.ref = 'B' || (1 + g.n % 500)`.execute(db);
  await sql`analyze`.execute(db);
}

const launch = () =>
  chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });

const viewport = { width: 1600, height: 900 };

async function signedInState(browser: Browser, url: string) {
  const context = await browser.newContext({ baseURL: url, viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto('/login');
  await page.locator('#email').fill(adminEmail);
  await page.locator('#password').fill(adminPassword);
  await page.locator('button[type="submit"]').click();
  await page.getByTestId('main-menu').waitFor();
  const state = await context.storageState();
  await context.close();
  return state;
}

/** Navigation start to the first card visible, in a fresh profile that is signed in but has nothing cached. */
async function firstPaint(browser: Browser, url: string, state: Awaited<ReturnType<typeof signedInState>>) {
  const context = await browser.newContext({ baseURL: url, viewport, storageState: state });
  try {
    const page = await context.newPage();
    const started = performance.now();
    await page.goto('/sales/board');
    await page.getByTestId('board-card').first().waitFor({ state: 'visible' });
    return performance.now() - started;
  } finally {
    await context.close();
  }
}

/**
 * Drags the first card of column `from` to column `to` with the mouse and measures in the page, from the
 * pointerup: until the card is in the new column, and until it is no longer pending (the server answered).
 */
async function drag(page: Page, from: number, to: number): Promise<{ shown: number; confirmed: number }> {
  const columns = page.locator('[data-testid="board-column"][data-stage-kind="open"]');
  const source = columns.nth(from);
  const target = columns.nth(to);
  const card = source.getByTestId('board-card').first();
  const id = await card.getAttribute('data-card-id');
  const stageId = await target.getAttribute('data-stage-id');
  if (!id || !stageId) throw new Error('no card or column to drag');
  await page.evaluate(
    ({ id, stageId }) => {
      const w = window as unknown as { boardDrag?: Promise<{ shown: number; confirmed: number }> };
      w.boardDrag = new Promise((resolve) => {
        let up = 0;
        let shown = 0;
        window.addEventListener('pointerup', () => (up = performance.now()), { capture: true, once: true });
        const check = () => {
          const element = document.querySelector(`[data-stage-id="${stageId}"] [data-card-id="${id}"]`);
          if (!element || !up) return false;
          if (!shown) shown = performance.now();
          if (element.hasAttribute('data-pending')) return false;
          resolve({ shown: shown - up, confirmed: performance.now() - up });
          return true;
        };
        const observer = new MutationObserver(() => {
          if (check()) observer.disconnect();
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true });
      });
    },
    { id, stageId },
  );
  const a = (await card.boundingBox())!;
  const b = (await target.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2 + 5, { steps: 2 });
  await page.mouse.move(b.x + b.width / 2, b.y + 200, { steps: 8 });
  await page.mouse.up();
  return page.evaluate(
    () => (window as unknown as { boardDrag: Promise<{ shown: number; confirmed: number }> }).boardDrag,
  );
}

export const benchmark: Benchmark = {
  description:
    'pipeline board in Chromium on 10,000 open opportunities: first paint and drag latency (--opportunities --rounds --drags --engines)',
  async run(ctx): Promise<BenchResult> {
    const settings = {
      opportunities: numberOption(ctx, 'opportunities', ctx.quick ? 1_000 : 10_000),
      rounds: numberOption(ctx, 'rounds', ctx.quick ? 2 : 7),
      drags: numberOption(ctx, 'drags', ctx.quick ? 3 : 12),
      engines: (ctx.options.engines ?? 'pglite,postgres').split(',') as Engine[],
    };
    const notes: string[] = [
      `${settings.opportunities} open opportunities over 4 open stages (+${Math.ceil(settings.opportunities / 5)} won/lost), 500 customers, one admin who sees all; viewport ${viewport.width}×${viewport.height}`,
      'first paint: fresh signed-in browser profile, nothing cached, navigation → first card visible; drags: pointerup → card in the new column (optimistic) and → server confirmed',
    ];
    const problems: string[] = [];
    const tmp = await benchTempDir(ctx, 'guanxi-bench-board-');
    const postgres = await reachablePostgres(settings.engines, notes);
    const engines = settings.engines.filter((e) => e === 'pglite' || (e === 'postgres' && postgres));
    ctx.log('hashing the admin password (argon2id)');
    const passwordHash = await hashPassword(adminPassword);
    const browser = await launch();
    ctx.defer('close Chromium', () => browser.close());
    const rows: Cell[][] = [];
    const raw: Record<string, unknown> = { settings };

    for (const engine of engines) {
      ctx.signal.throwIfAborted();
      const dataDir = path.join(tmp, engine);
      let databaseUrl: string | undefined;
      if (engine === 'postgres') {
        const database = await createThrowawayDatabase(postgresAdminUrl, 'guanxi_bench_board');
        ctx.defer(`drop database ${database.name}`, () => database.drop());
        databaseUrl = database.url;
      }
      ctx.log(`${engine}: migrating and seeding ${settings.opportunities} open opportunities`);
      const database = await openDatabase({ databaseUrl, dataDir });
      try {
        await seed(database.db, settings.opportunities, passwordHash);
      } finally {
        await database.close();
      }
      const server: GuanxiServer = await startGuanxi({
        engine,
        dataDir,
        ...(databaseUrl && { databaseUrl }),
        logLevel: 'warn',
        signal: ctx.signal,
      });
      ctx.defer(`stop the ${engine} server`, async () => {
        const { code, signal } = await server.stop();
        if (code !== 0) problems.push(`the ${engine} server did not stop cleanly (${code ?? signal})`);
      });

      // Fails loudly (with the server's answer) when the seeded admin cannot sign in.
      await login(server, adminEmail, adminPassword).catch((error: Error) => {
        throw new Error(`${error.message}\n${server.output()}`);
      });
      const state = await signedInState(browser, server.url);
      ctx.log(`${engine}: first paint × ${settings.rounds} (plus one warm-up)`);
      await firstPaint(browser, server.url, state);
      const paints: number[] = [];
      for (let i = 0; i < settings.rounds; i++) paints.push(await firstPaint(browser, server.url, state));

      ctx.log(`${engine}: drags × ${settings.drags}`);
      let context: BrowserContext | undefined;
      const shown: number[] = [];
      const confirmed: number[] = [];
      try {
        context = await browser.newContext({ baseURL: server.url, viewport, storageState: state });
        const page = await context.newPage();
        await page.goto('/sales/board');
        await page.getByTestId('board-card').first().waitFor();
        for (let i = 0; i < settings.drags; i++) {
          ctx.signal.throwIfAborted();
          const from = i % 4;
          const result = await drag(page, from, (from + 1) % 4);
          shown.push(result.shown);
          confirmed.push(result.confirmed);
        }
      } catch (error) {
        problems.push(`${engine}: drag failed: ${(error as Error).message}`);
      } finally {
        await context?.close();
      }
      rows.push([
        engine,
        figure(median(paints)),
        figure(Math.min(...paints)),
        figure(Math.max(...paints)),
        figure(median(shown)),
        figure(median(confirmed)),
        figure(confirmed.length ? Math.max(...confirmed) : null),
      ]);
      raw[engine] = { paints, shown, confirmed };
      await server.stop();
    }
    return {
      tables: [
        {
          title: `Pipeline board, ${settings.opportunities} open opportunities (ms; medians of ${settings.rounds} paints, ${settings.drags} drags)`,
          columns: [
            'engine',
            'first paint',
            'paint min',
            'paint max',
            'drag → shown',
            'drag → confirmed',
            'confirmed max',
          ],
          rows,
        },
      ],
      ratios: [],
      notes,
      problems,
      raw,
    };
  },
};
