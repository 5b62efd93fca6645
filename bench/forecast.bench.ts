import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import pino from 'pino';
import { readConfig } from '#src/config.ts';
import { openDatabase, type Database } from '#src/db/engine.ts';
import type { DB } from '#src/db/schema.ts';
import type { ForecastQuery } from '#src/modules/sales/forecast.schema.ts';
import { forecast } from '#src/modules/sales/forecast.service.ts';
import type { FunnelQuery } from '#src/modules/sales/funnel.schema.ts';
import { funnel } from '#src/modules/sales/funnel.service.ts';
import type { Actor, Deps } from '#src/shared/context.ts';
import { benchTempDir } from './lib/cleanup.ts';
import type { Engine } from './lib/guanxi-server.ts';
import { createThrowawayDatabase, postgresAdminUrl, reachablePostgres } from './lib/postgres.ts';
import { figure } from './lib/stats.ts';
import type { BenchContext, Benchmark, BenchResult, Cell } from './lib/types.ts';

/**
 * The sales forecast and the funnel (issue 6) on a large pipeline: `--opportunities` (default 1,000,000) deals with
 * their stage history over two years, on `--customers` (default 100,000) customers owned by 200 sellers in 20
 * teams, a few currencies. Loaded set-based (insert … select from generate_series), analysed, then each query is
 * timed `--runs` times (default 30; the admin's year-long funnel, half of all deals, `--heavy-runs`, default 10) through the services behind `/api/v1/sales/forecast` and `/funnel`, for an
 * admin (every deal), a manager (a team) and a seller (their own), and the p50 and p99 printed per engine.
 */
const timeZone = 'Asia/Shanghai';
const currency = 'CNY';
/** The data ends here; the services' clock stands on this day. */
const today = '2026-12-01';

const numberOption = (ctx: BenchContext, key: string, fallback: number): number => {
  const value = ctx.options[key] === undefined ? fallback : Number(ctx.options[key]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${key} must be a whole number above 0`);
  return value;
};

/** Deterministic ids, so the generators can refer to rows of another table by number. */
const userId = (n: number) => sql`md5('bench-user-' || ${n})::uuid`;
const teamId = (n: number) => sql`md5('bench-team-' || ${n})::uuid`;

async function load(db: Kysely<DB>, ctx: BenchContext, customers: number, opportunities: number) {
  const step = async (what: string, statement: ReturnType<typeof sql>) => {
    const started = performance.now();
    ctx.log(`loading: ${what}`);
    // A bulk load of rows whose references are right by construction: foreign-key triggers off for the load.
    await db.transaction().execute(async (tx) => {
      await sql`set local session_replication_role = replica`.execute(tx);
      await statement.execute(tx);
    });
    return [what, (performance.now() - started) / 1000] as const;
  };
  const timings = [
    await step(
      '20 teams, 200 sellers (10 a team), their managers',
      sql`
      insert into teams (id, name) select md5('bench-team-' || t)::uuid, 'Team ' || t from generate_series(1, 20) t;
      insert into users (id, email, name, role, team_id, password_hash)
      select md5('bench-user-' || u)::uuid, 'seller' || u || '@bench.test', 'Seller ' || u,
             case when u % 10 = 1 then 'manager' else 'sales' end,
             md5('bench-team-' || (1 + (u - 1) / 10))::uuid, 'not-a-hash'
      from generate_series(1, 200) u`,
    ),
    await step(
      `${customers} customers`,
      sql`
      insert into customers (id, ref, kind, name, owner_id, team_id, created_at)
      select md5('bench-customer-' || c)::uuid, 'C' || c, case when c % 4 = 0 then 'organization' else 'person' end,
             'Customer ' || c, md5('bench-user-' || (1 + c % 200))::uuid,
             md5('bench-team-' || (1 + (c % 200) / 10))::uuid,
             ${today}::timestamptz - (c % 1000) * interval '1 day'
      from generate_series(1, ${customers}) c`,
    ),
    // Each deal: an owner (and the owner's team), a customer, a creation time over two years, a status
    // (40% open, 25% won, 35% lost), the furthest open stage it reached, amounts from 1,000 to 500,000,
    // 90% CNY, 6% USD, 4% EUR, and a forecast category for open deals.
    await step(
      `${opportunities} opportunities`,
      sql`
      insert into opportunities (id, name, customer_id, pipeline_id, stage_id, status, amount, currency, probability,
        forecast_category, expected_close_date, closed_at, closed_day, stage_entered_at, owner_id, team_id,
        created_at, updated_at)
      with stages as (
        select pipeline_id, array_agg(id order by position) as ids, array_agg(probability order by position) as p
        from pipeline_stages where pipeline_id = (select id from pipelines where is_default) group by pipeline_id
      ),
      g as (
        select n, hashint4(n) as h1, hashint4(n + 7919) as h2, hashint4(n + 104729) as h3,
               ${today}::timestamptz - ((abs(hashint4(n + 31)) % (730 * 24)) * interval '1 hour') as created
        from generate_series(1, ${opportunities}) n
      ),
      d as (
        select g.*, abs(h1) % 100 as roll,
               case when abs(h1) % 100 < 40 then 'open' when abs(h1) % 100 < 65 then 'won' else 'lost' end as status,
               1 + abs(h2) % 4 as top,
               (5 + abs(h3) % 120) as days
        from g
      )
      select md5('bench-opportunity-' || d.n)::uuid, 'Deal ' || d.n,
             md5('bench-customer-' || (1 + d.n % ${customers}))::uuid, s.pipeline_id,
             s.ids[case d.status when 'won' then 5 when 'lost' then 6 else d.top end],
             d.status, 1000 * (1 + abs(d.h3) % 50000),
             case when abs(d.h2) % 100 < 90 then 'CNY' when abs(d.h2) % 100 < 96 then 'USD' else 'EUR' end,
             s.p[case d.status when 'won' then 5 when 'lost' then 6 else d.top end],
             case when d.status <> 'open' then (case d.status when 'won' then 'closed' else 'omitted' end)
                  else (array['pipeline', 'pipeline', 'best_case', 'commit', 'omitted'])[1 + abs(d.h1 / 7) % 5] end,
             case when d.status = 'open' then (d.created + d.days * interval '1 day')::date end,
             case when d.status <> 'open' then least(d.created + d.days * interval '1 day', ${today}::timestamptz) end,
             case when d.status <> 'open'
                  then (least(d.created + d.days * interval '1 day', ${today}::timestamptz) at time zone ${timeZone})::date end,
             d.created, md5('bench-user-' || (1 + d.n % 200))::uuid,
             md5('bench-team-' || (1 + (d.n % 200) / 10))::uuid, d.created, d.created
      from d, stages s`,
    ),
    // History: every open stage up to the furthest reached, a few days apart, then won or lost.
    await step(
      'stage history',
      sql`
      insert into opportunity_stage_history (id, opportunity_id, customer_id, pipeline_id, from_stage_id, to_stage_id,
        status, amount, probability, changed_at)
      with stages as (
        select array_agg(id order by position) as ids from pipeline_stages
        where pipeline_id = (select id from pipelines where is_default)
      ),
      st as (
        select o.id, o.customer_id, o.pipeline_id, o.status, o.amount, o.created_at, o.closed_at, s.ids,
               case when o.status = 'open' then array_position(s.ids, o.stage_id)
                    else 1 + abs(hashtext(o.id::text)) % 4 end as top
        from opportunities o, stages s
      ),
      spaced as (
        select st.*, coalesce(st.closed_at, st.created_at + (st.top + 1) * interval '3 days') as ended_at from st
      )
      select gen_random_uuid(), st.id, st.customer_id, st.pipeline_id,
             case when i > 1 then st.ids[i - 1] end, st.ids[i], 'open', st.amount, 0.1 * i,
             st.created_at + (i - 1) * (st.ended_at - st.created_at) / (st.top + 1)
      from spaced st, generate_series(1, st.top) i
      union all
      select gen_random_uuid(), st.id, st.customer_id, st.pipeline_id, st.ids[st.top],
             st.ids[case st.status when 'won' then 5 else 6 end], st.status, st.amount,
             case st.status when 'won' then 1 else 0 end, st.ended_at
      from spaced st where st.status <> 'open'`,
    ),
    await step('analyze', sql`analyze`),
  ];
  return timings;
}

interface Case {
  id: string;
  run: (deps: Deps) => Promise<unknown>;
  /** A case over half the table runs `--heavy-runs` times instead of `--runs`, to keep an engine's run bounded. */
  heavy?: true;
}

function casesFor(admin: Actor, manager: Actor, seller: Actor): Case[] {
  const f = (actor: Actor, query: Partial<ForecastQuery>) => (deps: Deps) =>
    forecast(deps, actor, { period: 'month', groupBy: 'owner', ...query });
  const u = (actor: Actor, query: Partial<FunnelQuery>) => (deps: Deps) => funnel(deps, actor, query);
  return [
    { id: 'forecast admin, 3 months by owner', run: f(admin, {}) },
    {
      id: 'forecast admin, 4 quarters by team',
      run: f(admin, { period: 'quarter', groupBy: 'team', from: '2026-01-01', to: '2026-12-31' }),
    },
    {
      id: 'forecast admin, 12 months USD',
      run: f(admin, { from: '2026-01-01', to: '2026-12-31', currency: 'USD' }),
    },
    { id: 'forecast manager (team), 3 months', run: f(manager, {}) },
    { id: 'forecast seller (own), 12 months', run: f(seller, { from: '2026-01-01', to: '2026-12-31' }) },
    { id: 'funnel admin, 12 months (half the deals)', run: u(admin, {}), heavy: true },
    { id: 'funnel admin, 1 quarter', run: u(admin, { from: '2026-07-01', to: '2026-09-30' }) },
    { id: 'funnel admin, 12 months of one team', run: u(admin, { teamId: manager.teamId! }) },
    { id: 'funnel manager (team), 12 months', run: u(manager, {}) },
    { id: 'funnel seller (own), 24 months', run: u(seller, { from: '2024-12-02', to: today }) },
  ];
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

export const benchmark: Benchmark = {
  description:
    'forecast and funnel through their services on 1M opportunities with stage history (--opportunities --customers --runs --engines)',
  async run(ctx): Promise<BenchResult> {
    const settings = {
      opportunities: numberOption(ctx, 'opportunities', ctx.quick ? 20_000 : 1_000_000),
      customers: numberOption(ctx, 'customers', ctx.quick ? 5_000 : 100_000),
      runs: numberOption(ctx, 'runs', ctx.quick ? 3 : 30),
      heavyRuns: numberOption(ctx, 'heavy-runs', ctx.quick ? 3 : 10),
      engines: (ctx.options.engines ?? 'postgres,pglite').split(',') as Engine[],
    };
    const notes: string[] = [];
    const tmp = await benchTempDir(ctx, 'guanxi-bench-forecast-');
    const postgres = await reachablePostgres(settings.engines, notes);
    const engines = settings.engines.filter((e) => e === 'pglite' || (e === 'postgres' && postgres));
    const rows: Cell[][] = [];
    const loadRows: Cell[][] = [];
    const raw: Record<string, unknown> = { settings };
    const admin: Actor = {
      userId: null,
      label: 'bench',
      role: 'admin',
      teamId: null,
      ip: null,
      requestId: null,
    };

    for (const engine of engines) {
      const dataDir = path.join(tmp, engine);
      let databaseUrl: string | undefined;
      if (engine === 'postgres') {
        const database = await createThrowawayDatabase(postgresAdminUrl, 'guanxi_bench_forecast');
        ctx.defer(`drop database ${database.name}`, () => database.drop());
        databaseUrl = database.url;
      }
      const database: Database = await openDatabase({ databaseUrl, dataDir });
      let open = true;
      const close = async () => {
        if (!open) return;
        open = false;
        await database.close();
      };
      ctx.defer(`close the ${engine} database`, close);
      const timings = await load(database.db, ctx, settings.customers, settings.opportunities);
      for (const [what, seconds] of timings) {
        loadRows.push([engine, what, figure(seconds)]);
        ctx.log(`${engine} load | ${what} | ${figure(seconds)} s`);
      }
      const ids = await sql<{ manager: string; seller: string; team: string }>`
        select ${userId(11)} as manager, ${userId(12)} as seller, ${teamId(2)} as team`.execute(database.db);
      const { manager, seller, team } = ids.rows[0]!;
      const deps: Deps = {
        db: database.db,
        engine: database.kind,
        clock: { now: () => new Date(`${today}T04:00:00Z`) },
        logger: pino({ level: 'silent' }),
        config: readConfig({ GUANXI_TZ: timeZone, GUANXI_CURRENCY: currency }, { dataDir, databaseUrl }),
      };
      const cases = casesFor(
        admin,
        { ...admin, userId: manager, role: 'manager', teamId: team },
        { ...admin, userId: seller, role: 'sales', teamId: team },
      );
      const measured: Record<string, number[]> = {};
      for (const c of cases) {
        const runs = c.heavy ? settings.heavyRuns : settings.runs;
        ctx.log(`${engine}: ${c.id} × ${runs}`);
        await c.run(deps); // warm-up
        const times: number[] = [];
        for (let i = 0; i < runs; i++) {
          ctx.signal.throwIfAborted();
          const started = performance.now();
          await c.run(deps);
          times.push(performance.now() - started);
        }
        measured[c.id] = times;
        const row = [engine, c.id, runs, figure(percentile(times, 50)), figure(percentile(times, 99))];
        rows.push(row);
        ctx.log(`${row.join(' | ')} (runs, p50 ms, p99 ms)`);
      }
      raw[engine] = { load: timings, measured };
      await close();
    }
    return {
      tables: [
        { title: 'Loading (seconds)', columns: ['engine', 'step', 'seconds'], rows: loadRows },
        {
          title: `Forecast and funnel, ${settings.opportunities} opportunities (ms)`,
          columns: ['engine', 'query', 'runs', 'p50 ms', 'p99 ms'],
          rows,
        },
      ],
      ratios: [],
      notes,
      problems: [],
      raw,
    };
  },
};
