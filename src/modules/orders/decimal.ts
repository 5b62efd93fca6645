import { formatDecimal, roundTo, sum, multiply, type Decimal } from '#src/shared/decimal.ts';
import { minorDigits } from '#src/shared/money.ts';

export { formatDecimal, multiply, roundTo, sum, type Decimal } from '#src/shared/decimal.ts';

/** Parsing and pricing of order lines; the arithmetic is src/shared/decimal.ts. */
/** The most decimal places a quantity or unit price may have. */
export const MAX_SCALE = 10;

const pattern = /^([+-])?(\d{1,18})(?:\.(\d{1,10}))?$/;

/** `'0.335'` → 335n at scale 3; null when the text is not a plain decimal (no exponent, ≤ 18 + 10 digits). */
export function parseExact(text: string): Decimal | null {
  const match = pattern.exec(text.trim());
  if (!match) return null;
  const [, sign, whole, fraction = ''] = match;
  const units = BigInt(whole! + fraction);
  return { units: sign === '-' ? -units : units, scale: fraction.length };
}

/** A JSON number or a decimal string as decimal text: numbers print as JavaScript does (`0.335`, `2`). */
export const decimalText = (value: number | string): string =>
  typeof value === 'number' ? String(value) : value.trim();

/**
 * Major units to minor units when the value fits the currency's minor unit exactly (`12.50` CNY → 1250, `12.5`
 * JPY → null); null also for non-decimal text or a value past JavaScript's safe integers.
 */
export function exactMinorUnits(major: string, currency: string): number | null {
  const value = parseExact(major);
  if (!value) return null;
  const digits = minorDigits(currency);
  if (value.scale > digits && value.units % 10n ** BigInt(value.scale - digits) !== 0n) return null;
  const minor = roundTo(value, digits);
  const result = Number(minor);
  return Number.isSafeInteger(result) ? result : null;
}

export interface PricedLine {
  quantity: string;
  unitPrice: string;
  /** quantity × unitPrice, exact. */
  amount: string;
}

/**
 * Prices line items: each line's exact amount, the order's total quantity, and its amount in minor units — the exact
 * sum of the lines rounded half-up once to the currency's minor unit. Null amount when past safe integers.
 */
export function priceLines(
  lines: readonly { quantity: string; unitPrice: string }[],
  currency: string,
): { lines: PricedLine[]; quantity: string; amount: number | null } {
  const parsed = lines.map((line) => {
    const quantity = parseExact(line.quantity);
    const unitPrice = parseExact(line.unitPrice);
    if (!quantity || !unitPrice) throw new Error(`not a decimal line: ${JSON.stringify(line)}`);
    return { quantity, unitPrice, amount: multiply(quantity, unitPrice) };
  });
  const minor = Number(roundTo(sum(parsed.map((line) => line.amount)), minorDigits(currency)));
  return {
    lines: parsed.map((line) => ({
      quantity: formatDecimal(line.quantity),
      unitPrice: formatDecimal(line.unitPrice),
      amount: formatDecimal(line.amount),
    })),
    quantity: formatDecimal(sum(parsed.map((line) => line.quantity))),
    amount: Number.isSafeInteger(minor) ? minor : null,
  };
}
