import { createReadStream, createWriteStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as delay } from 'node:timers/promises';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { cliActor, cliConfig, CliError, EXIT_FAILURE, EXIT_USAGE, openForCli } from '#src/cli/context.ts';
import { callApi } from '#src/cli/remote.ts';
import { checkMapping } from '#src/modules/imports/columns.ts';
import { defaultErrorsPath } from '#src/modules/imports/error-report.ts';
import {
  importEntities,
  type ColumnMapping,
  type Import,
  type ImportCounts,
  type ImportEntity,
} from '#src/modules/imports/imports.schema.ts';
import { isKnownEncoding } from '#src/modules/imports/read-file.ts';
import { importFile, type ImportProgress } from '#src/modules/imports/imports.service.ts';
import { AppError } from '#src/shared/errors.ts';
import { isCurrency } from '#src/shared/money.ts';

export interface Target {
  data?: string;
  url?: string;
  token?: string;
}

/** Runs `local` on the database the command is given, or `remote` through a running server (`--url --token`). */
export async function onTarget<T>(
  target: Target,
  local: (open: Awaited<ReturnType<typeof openForCli>>) => Promise<T>,
  remote: (url: string, token: string) => Promise<T>,
): Promise<T> {
  if (target.url || target.token) {
    if (!target.url || !target.token) throw new CliError('--url and --token go together', EXIT_USAGE);
    return remote(target.url, target.token);
  }
  const opened = await openForCli(cliConfig(target));
  try {
    return await local(opened);
  } catch (error) {
    if (error instanceof AppError)
      throw new CliError([error.message, ...error.errors.map((e) => `${e.field}: ${e.message}`)].join('; '));
    throw error;
  } finally {
    await opened.database.close();
  }
}

export const targetOptions = (command: Command) =>
  command
    .option('--data <dir>', 'data directory of the embedded database (env GUANXI_DATA_DIR)')
    .option('--url <url>', 'work through a running Guanxi server at this URL')
    .option('--token <token>', 'API token for --url');

interface ImportCliOptions extends Target {
  dryRun?: boolean;
  map: string[];
  create: boolean;
  currency?: string;
  errors?: string;
  encoding?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** `--map SOURCE=field` options as a mapping; `--map SOURCE=` leaves a column out. */
export function parseMaps(entity: ImportEntity, maps: readonly string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const map of maps) {
    const at = map.lastIndexOf('=');
    if (at <= 0)
      throw new CliError(`--map ${map}: write it as SOURCE=field, e.g. --map InvoiceNo=ref`, EXIT_USAGE);
    mapping[map.slice(0, at)] = map.slice(at + 1).trim() || null;
  }
  try {
    checkMapping(entity, mapping);
  } catch (error) {
    throw new CliError(`--map: ${(error as Error).message}`, EXIT_USAGE);
  }
  return mapping;
}

/** The last line of every import (DESIGN §4); a line-item file adds its lines. */
export function summaryLine(counts: ImportCounts, dryRun: boolean): string {
  const details: string[] = [];
  if (counts.lines) {
    const l = counts.lines;
    details.push(
      `lines: ${l.read} read, ${l.imported} imported, ${l.skipped} skipped, ${l.rejected} rejected`,
    );
  }
  if (counts.customersCreated > 0) details.push(`${counts.customersCreated} customers created`);
  if (dryRun) details.push('dry run: nothing was written');
  return `imported ${counts.imported}, skipped ${counts.skipped}, errors ${counts.errors}${
    details.length ? ` (${details.join('; ')})` : ''
  }`;
}

/** Progress on stderr: a bar on a terminal, otherwise a line every few seconds (logs stay readable). */
function progressReporter(file: string): { update(progress: ImportProgress): void; stop(): void } {
  const label = path.basename(file);
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: `${label} [{bar}] {percentage}% | {rows} rows | imported {imported}, skipped {skipped}, errors {errors}`,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(100, 0, { rows: 0, imported: 0, skipped: 0, errors: 0 });
    return {
      update: (p) =>
        bar.update(p.bytesTotal ? Math.min(100, Math.round((100 * p.bytesRead) / p.bytesTotal)) : 0, {
          rows: p.rowsRead,
          imported: p.imported,
          skipped: p.skipped,
          errors: p.errors,
        }),
      stop: () => bar.stop(),
    };
  }
  let last = Date.now();
  return {
    update: (p) => {
      const now = Date.now();
      if (now - last < 5000) return;
      last = now;
      const percent = p.bytesTotal ? Math.round((100 * p.bytesRead) / p.bytesTotal) : 0;
      process.stderr.write(
        `${label}: ${p.phase} ${percent}%, ${p.rowsRead} rows read, imported ${p.imported}, skipped ${p.skipped}, errors ${p.errors}\n`,
      );
    },
    stop: () => {},
  };
}

/** Through a running server: upload, run, follow the progress, download the rejected rows. */
async function importRemote(
  url: string,
  token: string,
  entity: ImportEntity,
  file: string,
  options: {
    mapping: ColumnMapping;
    dryRun: boolean;
    noCreate: boolean;
    currency?: string;
    encoding?: string;
  },
  errorsPath: string,
): Promise<{ counts: ImportCounts; errorReport: string | null }> {
  const query = new URLSearchParams({ entity, fileName: path.basename(file) });
  if (options.encoding) query.set('encoding', options.encoding);
  let response: Response;
  try {
    response = await fetch(new URL(`/api/v1/imports?${query}`, url), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
      body: Readable.toWeb(createReadStream(file)) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
  } catch (error) {
    throw new CliError(`Could not upload ${file} to ${url}: ${(error as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) {
    const problem = JSON.parse(text || '{}') as { detail?: string };
    throw new CliError(`The server answered ${response.status}: ${problem.detail ?? text}`);
  }
  const uploaded = JSON.parse(text) as Import;
  await callApi<Import>(url, token, 'POST', `/api/v1/imports/${uploaded.id}/run`, {
    mapping: options.mapping,
    dryRun: options.dryRun,
    noCreate: options.noCreate,
    ...(options.currency && { currency: options.currency }),
    ...(options.encoding && { encoding: options.encoding }),
  });
  let current: Import;
  for (;;) {
    current = await callApi<Import>(url, token, 'GET', `/api/v1/imports/${uploaded.id}`);
    if (current.status !== 'running') break;
    process.stderr.write(
      `${path.basename(file)}: ${current.rowsDone} of about ${current.rowsTotal} rows, imported ${current.imported}, errors ${current.errors}\n`,
    );
    await delay(1000);
  }
  if (current.status === 'failed') throw new CliError(current.message ?? 'the import failed');
  let errorReport: string | null = null;
  if (current.hasErrorReport) {
    const report = await fetch(new URL(`/api/v1/imports/${uploaded.id}/errors`, url), {
      headers: { authorization: `Bearer ${token}` },
    });
    if (report.ok && report.body) {
      await pipeline(Readable.fromWeb(report.body as never), createWriteStream(errorsPath));
      errorReport = errorsPath;
    }
  }
  return {
    counts: {
      imported: current.imported,
      skipped: current.skipped,
      errors: current.errors,
      rowsRead: current.rowsDone,
      customersCreated: current.customersCreated,
      lines: current.lines,
    },
    errorReport,
  };
}

/** `guanxi import customers|orders|interactions|products|leads FILE …` (DESIGN §4). */
export function importCommand(program: Command): void {
  targetOptions(
    program
      .command('import')
      .description(
        'import a .csv, .csv.gz or .xlsx file; rejected rows go to FILE.errors.csv; exit 0 all imported, 1 some rejected',
      )
      .argument('<entity>', importEntities.join('|'))
      .argument('<file>', 'the file to import')
      .option('--dry-run', 'check every row and report, writing nothing')
      .option('--map <source=field>', 'read column SOURCE as field (repeatable)', collect, [])
      .option('--no-create', 'reject orders whose customer_ref names no customer instead of creating one')
      .option(
        '--currency <code>',
        'currency of amounts when the file has no currency column (default GUANXI_CURRENCY)',
      )
      .option('--errors <file>', 'where rejected rows go (default FILE.errors.csv beside the file)')
      .option('--encoding <encoding>', 'the CSV text encoding (default: detected; utf8, gb18030 or gbk)'),
  ).action(async (entityArg: string, file: string, options: ImportCliOptions) => {
    if (!(importEntities as readonly string[]).includes(entityArg))
      throw new CliError(`import what? ${entityArg} is not one of ${importEntities.join(', ')}`, EXIT_USAGE);
    const entity = entityArg as ImportEntity;
    const mapping = parseMaps(entity, options.map);
    const currency = options.currency?.toUpperCase();
    if (currency && !isCurrency(currency))
      throw new CliError(
        `--currency ${options.currency}: not an ISO 4217 currency code such as CNY`,
        EXIT_USAGE,
      );
    if (options.encoding && !isKnownEncoding(options.encoding))
      throw new CliError(`--encoding ${options.encoding}: unknown; use utf8, gb18030 or gbk`, EXIT_USAGE);
    const dryRun = options.dryRun ?? false;
    const errorsPath = options.errors ? path.resolve(options.errors) : await defaultErrorsPath(file);
    const progress = progressReporter(file);
    let result: { counts: ImportCounts; errorReport: string | null };
    try {
      result = await onTarget(
        options,
        async ({ deps }) => {
          const imported = await importFile(
            deps,
            cliActor(),
            {
              entity,
              path: file,
              map: mapping,
              dryRun,
              noCreate: !options.create,
              currency,
              encoding: options.encoding,
              errorsPath,
            },
            (p) => progress.update(p),
          );
          return { counts: imported, errorReport: imported.errorReport };
        },
        (url, token) =>
          importRemote(
            url,
            token,
            entity,
            file,
            {
              mapping,
              dryRun,
              noCreate: !options.create,
              ...(currency && { currency }),
              ...(options.encoding && { encoding: options.encoding }),
            },
            errorsPath,
          ),
      );
    } finally {
      progress.stop();
    }
    process.stdout.write(`${summaryLine(result.counts, dryRun)}\n`);
    if (result.counts.errors > 0)
      throw new CliError(
        `${result.counts.errors} rejected; the rows and reasons are in ${result.errorReport ?? errorsPath}`,
        EXIT_FAILURE,
      );
  });
}
