import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, parseSort, toPage, type Keyset } from '#src/db/paginate.ts';
import { AppError } from '#src/shared/errors.ts';

const columns = { name: 'name', createdAt: { column: 'created_at', type: 'timestamptz' } } as const;
const byName = parseSort('name', columns);
const byNewest = parseSort('-createdAt', columns);
const id = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

const cursorError = (keyset: Keyset, cursor: string) => {
  try {
    decodeCursor(keyset, cursor);
  } catch (error) {
    return error;
  }
  return null;
};

describe('a sort parameter', () => {
  it('names a column and a direction', () => {
    expect(byName).toEqual({ column: 'name', direction: 'asc', type: 'text' });
    expect(byNewest).toEqual({ column: 'created_at', direction: 'desc', type: 'timestamptz' });
  });

  it('naming no sortable column is a 400 naming sort', () => {
    expect(() => parseSort('password_hash', columns)).toThrow(AppError);
    try {
      parseSort('-password_hash', columns);
    } catch (error) {
      expect((error as AppError).errors).toEqual([
        { field: 'sort', message: 'must be one of name, createdAt' },
      ]);
    }
  });
});

describe('a cursor', () => {
  it('round-trips the last value and id of its own list', () => {
    const value = '2026-05-04 08:00:00.123456+00';
    expect(decodeCursor(byNewest, encodeCursor(byNewest, value, id))).toEqual([value, id]);
    expect(decodeCursor(byName, encodeCursor(byName, '张伟 <b>', id))).toEqual(['张伟 <b>', id]);
  });

  it.each([
    ['garbage', byNewest, 'not a cursor'],
    ['base64 of something else', byNewest, Buffer.from('{"a":1}').toString('base64url')],
    ['from another list order', byNewest, encodeCursor(byName, 'Zhang', id)],
    [
      'from the same column in the other direction',
      byNewest,
      encodeCursor(parseSort('createdAt', columns), '2026-05-04 08:00:00+00', id),
    ],
    [
      'holding a bad id',
      byNewest,
      encodeCursor(byNewest, '2026-05-04 08:00:00+00', '------------------------------------'),
    ],
    ['holding an impossible date', byNewest, encodeCursor(byNewest, '2026-02-30 08:00:00+00', id)],
    ['holding an impossible hour', byNewest, encodeCursor(byNewest, '2026-02-03 24:00:00+00', id)],
    ['holding no timestamp', byNewest, encodeCursor(byNewest, 'yesterday', id)],
    ['holding a NUL', byName, encodeCursor(byName, 'a\u0000b', id)],
  ])('%s is refused with a 400 naming cursor', (_what, keyset, cursor) => {
    const error = cursorError(keyset, cursor);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    expect((error as AppError).errors.map((e) => e.field)).toEqual(['cursor']);
  });

  it('accepts every timestamp form PostgreSQL prints', () => {
    for (const value of [
      '2026-05-04 08:00:00+00',
      '2026-05-04 16:00:00.5+08',
      '2026-05-04 02:30:00.123456-05:30',
      '1999-12-31 23:59:59+05:45:30',
    ]) {
      expect(decodeCursor(byNewest, encodeCursor(byNewest, value, id))[0]).toBe(value);
    }
  });
});

describe('a page', () => {
  const rows = [1, 2, 3, 4].map((n) => ({ id: `${id.slice(0, -1)}${n}`, cursor_value: `v${n}` }));

  it('has a next cursor only when a row beyond the limit was fetched', () => {
    const full = toPage(rows, 3, byName, (row) => row.cursor_value);
    expect(full.items).toEqual(['v1', 'v2', 'v3']);
    expect(decodeCursor(byName, full.nextCursor!)).toEqual(['v3', rows[2]!.id]);
    expect(toPage(rows, 4, byName, (row) => row.cursor_value).nextCursor).toBeNull();
    expect(toPage([], 4, byName, (row: (typeof rows)[number]) => row.cursor_value)).toEqual({
      items: [],
      nextCursor: null,
    });
  });
});
