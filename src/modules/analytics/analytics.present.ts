import type { LeftOut } from '#src/modules/analytics/analytics.schema.ts';

/** Which customer items an analysis lists: a page after a cursor, or every one (the CLI's json and csv). */
export type ItemPage = { limit: number; cursor?: string | undefined } | { all: true };

/** A row of an analysis statement that reports purchases in another currency (`label`), left out. */
interface LeftOutRow {
  kind: string;
  label: string | null;
  customers: number | null;
  amount: number;
}

/** The left-out currencies of an analysis' answer, by currency code. */
export const presentLeftOut = (rows: readonly LeftOutRow[]): LeftOut =>
  rows
    .filter((row) => row.kind === 'left_out')
    .map((row) => ({ currency: row.label!, customers: row.customers!, orders: row.amount }))
    .sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
