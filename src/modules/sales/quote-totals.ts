import { formatDecimal, multiply, roundTo, sum, type Decimal } from '#src/shared/decimal.ts';
import { minorDigits } from '#src/shared/money.ts';

/**
 * A quote's arithmetic, exact: money in integer minor units, quantities and fractions as decimals. Each line is
 * rounded half-up once (its net amount, then its tax), as a Chinese VAT invoice (增值税发票) rounds per line; the
 * totals add the rounded lines, so the quote's lines always add up to its total.
 */
export interface QuoteLineValues {
  quantity: string;
  /** Minor units of the quote's currency. */
  unitPrice: number;
  discount: string;
  taxRate: string;
}

export interface PricedQuoteLine {
  /** Minor units: round(quantity × unit price), before the discount. */
  gross: number;
  /** Minor units: round(quantity × unit price × (1 − discount)). */
  amount: number;
  /** Minor units: round(amount × tax rate). */
  tax: number;
}

export interface QuoteTotals {
  subtotal: number;
  discountTotal: number;
  taxTotal: number;
  total: number;
}

/** Decimal text as validated by the schema (`2`, `0.05`, `-1.5`) → exact value; anything else is a bug upstream. */
export function decimal(text: string): Decimal {
  const match = /^([+-])?(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`not a decimal: ${text}`);
  const [, sign, whole, fraction = ''] = match;
  const units = BigInt(whole! + fraction);
  return { units: sign === '-' ? -units : units, scale: fraction.length };
}

/** Major units as minor units when they fit the currency's minor unit exactly (`12.50` CNY → 1250), else null. */
export function exactMinor(major: string, currency: string): number | null {
  const value = decimal(major);
  const digits = minorDigits(currency);
  const extra = value.scale - digits;
  if (extra > 0 && value.units % 10n ** BigInt(extra) !== 0n) return null;
  const result = Number(roundTo(value, digits));
  return Number.isSafeInteger(result) ? result : null;
}
const one: Decimal = { units: 1n, scale: 0 };
const negate = (value: Decimal): Decimal => ({ units: -value.units, scale: value.scale });
const minor = (value: number): Decimal => ({ units: BigInt(value), scale: 0 });

/** quantity × unit price × (1 − discount), exact, in minor units (a fraction of a minor unit kept). */
export const exactNetAmount = (line: QuoteLineValues): Decimal =>
  multiply(
    multiply(decimal(line.quantity), minor(line.unitPrice)),
    sum([one, negate(decimal(line.discount))]),
  );

export function priceQuoteLine(line: QuoteLineValues): PricedQuoteLine {
  const gross = Number(roundTo(multiply(decimal(line.quantity), minor(line.unitPrice)), 0));
  const amount = Number(roundTo(exactNetAmount(line), 0));
  const tax = Number(roundTo(multiply(minor(amount), decimal(line.taxRate)), 0));
  return { gross, amount, tax };
}

export function quoteTotals(lines: readonly PricedQuoteLine[]): QuoteTotals {
  const subtotal = lines.reduce((total, line) => total + line.gross, 0);
  const net = lines.reduce((total, line) => total + line.amount, 0);
  const taxTotal = lines.reduce((total, line) => total + line.tax, 0);
  return { subtotal, discountTotal: subtotal - net, taxTotal, total: net + taxTotal };
}

/** Minor units as exact major-unit decimal text (`1250`, CNY → `12.5`). */
export const majorText = (value: Decimal | number, currency: string): string => {
  const units = typeof value === 'number' ? minor(value) : value;
  return formatDecimal({ units: units.units, scale: units.scale + minorDigits(currency) });
};

/** The net unit price (unit price × (1 − discount)) in major units, exact: an order line's price. */
export const netUnitPrice = (line: QuoteLineValues, currency: string): string =>
  majorText(multiply(minor(line.unitPrice), sum([one, negate(decimal(line.discount))])), currency);

/**
 * What per-line rounding added to the exact net amounts, in major units (may be negative, a fraction of a minor
 * unit per line): an order priced at net unit prices needs it to reach the quote's total exactly.
 */
export function roundingResidue(lines: readonly QuoteLineValues[], currency: string): string {
  const exact = sum(lines.map(exactNetAmount));
  const rounded = minor(lines.reduce((total, line) => total + priceQuoteLine(line).amount, 0));
  return majorText(sum([rounded, negate(exact)]), currency);
}
