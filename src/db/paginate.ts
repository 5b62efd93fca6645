import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { invalid } from '#src/shared/errors.ts';

/**
 * Keyset pagination (DESIGN §4: never OFFSET). A list is ordered by one column and then by id; the cursor
 * carries the list's order, the last row's sort value as PostgreSQL text (so timestamps keep their microseconds)
 * and its id. A cursor is client input: it is checked completely before any of it reaches SQL, so a cursor from
 * another order or a forged one is a 400, never a database error.
 */
export interface Keyset {
  column: string;
  direction: 'asc' | 'desc';
  /** What the sort column holds, so a cursor's value can be checked before PostgreSQL casts it. */
  type: 'text' | 'timestamptz';
}

/** A sortable column: its SQL name, with its type when it is not text. */
export type SortColumn = string | { column: string; type: Keyset['type'] };

/** `name` → ascending, `-createdAt` → descending; `columns` maps the API's names to SQL columns. */
export function parseSort(sort: string, columns: Record<string, SortColumn>): Keyset {
  const direction = sort.startsWith('-') ? 'desc' : 'asc';
  const column = columns[sort.replace(/^-/, '')];
  if (!column) throw invalid('sort', `must be one of ${Object.keys(columns).join(', ')}`);
  return typeof column === 'string' ? { column, direction, type: 'text' } : { ...column, direction };
}

const orderOf = (keyset: Keyset) => `${keyset.column}.${keyset.direction}`;

export const encodeCursor = (keyset: Keyset, value: string, id: string): string =>
  Buffer.from(JSON.stringify([orderOf(keyset), value, id])).toString('base64url');

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** PostgreSQL's text form of a timestamptz (DateStyle ISO), e.g. `2026-05-04 08:00:00.123456+00`, checked field by field. */
function isTimestampText(value: string): boolean {
  const match =
    /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?[+-](\d{2})(?::(\d{2}))?(?::(\d{2}))?$/.exec(
      value,
    );
  if (!match) return false;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes = 0, offsetSeconds = 0] = match
    .slice(1)
    .map((part) => Number(part ?? 0));
  const date = new Date(0);
  date.setUTCFullYear(year!, month! - 1, day!);
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month! - 1 &&
    date.getUTCDate() === day &&
    hour! <= 23 &&
    minute! <= 59 &&
    second! <= 59 &&
    offsetHours! <= 15 &&
    offsetMinutes <= 59 &&
    offsetSeconds <= 59
  );
}

const badCursor = () => invalid('cursor', 'is not a cursor returned by this list');

/** The sort value and id of a cursor made by `toPage` for the same keyset; anything else is a 400. */
export function decodeCursor(keyset: Keyset, cursor: string): [string, string] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((part) => typeof part === 'string'))
    throw badCursor();
  const [order, value, id] = parsed as [string, string, string];
  if (order !== orderOf(keyset))
    throw invalid('cursor', 'belongs to a list in another order; start again without a cursor');
  if (!uuidPattern.test(id) || value.includes('\u0000')) throw badCursor();
  if (keyset.type === 'timestamptz' && !isTimestampText(value)) throw badCursor();
  return [value, id];
}

/** The sort column as text, selected as `cursor_value` so the last row of a page can become the cursor. */
export const cursorValue = (keyset: Keyset, table: string) =>
  sql<string>`${sql.ref(`${table}.${keyset.column}`)}::text`.as('cursor_value');

/** Rows after the cursor in the list's order: `(column, id) > (value, id)` (or `<` descending). */
export function afterCursor(keyset: Keyset, table: string, cursor: string): RawBuilder<SqlBool> {
  const [value, id] = decodeCursor(keyset, cursor);
  const op = sql.raw(keyset.direction === 'asc' ? '>' : '<');
  return sql<SqlBool>`(${sql.ref(`${table}.${keyset.column}`)}, ${sql.ref(`${table}.id`)}) ${op} (${value}, ${id}::uuid)`;
}

/** Cuts the extra row fetched to learn whether there is a next page, and makes the next cursor. */
export function toPage<Row extends { id: string; cursor_value: string }, Item>(
  rows: Row[],
  limit: number,
  keyset: Keyset,
  present: (row: Row) => Item,
): { items: Item[]; nextCursor: string | null } {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(present),
    nextCursor: rows.length > limit && last ? encodeCursor(keyset, last.cursor_value, last.id) : null,
  };
}
