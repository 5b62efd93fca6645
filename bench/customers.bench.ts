import { createReadStream } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import { nameKeys } from '#src/modules/customers/customers.search-keys.ts';
import { benchTempDir } from './lib/cleanup.ts';
import { importCounts, runGuanxiCli, writeDemoFiles } from './lib/guanxi-cli.ts';
import { login, startGuanxi, type Engine, type GuanxiServer } from './lib/guanxi-server.ts';
import { httpReport, type Measured, type Target } from './lib/http-report.ts';
import { runLoad } from './lib/load.ts';
import { coresBusy, machineTicks } from './lib/machine.ts';
import { createThrowawayDatabase, postgresAdminUrl, reachablePostgres } from './lib/postgres.ts';
import { clockTicksPerSecond, cpuSeconds } from './lib/processes.ts';
import { medianRatio } from './lib/stats.ts';
import type { BenchContext, Benchmark, BenchResult, Ratio } from './lib/types.ts';

const adminEmail = 'bench-admin@bench.guanxi.test';
const adminPassword = 'bench-Password-2026';

const numberOption = (ctx: BenchContext, key: string, fallback: number): number => {
  const value = ctx.options[key] === undefined ? fallback : Number(ctx.options[key]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${key} must be a positive number`);
  return value;
};

/** Queries a user types, taken from the generated data so each one finds customers. */
async function sampleQueries(customersCsv: string) {
  const names = new Map<string, number>();
  const cities = new Map<string, number>();
  let phone = '';
  let fullPhone = '';
  let rows = 0;
  for await (const row of createReadStream(customersCsv).pipe(
    parse({ columns: true, bom: true, to: 20_000 }),
  )) {
    const r = row as Record<string, string>;
    rows++;
    if (r.kind === 'person' && /^\p{Script=Han}{2,3}$/u.test(r.name ?? ''))
      names.set(r.name!, (names.get(r.name!) ?? 0) + 1);
    if (r.city) cities.set(r.city, (cities.get(r.city) ?? 0) + 1);
    if (!phone && r.phone) {
      fullPhone = r.phone;
      phone = r.phone.replace(/\D/g, '').slice(-8, -1);
    }
  }
  const top = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  const name = top(names) || '张伟';
  const keys = nameKeys(name);
  const lastFour = fullPhone.replace(/\D/g, '').slice(-4);
  return {
    name,
    pinyin: keys.pinyin,
    initials: keys.initials,
    city: top(cities),
    phone,
    fullPhone,
    lastFour,
    sampled: rows,
  };
}

export const benchmark: Benchmark = {
  description:
    'customer list and search (pinyin, initials, Chinese, phone) over HTTP at 1M customers on PostgreSQL and PGlite (autocannon)',
  async run(ctx: BenchContext): Promise<BenchResult> {
    const settings = {
      customers: numberOption(ctx, 'customers', ctx.quick ? 20_000 : 1_000_000),
      connections: numberOption(ctx, 'connections', 10),
      seconds: numberOption(ctx, 'seconds', ctx.quick ? 2 : 10),
      warmupSeconds: numberOption(ctx, 'warmup', ctx.quick ? 1 : 5),
      rounds: numberOption(ctx, 'rounds', ctx.quick ? 1 : 3),
      engines: (ctx.options.engines ?? 'postgres,pglite').split(',') as Engine[],
      logLevel: ctx.options['log-level'] ?? 'warn',
    };
    const notes: string[] = [];
    const problems: string[] = [];
    const tmp = await benchTempDir(ctx, 'guanxi-bench-customers-');
    const env = {
      GUANXI_TZ: 'Asia/Shanghai',
      GUANXI_ADMIN_EMAIL: adminEmail,
      GUANXI_ADMIN_PASSWORD: adminPassword,
      GUANXI_LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      GUANXI_DATA_DIR: '',
    };
    const demoDir = path.join(tmp, 'demo');
    await writeDemoFiles(ctx, { customers: settings.customers, orders: 0, seed: 1 }, demoDir, env);
    const sample = await sampleQueries(path.join(demoDir, 'customers.csv'));
    const q = encodeURIComponent;
    const paths = [
      { id: 'list', label: 'list, 50 by name', path: '/api/v1/customers?limit=50' },
      {
        id: 'city',
        label: `list, city ${sample.city}, newest first`,
        path: `/api/v1/customers?limit=50&city=${q(sample.city)}&sort=-createdAt`,
      },
      {
        id: 'initials',
        label: `search "${sample.initials}" (initials)`,
        path: `/api/v1/customers?limit=50&q=${q(sample.initials)}`,
      },
      {
        id: 'pinyin',
        label: `search "${sample.pinyin}" (pinyin)`,
        path: `/api/v1/customers?limit=50&q=${q(sample.pinyin)}`,
      },
      {
        id: 'hanzi',
        label: `search "${sample.name}"`,
        path: `/api/v1/customers?limit=50&q=${q(sample.name)}`,
      },
      {
        id: 'phone',
        label: `search "${sample.phone}" (phone digits)`,
        path: `/api/v1/customers?limit=50&q=${q(sample.phone)}`,
      },
      {
        id: 'phoneFull',
        label: `search "${sample.fullPhone}" (a whole number as stored)`,
        path: `/api/v1/customers?limit=50&q=${q(sample.fullPhone)}`,
      },
      {
        id: 'phoneLast4',
        label: `search "${sample.lastFour}" (a number's last four digits)`,
        path: `/api/v1/customers?limit=50&q=${q(sample.lastFour)}`,
      },
    ];

    const postgres = await reachablePostgres(settings.engines, notes);
    const engines = settings.engines.filter((e) => e === 'pglite' || (e === 'postgres' && postgres));
    const servers = new Map<Engine, { server: GuanxiServer; token: string }>();
    for (const engine of engines) {
      const dataDir = path.join(tmp, engine);
      let databaseUrl = '';
      if (engine === 'postgres') {
        const database = await createThrowawayDatabase(postgresAdminUrl, 'guanxi_bench_customers');
        ctx.defer(`drop database ${database.name}`, () => database.drop());
        databaseUrl = database.url;
      }
      ctx.log(`${engine}: importing ${settings.customers} customers`);
      const run = await runGuanxiCli(['import', 'customers', path.join(demoDir, 'customers.csv')], {
        env: { ...env, DATABASE_URL: databaseUrl, GUANXI_DATA_DIR: dataDir },
        signal: ctx.signal,
      });
      const counts = importCounts(run.stdout);
      if (run.code !== 0 || !counts) throw new Error(`import on ${engine} failed: ${run.stderr.slice(-800)}`);
      notes.push(`${engine}: imported ${counts.imported} customers in ${run.seconds.toFixed(1)} s`);
      const server = await startGuanxi({
        engine,
        dataDir,
        ...(databaseUrl && { databaseUrl }),
        logLevel: settings.logLevel,
        signal: ctx.signal,
      });
      ctx.defer(`stop the ${engine} server`, async () => {
        await server.stop();
      });
      const token = await login(server, adminEmail, adminPassword);
      for (const p of paths) {
        const response = await fetch(`${server.url}${p.path}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const body = (await response.json()) as { items?: unknown[] };
        if (!response.ok) throw new Error(`${engine} ${p.path} → ${response.status} ${JSON.stringify(body)}`);
        notes.push(`${engine} ${p.label}: first page has ${body.items?.length ?? 0} customers`);
      }
      servers.set(engine, { server, token });
    }

    const targets: Target[] = engines.flatMap((engine) =>
      paths.map((p) => ({ id: `${engine}:${p.id}`, label: `GET ${p.label}`, engine, kind: 'http' as const })),
    );
    const ticks = await clockTicksPerSecond();
    const measured: Measured[] = targets.map((target) => ({ target, rounds: [] }));
    for (let round = 0; round <= settings.rounds; round++) {
      for (const entry of measured) {
        ctx.signal.throwIfAborted();
        const { server, token } = servers.get(entry.target.engine)!;
        const spec = paths.find((p) => `${entry.target.engine}:${p.id}` === entry.target.id)!;
        ctx.log(`${round === 0 ? 'warm-up' : `round ${round}/${settings.rounds}`}: ${entry.target.id}`);
        const box = machineTicks();
        const client = process.cpuUsage();
        const cpuBefore = cpuSeconds(server.pid, ticks);
        const result = await runLoad({
          baseUrl: server.url,
          path: spec.path,
          headers: { authorization: `Bearer ${token}` },
          connections: settings.connections,
          seconds: round === 0 ? settings.warmupSeconds : settings.seconds,
          signal: ctx.signal,
        });
        const cpuAfter = cpuSeconds(server.pid, ticks);
        const clientCpu = process.cpuUsage(client);
        const failed = result.non2xx + result.errors;
        if (failed > 0)
          problems.push(
            `${entry.target.id} round ${round}: ${failed} failed; ${JSON.stringify(result.failures)}`,
          );
        if (round === 0) continue;
        const serverCpu = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null;
        entry.rounds.push({
          perSecond: result.requestsPerSecond,
          p50Ms: result.latencyP50Ms,
          p99Ms: result.latencyP99Ms,
          meanMs: result.latencyMeanMs,
          count: result.requests,
          failures: failed,
          serverCpuMsPerRequest:
            serverCpu === null ? null : (serverCpu * 1000) / Math.max(1, result.requests),
          serverCores: serverCpu === null ? null : serverCpu / result.seconds,
          clientCores: (clientCpu.user + clientCpu.system) / 1e6 / result.seconds,
          boxCores: coresBusy(box, machineTicks()),
        });
      }
    }
    notes.push(
      `${settings.customers} demo customers (seed 1); ${settings.rounds} rounds of ${settings.seconds} s per target after a ` +
        `${settings.warmupSeconds} s warm-up, ${settings.connections} connections, targets interleaved; medians over rounds`,
      `queries sampled from the data: the most common Chinese name in the first ${sample.sampled} rows and its pinyin and initials, ` +
        'the most common city; seven digits from inside a phone number, a whole number as stored and its last four digits; admin token (sees every customer)',
      ...(postgres ? [`PostgreSQL ${postgres.version}, loopback`] : []),
    );
    const report = httpReport(measured, { notes, problems, settings });
    const byId = new Map(measured.map((m) => [m.target.id, m]));
    const ratios: Ratio[] = paths.map((p) => {
      const a = byId.get(`pglite:${p.id}`);
      const b = byId.get(`postgres:${p.id}`);
      return {
        name: `pglite ÷ postgres req/s, ${p.label}`,
        value:
          a && b
            ? medianRatio(
                a.rounds.map((r) => r.perSecond),
                b.rounds.map((r) => r.perSecond),
              )
            : null,
        detail: 'the embedded engine against the server',
      };
    });
    return { ...report, ratios };
  },
};
