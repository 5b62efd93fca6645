import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import type { Command } from 'commander';
import type { ZodType } from 'zod';
import { cliActor, cliConfig, CliError, EXIT_USAGE } from '#src/cli/context.ts';
import { onTarget, targetOptions, type Target } from '#src/cli/import.ts';
import { callApi } from '#src/cli/remote.ts';
import { abcExportQuery } from '#src/modules/analytics/abc.schema.ts';
import {
  abcOptions,
  clvOptions,
  cohortOptions,
  rfmOptions,
} from '#src/modules/analytics/analytics.options.ts';
import { csvRecords, summaryText, type AnalysisResult } from '#src/modules/analytics/analytics.output.ts';
import type { ItemPage } from '#src/modules/analytics/analytics.present.ts';
import {
  analyzeAbc,
  analyzeClv,
  analyzeCohorts,
  analyzeRfm,
  type AbcRequest,
  type ClvRequest,
  type CohortsRequest,
  type RfmRequest,
} from '#src/modules/analytics/analytics.service.ts';
import { clvExportQuery } from '#src/modules/analytics/clv.schema.ts';
import { cohortsQuery } from '#src/modules/analytics/cohorts.schema.ts';
import { saveRfmSnapshot } from '#src/modules/analytics/rfm-snapshots.service.ts';
import { rfmExportQuery, type RfmSnapshot } from '#src/modules/analytics/rfm.schema.ts';
import { startScoresRun } from '#src/modules/analytics/scores.service.ts';
import { scoresInput, type ScoreRun } from '#src/modules/analytics/scores.schema.ts';
import { systemClock } from '#src/shared/context.ts';
import { AppError } from '#src/shared/errors.ts';

const analyses = ['rfm', 'abc', 'clv', 'cohorts'] as const;
type Analysis = (typeof analyses)[number];
/** Not an analysis to print: recomputes the scores written back to every customer. */
const writeBack = 'scores';
const formats = ['table', 'json', 'csv'] as const;
type Format = (typeof formats)[number];

/** Each analysis' options, checked by the API's own schemas (an option of another analysis is refused). */
const schemas: Record<Analysis, ZodType> = {
  rfm: rfmExportQuery,
  abc: abcExportQuery,
  clv: clvExportQuery,
  cohorts: cohortsQuery,
};

/** The options that are the analysis' parameters, as the API names them (commander camel-cases them alike). */
const analysisOptions = [
  'asOf',
  'calibrationEnd',
  'holdoutEnd',
  'unit',
  'horizon',
  'discountRate',
  'margin',
  'currency',
  'from',
  'to',
  'by',
  'cutoffs',
] as const;

interface AnalyzeCliOptions extends Target, Partial<Record<(typeof analysisOptions)[number], string>> {
  format: string;
  save?: boolean;
}

/** `asOf` → `--as-of`; an API field path (`querystring.holdoutEnd`) → its option. */
const flag = (field: string) =>
  `--${field.replace(/^querystring\./, '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

const usage = (message: string) => new CliError(message, EXIT_USAGE);

/** The given analysis options (by their API names), checked by the analysis' schema; errors name the option. */
function checkedOptions(analysis: Analysis, given: Record<string, string>): Record<string, unknown> {
  const parsed = schemas[analysis].safeParse(given);
  if (parsed.success) return parsed.data as Record<string, unknown>;
  const problems = parsed.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => `${flag(key)} does not apply to guanxi analyze ${analysis}`)
      : [`${flag(String(issue.path[0] ?? ''))}: ${issue.message}`],
  );
  throw usage(problems.join('; '));
}

/** A bad value only the analysis can see (e.g. a holdout end before the default calibration end) is a usage error. */
async function asUsageError<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError && error.code === 'request.invalid')
      throw usage(error.errors.map((e) => `${flag(e.field)}: ${e.message}`).join('; ') || error.message);
    throw error;
  }
}

/**
 * Fills in the defaults as the analysis will (this machine's GUANXI_TZ and GUANXI_CURRENCY), so a value that
 * only the defaults make wrong is a usage error before any database is opened.
 */
async function preflight(analysis: Analysis, query: Record<string, unknown>, target: Target): Promise<void> {
  const context = { config: cliConfig(target), clock: systemClock };
  await asUsageError(async () => {
    if (analysis === 'rfm') rfmOptions(context, query as RfmRequest);
    else if (analysis === 'abc') abcOptions(context, query as AbcRequest);
    else if (analysis === 'cohorts') cohortOptions(context, query as CohortsRequest);
    else clvOptions(context, query as ClvRequest);
  });
}

const progress = (message: string) => process.stderr.write(`${message}\n`);

/** Writes to stdout and waits until it is handed over (the command exits right after). */
const writeOut = (text: string) =>
  new Promise<void>((resolve, reject) =>
    process.stdout.write(text, (error) => (error ? reject(error) : resolve())),
  );

async function analyzeLocally(
  analysis: Analysis,
  query: Record<string, unknown>,
  page: ItemPage,
  deps: Parameters<typeof analyzeRfm>[0],
): Promise<AnalysisResult> {
  const actor = cliActor();
  switch (analysis) {
    case 'rfm':
      return { analysis, result: await analyzeRfm(deps, actor, query as RfmRequest, page, progress) };
    case 'abc':
      return { analysis, result: await analyzeAbc(deps, actor, query as AbcRequest, page, progress) };
    case 'clv':
      return { analysis, result: await analyzeClv(deps, actor, query as ClvRequest, page, progress) };
    case 'cohorts':
      return { analysis, result: await analyzeCohorts(deps, query as CohortsRequest, progress) };
  }
}

/** Through a running server: the export routes for every item, a first page for the table. */
async function analyzeRemotely(
  url: string,
  token: string,
  analysis: Analysis,
  given: Record<string, string>,
  format: Format,
): Promise<AnalysisResult> {
  const query = new URLSearchParams(given);
  let path = `/api/v1/analytics/${analysis}`;
  if (analysis !== 'cohorts') {
    if (format === 'table') query.set('limit', '10');
    else path += '/export';
  }
  const result = await callApi<never>(url, token, 'GET', `${path}?${query}`);
  return { analysis, result } as AnalysisResult;
}

async function writeCsv(output: AnalysisResult): Promise<void> {
  const { columns, rows } = csvRecords(output);
  const csv = stringify({ header: true, columns, cast: { boolean: (value) => String(value) } });
  csv.pipe(process.stdout);
  for (const row of rows) if (!csv.write(row)) await once(csv, 'drain');
  csv.end();
  await once(csv, 'end');
  await writeOut('');
}

/** `guanxi analyze rfm|abc|clv|cohorts …` (DESIGN §4): the result on stdout, progress and notices on stderr. */
export function analyzeCommand(program: Command): void {
  targetOptions(
    program
      .command('analyze')
      .description('customer value analytics: RFM segments, ABC classes, lifetime value, cohorts')
      .argument(
        '<analysis>',
        `${analyses.join('|')}, or ${writeBack}: recompute the value class, RFM segment, lifetime value and P(alive) written back to every customer (--as-of, --currency)`,
      )
      .option('--as-of <date>', 'the day the analysis looks from (default: today in GUANXI_TZ)')
      .option(
        '--calibration-end <date>',
        'clv: last day of the calibration period, inclusive (default: --as-of)',
      )
      .option('--holdout-end <date>', 'clv: last day of the holdout period; adds predicted vs actual')
      .option('--unit <unit>', 'clv: week|day (default week)')
      .option('--horizon <n>', 'clv: units ahead (default 52)')
      .option('--discount-rate <r>', 'clv: yearly discount rate (default 0.10)')
      .option('--margin <m>', 'clv: margin as a share of spend (default 1)')
      .option(
        '--currency <code>',
        'the analysis currency (default GUANXI_CURRENCY); other currencies are left out',
      )
      .option('--from <date>', 'abc: first day of the period; cohorts: first purchases from this day')
      .option(
        '--to <date>',
        'abc: last day of the period (default --as-of); cohorts: first purchases up to this day',
      )
      .option('--by <measure>', 'abc: revenue|margin (default revenue)')
      .option('--cutoffs <list>', 'abc: cumulative shares ending classes A and B (default 0.8,0.95)')
      .option('--format <format>', 'table|json|csv', 'table')
      .option('--save', 'rfm: also store the scores as a snapshot (to compare segments over time)'),
  ).action(async (analysisArg: string, options: AnalyzeCliOptions) => {
    if (analysisArg === writeBack) return recomputeScores(options);
    if (!(analyses as readonly string[]).includes(analysisArg))
      throw usage(`analyze what? ${analysisArg} is not one of ${[...analyses, writeBack].join(', ')}`);
    const analysis = analysisArg as Analysis;
    if (!(formats as readonly string[]).includes(options.format))
      throw usage(`--format ${options.format}: use table, json or csv`);
    const format = options.format as Format;
    if (options.save && analysis !== 'rfm') throw usage('--save applies to guanxi analyze rfm only');
    const given: Record<string, string> = {};
    for (const key of analysisOptions) if (options[key] !== undefined) given[key] = options[key];
    const query = checkedOptions(analysis, given);
    if (!options.url && !options.token) await preflight(analysis, query, options);
    const page: ItemPage = format === 'table' ? { limit: 10 } : { all: true };

    const { output, snapshot } = await onTarget(
      options,
      ({ deps }) =>
        asUsageError(async () => ({
          output: await analyzeLocally(analysis, query, page, deps),
          snapshot: options.save
            ? await saveRfmSnapshot(deps, cliActor(), rfmOptions(deps, query as RfmRequest))
            : null,
        })),
      async (url, token) => ({
        output: await analyzeRemotely(url, token, analysis, given, format),
        snapshot: options.save
          ? await callApi<RfmSnapshot>(url, token, 'POST', '/api/v1/analytics/rfm/snapshots', {
              ...(given.asOf && { asOf: given.asOf }),
              ...(given.currency && { currency: given.currency }),
            })
          : null,
      }),
    );
    if (format === 'json') await writeOut(`${JSON.stringify(output.result)}\n`);
    else if (format === 'csv') await writeCsv(output);
    else await writeOut(`${summaryText(output)}\n`);
    if (snapshot)
      process.stderr.write(
        `Saved RFM snapshot ${snapshot.id} (as of ${snapshot.asOf}, ${snapshot.customers} customers).\n`,
      );
  });
}

const describeRun = (run: ScoreRun) =>
  run.status === 'done'
    ? `Scores as of ${run.asOf} (${run.currency}) written back to ${run.customers} customers, ${run.clvCustomers} with lifetime value and P(alive).${run.message ? ` ${run.message}.` : ''}\n`
    : `The recompute ${run.id} failed: ${run.message}\n`;

/** `guanxi analyze scores [--as-of DATE] [--currency CODE]`: recompute the scores and wait for the end. */
async function recomputeScores(options: AnalyzeCliOptions): Promise<void> {
  const given: Record<string, string> = {};
  for (const key of analysisOptions) if (options[key] !== undefined) given[key] = options[key];
  const parsed = scoresInput.safeParse(given);
  if (!parsed.success)
    throw usage(
      parsed.error.issues
        .flatMap((issue) =>
          issue.code === 'unrecognized_keys'
            ? issue.keys.map((key) => `${flag(key)} does not apply to guanxi analyze ${writeBack}`)
            : [`${flag(String(issue.path[0] ?? ''))}: ${issue.message}`],
        )
        .join('; '),
    );
  if (options.format !== 'table' || options.save)
    throw usage(`guanxi analyze ${writeBack} takes --as-of and --currency only`);
  const run = await onTarget(
    options,
    async ({ deps }) => {
      const { finished } = await startScoresRun(deps, cliActor(), parsed.data, progress);
      return finished;
    },
    async (url, token) => {
      const started = await callApi<ScoreRun>(url, token, 'POST', '/api/v1/analytics/scores', parsed.data);
      progress(`recompute ${started.id} started on the server`);
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const run = await callApi<ScoreRun>(url, token, 'GET', `/api/v1/analytics/scores/runs/${started.id}`);
        if (run.status !== 'running') return run;
      }
    },
  );
  process.stderr.write(describeRun(run));
  if (run.status !== 'done') throw new CliError(`the recompute failed: ${run.message}`);
}
