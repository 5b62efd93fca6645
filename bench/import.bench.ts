import { spawn } from 'node:child_process';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { benchTempDir, trackChild } from './lib/cleanup.ts';
import { copyFiles } from './lib/copy-files.ts';
import { importCounts, runGuanxiCli, writeDemoFiles, type CliRun, benchCliEnv } from './lib/guanxi-cli.ts';
import type { Engine } from './lib/guanxi-server.ts';
import { createThrowawayDatabase, postgresAdminUrl, reachablePostgres } from './lib/postgres.ts';
import { figure } from './lib/stats.ts';
import type { BenchContext, Benchmark, BenchResult, Cell } from './lib/types.ts';

/** The demo's import files, in the order a new user loads them (products and customers before orders). */
const files = [
  { entity: 'products', file: 'products.csv' },
  { entity: 'customers', file: 'customers.csv' },
  { entity: 'orders', file: 'orders.csv' },
  { entity: 'interactions', file: 'interactions.csv' },
] as const;

/** `--files=customers,interactions`: only these (in the order above); interactions need their customers. */
function chooseFiles(option: string | undefined) {
  if (option === undefined) return [...files];
  const names = option.split(',');
  for (const name of names)
    if (!files.some((f) => f.entity === name))
      throw new Error(`--files: ${name} is not one of ${files.map((f) => f.entity).join(', ')}`);
  if (names.includes('interactions') && !names.includes('customers'))
    throw new Error('--files: interactions need customers (an unknown customer_ref is rejected)');
  return files.filter((f) => names.includes(f.entity));
}

const timeZone = 'Asia/Shanghai';
const currency = 'CNY';

const numberOption = (ctx: BenchContext, key: string, fallback: number): number => {
  const value = ctx.options[key] === undefined ? fallback : Number(ctx.options[key]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${key} must be a whole number`);
  return value;
};

function psqlCopy(url: string, table: string, columns: string[], file: string, signal: AbortSignal) {
  const command = `\\copy ${table} (${columns.join(', ')}) from '${file}' with (format csv, header true)`;
  return timedProcess('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q', '-c', command], signal);
}

async function timedProcess(program: string, args: string[], signal: AbortSignal) {
  const started = performance.now();
  const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'], signal });
  trackChild(child);
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  if (code !== 0) throw new Error(`${program} ${args.slice(-1)[0]} failed (${code}): ${output.slice(-500)}`);
  return (performance.now() - started) / 1000;
}

export const benchmark: Benchmark = {
  description:
    'guanxi import of demo customers/products/orders/interactions on PostgreSQL and PGlite: rows/s, peak RSS, against psql \\copy of the same rows',
  async run(ctx: BenchContext): Promise<BenchResult> {
    const settings = {
      customers: numberOption(ctx, 'customers', ctx.quick ? 5_000 : 1_000_000),
      orders: numberOption(ctx, 'orders', ctx.quick ? 50_000 : 10_000_000),
      seed: numberOption(ctx, 'seed', 1),
      engines: (ctx.options.engines ?? 'postgres,pglite').split(',') as Engine[],
    };
    const chosen = chooseFiles(ctx.options.files);
    const notes: string[] = [];
    const problems: string[] = [];
    const tmp = await benchTempDir(ctx, 'guanxi-bench-import-');
    const env = benchCliEnv(timeZone, currency);

    const demoDir = path.join(tmp, 'demo');
    const demo = await writeDemoFiles(ctx, settings, demoDir, env);
    const sizes: Record<string, number> = {};
    for (const { file } of chosen) sizes[file] = (await stat(path.join(demoDir, file))).size;

    const imports = new Map<string, CliRun & { rows: number }>();
    const runImports = async (engine: Engine, extraEnv: Record<string, string>, dataDir: string) => {
      for (const { entity, file } of chosen) {
        ctx.log(`${engine}: guanxi import ${entity}`);
        const run = await runGuanxiCli(
          [
            'import',
            entity,
            path.join(demoDir, file),
            '--errors',
            path.join(tmp, `${engine}-${entity}.errors.csv`),
          ],
          { env: { ...env, ...extraEnv, GUANXI_DATA_DIR: dataDir }, signal: ctx.signal },
        );
        const counts = importCounts(run.stdout);
        if (run.code !== 0 || !counts)
          problems.push(
            `${engine} import ${entity} exited ${run.code}: ${run.stdout.slice(-300)} ${run.stderr.slice(-500)}`,
          );
        if (counts && counts.errors > 0)
          problems.push(`${engine} import ${entity}: ${counts.errors} rows rejected`);
        imports.set(`${engine}:${entity}`, { ...run, rows: counts ? counts.imported + counts.skipped : 0 });
      }
    };

    const postgres = await reachablePostgres(settings.engines, notes);
    const copies = new Map<string, { seconds: number; rows: number }>();
    let statsRebuildSeconds: number | null = null;
    if (postgres) {
      const database = await createThrowawayDatabase(postgresAdminUrl, 'guanxi_bench_import');
      ctx.defer(`drop database ${database.name}`, () => database.drop());
      await runImports('postgres', { DATABASE_URL: database.url }, path.join(tmp, 'unused'));
      await database.drop();

      // The yardstick, in the same run: psql \copy of the same rows into the same migrated tables.
      const copyDatabase = await createThrowawayDatabase(postgresAdminUrl, 'guanxi_bench_copy');
      ctx.defer(`drop database ${copyDatabase.name}`, () => copyDatabase.drop());
      const migrate = await runGuanxiCli(['migrate'], {
        env: { ...env, DATABASE_URL: copyDatabase.url },
        signal: ctx.signal,
      });
      if (migrate.code !== 0) throw new Error(`guanxi migrate failed: ${migrate.stderr.slice(-500)}`);
      const copyDir = path.join(tmp, 'copy');
      await mkdir(copyDir);
      ctx.log('shaping the same rows as table columns for psql \\copy (not timed)');
      const shaped = await copyFiles(demoDir, copyDir, { timeZone, currency });
      for (const { entity } of chosen) {
        const copy = shaped.find((f) => f.table === entity)!;
        ctx.log(`postgres: psql \\copy ${entity}`);
        const seconds = await psqlCopy(copyDatabase.url, copy.table, copy.columns, copy.path, ctx.signal);
        copies.set(entity, { seconds, rows: copy.rows });
      }
      ctx.log('postgres: guanxi stats rebuild after the copy (the import keeps customer_stats as it goes)');
      const rebuild = await runGuanxiCli(['stats', 'rebuild'], {
        env: { ...env, DATABASE_URL: copyDatabase.url },
        signal: ctx.signal,
      });
      if (rebuild.code === 0) statsRebuildSeconds = rebuild.seconds;
      else problems.push(`guanxi stats rebuild failed: ${rebuild.stderr.slice(-300)}`);
      await copyDatabase.drop();
    }
    if (settings.engines.includes('pglite')) {
      await runImports('pglite', {}, path.join(tmp, 'pglite'));
    }

    const rate = (rows: number, seconds: number) => (seconds > 0 ? rows / seconds : null);
    const rows: Cell[][] = [];
    for (const { entity, file } of chosen) {
      const pg = imports.get(`postgres:${entity}`);
      const lite = imports.get(`pglite:${entity}`);
      const copy = copies.get(entity);
      const pgRate = pg ? rate(pg.rows, pg.seconds) : null;
      const copyRate = copy ? rate(copy.rows, copy.seconds) : null;
      rows.push([
        entity,
        pg?.rows ?? lite?.rows ?? copy?.rows ?? null,
        `${figure(sizes[file]! / 2 ** 20)} MiB`,
        pg ? figure(pg.seconds) : null,
        figure(pgRate),
        pg ? figure(pg.peakRssMiB) : null,
        copy ? figure(copy.seconds) : null,
        figure(copyRate),
        pgRate !== null && copyRate ? figure(pgRate / copyRate) : null,
        lite ? figure(lite.seconds) : null,
        lite ? figure(rate(lite.rows, lite.seconds)) : null,
        lite ? figure(lite.peakRssMiB) : null,
      ]);
    }
    if (chosen.length < files.length)
      notes.push(`files imported and copied: ${chosen.map((f) => f.entity).join(', ')}`);
    notes.push(
      `demo: ${settings.customers} customers, ${settings.orders} orders, seed ${settings.seed}; generated in ${figure(demo.seconds)} s ` +
        `(peak RSS ${figure(demo.peakRssMiB)} MiB)`,
      'each figure is one run (the files are too large to repeat at full scale); every step ran in this one run, one after another',
      'guanxi import runs as its own process with the pinned Node; peak RSS is its VmHWM (PGlite runs in a worker thread of that process)',
      'import work the COPY does not do: parsing and validating every row, search keys (pinyin), phone normalisation, upsert by ref, ' +
        'creating unknown customers, keeping customer_stats current in the same transaction, the audit entry',
      ...(statsRebuildSeconds !== null
        ? [
            `after the copy, guanxi stats rebuild took ${figure(statsRebuildSeconds)} s (the import pays that as it goes)`,
          ]
        : []),
      ...(postgres ? [`PostgreSQL ${postgres.version}, loopback`] : []),
    );
    return {
      tables: [
        {
          title: 'Import throughput (rows/s) and peak memory',
          columns: [
            'file',
            'rows',
            'size',
            'PG import s',
            'PG rows/s',
            'PG RSS MiB',
            'psql \\copy s',
            'copy rows/s',
            'import ÷ copy',
            'PGlite import s',
            'PGlite rows/s',
            'PGlite RSS MiB',
          ],
          rows,
        },
      ],
      ratios: [],
      notes,
      problems,
      raw: { settings, demo, imports: Object.fromEntries(imports), copies: Object.fromEntries(copies) },
    };
  },
};
