import { sql, type RawBuilder } from 'kysely';
import type { Db } from '#src/shared/context.ts';

/**
 * Helpers for the import's bulk SQL: a batch goes to PostgreSQL as one array per column and comes back as rows
 * through `unnest`, so a statement of 2,000 rows has a dozen parameters instead of 20,000 (both engines accept
 * arrays as parameters; the statement text stays the same from batch to batch).
 */
export type PgType =
  'uuid' | 'text' | 'bigint' | 'integer' | 'numeric' | 'boolean' | 'date' | 'timestamptz' | 'text[]';

export interface ColumnArray {
  name: string;
  type: PgType;
  values: unknown[];
}

/**
 * `unnest($1::uuid[], $2::text[], …) as alias(a, b, …)`. A text[] column travels as array literals in a text
 * array (PostgreSQL arrays cannot nest rows of different lengths) and is cast back per row by the caller.
 */
export function unnestRows(alias: string, columns: readonly ColumnArray[]): RawBuilder<unknown> {
  const args = columns.map(
    (c) => sql`${arrayLiteral(c)}::${sql.raw(c.type === 'text[]' ? 'text[]' : `${c.type}[]`)}`,
  );
  const names = columns.map((c) => sql.id(c.name));
  return sql`unnest(${sql.join(args)}) as ${sql.id(alias)}(${sql.join(names)})`;
}

/**
 * A column as the text of a PostgreSQL array, which is how an array parameter travels anyway: built here because
 * node-postgres quotes and escapes every element with regular expressions and formats each Date in local time,
 * 1.6 s of a 500,000-order import spent while the database waited for the statement. Only text needs quotes;
 * uuids, numbers, booleans, dates and ISO times hold no character that array syntax gives a meaning to.
 */
function arrayLiteral({ type, values }: ColumnArray): string {
  const quoted = type === 'text' || type === 'text[]';
  const element = (value: unknown): string => {
    if (value === null || value === undefined) return 'NULL';
    if (value instanceof Date) return value.toISOString();
    if (!quoted) return String(value as string | number | boolean);
    return quoteElement(String(value as string));
  };
  return `{${values.map(element).join(',')}}`;
}

/** A text as an element of an array literal: quoted, its backslashes and quotes escaped. */
const quoteElement = (text: string): string =>
  `"${/[\\"]/.test(text) ? text.replaceAll('\\', '\\\\').replaceAll('"', '\\"') : text}"`;

/** A PostgreSQL array literal of texts, e.g. `{"vip","深圳"}`, for a text[] column sent through unnestRows. */
export const textArrayLiteral = (values: readonly string[]): string =>
  `{${values.map(quoteElement).join(',')}}`;

/**
 * The refs among `refs` that a table holds, each looked up on its own through the table's unique index on ref. As
 * `ref = any(…)` the planner priced a batch's 2,000 index probes above reading the whole table (each probe a random
 * read at random_page_cost, though the pages are cached) up to about a million rows, and read the table once a
 * batch: 16 ms a batch at 200,000 orders, against 2 ms for the probes.
 */
export async function storedRefs(
  db: Db,
  table: 'orders' | 'interactions',
  refs: readonly string[],
): Promise<Set<string>> {
  if (refs.length === 0) return new Set();
  const { rows } = await sql<{ ref: string }>`
    select t.ref
    from unnest(${[...refs]}::text[]) as k(ref)
    -- a subquery with a limit is not flattened into a join, so it stays one index probe per ref
    cross join lateral (select ref from ${sql.table(table)} t where t.ref = k.ref limit 1) t`.execute(db);
  return new Set(rows.map((row) => row.ref));
}

/** Distinct values, in first-seen order. */
export const distinct = <T>(values: Iterable<T>): T[] => [...new Set(values)];

/**
 * Turns PostgreSQL's JIT compilation off until the batch's transaction ends. Without statistics (a new database, or
 * autovacuum behind a bulk import) the planner expects a lookup by customer to read a share of the whole table, so
 * a batch's statements cross jit_above_cost, and compiling them took 30–70 ms a statement, longer than running
 * them (bench/import.bench.ts). JIT pays off in long analytic queries, which an import's batches are not.
 */
export async function withoutJit(db: Db): Promise<void> {
  await sql`set local jit = off`.execute(db);
}
