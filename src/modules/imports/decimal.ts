import type { Decimal } from '#src/shared/decimal.ts';

export {
  type Decimal,
  add,
  multiply,
  ZERO,
  roundTo as roundToUnits,
  formatDecimal as decimalText,
} from '#src/shared/decimal.ts';

/** Decimals as import files write them; the exact arithmetic is src/shared/decimal.ts. */
const plain = /^([+-])?(\d*)(?:\.(\d*))?$/;
/** Thousands separators as spreadsheets write them: `1,234,567.50`. */
const grouped = /^([+-])?(\d{1,3}(?:,\d{3})+)(?:\.(\d*))?$/;

/** A decimal number as people write it (`12.50`, `-3`, `.5`, `1,234.5`); null for anything else. */
export function parseDecimalText(text: string): Decimal | null {
  const trimmed = text.trim();
  const match = plain.exec(trimmed) ?? grouped.exec(trimmed);
  if (!match) return null;
  const [, sign, whole = '', fraction = ''] = match;
  const digits = whole.replaceAll(',', '');
  if (digits === '' && fraction === '') return null;
  const units = BigInt(`${digits || '0'}${fraction}`);
  return { units: sign === '-' ? -units : units, scale: fraction.length };
}
