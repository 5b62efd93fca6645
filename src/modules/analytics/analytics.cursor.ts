import { invalid } from '#src/shared/errors.ts';

/**
 * Keyset cursors of analytics customer items (DESIGN §4: never OFFSET). Items are ranked by an amount in minor
 * units (descending) and then by the customer's ref, which is unique; a cursor carries the list it belongs to and
 * the last item's amount and ref. It is client input: checked completely before any of it reaches SQL.
 */
export interface ItemCursor {
  amount: number;
  ref: string;
}

export const encodeItemCursor = (list: string, cursor: ItemCursor): string =>
  Buffer.from(JSON.stringify([list, cursor.amount, cursor.ref])).toString('base64url');

const badCursor = () => invalid('querystring.cursor', 'is not a cursor returned by this list');

export function decodeItemCursor(list: string, cursor: string): ItemCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw badCursor();
  const [kind, amount, ref] = parsed as unknown[];
  if (kind !== list) throw badCursor();
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) throw badCursor();
  if (typeof ref !== 'string' || ref.length > 500 || ref.includes('\u0000')) throw badCursor();
  return { amount, ref };
}
