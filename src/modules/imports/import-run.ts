import { withoutJit } from '#src/modules/imports/bulk.repo.ts';
import type { ErrorReport } from '#src/modules/imports/error-report.ts';
import { isProblem, type Importer, type ImportItem, type Outcome } from '#src/modules/imports/importer.ts';
import type { ImportCounts } from '#src/modules/imports/imports.schema.ts';
import type { SourceRow } from '#src/modules/imports/read-file.ts';
import type { RowProblem } from '#src/modules/imports/values.ts';
import type { Deps } from '#src/shared/context.ts';

/** What happens to the records of one import run: counted, written in batches, or reported as rejected. */
export type ProgressPhase = 'reading' | 'writing';

/** Rows per batch: one transaction and a handful of statements each. */
export const BATCH_ROWS = 2000;

class DryRunRollback extends Error {
  readonly outcomes: Outcome[];
  constructor(outcomes: Outcome[]) {
    super('dry run: rolled back');
    this.outcomes = outcomes;
  }
}

/** PostgreSQL's data and constraint errors (SQLSTATE classes 22 and 23): a row's fault, not the import's. */
const isDataError = (error: unknown): error is Error & { code: string } => {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^2[23]/.test(code);
};

/** One run of an import: its counters, its error report and its batches. */
export class Run {
  readonly counts: ImportCounts = {
    imported: 0,
    skipped: 0,
    errors: 0,
    rowsRead: 0,
    customersCreated: 0,
    lines: null,
  };
  rowsDone = 0;
  readonly #deps: Deps;
  readonly #dryRun: boolean;
  readonly #report: ErrorReport;
  readonly #progress: (phase: ProgressPhase) => void;

  constructor(deps: Deps, dryRun: boolean, report: ErrorReport, progress: (phase: ProgressPhase) => void) {
    this.#deps = deps;
    this.#dryRun = dryRun;
    this.#report = report;
    this.#progress = progress;
  }

  /** Rejects one record: each of its rows goes to the error report with its problems. */
  async reject(rows: { row: SourceRow; problems: readonly RowProblem[] }[]): Promise<void> {
    this.counts.errors++;
    for (const { row, problems } of rows) await this.#report.add(row, problems);
    this.rowsDone += rows.length;
    if (this.counts.lines) this.counts.lines.rejected += rows.length;
  }

  /** Writes a batch in one transaction (rolled back on a dry run); on a data error, record by record. */
  async #write<T extends ImportItem>(importer: Importer<T>, items: T[]): Promise<Outcome[]> {
    try {
      return await this.#deps.db.transaction().execute(async (tx) => {
        // PGlite has no JIT compiler
        if (this.#deps.engine === 'postgres') await withoutJit(tx);
        const outcomes = await importer.write(tx, items);
        if (this.#dryRun) throw new DryRunRollback(outcomes);
        return outcomes;
      });
    } catch (error) {
      if (error instanceof DryRunRollback) return error.outcomes;
      if (!isDataError(error)) throw error;
      if (items.length === 1)
        return [{ column: '', reason: `the database refused the record: ${error.message}` }];
      // one bad record must not block the good ones: find it by writing the batch one record at a time
      const outcomes: Outcome[] = [];
      for (const item of items) outcomes.push(...(await this.#write(importer, [item])));
      return outcomes;
    }
  }

  #pending: Promise<void> | null = null;

  /**
   * Hands a batch over for writing and returns once the batch before it is written: the next batch is read and
   * checked while this one is written (PostgreSQL, or PGlite's worker thread, works meanwhile). Batches are written
   * one after another, never two at once.
   */
  async submit<T extends ImportItem>(importer: Importer<T>, batch: T[]): Promise<void> {
    if (batch.length === 0) return;
    const items = batch.splice(0, batch.length);
    await this.drain();
    const pending = this.#flush(importer, items);
    // a failure is reported by the next submit or drain; until then it is not an unhandled rejection
    pending.catch(() => {});
    this.#pending = pending;
  }

  /** Waits for the batch being written. */
  async drain(): Promise<void> {
    const pending = this.#pending;
    this.#pending = null;
    await pending;
  }

  async #flush<T extends ImportItem>(importer: Importer<T>, items: T[]): Promise<void> {
    const outcomes = await this.#write(importer, items);
    for (const [i, outcome] of outcomes.entries()) {
      const item = items[i]!;
      if (isProblem(outcome)) {
        await this.reject(item.sources.map((row) => ({ row, problems: [outcome] })));
        continue;
      }
      if (outcome === 'skipped') this.counts.skipped++;
      else this.counts.imported++;
      this.rowsDone += item.sources.length;
      if (this.counts.lines) {
        if (outcome === 'skipped') this.counts.lines.skipped += item.sources.length;
        else this.counts.lines.imported += item.sources.length;
      }
    }
    this.#progress('writing');
  }
}
