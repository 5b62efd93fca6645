import { describe, expect, it } from 'vitest';
import {
  exactMinor,
  netUnitPrice,
  priceQuoteLine,
  quoteTotals,
  roundingResidue,
} from '#src/modules/sales/quote-totals.ts';

/** A quote's arithmetic: exact decimals, each line rounded half-up once (net, then tax). */
describe('quote totals', () => {
  it('rounds the net amount and then the tax half-up, once per line', () => {
    // 0.335 kg × 3.00 = 1.005 → 1.01 (floating point would give 1.0049999… and round down)
    expect(priceQuoteLine({ quantity: '0.335', unitPrice: 300, discount: '0', taxRate: '0' }).amount).toBe(
      101,
    );
    // 12.50 × 13 % = 1.625 → 1.63
    expect(priceQuoteLine({ quantity: '1', unitPrice: 1250, discount: '0', taxRate: '0.13' })).toEqual({
      gross: 1250,
      amount: 1250,
      tax: 163,
    });
    // 3 × 33.35 = 100.05, × 0.95 = 95.0475 → 95.05; tax 12.3565 → 12.36
    expect(priceQuoteLine({ quantity: '3', unitPrice: 3335, discount: '0.05', taxRate: '0.13' })).toEqual({
      gross: 10005,
      amount: 9505,
      tax: 1236,
    });
  });

  it('adds the rounded lines: total = subtotal − discounts + tax', () => {
    const lines = [
      { quantity: '3', unitPrice: 3335, discount: '0.05', taxRate: '0.13' },
      { quantity: '2.5', unitPrice: 1999, discount: '0', taxRate: '0.06' },
    ].map(priceQuoteLine);
    expect(quoteTotals(lines)).toEqual({ subtotal: 15003, discountTotal: 500, taxTotal: 1536, total: 16039 });
  });

  it('prices an order line at the exact net unit price and carries the rounding difference', () => {
    const line = { quantity: '3', unitPrice: 3335, discount: '0.05', taxRate: '0.13' };
    expect(netUnitPrice(line, 'CNY')).toBe('31.6825');
    // 95.05 on the quote against 3 × 31.6825 = 95.0475 exactly
    expect(roundingResidue([line], 'CNY')).toBe('0.0025');
    expect(roundingResidue([{ ...line, discount: '0' }], 'CNY')).toBe('0');
    expect(netUnitPrice({ ...line, unitPrice: 1000 }, 'JPY')).toBe('950');
  });

  it('takes a price only when it fits the currency’s minor unit', () => {
    expect(exactMinor('12.50', 'CNY')).toBe(1250);
    expect(exactMinor('12.5000', 'CNY')).toBe(1250);
    expect(exactMinor('1.005', 'CNY')).toBeNull();
    expect(exactMinor('12', 'JPY')).toBe(12);
    expect(exactMinor('12.5', 'JPY')).toBeNull();
  });
});
