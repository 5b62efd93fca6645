import type { CustomerScope } from '#src/modules/customers/customers.access.ts';
import type { KeySet } from '#src/modules/imports/key-set.ts';
import type { SourceRow } from '#src/modules/imports/read-file.ts';
import type { MappedRow, RowContext, RowProblem } from '#src/modules/imports/values.ts';
import type { Actor, Db } from '#src/shared/context.ts';

/** What became of one record of a batch. */
export type Outcome = 'inserted' | 'updated' | 'skipped' | RowProblem;

/** A record read from the file, with the rows it came from (one, or an order's lines). */
export interface ImportItem {
  sources: SourceRow[];
}

/** What writing a batch needs: who imports, when, and the run's options. */
export interface WriteContext extends RowContext {
  actor: Actor;
  /** The customers the actor may change (sales: their own; managers: their team's; admins and the CLI: all). */
  scope: CustomerScope;
  now: Date;
  /** `--no-create`: an unknown customer_ref rejects the row instead of creating the customer. */
  noCreate: boolean;
  /** Refs of customers created for unknown customer_refs, counted once each even across a dry run's batches. */
  createdCustomers: KeySet;
}

/** One entity's import: how a row becomes a record, and how a batch of records is written. */
export interface Importer<T extends ImportItem> {
  /** The record of a row, or null when the row has problems (then recorded on the row). */
  parse(row: MappedRow): T | null;
  /** The field whose value may appear once per file (`ref`, `sku`), and its value for a record. */
  keyField: string;
  key(item: T): string | null;
  /** Writes a batch inside the caller's transaction; one outcome per record, in order. */
  write(tx: Db, items: T[]): Promise<Outcome[]>;
}

export const isProblem = (outcome: Outcome): outcome is RowProblem => typeof outcome === 'object';
