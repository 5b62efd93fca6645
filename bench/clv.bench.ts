import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { readConfig } from '#src/config.ts';
import { openDatabase } from '#src/db/engine.ts';
import { BgnbdLikelihood, fitBgnbd, type BgnbdParams } from '#src/modules/analytics/btyd/bgnbd.ts';
import {
  fitGammaGamma,
  GammaGammaLikelihood,
  type GammaGammaParams,
} from '#src/modules/analytics/btyd/gamma-gamma.ts';
import { groupHistories, simulateBgnbd, simulateSpend } from '#src/modules/analytics/btyd/simulate.ts';
import { summariseSlice, type ClvWindow } from '#src/modules/analytics/clv.repo.ts';
import { computeClv } from '#src/modules/analytics/clv.service.ts';
import { ClvSummary } from '#src/modules/analytics/clv.summary.ts';
import { orderDayRange } from '#src/modules/analytics/facts.repo.ts';
import { inCustomerSlices } from '#src/modules/analytics/slices.ts';
import { Random } from '#src/modules/demo/random.ts';
import type { Actor, Deps } from '#src/shared/context.ts';
import { benchTempDir, trackChild } from './lib/cleanup.ts';
import { importCounts, runGuanxiCli, writeDemoFiles } from './lib/guanxi-cli.ts';
import { repoRoot, type Engine } from './lib/guanxi-server.ts';
import { createThrowawayDatabase, postgresAdminUrl, postgresVersion } from './lib/postgres.ts';
import { figure } from './lib/stats.ts';
import type { BenchContext, Benchmark, BenchResult, Cell, Table } from './lib/types.ts';

/**
 * CLV at scale (issue 5, Speed): the fit of BG/NBD and Gamma-Gamma on a million customers' summaries against an
 * independent implementation (bench/clv_reference.py, scipy) on the same summaries, and the SQL that makes the
 * summaries from demo orders on PostgreSQL and PGlite, timed apart from the fit.
 *
 *   npm run bench -- clv [--scale=1] [--customers=1000000] [--engines=postgres,pglite] [--sql=true]
 *
 * The fit-only part simulates the summaries from known parameters (days, three years of customers), so it needs no
 * database. The SQL part imports `guanxi demo` orders (customers × 10), which at full scale is the long step.
 */

const timeZone = 'Asia/Shanghai';
const adminEmail = 'bench-admin@bench.guanxi.test';
const adminPassword = 'bench-Password-2026';
const truth: BgnbdParams = { r: 0.5, alpha: 60, a: 0.8, b: 2.5 };
const spendTruth: GammaGammaParams = { p: 6, q: 4, gamma: 150 };

interface FitReport {
  bgnbd: Record<string, number | boolean>;
  gammaGamma: Record<string, number | boolean>;
  peakRssMiB: number;
}

/** Fits the summaries in two CSV files and prints a FitReport: what the child process of the benchmark runs. */
function fitFiles(bgnbdCsv: string, spendCsv: string): FitReport {
  const read = (file: string) =>
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',').map(Number));
  const g = read(bgnbdCsv);
  const s = read(spendCsv);
  let started = performance.now();
  let cpu = process.cpuUsage();
  const bgnbd = fitBgnbd(
    new BgnbdLikelihood({
      x: g.map((r) => r[0]!),
      tx: g.map((r) => r[1]!),
      T: g.map((r) => r[2]!),
      count: g.map((r) => r[3]!),
    }),
  );
  const bgnbdSeconds = (performance.now() - started) / 1000;
  const bgnbdCpu = process.cpuUsage(cpu).user / 1e6;
  started = performance.now();
  cpu = process.cpuUsage();
  const spend = fitGammaGamma(
    new GammaGammaLikelihood({
      x: s.map((r) => r[0]!),
      zbar: s.map((r) => r[1]!),
      count: s.map((r) => r[2]!),
    }),
  );
  const spendSeconds = (performance.now() - started) / 1000;
  const spendCpu = process.cpuUsage(cpu).user / 1e6;
  return {
    bgnbd: {
      ...bgnbd.params,
      logLikelihood: bgnbd.logLikelihood,
      seconds: bgnbdSeconds,
      cpuSeconds: bgnbdCpu,
      groups: bgnbd.groups,
      iterations: bgnbd.iterations,
    },
    gammaGamma: {
      ...spend.params,
      logLikelihood: spend.logLikelihood,
      seconds: spendSeconds,
      cpuSeconds: spendCpu,
      groups: spend.groups,
      iterations: spend.iterations,
    },
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
}

/** Runs a program, returning its stdout, its time and its peak RSS (from /usr/bin/time-like rusage of the child). */
async function run(
  program: string,
  args: string[],
  signal: AbortSignal,
): Promise<{ stdout: string; seconds: number }> {
  const started = performance.now();
  const child = spawn(program, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], signal });
  trackChild(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  if (code !== 0) throw new Error(`${program} ${args.join(' ')} failed (${code}): ${stderr.slice(-800)}`);
  return { stdout, seconds: (performance.now() - started) / 1000 };
}

/** Simulated summaries of `customers` customers, in weeks, written as the two CSV files both fitters read. */
function simulateSummaries(customers: number, dir: string, seed: number) {
  const rng = new Random(seed);
  const ages = new Float64Array(customers).map(() => rng.int(3 * 365));
  const histories = simulateBgnbd(truth, ages, rng, { wholeDays: true });
  const groups = groupHistories(histories);
  const bgnbdCsv = path.join(dir, 'bgnbd-groups.csv');
  const lines = ['x,tx,T,count'];
  for (let i = 0; i < groups.x.length; i++)
    lines.push(`${groups.x[i]},${groups.tx[i]! / 7},${groups.T[i]! / 7},${groups.count[i]}`);
  writeFileSync(bgnbdCsv, lines.join('\n') + '\n');
  // spend in fen, grouped by (x, repeat amount) as the SQL hands it over
  const zbar = simulateSpend(spendTruth, histories.x, rng);
  const spend = new Map<string, number>();
  for (let i = 0; i < customers; i++) {
    const x = histories.x[i]!;
    if (x === 0) continue;
    const key = `${x},${Math.round(zbar[i]! * x * 100)}`;
    spend.set(key, (spend.get(key) ?? 0) + 1);
  }
  const spendCsv = path.join(dir, 'spend-groups.csv');
  const spendLines = ['x,zbar,count'];
  for (const [key, count] of spend) {
    const [x, amount] = key.split(',').map(Number) as [number, number];
    if (amount > 0) spendLines.push(`${x},${amount / x / 100},${count}`);
  }
  writeFileSync(spendCsv, spendLines.join('\n') + '\n');
  return { bgnbdCsv, spendCsv, groups: groups.x.length, spendGroups: spendLines.length - 1 };
}

const paramCells = (fit: Record<string, number | boolean>, names: string[]): Cell[] =>
  names.map((name) => (typeof fit[name] === 'number' ? Number((fit[name] as number).toPrecision(6)) : null));

async function fitOnly(ctx: BenchContext, customers: number, dir: string, tables: Table[], notes: string[]) {
  ctx.log(`simulating ${customers} customers' summaries`);
  const files = simulateSummaries(customers, dir, 2005);
  notes.push(
    `fit only: ${customers} simulated customers (BG/NBD r ${truth.r}, α ${truth.alpha} days, a ${truth.a}, b ${truth.b}; ` +
      `Gamma-Gamma p ${spendTruth.p}, q ${spendTruth.q}, γ ${spendTruth.gamma}), ages up to 3 years, whole days ` +
      `(same-day purchases merged), fitted in weeks: ${files.groups} distinct (x, t_x, T), ${files.spendGroups} ` +
      `distinct (x, repeat amount)`,
  );
  ctx.log('fitting in Guanxi (TypeScript)');
  const ours = await run(
    process.execPath,
    [path.join(repoRoot, 'bench', 'clv.bench.ts'), 'fit', files.bgnbdCsv, files.spendCsv],
    ctx.signal,
  );
  const guanxi = JSON.parse(ours.stdout) as FitReport;
  ctx.log('fitting in the scipy reference');
  const python = await run(
    'python3',
    [path.join(repoRoot, 'bench', 'clv_reference.py'), 'fit', files.bgnbdCsv, files.spendCsv],
    ctx.signal,
  );
  const reference = JSON.parse(python.stdout) as FitReport;
  tables.push({
    title: `BG/NBD fit on ${customers} customers' summaries (${files.groups} groups)`,
    columns: [
      'implementation',
      'r',
      'α (weeks)',
      'a',
      'b',
      'ln L',
      'fit s',
      'CPU s',
      'evaluations',
      'peak RSS MiB',
    ],
    rows: [
      [
        'Guanxi (numeric.js BFGS, analytic gradient)',
        ...paramCells(guanxi.bgnbd, ['r', 'alpha', 'a', 'b']),
        Number((guanxi.bgnbd.logLikelihood as number).toFixed(2)),
        figure(guanxi.bgnbd.seconds as number),
        figure(guanxi.bgnbd.cpuSeconds as number),
        guanxi.bgnbd.iterations as number,
        figure(guanxi.peakRssMiB),
      ],
      [
        'scipy L-BFGS-B, numeric gradient (clv_reference.py)',
        ...paramCells(reference.bgnbd, ['r', 'alpha', 'a', 'b']),
        Number((reference.bgnbd.logLikelihood as number).toFixed(2)),
        figure(reference.bgnbd.seconds as number),
        figure(reference.bgnbd.cpuSeconds as number),
        reference.bgnbd.evaluations as number,
        figure(reference.peakRssMiB),
      ],
      [
        'truth (days → weeks)',
        truth.r,
        Number((truth.alpha / 7).toPrecision(6)),
        truth.a,
        truth.b,
        null,
        null,
        null,
        null,
        null,
      ],
    ],
  });
  tables.push({
    title: `Gamma-Gamma fit on the repeat customers (${files.spendGroups} groups)`,
    columns: ['implementation', 'p', 'q', 'γ', 'ln L', 'fit s', 'CPU s', 'evaluations'],
    rows: [
      [
        'Guanxi',
        ...paramCells(guanxi.gammaGamma, ['p', 'q', 'gamma']),
        Number((guanxi.gammaGamma.logLikelihood as number).toFixed(2)),
        figure(guanxi.gammaGamma.seconds as number),
        figure(guanxi.gammaGamma.cpuSeconds as number),
        guanxi.gammaGamma.iterations as number,
      ],
      [
        'scipy reference',
        ...paramCells(reference.gammaGamma, ['p', 'q', 'gamma']),
        Number((reference.gammaGamma.logLikelihood as number).toFixed(2)),
        figure(reference.gammaGamma.seconds as number),
        figure(reference.gammaGamma.cpuSeconds as number),
        reference.gammaGamma.evaluations as number,
      ],
      ['truth', spendTruth.p, spendTruth.q, spendTruth.gamma, null, null, null, null],
    ],
  });
  notes.push(
    'Guanxi "evaluations" are BFGS iterations (numeric.js counts line-search steps too); CPU s is the fitting ' +
      "process's user time, which a shared machine does not inflate as it does the wall time; the peak RSS is each fitting " +
      "process's own (the TypeScript one reads the CSV files like the reference does). The truth differs from the fits " +
      'because whole-day summaries merge same-day purchases, which the continuous-time model does not know about.',
  );
  return { guanxi, reference };
}

/** Times the SQL summaries and the fit on imported demo orders, in this process. */
async function onEngine(
  ctx: BenchContext,
  engine: Engine,
  settings: { customers: number; orders: number },
  demoDir: string,
  tmp: string,
) {
  const env = {
    GUANXI_TZ: timeZone,
    GUANXI_ADMIN_EMAIL: adminEmail,
    GUANXI_ADMIN_PASSWORD: adminPassword,
    GUANXI_LOG_LEVEL: 'warn',
    DATABASE_URL: '',
    GUANXI_DATA_DIR: '',
  };
  const dataDir = path.join(tmp, engine);
  let databaseUrl = '';
  if (engine === 'postgres') {
    const database = await createThrowawayDatabase(postgresAdminUrl, 'guanxi_bench_clv');
    ctx.defer(`drop database ${database.name}`, () => database.drop());
    databaseUrl = database.url;
  }
  ctx.log(`${engine}: importing ${settings.orders} demo orders`);
  const imported = await runGuanxiCli(['import', 'orders', path.join(demoDir, 'orders.csv')], {
    env: { ...env, DATABASE_URL: databaseUrl, GUANXI_DATA_DIR: dataDir },
    signal: ctx.signal,
  });
  const counts = importCounts(imported.stdout);
  if (!counts) throw new Error(`import on ${engine} failed: ${imported.stderr.slice(-800)}`);
  const database = await openDatabase({ dataDir, ...(databaseUrl && { databaseUrl }) });
  try {
    const deps: Deps = {
      db: database.db,
      engine: database.kind,
      clock: { now: () => new Date() },
      logger: pino({ level: 'silent' }),
      config: readConfig(
        { GUANXI_TZ: timeZone, GUANXI_CURRENCY: 'CNY' },
        { dataDir, databaseUrl: databaseUrl || undefined },
      ),
    };
    const { last } = await orderDayRange(deps.db);
    const lastDay = new Date(`${last}T00:00:00Z`);
    const calibrationEnd = new Date(lastDay.getTime() - 182 * 86_400_000).toISOString().slice(0, 10);
    const rows: Cell[][] = [];
    const measure = async (label: string, source: 'summaries' | 'orders', window: ClvWindow) => {
      const summary = new ClvSummary();
      let slices = 0;
      let started = performance.now();
      await inCustomerSlices(deps, label, async (after, lastId) => {
        slices++;
        summary.add(await summariseSlice(deps.db, source, window, after, lastId, null));
      });
      const sqlSeconds = (performance.now() - started) / 1000;
      const groups = summary.bgnbdGroups(7);
      started = performance.now();
      const fit = fitBgnbd(new BgnbdLikelihood(groups));
      const fitSeconds = (performance.now() - started) / 1000;
      started = performance.now();
      const spend = fitGammaGamma(new GammaGammaLikelihood(summary.spendGroups(100)));
      const spendSeconds = (performance.now() - started) / 1000;
      rows.push([
        engine,
        label,
        summary.customers,
        slices,
        figure(sqlSeconds),
        groups.count.length,
        figure(fitSeconds),
        figure(spendSeconds),
        `r ${fit.params.r.toFixed(3)} α ${fit.params.alpha.toFixed(2)} a ${fit.params.a.toFixed(3)} b ${fit.params.b.toFixed(3)}; p ${spend.params.p.toFixed(2)} q ${spend.params.q.toFixed(2)} γ ${spend.params.gamma.toFixed(1)}`,
      ]);
    };
    await measure(`summaries (to ${last})`, 'summaries', {
      calibrationEnd: last!,
      holdoutEnd: null,
      currency: 'CNY',
      unitDays: 7,
    });
    await measure(`orders (to ${calibrationEnd}, holdout to ${last})`, 'orders', {
      calibrationEnd,
      holdoutEnd: last,
      currency: 'CNY',
      unitDays: 7,
    });
    const admin: Actor = {
      userId: null,
      label: 'bench',
      role: 'admin',
      teamId: null,
      ip: null,
      requestId: null,
    };
    const options = {
      calibrationEnd: last!,
      unit: 'week' as const,
      horizon: 52,
      discountRate: 0.1,
      margin: 1,
      currency: 'CNY',
    };
    let started = performance.now();
    await computeClv(deps, admin, options, { limit: 50 });
    const pageSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const all = await computeClv(deps, admin, options, { all: true });
    const allSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    await computeClv(deps, admin, { ...options, calibrationEnd, holdoutEnd: last! }, { limit: 50 });
    const holdoutSeconds = (performance.now() - started) / 1000;
    return {
      rows,
      totals: [
        engine,
        figure(pageSeconds),
        figure(allSeconds),
        all.customers.items.length,
        figure(holdoutSeconds),
      ] as Cell[],
      note: `${engine}: imported ${counts.imported} orders in ${imported.seconds.toFixed(1)} s`,
    };
  } finally {
    await database.close();
  }
}

export const benchmark: Benchmark = {
  description:
    'CLV: BG/NBD + Gamma-Gamma fit at 1M customers against a scipy reference, and the SQL summaries on PostgreSQL and PGlite',
  async run(ctx: BenchContext): Promise<BenchResult> {
    const scale = Number(ctx.options.scale ?? (ctx.quick ? 0.01 : 1));
    if (!(scale > 0)) throw new Error('--scale must be a positive number');
    const customers = Math.round(Number(ctx.options.customers ?? 1_000_000) * scale);
    const settings = { customers, orders: customers * 10 };
    const engines = (ctx.options.engines ?? 'postgres,pglite').split(',') as Engine[];
    const tables: Table[] = [];
    const notes: string[] = [];
    const problems: string[] = [];
    const tmp = await benchTempDir(ctx, 'guanxi-bench-clv-');

    const fits = await fitOnly(ctx, customers, tmp, tables, notes);

    const engineResults = [];
    if (ctx.options.sql !== 'false') {
      const demoDir = path.join(tmp, 'demo');
      await writeDemoFiles(ctx, { ...settings, seed: 1 }, demoDir, {
        GUANXI_TZ: timeZone,
        GUANXI_LOG_LEVEL: 'warn',
      });
      for (const engine of engines) {
        if (engine === 'postgres') {
          const found = await postgresVersion(postgresAdminUrl);
          if ('error' in found) {
            notes.push(`PostgreSQL at ${postgresAdminUrl} not measured: ${found.error}`);
            continue;
          }
        }
        engineResults.push(await onEngine(ctx, engine, settings, demoDir, tmp));
      }
      tables.push({
        title: `SQL summaries and fit on ${settings.customers} demo customers / ${settings.orders} orders`,
        columns: [
          'engine',
          'summaries from',
          'customers',
          'slices',
          'SQL s',
          'groups',
          'BG/NBD fit s',
          'Gamma-Gamma fit s',
          'parameters (weeks)',
        ],
        rows: engineResults.flatMap((r) => r.rows),
      });
      tables.push({
        title: 'computeClv end to end (summaries, fits, forecasts)',
        columns: ['engine', 'page of 50 s', 'every customer s', 'items', 'with holdout s'],
        rows: engineResults.map((r) => r.totals),
      });
      notes.push(...engineResults.map((r) => r.note));
    }
    notes.push(
      `bench process peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (PGlite runs in it)`,
    );
    return { tables, ratios: [], notes, problems, raw: { settings, fits, engines: engineResults } };
  },
};

if (import.meta.main && process.argv[2] === 'fit') {
  process.stdout.write(`${JSON.stringify(fitFiles(process.argv[3]!, process.argv[4]!))}\n`);
}
