import path from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { recordAudit } from '#src/modules/audit/audit.service.ts';
import { writeScope } from '#src/modules/customers/customers.access.ts';
import { checkMapping, resolveColumns, type Columns } from '#src/modules/imports/columns.ts';
import { defaultErrorsPath, ErrorReport } from '#src/modules/imports/error-report.ts';
import type { Importer, ImportItem, WriteContext } from '#src/modules/imports/importer.ts';
import type { ColumnMapping, ImportCounts, ImportEntity } from '#src/modules/imports/imports.schema.ts';
import { KeySet } from '#src/modules/imports/key-set.ts';
import { LineGrouper } from '#src/modules/imports/line-items.ts';
import { openTable, type FileFormat, type SourceRow } from '#src/modules/imports/read-file.ts';
import { analyzeImportedTables } from '#src/modules/imports/planner-stats.repo.ts';
import { customerImporter } from '#src/modules/imports/rows-customers.ts';
import { interactionImporter } from '#src/modules/imports/rows-interactions.ts';
import {
  orderFromLines,
  orderImporter,
  parseOrderLine,
  type OrderItem,
} from '#src/modules/imports/rows-orders.ts';
import { productImporter } from '#src/modules/imports/rows-products.ts';
import { leadImporter } from '#src/modules/imports/rows-leads.ts';
import { MappedRow } from '#src/modules/imports/values.ts';
import { BATCH_ROWS, Run, type ProgressPhase } from '#src/modules/imports/import-run.ts';
import { can, type Permission } from '#src/modules/users/roles.ts';
import type { Actor, Deps } from '#src/shared/context.ts';
import { AppError, invalid } from '#src/shared/errors.ts';
import { isCurrency } from '#src/shared/money.ts';

/** The options of `guanxi import` (DESIGN §4), also what the web wizard's run sets. */
export interface ImportOptions {
  entity: ImportEntity;
  path: string;
  /** `--map SOURCE=field`: source column → field (null or '' leaves the column out). */
  map?: ColumnMapping | undefined;
  dryRun?: boolean | undefined;
  noCreate?: boolean | undefined;
  currency?: string | undefined;
  encoding?: string | undefined;
  /** Where rejected rows go; default `FILE.errors.csv` beside the input. */
  errorsPath?: string | undefined;
  /** The wizard's import record, named in the audit entry. */
  importId?: string | undefined;
  /** The file's name as the user knows it (an upload is stored under another). */
  fileName?: string | undefined;
  /** Stops the import between rows (the server shutting down); what was written stays, as after a failure. */
  signal?: AbortSignal | undefined;
}

export interface ImportProgress {
  phase: 'reading' | 'writing';
  /** Rows read from the file so far. */
  rowsRead: number;
  /** Rows whose fate is known (imported, skipped or rejected). */
  rowsDone: number;
  bytesRead: number;
  bytesTotal: number;
  imported: number;
  skipped: number;
  errors: number;
}

export interface ImportResult extends ImportCounts {
  dryRun: boolean;
  format: FileFormat;
  encoding: string | null;
  /** The error report, when any row was rejected. */
  errorReport: string | null;
}

/**
 * What an import writes needs the permission of writing it by hand (roles.ts): `imports.run` lets sales staff
 * import their customers and orders, not the product catalogue.
 */
const writePermission = {
  customers: 'customers.write',
  orders: 'orders.write',
  interactions: 'interactions.write',
  products: 'products.manage',
  leads: 'sales.write',
} as const satisfies Record<ImportEntity, Permission>;

export function requireImportPermission(actor: Actor, entity: ImportEntity): void {
  if (!can(actor.role, writePermission[entity]))
    throw new AppError('auth.forbidden', `your role (${actor.role}) may not import ${entity}`);
}

/** The importer of an entity's plain rows. */
function importerFor(entity: ImportEntity, context: WriteContext, columns: Columns): Importer<ImportItem> {
  switch (entity) {
    case 'customers':
      return customerImporter(context, columns.header('ref'));
    case 'orders':
      return orderImporter(context, columns);
    case 'interactions':
      return interactionImporter(context, columns);
    case 'products':
      return productImporter(context, columns);
    case 'leads':
      return leadImporter(context, columns);
  }
}

/**
 * Rows read between two turns of the event loop. The batch before is being written meanwhile, and each reply of
 * its statements waits until the reading gives way: a file chunk (hundreds of rows) at a time, the database idle
 * meanwhile, made writing and reading take turns instead of overlapping.
 */
const YIELD_ROWS = 50;

/** Rows of a plain file: each row one record, a key seen twice rejected the second time. */
async function importRows(
  run: Run,
  rows: AsyncIterable<SourceRow>,
  columns: Columns,
  importer: Importer<ImportItem>,
  signal: AbortSignal | undefined,
) {
  const keys = new KeySet();
  const batch: ImportItem[] = [];
  for await (const source of rows) {
    signal?.throwIfAborted();
    if (++run.counts.rowsRead % YIELD_ROWS === 0) await yieldToEventLoop();
    const row = new MappedRow(source, columns);
    const item = importer.parse(row);
    if (!item) {
      await run.reject([{ row: source, problems: row.problems }]);
      continue;
    }
    const key = importer.key(item);
    if (key !== null && !keys.add(key)) {
      await run.reject([
        {
          row: source,
          problems: [
            {
              column: columns.header(importer.keyField),
              reason: `"${key}" appears earlier in the file; the same ${importer.keyField} twice is rejected`,
            },
          ],
        },
      ]);
      continue;
    }
    batch.push(item);
    if (batch.length >= BATCH_ROWS) await run.submit(importer, batch);
  }
  await run.submit(importer, batch);
}

/**
 * Rows of a line-item orders file: grouped by ref first (the lines of an order may be anywhere in the file), then
 * each order checked whole and written in batches.
 */
async function importLines(
  run: Run,
  rows: AsyncIterable<SourceRow>,
  columns: Columns,
  context: WriteContext,
  progress: (phase: ProgressPhase) => void,
  signal: AbortSignal | undefined,
) {
  const lines = { read: 0, imported: 0, skipped: 0, rejected: 0 };
  run.counts.lines = lines;
  const refColumn = columns.index.get('ref')!;
  const grouper = new LineGrouper();
  try {
    for await (const source of rows) {
      signal?.throwIfAborted();
      if (++run.counts.rowsRead % YIELD_ROWS === 0) await yieldToEventLoop();
      lines.read++;
      const ref = (source.cells[refColumn] ?? '').trim();
      if (!ref) {
        await run.reject([
          { row: source, problems: [{ column: columns.header('ref'), reason: 'is required' }] },
        ]);
        continue;
      }
      await grouper.add(ref, source);
      if (lines.read % 20_000 === 0) progress('reading');
    }
    const importer = orderImporter(context, columns);
    const batch: OrderItem[] = [];
    let batchRows = 0;
    for await (const group of grouper.groups()) {
      signal?.throwIfAborted();
      const parsed = group.rows.map((row) => parseOrderLine(new MappedRow(row, columns), context));
      const result = orderFromLines(group.ref, parsed);
      if ('rejected' in result) {
        await run.reject(result.rejected.map(({ line, problems }) => ({ row: line.row.row, problems })));
        continue;
      }
      batch.push(result.order);
      batchRows += group.rows.length;
      if (batchRows >= BATCH_ROWS) {
        await run.submit(importer, batch);
        batchRows = 0;
      }
    }
    await run.submit(importer, batch);
  } finally {
    await grouper.dispose();
  }
}

/**
 * Imports a file (DESIGN §4, `guanxi import`): reads it streamed, checks every row, upserts records in batches of
 * one transaction each, reports rejected rows to the error file, and records one `import.run` audit entry with
 * the counts. One bad row never blocks the good ones, and nothing of a rejected record is written. A dry run
 * checks and counts everything, writing nothing.
 */
export async function importFile(
  deps: Deps,
  actor: Actor,
  options: ImportOptions,
  onProgress?: (progress: ImportProgress) => void,
): Promise<ImportResult> {
  requireImportPermission(actor, options.entity);
  const currency = (options.currency ?? deps.config.currency).toUpperCase();
  if (!isCurrency(currency))
    throw invalid('currency', `${currency} is not an ISO 4217 currency code such as CNY`);
  if (options.map) checkMapping(options.entity, options.map);
  const dryRun = options.dryRun ?? false;
  const table = await openTable(options.path, { encoding: options.encoding });
  let run: Run | null = null;
  try {
    const columns = resolveColumns(options.entity, table.headers, options.map ?? {});
    const context: WriteContext = {
      actor,
      scope: writeScope(actor),
      now: deps.clock.now(),
      noCreate: options.noCreate ?? false,
      createdCustomers: new KeySet(),
      timeZone: deps.config.timeZone,
      currency,
    };
    const importer = importerFor(options.entity, context, columns);
    const report = new ErrorReport(
      options.errorsPath ?? (await defaultErrorsPath(options.path)),
      table.headers,
    );
    const progress = (phase: ProgressPhase) =>
      onProgress?.({
        phase,
        rowsRead: run!.counts.rowsRead,
        rowsDone: run!.rowsDone,
        bytesRead: table.bytesRead(),
        bytesTotal: table.bytesTotal,
        imported: run!.counts.imported,
        skipped: run!.counts.skipped,
        errors: run!.counts.errors,
      });
    run = new Run(deps, dryRun, report, progress);
    let failure: unknown = null;
    try {
      if (columns.lineItems) await importLines(run, table.rows, columns, context, progress, options.signal);
      else await importRows(run, table.rows, columns, importer, options.signal);
    } catch (error) {
      failure = error;
    }
    // the batch still being written is written whole (or its failure reported) before the run ends
    try {
      await run.drain();
    } catch (error) {
      failure ??= error;
    }
    run.counts.customersCreated = context.createdCustomers.size;
    const errorReport = await report.close();
    // a failed run that wrote nothing has nothing to audit
    if (!dryRun && (failure === null || run.counts.imported > 0))
      await auditRun(deps, actor, options, run.counts, failure);
    // a few rows do not change the statistics the planner chooses by
    if (!dryRun && run.counts.imported + run.counts.customersCreated >= analyzeAfterRows)
      await analyzeImportedTables(deps.db, options.entity);
    if (failure instanceof AppError && !dryRun && run.counts.imported > 0)
      throw new AppError(
        failure.code,
        `${failure.message} (${run.counts.imported} records before it were imported)`,
        { errors: failure.errors, cause: failure },
      );
    if (failure !== null) throw failure;
    progress('writing');
    return { ...run.counts, dryRun, format: table.format, encoding: table.encoding, errorReport };
  } finally {
    table.close();
  }
}

/** Rows an import writes before it refreshes the planner's statistics (planner-stats.repo.ts). */
const analyzeAfterRows = 1000;

/** One audit entry per import, with its counts (never one per row). */
async function auditRun(
  deps: Deps,
  actor: Actor,
  options: ImportOptions,
  counts: ImportCounts,
  failure: unknown,
) {
  await deps.db.transaction().execute((tx) =>
    recordAudit(tx, actor, {
      at: deps.clock.now(),
      action: 'run',
      entity: 'import',
      entityId: options.importId ?? null,
      after: {
        entity: options.entity,
        file: options.fileName ?? path.basename(options.path),
        status: failure === null ? 'completed' : 'failed',
        ...(failure !== null && { failure: (failure as Error).message }),
        ...counts,
      },
    }),
  );
}
