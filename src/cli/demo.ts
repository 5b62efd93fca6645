import path from 'node:path';
import type { Command } from 'commander';
import { cliActor, cliConfig, CliError, EXIT_USAGE, openForCli } from '#src/cli/context.ts';
import type { DemoSummary } from '#src/modules/demo/demo.generate.ts';
import type { DemoLoadProgress } from '#src/modules/demo/demo.service.ts';
import { parseCalendarDate } from '#src/shared/dates.ts';
import { AppError } from '#src/shared/errors.ts';

/** The demo's last day unless --end says: fixed, so a seed alone decides the data. */
const defaultDemoEnd = '2026-06-30';

interface DemoCliOptions {
  customers?: string;
  orders?: string;
  seed?: string;
  end?: string;
  out?: string;
  data?: string;
}

/** A whole number ≥ 0 from an option, or exit 2 naming the option. */
function count(option: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const text = value.trim();
  const number = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(number))
    throw new CliError(`${option} must be a whole number of 0 or more, not "${value}"`, EXIT_USAGE);
  return number;
}

/** Progress on stderr: a line at each tenth of each stage (a terminal and a log file read the same). */
function progressPrinter(): (progress: DemoLoadProgress) => void {
  let last = '';
  return (progress) => {
    const share =
      progress.stage === 'generating'
        ? progress.customers && progress.customersDone / progress.customers
        : progress.bytesTotal && progress.bytesRead / progress.bytesTotal;
    const tenth = Math.floor((share || 0) * 10) * 10;
    const what =
      progress.stage === 'generating'
        ? `${progress.phase === 'planning' ? 'planning orders' : 'writing files'}`
        : `importing ${progress.file}`;
    const line = `demo: ${what} ${tenth}%`;
    if (line === last) return;
    last = line;
    process.stderr.write(`${line}\n`);
  };
}

const describe = (summary: DemoSummary['rows']) =>
  `${summary.products} products, ${summary.customers} customers, ${summary.orders} orders ` +
  `(${summary.orderItems} lines), ${summary.interactions} interactions`;

/** `guanxi demo [--customers N] [--orders M] [--seed S] [--end DATE] [--out DIR] [--data DIR]` (DESIGN §4). */
export function demoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'generate realistic demo customers, products, orders and interactions (deterministic per seed) and load ' +
        'them into the database, or with --out write them as import-format CSV files',
    )
    .option('--customers <n>', 'customers to generate (default 1000)')
    .option('--orders <m>', 'orders in total over all customers (default 10 per customer)')
    .option('--seed <s>', 'random seed: the same seed gives the same data (default 1)')
    .option(
      '--end <date>',
      `last day of the data, which spans the three years up to it (default ${defaultDemoEnd})`,
    )
    .option(
      '--out <dir>',
      'write products.csv, customers.csv, orders.csv, order_items.csv and interactions.csv (prices in CNY) into DIR instead of loading them',
    )
    .option('--data <dir>', 'data directory of the embedded database (env GUANXI_DATA_DIR)')
    .action(async (options: DemoCliOptions) => {
      const customers = count('--customers', options.customers, 1000);
      const orders = count('--orders', options.orders, customers * 10);
      const seed = count('--seed', options.seed, 1);
      if (customers === 0 && orders > 0)
        throw new CliError('--orders needs at least one customer (--customers is 0)', EXIT_USAGE);
      const end = options.end === undefined ? defaultDemoEnd : parseCalendarDate(options.end);
      if (end === null || Number(end.slice(0, 4)) < 1900 || Number(end.slice(0, 4)) > 9000)
        throw new CliError(`--end must be a date such as 2026-06-30, not "${options.end}"`, EXIT_USAGE);
      const settings = { customers, orders, seed, end };
      const started = performance.now();
      const onProgress = progressPrinter();
      const seconds = () => ((performance.now() - started) / 1000).toFixed(1);

      // loaded only now: the name and place tables take a moment to build, and other commands need none of them
      const { writeDemoFiles } = await import('#src/modules/demo/demo.generate.ts');
      if (options.out !== undefined) {
        const dir = path.resolve(options.out);
        const summary = await writeDemoFiles(dir, settings, (progress) =>
          onProgress({ stage: 'generating', ...progress }),
        );
        process.stdout.write(`Wrote ${describe(summary.rows)} to ${dir} in ${seconds()} s.\n`);
        return;
      }

      const { database, deps } = await openForCli(cliConfig(options));
      try {
        const { loadDemo } = await import('#src/modules/demo/demo.service.ts');
        const result = await loadDemo(deps, cliActor(), settings, onProgress);
        for (const step of result.steps) {
          const { imported, skipped, errors } = step.result;
          process.stderr.write(
            `demo: ${step.file}: imported ${imported}, skipped ${skipped}, errors ${errors}\n`,
          );
        }
        if (result.keptDir !== null)
          throw new CliError(
            `some demo rows were rejected; the files and their error reports are in ${result.keptDir}`,
          );
        process.stdout.write(
          `Loaded ${describe(result.generated.rows)} into ${database.location} in ${seconds()} s.\n`,
        );
      } catch (error) {
        if (error instanceof AppError)
          throw new CliError(
            [error.message, ...error.errors.map((e) => `${e.field}: ${e.message}`)].join('; '),
          );
        throw error;
      } finally {
        await database.close();
      }
    });
}
