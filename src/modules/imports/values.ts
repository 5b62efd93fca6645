import type { Columns } from '#src/modules/imports/columns.ts';
import { parseDecimalText, roundToUnits, type Decimal } from '#src/modules/imports/decimal.ts';
import type { SourceRow } from '#src/modules/imports/read-file.ts';
import { calendarDay, parseDateTime } from '#src/shared/dates.ts';
import { isCurrency, minorDigits } from '#src/shared/money.ts';

/** Why a row is rejected: the file's own column header and a reason a person can act on. */
export interface RowProblem {
  column: string;
  reason: string;
}

/** A cell longer than this is rejected with its row (a 1M-character cell is an error, not a crash). */
export const MAX_CELL_CHARS = 100_000;

/** What parsing a row needs besides the row: the business time zone and the currency to assume. */
export interface RowContext {
  timeZone: string;
  /** `currency` column → `--currency` → the business currency (DESIGN §4). */
  currency: string;
}

/** One file row read through the column mapping, collecting the problems found on the way. */
export class MappedRow {
  readonly row: SourceRow;
  readonly #columns: Columns;
  readonly problems: RowProblem[] = [];

  constructor(row: SourceRow, columns: Columns) {
    this.row = row;
    this.#columns = columns;
    // every mapped cell is checked once, whatever its field: PostgreSQL text cannot hold NUL, a replacement
    // character means bytes that were not text in the file's encoding, and oversized cells are refused
    for (const [field, index] of columns.index) {
      const cell = row.cells[index];
      if (!cell) continue;
      if (cell.length > MAX_CELL_CHARS)
        this.fail(field, `is ${cell.length} characters long; a cell may hold at most ${MAX_CELL_CHARS}`);
      else if (cell.includes('\u0000')) this.fail(field, 'contains the NUL character');
      else if (cell.includes('\ufffd'))
        this.fail(field, 'holds bytes that are not text in the file’s encoding (see --encoding)');
    }
  }

  has(field: string): boolean {
    return this.#columns.index.has(field);
  }

  /** The trimmed cell of a field; '' when the column is absent or the cell empty. */
  text(field: string): string {
    const index = this.#columns.index.get(field);
    return index === undefined ? '' : (this.row.cells[index] ?? '').trim();
  }

  column(field: string): string {
    return this.#columns.header(field);
  }

  fail(field: string, reason: string): void {
    const column = this.column(field);
    if (!this.problems.some((p) => p.column === column)) this.problems.push({ column, reason });
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }

  /** A required cell's text, or '' after recording that it is missing. */
  required(field: string): string {
    const value = this.text(field);
    if (!value && !this.problems.some((p) => p.column === this.column(field)))
      this.fail(field, 'is required');
    return value;
  }

  /** Optional text: null when empty; longer than `max` is a problem. */
  optionalText(field: string, max: number): string | null {
    const value = this.text(field);
    if (!value) return null;
    if (value.length > max) {
      this.fail(field, `is ${value.length} characters long; at most ${max} are allowed`);
      return null;
    }
    return value;
  }

  /** A date or time (DESIGN §4, Dates) in the business time zone unless it names a zone. */
  dateTime(field: string, timeZone: string, required: boolean): { at: Date; day: string } | null {
    const value = required ? this.required(field) : this.text(field);
    if (!value) return null;
    const parsed = parseDateTime(value, timeZone);
    if (!parsed) {
      this.fail(
        field,
        `"${clip(value)}" is not a date or time (use 2024-03-01, 2024-03-01 08:26:00, 2024-03-01T08:26:00+08:00 or 20240301)`,
      );
      return null;
    }
    // a time without a zone is a wall-clock time in the business time zone: its day is the day it names
    const named = zoneless.exec(value);
    return {
      at: parsed.date,
      day: named ? `${named[1]}-${named[2]}-${named[3]}` : dayOf(parsed.date, timeZone),
    };
  }

  /** A decimal number; thousands separators allowed. */
  decimal(field: string, required: boolean): Decimal | null {
    const value = required ? this.required(field) : this.text(field);
    if (!value) return null;
    const parsed = parseDecimalText(value);
    if (!parsed) this.fail(field, `"${clip(value)}" is not a number`);
    return parsed;
  }

  /** Money in major units (12.50) as integer minor units of the currency, rounded half-up. */
  money(field: string, currency: string, required: boolean): number | null {
    const parsed = this.decimal(field, required);
    if (!parsed) return null;
    const minor = Number(roundToUnits(parsed, minorDigits(currency)));
    if (!Number.isSafeInteger(minor)) {
      this.fail(field, 'is too large an amount');
      return null;
    }
    return minor;
  }

  /** The row's currency: its own `currency` cell, else the context's. */
  currency(context: RowContext): string {
    const value = this.text('currency').toUpperCase();
    if (!value) return context.currency;
    if (!knownCurrency(value))
      this.fail('currency', `"${clip(value)}" is not an ISO 4217 currency code such as CNY`);
    return value;
  }

  /** One of the allowed values (case-insensitive), with aliases people write. */
  choice<T extends string>(
    field: string,
    allowed: readonly T[],
    aliases: Record<string, T> = {},
    required = true,
  ): T | null {
    const value = required ? this.required(field) : this.text(field);
    if (!value) return null;
    const lower = value.toLowerCase();
    const found = allowed.find((option) => option === lower) ?? aliases[lower] ?? aliases[value];
    if (!found) this.fail(field, `"${clip(value)}" is not one of ${allowed.join(', ')}`);
    return found ?? null;
  }
}

/** The date of a date or time that names no zone (ends without Z or an offset). */
const zoneless = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ][\d:.,]+)?$/;

/**
 * The calendar day of an instant, cached per quarter hour: time zone offsets are whole quarter hours, so every
 * instant of a quarter hour falls on the same day, and an import of millions of rows asks Intl a few thousand times
 * instead of millions.
 */
const days = new Map<string, string>();
function dayOf(instant: Date, timeZone: string): string {
  const key = `${timeZone} ${Math.floor(instant.getTime() / 900_000)}`;
  let day = days.get(key);
  if (day === undefined) {
    day = calendarDay(instant, timeZone);
    if (days.size > 200_000) days.clear();
    days.set(key, day);
  }
  return day;
}

/** `isCurrency` asks Intl for the list of every currency; a file names a handful, so the answers are kept. */
const currencies = new Map<string, boolean>();
function knownCurrency(code: string): boolean {
  let known = currencies.get(code);
  if (known === undefined) {
    known = isCurrency(code);
    if (currencies.size < 1000) currencies.set(code, known);
  }
  return known;
}

/** A value quoted in a reason, cut short so a 1M-character cell does not make a 1M-character message. */
export const clip = (value: string, max = 60): string =>
  value.length > max ? `${value.slice(0, max)}…` : value;
