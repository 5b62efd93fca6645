import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '#src/db/engine.ts';
import { hashPassword } from '#src/modules/users/secrets.ts';
import { benchTempDir } from './lib/cleanup.ts';
import { login, startGuanxi, type Engine, type GuanxiServer } from './lib/guanxi-server.ts';
import { httpReport, type Measured, type Target } from './lib/http-report.ts';
import { runLoad } from './lib/load.ts';
import { coresBusy, machineTicks } from './lib/machine.ts';
import { findPgbench, pgbenchInit, pgbenchSelectOnly } from './lib/pgbench.ts';
import { createThrowawayDatabase, postgresAdminUrl, reachablePostgres } from './lib/postgres.ts';
import { clockTicksPerSecond, cpuSeconds } from './lib/processes.ts';
import { seedUsers } from './lib/seed-users.ts';
import type { BenchContext, Benchmark, BenchResult } from './lib/types.ts';

const adminEmail = 'bench-admin@bench.guanxi.test';
const adminPassword = 'bench-Password-2026';

/** Each GET measured on each engine: the staff list a user opens, a 1-row page, and the DB-free liveness probe. */
const paths = [
  { id: 'users50', label: 'GET /api/v1/users?limit=50', path: '/api/v1/users?limit=50', auth: true },
  { id: 'users1', label: 'GET /api/v1/users?limit=1', path: '/api/v1/users?limit=1', auth: true },
  { id: 'health', label: 'GET /api/health', path: '/api/health', auth: false },
] as const;

const numberOption = (ctx: BenchContext, key: string, fallback: number): number => {
  const value = ctx.options[key] === undefined ? fallback : Number(ctx.options[key]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${key} must be a positive number`);
  return value;
};

export const benchmark: Benchmark = {
  description:
    'HTTP throughput and latency of GET /api/v1/users and /api/health on PGlite and PostgreSQL (autocannon), beside pgbench -S',
  async run(ctx: BenchContext): Promise<BenchResult> {
    const settings = {
      connections: numberOption(ctx, 'connections', 10),
      seconds: numberOption(ctx, 'seconds', ctx.quick ? 2 : 10),
      warmupSeconds: numberOption(ctx, 'warmup', ctx.quick ? 1 : 5),
      rounds: numberOption(ctx, 'rounds', ctx.quick ? 1 : 3),
      users: numberOption(ctx, 'users', 1000),
      pgbenchScale: numberOption(ctx, 'scale', ctx.quick ? 1 : 10),
      pgbenchThreads: Math.min(os.availableParallelism(), numberOption(ctx, 'connections', 10)),
      logLevel: ctx.options['log-level'] ?? 'warn',
      cpuProfileDir: ctx.options['cpu-prof'] ? path.resolve(ctx.options['cpu-prof']) : undefined,
      engines: (ctx.options.engines ?? 'pglite,postgres').split(',') as Engine[],
      targets: (ctx.options.targets ?? 'users50,users1,health,pgbench').split(','),
    };
    const unknown = [
      ...settings.engines.filter((e) => e !== 'pglite' && e !== 'postgres'),
      ...settings.targets.filter((t) => t !== 'pgbench' && !paths.some((p) => p.id === t)),
    ];
    if (unknown.length) throw new Error(`unknown engine or target: ${unknown.join(', ')}`);
    const notes: string[] = [];
    const problems: string[] = [];
    const tmp = await benchTempDir(ctx, 'guanxi-bench-');

    const postgres = await reachablePostgres(settings.engines, notes);
    const engines = settings.engines.filter((e) => e === 'pglite' || (e === 'postgres' && postgres));

    ctx.log('hashing the one password every seeded user shares (argon2id)');
    const passwordHash = await hashPassword(adminPassword);
    const servers = new Map<Engine, { server: GuanxiServer; token: string }>();
    for (const engine of engines) {
      ctx.signal.throwIfAborted();
      const dataDir = path.join(tmp, engine);
      let databaseUrl: string | undefined;
      if (engine === 'postgres') {
        const database = await createThrowawayDatabase(postgresAdminUrl, 'guanxi_bench');
        ctx.defer(`drop database ${database.name}`, () => database.drop());
        databaseUrl = database.url;
        ctx.log(`created database ${database.name}`);
      }
      ctx.log(`${engine}: migrating and seeding ${settings.users} users`);
      const database = await openDatabase({ databaseUrl, dataDir });
      try {
        await seedUsers(database.db, { count: settings.users, adminEmail, passwordHash });
      } finally {
        await database.close();
      }
      ctx.log(`${engine}: starting guanxi`);
      const server = await startGuanxi({
        engine,
        dataDir,
        ...(databaseUrl && { databaseUrl }),
        logLevel: settings.logLevel,
        ...(settings.cpuProfileDir && { cpuProfileDir: path.join(settings.cpuProfileDir, engine) }),
        signal: ctx.signal,
      });
      ctx.defer(`stop the ${engine} server`, async () => {
        const { code, signal } = await server.stop();
        if (code !== 0)
          problems.push(`the ${engine} server did not stop cleanly (${code ?? signal}):\n${server.output()}`);
      });
      const token = await login(server, adminEmail, adminPassword);
      await checkUserList(server, token, settings.users);
      servers.set(engine, { server, token });
    }

    const pgbench = postgres && settings.targets.includes('pgbench') ? findPgbench() : null;
    let pgbenchUrl: string | null = null;
    if (postgres && settings.targets.includes('pgbench') && !pgbench) {
      notes.push('pgbench not found: not measured (Debian 12 ships it in the package postgresql-15)');
    }
    if (pgbench) {
      const database = await createThrowawayDatabase(postgresAdminUrl, 'guanxi_pgbench');
      ctx.defer(`drop database ${database.name}`, () => database.drop());
      ctx.log(`pgbench -i -s ${settings.pgbenchScale} in ${database.name}`);
      await pgbenchInit(pgbench, database.url, settings.pgbenchScale, ctx.signal);
      pgbenchUrl = database.url;
    }

    const targets: Target[] = [];
    for (const engine of engines) {
      for (const p of paths.filter((p) => settings.targets.includes(p.id)))
        targets.push({ id: `${engine}:${p.id}`, label: p.label, engine, kind: 'http' });
    }
    if (pgbenchUrl) {
      const label = `pgbench -S (scale ${settings.pgbenchScale}, -j ${settings.pgbenchThreads})`;
      targets.push({ id: 'pgbench', label, engine: 'postgres', kind: 'pgbench' });
    }

    // Rounds interleave the targets (round 0 is a discarded warm-up), so a noisy minute on this shared
    // machine hits every target alike and the per-round ratios stay fair.
    const ticks = await clockTicksPerSecond();
    const measured: Measured[] = targets.map((target) => ({ target, rounds: [] }));
    for (let round = 0; round <= settings.rounds; round++) {
      const seconds = round === 0 ? settings.warmupSeconds : settings.seconds;
      for (const entry of measured) {
        ctx.signal.throwIfAborted();
        const { target } = entry;
        ctx.log(
          `${round === 0 ? 'warm-up' : `round ${round}/${settings.rounds}`}: ${target.engine} ${target.label}`,
        );
        const box = machineTicks();
        const client = process.cpuUsage();
        if (target.kind === 'pgbench') {
          const result = await pgbenchSelectOnly(pgbench!, pgbenchUrl!, {
            clients: settings.connections,
            threads: settings.pgbenchThreads,
            seconds: Math.max(1, Math.round(seconds)),
            signal: ctx.signal,
          });
          if (result.failed > 0)
            problems.push(`pgbench -S: ${result.failed} failed transactions in round ${round}`);
          if (round > 0) {
            entry.rounds.push({
              perSecond: result.tps,
              p50Ms: null,
              p99Ms: null,
              meanMs: result.latencyMeanMs,
              count: result.transactions,
              failures: result.failed,
              serverCpuMsPerRequest: null,
              serverCores: null,
              clientCores: null,
              boxCores: coresBusy(box, machineTicks()),
            });
          }
          continue;
        }
        const { server, token } = servers.get(target.engine)!;
        const spec = paths.find((p) => `${target.engine}:${p.id}` === target.id)!;
        const cpuBefore = cpuSeconds(server.pid, ticks);
        const result = await runLoad({
          baseUrl: server.url,
          path: spec.path,
          headers: spec.auth ? { authorization: `Bearer ${token}` } : {},
          connections: settings.connections,
          seconds,
          signal: ctx.signal,
        });
        const cpuAfter = cpuSeconds(server.pid, ticks);
        const clientCpu = process.cpuUsage(client);
        const failed = result.non2xx + result.errors;
        if (failed > 0) {
          problems.push(
            `${target.engine} ${target.label}, ${round === 0 ? 'warm-up' : `round ${round}`}: ${result.non2xx} non-2xx, ` +
              `${result.errors} errors (${result.timeouts} timeouts) of ${result.requests}; status codes ${JSON.stringify(result.statusCodes)}; ` +
              `first failures: ${JSON.stringify(result.failures)}`,
          );
        }
        if (round > 0) {
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
    }

    notes.push(
      `${settings.rounds} rounds of ${settings.seconds} s per target after a ${settings.warmupSeconds} s warm-up, ` +
        `${settings.connections} connections, targets interleaved within each round; figures are medians over rounds`,
      `${settings.users} users seeded in 8 teams; list sorted by name (the default); Bearer session token; ` +
        `server log level ${settings.logLevel}`,
      ...(settings.cpuProfileDir
        ? [
            `servers ran with --cpu-prof (profiles in ${settings.cpuProfileDir}): figures are slowed, do not quote them`,
          ]
        : []),
      ...(postgres ? [`PostgreSQL ${postgres.version} at ${postgresAdminUrl.replace(/\/[^/]*$/, '')}`] : []),
    );
    return httpReport(measured, { notes, problems, settings });
  },
};

/** The list must be what a user sees before it is worth timing: a full page and a cursor to the next. */
async function checkUserList(server: GuanxiServer, token: string, seeded: number): Promise<void> {
  const response = await fetch(`${server.url}/api/v1/users?limit=50`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`GET /api/v1/users?limit=50 on ${server.engine} → ${response.status} ${text}`);
  const page = JSON.parse(text) as { items: unknown[]; nextCursor: string | null };
  const expected = Math.min(50, seeded);
  if (page.items.length !== expected || (seeded > 50 && !page.nextCursor)) {
    throw new Error(
      `GET /api/v1/users?limit=50 on ${server.engine} gave ${page.items.length} items (expected ${expected}) and nextCursor ${page.nextCursor}`,
    );
  }
}
