import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { invalid } from '#src/shared/errors.ts';

/**
 * Keyset pagination (DESIGN §4: never OFFSET). A list is ordered by one column and then by id; the cursor
 * carries the last row's sort value as PostgreSQL text (so timestamps keep their microseconds) and its id.
 */
export interface Keyset {
  column: string;
  direction: 'asc' | 'desc';
}

/** `name` → ascending, `-createdAt` → descending; `columns` maps the API's names to SQL columns. */
export function parseSort(sort: string, columns: Record<string, string>): Keyset {
  const direction = sort.startsWith('-') ? 'desc' : 'asc';
  const column = columns[sort.replace(/^-/, '')];
  if (!column) throw invalid('sort', `must be one of ${Object.keys(columns).join(', ')}`);
  return { column, direction };
}

export const encodeCursor = (value: string, id: string): string =>
  Buffer.from(JSON.stringify([value, id])).toString('base64url');

export function decodeCursor(cursor: string): [string, string] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((part) => typeof part === 'string')) {
      return [parsed[0] as string, parsed[1] as string];
    }
  } catch {
    // fall through to the error below
  }
  throw invalid('cursor', 'is not a cursor returned by this list');
}

/** The sort column as text, selected as `cursor_value` so the last row of a page can become the cursor. */
export const cursorValue = (keyset: Keyset, table: string) =>
  sql<string>`${sql.ref(`${table}.${keyset.column}`)}::text`.as('cursor_value');

/** Rows after the cursor in the list's order: `(column, id) > (value, id)` (or `<` descending). */
export function afterCursor(keyset: Keyset, table: string, cursor: string): RawBuilder<SqlBool> {
  const [value, id] = decodeCursor(cursor);
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw invalid('cursor', 'is not a cursor returned by this list');
  const op = sql.raw(keyset.direction === 'asc' ? '>' : '<');
  return sql<SqlBool>`(${sql.ref(`${table}.${keyset.column}`)}, ${sql.ref(`${table}.id`)}) ${op} (${value}, ${id}::uuid)`;
}

/** Cuts the extra row fetched to learn whether there is a next page, and makes the next cursor. */
export function toPage<Row extends { id: string; cursor_value: string }, Item>(
  rows: Row[],
  limit: number,
  present: (row: Row) => Item,
): { items: Item[]; nextCursor: string | null } {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(present),
    nextCursor: rows.length > limit && last ? encodeCursor(last.cursor_value, last.id) : null,
  };
}
