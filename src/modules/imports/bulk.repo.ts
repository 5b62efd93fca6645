import { sql, type RawBuilder } from 'kysely';

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
    (c) => sql`${c.values}::${sql.raw(c.type === 'text[]' ? 'text[]' : `${c.type}[]`)}`,
  );
  const names = columns.map((c) => sql.id(c.name));
  return sql`unnest(${sql.join(args)}) as ${sql.id(alias)}(${sql.join(names)})`;
}

/** A PostgreSQL array literal of texts, e.g. `{"vip","深圳"}`, for a text[] column sent through unnestRows. */
export const textArrayLiteral = (values: readonly string[]): string =>
  `{${values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;

/** Distinct values, in first-seen order. */
export const distinct = <T>(values: Iterable<T>): T[] => [...new Set(values)];
