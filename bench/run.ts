// Benchmark runner: `node bench/run.ts [name…] [--quick] [--list] [--key=value…]` (npm run bench -- …).
// A benchmark is `bench/<name>.bench.ts` exporting `benchmark`; it prints figures, it asserts nothing.
// Progress goes to stderr, the tables to stdout, everything measured to bench/results/<name>-<time>.json.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CleanupStack, killTrackedChildren } from './lib/cleanup.ts';
import { describeMachine } from './lib/machine.ts';
import { figure, renderTable } from './lib/stats.ts';
import type { Benchmark, BenchResult } from './lib/types.ts';

const benchDir = import.meta.dirname;
const resultsDir = path.join(benchDir, 'results');
const usage = `usage: node bench/run.ts [name…] [--quick] [--list] [--key=value…]
  name…        benchmarks to run (default: all of bench/*.bench.ts)
  --quick      a smoke run of a few seconds per target; its figures are not worth quoting
  --list       list the benchmarks and exit
  --key=value  an option for the benchmarks; http takes --rounds=3 --seconds=10 --warmup=5 --connections=10
               --users=1000 --scale=10 --engines=pglite,postgres --targets=users50,users1,health,pgbench
               --log-level=warn --cpu-prof=DIR; import takes --customers --orders --seed --engines
               --files=customers,interactions (only those files)
               forecast takes --opportunities=1000000 --customers=100000 --runs=30 --heavy-runs=10
               --engines=postgres,pglite
               board takes --opportunities=10000 --rounds=7 --drags=12 --engines
`;

const log = (message: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

async function discover(): Promise<Map<string, string>> {
  const files = (await readdir(benchDir)).filter((f) => f.endsWith('.bench.ts')).sort();
  return new Map(files.map((f) => [f.slice(0, -'.bench.ts'.length), path.join(benchDir, f)]));
}

function parse(argv: string[]) {
  const { values, positionals, tokens } = parseArgs({
    args: argv,
    options: { quick: { type: 'boolean' }, list: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const options: Record<string, string> = {};
  for (const token of tokens) {
    if (token.kind !== 'option' || ['quick', 'list', 'help', 'h'].includes(token.name)) continue;
    if (token.value === undefined) throw new Error(`--${token.name} needs a value: --${token.name}=…`);
    options[token.name] = token.value;
  }
  return {
    quick: values.quick === true,
    list: values.list === true,
    help: values.help === true,
    names: positionals,
    options,
  };
}

function print(
  name: string,
  result: BenchResult,
  machine: ReturnType<typeof describeMachine>,
  after: number[],
): void {
  const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(' ');
  const out: string[] = [
    `## ${name}`,
    '',
    `${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}, commit ` +
      `${machine.commit?.slice(0, 12) ?? 'unknown'}${machine.dirty ? ' + local changes' : ''}; ` +
      `load average ${load(machine.loadAverage)} before, ${load(after)} after`,
    '',
  ];
  for (const table of result.tables) out.push(renderTable(table), '');
  if (result.ratios.length) {
    out.push(
      renderTable({
        title: 'Ratios (median of per-round ratios, both sides measured in the same round)',
        columns: ['ratio', 'value', 'meaning'],
        rows: result.ratios.map((r) => [r.name, figure(r.value), r.detail]),
      }),
      '',
    );
  }
  for (const note of result.notes) out.push(`- ${note}`);
  if (result.problems.length)
    out.push('', `PROBLEMS (${result.problems.length}):`, ...result.problems.map((p) => `- ${p}`));
  process.stdout.write(`${out.join('\n')}\n\n`);
}

async function main(): Promise<number> {
  if (!/^v(2[4-9]|[3-9]\d)\./.test(process.version)) {
    log(
      `warning: running on Node ${process.version}; the project pins Node 24 (node_modules/.bin/node, npm run bench)`,
    );
  }
  let args: ReturnType<typeof parse>;
  try {
    args = parse(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  const available = await discover();
  if (args.help) {
    process.stdout.write(usage);
    return 0;
  }
  const modules = new Map<string, Benchmark>();
  for (const [name, file] of available)
    modules.set(name, ((await import(file)) as { benchmark: Benchmark }).benchmark);
  if (args.list) {
    for (const [name, bench] of modules) process.stdout.write(`${name.padEnd(16)} ${bench.description}\n`);
    return 0;
  }
  const unknown = args.names.filter((n) => !modules.has(n));
  if (unknown.length) {
    process.stderr.write(
      `unknown benchmark ${unknown.join(', ')}; there are: ${[...modules.keys()].join(', ')}\n`,
    );
    return 2;
  }
  const names = args.names.length ? args.names : [...modules.keys()];

  const abort = new AbortController();
  let cleanup: CleanupStack | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (abort.signal.aborted) {
      log(`${signal} again: killing child processes and exiting without cleaning up databases`);
      killTrackedChildren();
      process.exit(130);
    }
    log(`${signal}: stopping and cleaning up (again to force)`);
    abort.abort(new Error(`interrupted by ${signal}`));
    void (cleanup?.drain(log) ?? Promise.resolve()).finally(() =>
      process.exit(signal === 'SIGINT' ? 130 : 143),
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let exitCode = 0;
  await mkdir(resultsDir, { recursive: true });
  for (const name of names) {
    const stack = new CleanupStack();
    cleanup = stack;
    const startedAt = new Date();
    const machine = describeMachine();
    log(
      `${name}${args.quick ? ' (quick)' : ''}: started; load average ${machine.loadAverage.map((l) => l.toFixed(2)).join(' ')}`,
    );
    let result: BenchResult | null = null;
    try {
      result = await modules.get(name)!.run({
        quick: args.quick,
        options: args.options,
        log: (message) => log(`${name}: ${message}`),
        defer: (what, undo) => stack.push(what, undo),
        signal: abort.signal,
      });
    } catch (error) {
      log(`${name} failed: ${(error as Error).stack ?? String(error)}`);
      exitCode = 1;
    } finally {
      log(`${name}: cleaning up`);
      await stack.drain(log);
    }
    if (abort.signal.aborted) break;
    if (!result) continue;
    if (result.problems.length) exitCode = 1;
    const loadAfter = describeMachine().loadAverage;
    print(name, result, machine, loadAfter);
    const file = path.join(resultsDir, `${name}-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
    const record = {
      benchmark: name,
      quick: args.quick,
      options: args.options,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: { ...machine, loadAverageAfter: loadAfter },
      ...result,
    };
    await writeFile(file, `${JSON.stringify(record, null, 2)}\n`);
    log(`${name}: wrote ${path.relative(process.cwd(), file)}`);
  }
  return exitCode;
}

process.exitCode = await main();
