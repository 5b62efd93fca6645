/**
 * One set of type parsers for both engines, so results look the same on PGlite and PostgreSQL (DESIGN §1):
 * int8 (counts, sums of minor units) as numbers, numeric as exact strings, dates as 'YYYY-MM-DD' strings
 * (never a Date at local midnight).
 */
export const PG_INT8 = 20;
export const PG_NUMERIC = 1700;
export const PG_DATE = 1082;

export const typeParsers: Record<number, (value: string) => unknown> = {
  [PG_INT8]: (value) => Number(value),
  [PG_NUMERIC]: (value) => value,
  [PG_DATE]: (value) => value,
};
