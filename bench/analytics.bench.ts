import path from 'node:path';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import pino from 'pino';
import { readConfig } from '#src/config.ts';
import { openDatabase, type Database } from '#src/db/engine.ts';
import type { DB } from '#src/db/schema.ts';
import { computeAbc } from '#src/modules/analytics/abc.service.ts';
import { abcOptions, rfmOptions } from '#src/modules/analytics/analytics.options.ts';
import { computeRfm } from '#src/modules/analytics/rfm.service.ts';
import { startScoresRun } from '#src/modules/analytics/scores.service.ts';
import { systemClock, type Actor, type Deps } from '#src/shared/context.ts';
import { benchTempDir } from './lib/cleanup.ts';
import { importCounts, runGuanxiCli, writeDemoFiles, benchCliEnv } from './lib/guanxi-cli.ts';
import type { Engine } from './lib/guanxi-server.ts';
import { createThrowawayDatabase, postgresAdminUrl, reachablePostgres } from './lib/postgres.ts';
import { figure, median, medianRatio } from './lib/stats.ts';
import type { BenchContext, Benchmark, BenchResult, Cell, Ratio } from './lib/types.ts';

/**
 * RFM and ABC through Guanxi's own code (the services behind `/api/v1/analytics/…` and `guanxi analyze`) against
 * the best hand-written SQL for the same result, on the same database in the same run (issue 5: at most 1.2×).
 * The result is the whole answer: every customer's scores (or class and cumulative share) with ref and name, and the
 * segment (or class) totals. Both read the per-customer summaries (customer_stats), as Guanxi does as of today;
 * for scale, the table also shows one hand-written statement that reads the orders instead, and RFM as of a past
 * day, which Guanxi answers by scanning orders in slices of customers (DESIGN §6) against one statement doing the
 * same scan at once.
 */
const timeZone = 'Asia/Shanghai';
const currency = 'CNY';
/** The demo's last order day is 2026-06-30 (cli/demo.ts): as of a later day the summaries answer. */
const today = '2026-07-15';
const pastDay = '2026-03-31';

const benchActor: Actor = {
  userId: null,
  label: 'bench',
  role: 'admin',
  teamId: null,
  ip: null,
  requestId: null,
};

const numberOption = (ctx: BenchContext, key: string, fallback: number): number => {
  const value = ctx.options[key] === undefined ? fallback : Number(ctx.options[key]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${key} must be a whole number above 0`);
  return value;
};

/** The segment map of rfm.segments.ts as an analyst would write it: R against ⌊(F + M) / 2⌋. */
const segmentCase = sql`case
  when fm >= 4 and r >= 4 then 'champions'
  when fm >= 4 and r = 3 then 'loyal'
  when fm >= 4 and r = 2 then 'at_risk'
  when fm >= 4 then 'cant_lose'
  when fm = 3 and r >= 4 then 'loyal'
  when fm = 3 and r = 3 then 'need_attention'
  when fm = 3 then 'at_risk'
  when r = 5 and fm = 1 then 'new'
  when r = 4 and fm = 1 then 'promising'
  when r >= 4 then 'potential_loyalists'
  when r = 3 then 'about_to_sleep'
  when r = 2 then 'hibernating'
  else 'lost' end`;

/** Per-customer facts from the summaries, or from the orders up to a day. */
const summaryFacts = sql`
  select s.customer_id, s.last_order_day, s.orders, s.revenue
  from customer_stats s where s.currency = ${currency}`;
const orderFacts = (through: string) => sql`
  select customer_id,
         max(order_day) filter (where status not in ('cancelled', 'returned')) as last_order_day,
         count(*) filter (where status not in ('cancelled', 'returned')) as orders,
         coalesce(sum(amount) filter (where status <> 'cancelled'), 0) as revenue
  from orders
  where currency = ${currency} and order_day <= ${through}::date
  group by customer_id
  having count(*) filter (where status not in ('cancelled', 'returned')) > 0`;

function handRfm(facts: RawBuilder<unknown>, asOf: string) {
  return sql`
    with base as (
      select f.customer_id, c.ref, c.name, ${asOf}::date - f.last_order_day as recency_days, f.orders as frequency,
             f.revenue as monetary
      from (${facts}) f join customers c on c.id = f.customer_id
      where c.deleted_at is null
    ),
    scored as materialized (
      select b.*,
             1 + 5 * (rank() over (order by recency_days desc) - 1) / count(*) over () as r,
             1 + 5 * (rank() over (order by frequency) - 1) / count(*) over () as f,
             1 + 5 * (rank() over (order by monetary) - 1) / count(*) over () as m
      from base b
    ),
    segmented as materialized (
      select x.*, ${segmentCase} as segment from (select s.*, (s.f + s.m) / 2 as fm from scored s) x
    )
    select segment, count(*) as customers, sum(monetary) as revenue, null::uuid as customer_id, null as ref,
           null as name, null::int as recency_days, null::int as frequency, null::int as r, null::int as f,
           null::int as m
    from segmented group by segment
    union all
    select * from (
      select segment, null::bigint, monetary, customer_id, ref, name, recency_days, frequency, r, f, m
      from segmented order by monetary desc, ref collate "C"
    ) items`;
}

const handAbc = sql`
  with base as (
    select s.customer_id, c.ref collate "C" as ref, c.name, s.revenue as value
    from customer_stats s join customers c on c.id = s.customer_id
    where s.currency = ${currency} and c.deleted_at is null
  ),
  ranked as materialized (
    select b.*, row_number() over w as rank, sum(value) over w as cumulative, sum(value) over () as total,
           count(*) over () as n
    from base b
    window w as (order by value desc, ref rows between unbounded preceding and current row)
  ),
  classed as materialized (
    select r.*, case when cumulative - value < 0.8 * total then 'A'
                     when cumulative - value < 0.95 * total then 'B' else 'C' end as class
    from ranked r
  )
  select class, count(*) as customers, sum(value) as revenue, null::float8 as share, null::bigint as rank,
         null::uuid as customer_id, null as ref, null as name
  from classed group by class
  union all
  select null, null::bigint, cumulative, (cumulative / total)::float8, rank, null::uuid, null, null
  from classed where rank * 100 / n <> (rank - 1) * 100 / n
  union all
  select * from (
    select class, null::bigint, value, (cumulative / total)::float8, rank, customer_id, ref, name
    from classed order by rank
  ) items`;

interface Target {
  id: string;
  label: string;
  /** What it is compared with, in the same round. */
  against?: string;
  run(): Promise<number>;
}

/** Peak resident memory of this process (PGlite's worker thread included), sampled while measuring. */
function memorySampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  return {
    stop: () => {
      clearInterval(timer);
      return peak / 2 ** 20;
    },
  };
}

async function timed(
  run: () => Promise<number>,
): Promise<{ seconds: number; rows: number; peakMiB: number }> {
  const memory = memorySampler();
  const started = performance.now();
  const rows = await run();
  return { seconds: (performance.now() - started) / 1000, rows, peakMiB: memory.stop() };
}

function targetsFor(deps: Deps, db: Kysely<DB>): Target[] {
  const rows = async (query: RawBuilder<unknown>) => (await query.execute(db)).rows.length;
  return [
    {
      id: 'rfm',
      label: 'RFM as of today (summaries), every customer',
      against: 'rfm-sql',
      run: async () =>
        (await computeRfm(deps, benchActor, rfmOptions(deps, { asOf: today }), { all: true })).customers.items
          .length,
    },
    {
      id: 'rfm-sql',
      label: 'hand-written SQL: RFM from customer_stats',
      run: () => rows(handRfm(summaryFacts, today)),
    },
    {
      id: 'abc',
      label: 'ABC by revenue, all time (summaries), every customer',
      against: 'abc-sql',
      run: async () =>
        (await computeAbc(deps, benchActor, abcOptions(deps, { asOf: today }), { all: true })).customers.items
          .length,
    },
    { id: 'abc-sql', label: 'hand-written SQL: ABC from customer_stats', run: () => rows(handAbc) },
    {
      id: 'rfm-page',
      label: 'RFM as of today, first page of 50 (an API request)',
      run: async () =>
        (await computeRfm(deps, benchActor, rfmOptions(deps, { asOf: today }), { limit: 50 })).customers.items
          .length,
    },
    {
      id: 'rfm-orders-sql',
      label: 'hand-written SQL: RFM as of today from orders (no summaries)',
      run: () => rows(handRfm(orderFacts(today), today)),
    },
    {
      id: 'rfm-past',
      label: `RFM as of ${pastDay} (orders scanned in slices), every customer`,
      against: 'rfm-past-sql',
      run: async () =>
        (await computeRfm(deps, benchActor, rfmOptions(deps, { asOf: pastDay }), { all: true })).customers
          .items.length,
    },
    {
      id: 'rfm-past-sql',
      label: `hand-written SQL: RFM as of ${pastDay} from orders, one statement`,
      run: () => rows(handRfm(orderFacts(pastDay), pastDay)),
    },
  ];
}

export const benchmark: Benchmark = {
  description:
    'RFM and ABC through Guanxi (services, every customer) against hand-written SQL on the same data, PostgreSQL and PGlite',
  async run(ctx: BenchContext): Promise<BenchResult> {
    const settings = {
      customers: numberOption(ctx, 'customers', ctx.quick ? 5_000 : 1_000_000),
      orders: numberOption(ctx, 'orders', ctx.quick ? 50_000 : 10_000_000),
      rounds: numberOption(ctx, 'rounds', ctx.quick ? 1 : 3),
      seed: numberOption(ctx, 'seed', 1),
      engines: (ctx.options.engines ?? 'postgres,pglite').split(',') as Engine[],
    };
    const notes: string[] = [];
    const problems: string[] = [];
    const tmp = await benchTempDir(ctx, 'guanxi-bench-analytics-');
    const env = benchCliEnv(timeZone, currency);
    const demoDir = path.join(tmp, 'demo');
    await writeDemoFiles(ctx, settings, demoDir, env);

    const postgres = await reachablePostgres(settings.engines, notes);
    const engines = settings.engines.filter((e) => e === 'pglite' || (e === 'postgres' && postgres));
    const tableRows: Cell[][] = [];
    const ratios: Ratio[] = [];
    const raw: Record<string, unknown> = { settings };

    for (const engine of engines) {
      const dataDir = path.join(tmp, engine);
      let databaseUrl: string | undefined;
      if (engine === 'postgres') {
        const database = await createThrowawayDatabase(postgresAdminUrl, 'guanxi_bench_analytics');
        ctx.defer(`drop database ${database.name}`, () => database.drop());
        databaseUrl = database.url;
      }
      for (const entity of ['products', 'customers', 'orders']) {
        ctx.log(`${engine}: guanxi import ${entity}`);
        const run = await runGuanxiCli(
          [
            'import',
            entity,
            path.join(demoDir, `${entity}.csv`),
            '--errors',
            path.join(tmp, `${engine}-${entity}.csv`),
          ],
          { env: { ...env, DATABASE_URL: databaseUrl ?? '', GUANXI_DATA_DIR: dataDir }, signal: ctx.signal },
        );
        const counts = importCounts(run.stdout);
        if (run.code !== 0 || !counts)
          throw new Error(
            `${engine} import ${entity} failed: ${run.stdout.slice(-300)} ${run.stderr.slice(-500)}`,
          );
        if (entity !== 'products') notes.push(`${engine}: imported ${counts.imported} ${entity}`);
      }

      ctx.log(`${engine}: opening the database in this process`);
      const database: Database = await openDatabase({ databaseUrl, dataDir });
      let open = true;
      const close = async () => {
        if (!open) return;
        open = false;
        await database.close();
      };
      ctx.defer(`close the ${engine} database`, close);
      const deps: Deps = {
        db: database.db,
        engine: database.kind,
        clock: systemClock,
        logger: pino({ level: 'silent' }),
        config: readConfig({ GUANXI_TZ: timeZone, GUANXI_CURRENCY: currency }, { dataDir, databaseUrl }),
      };
      const targets = targetsFor(deps, database.db);
      const measured = new Map(
        targets.map((t) => [t.id, [] as { seconds: number; rows: number; peakMiB: number }[]]),
      );
      for (let round = 0; round <= settings.rounds; round++) {
        // alternate the order of each pair, so neither side always runs on a warmer cache
        const order = round % 2 === 0 ? targets : [...targets].reverse();
        for (const target of order) {
          ctx.signal.throwIfAborted();
          ctx.log(`${engine} ${round === 0 ? 'warm-up' : `round ${round}/${settings.rounds}`}: ${target.id}`);
          const result = await timed(target.run);
          if (round > 0) measured.get(target.id)!.push(result);
        }
      }
      for (const target of targets) {
        const runs = measured.get(target.id)!;
        const seconds = runs.map((r) => r.seconds);
        const against = target.against ? measured.get(target.against)! : null;
        if (
          against &&
          against[0] &&
          runs[0] &&
          against[0].rows !== runs[0].rows &&
          !target.id.endsWith('page')
        )
          notes.push(
            `${engine} ${target.id}: ${runs[0].rows} customer items, the hand-written SQL ${against[0].rows} rows ` +
              '(its rows include the segment or class totals and curve points)',
          );
        const ratio = against
          ? medianRatio(
              seconds,
              against.map((r) => r.seconds),
            )
          : null;
        if (against)
          ratios.push({
            name: `${engine}: ${target.id} ÷ ${target.against}`,
            value: ratio,
            detail: `${target.label}, against ${targets.find((t) => t.id === target.against)!.label}`,
          });
        tableRows.push([
          engine,
          target.label,
          runs[0]?.rows ?? null,
          figure(median(seconds)),
          figure(Math.max(...runs.map((r) => r.peakMiB))),
          ratio === null ? null : `${figure(ratio)}×`,
        ]);
      }
      // the daily recompute written back to customer_scores (RFM, ABC and lifetime value), once: it rewrites every row
      ctx.signal.throwIfAborted();
      ctx.log(`${engine}: recompute of the customer scores`);
      const phases: string[] = [];
      const started = performance.now();
      const scores = await timed(async () => {
        const { finished } = await startScoresRun(deps, benchActor, { asOf: today }, (message) =>
          phases.push(`${((performance.now() - started) / 1000).toFixed(1)} s ${message}`),
        );
        const run = await finished;
        if (run.status !== 'done') throw new Error(`the recompute failed: ${run.message}`);
        notes.push(
          `${engine} scores recompute: ${run.customers} customers scored, ${run.clvCustomers} with lifetime value; ` +
            `phases: ${phases.filter((p) => !/ of about /.test(p)).join('; ')}`,
        );
        return run.customers ?? 0;
      });
      tableRows.push([
        engine,
        'recompute of the scores written back to customers (RFM, ABC, BG/NBD + Gamma-Gamma), one run',
        scores.rows,
        figure(scores.seconds),
        figure(scores.peakMiB),
        null,
      ]);
      raw[engine] = { ...Object.fromEntries(measured), scores };
      await close();
    }
    notes.push(
      `demo: ${settings.customers} customers, ${settings.orders} orders, seed ${settings.seed}; ${settings.rounds} ` +
        'round(s) after a warm-up, the order of targets reversed every other round; times are medians',
      "Guanxi's side returns the API objects (every customer as a JSON-ready item, with ref and name); the SQL side the " +
        'same facts as rows. Both run in this process on one connection (PGlite in its worker thread)',
      'peak RSS is this process (the PGlite worker included; PostgreSQL runs in its own processes)',
      ...(postgres ? [`PostgreSQL ${postgres.version}, loopback`] : []),
    );
    return {
      tables: [
        {
          title: 'RFM and ABC: Guanxi against hand-written SQL (seconds, median)',
          columns: ['engine', 'what', 'rows', 'seconds', 'peak RSS MiB', 'ratio'],
          rows: tableRows,
        },
      ],
      ratios,
      notes,
      problems,
      raw,
    };
  },
};
