import { formatDecimal } from '#src/shared/decimal.ts';
import { toMajorUnits } from '#src/shared/money.ts';
import { decimal, exactMinor, priceQuoteLine, quoteTotals } from '#src/modules/sales/quote-totals.ts';

/** A line as the editor holds it: decimal text, discount and tax rate in percent as people type them. */
export interface EditorLine {
  productId?: string | undefined;
  quantity?: string | null | undefined;
  unitPrice?: string | null | undefined;
  discountPercent?: string | null | undefined;
  taxPercent?: string | null | undefined;
}

const decimalPattern = /^\d{1,18}(\.\d{1,10})?$/;

/** `5` (percent) → `0.05`, exactly; null for text that is not a plain non-negative decimal. */
export function percentToFraction(text: string | null | undefined): string | null {
  const trimmed = (text ?? '').trim();
  if (!decimalPattern.test(trimmed)) return null;
  const value = decimal(trimmed);
  return formatDecimal({ units: value.units, scale: value.scale + 2 });
}

/** `0.13` → `13`, for showing a stored fraction in the editor. */
export function fractionToPercent(fraction: number): string {
  const value = decimal(String(fraction));
  return formatDecimal({ units: value.units * 100n, scale: value.scale });
}

/**
 * The totals the server will compute, with the same code (quote-totals.ts), so the editor's live figures are the
 * quote's figures to the cent. Lines not yet complete count as nothing; null when a value cannot be priced.
 */
export function previewQuote(lines: readonly (EditorLine | undefined)[], currency: string) {
  const priced = [];
  for (const line of lines) {
    const quantity = (line?.quantity ?? '').trim();
    const price = (line?.unitPrice ?? '').trim();
    if (!decimalPattern.test(quantity) || !decimalPattern.test(price)) {
      priced.push(null);
      continue;
    }
    const unitPrice = exactMinor(price, currency);
    const discount = percentToFraction(line?.discountPercent || '0');
    const taxRate = percentToFraction(line?.taxPercent ?? '13');
    if (unitPrice === null || discount === null || taxRate === null) return null;
    priced.push(priceQuoteLine({ quantity, unitPrice, discount, taxRate }));
  }
  const totals = quoteTotals(priced.filter((line) => line !== null));
  const major = (minor: number) => toMajorUnits(minor, currency);
  return {
    lines: priced.map((line) => (line ? { amount: major(line.amount), tax: major(line.tax) } : null)),
    subtotal: major(totals.subtotal),
    discountTotal: major(totals.discountTotal),
    taxTotal: major(totals.taxTotal),
    total: major(totals.total),
  };
}
