import { describe, expect, it } from 'vitest';
import {
  exactMinorUnits,
  formatDecimal,
  parseExact,
  priceLines,
  roundTo,
} from '#src/modules/orders/decimal.ts';

describe('line items are priced exactly and rounded once', () => {
  it('3 × 0.335 is exactly 1.005, which rounds half-up to 1.01 CNY (in floating point it rounds to 1.00)', () => {
    expect(Math.round(1.005 * 100)).toBe(100);
    expect(priceLines([{ quantity: '3', unitPrice: '0.335' }], 'CNY')).toEqual({
      lines: [{ quantity: '3', unitPrice: '0.335', amount: '1.005' }],
      quantity: '3',
      amount: 101,
    });
  });

  it('rounds the sum of the lines, not each line: 0.005 + 0.005 is 0.01, not 0.02', () => {
    const priced = priceLines(
      [
        { quantity: '1', unitPrice: '0.005' },
        { quantity: '1', unitPrice: '0.005' },
      ],
      'CNY',
    );
    expect(priced.amount).toBe(1);
  });

  it('uses the currency minor unit: JPY has none, BHD three', () => {
    expect(priceLines([{ quantity: '3', unitPrice: '0.5' }], 'JPY').amount).toBe(2);
    expect(priceLines([{ quantity: '3', unitPrice: '0.4' }], 'JPY').amount).toBe(1);
    expect(priceLines([{ quantity: '1', unitPrice: '0.0005' }], 'BHD').amount).toBe(1);
  });

  it('mirrors a sale in its return: −3 × 0.335 is −1.01', () => {
    const priced = priceLines([{ quantity: '-3', unitPrice: '0.335' }], 'CNY');
    expect(priced).toMatchObject({ amount: -101, quantity: '-3', lines: [{ amount: '-1.005' }] });
  });

  it('nets returned lines against bought ones, with exact decimal quantities', () => {
    const priced = priceLines(
      [
        { quantity: '2.5', unitPrice: '10.10' },
        { quantity: '-1', unitPrice: '10.10' },
      ],
      'CNY',
    );
    expect(priced).toMatchObject({ amount: 1515, quantity: '1.5' });
  });

  it('reports an amount past safe integers as null', () => {
    expect(priceLines([{ quantity: '999999999999999999', unitPrice: '999999' }], 'CNY').amount).toBeNull();
  });
});

describe('decimal text', () => {
  it('parses plain decimals only', () => {
    expect(parseExact('0.335')).toEqual({ units: 335n, scale: 3 });
    expect(parseExact('-12')).toEqual({ units: -12n, scale: 0 });
    expect(parseExact('1e3')).toBeNull();
    expect(parseExact('1.')).toBeNull();
    expect(parseExact('0.12345678901')).toBeNull();
  });

  it('formats without superfluous zeros', () => {
    expect(formatDecimal({ units: 1500n, scale: 3 })).toBe('1.5');
    expect(formatDecimal({ units: -5n, scale: 3 })).toBe('-0.005');
    expect(formatDecimal({ units: 42n, scale: 0 })).toBe('42');
  });

  it('rounds half away from zero', () => {
    expect(roundTo({ units: 1005n, scale: 3 }, 2)).toBe(101n);
    expect(roundTo({ units: 1004n, scale: 3 }, 2)).toBe(100n);
    expect(roundTo({ units: -1005n, scale: 3 }, 2)).toBe(-101n);
    expect(roundTo({ units: 7n, scale: 0 }, 2)).toBe(700n);
  });

  it('converts major units to minor units only when they fit the currency exactly', () => {
    expect(exactMinorUnits('12.50', 'CNY')).toBe(1250);
    expect(exactMinorUnits('12.500', 'CNY')).toBe(1250);
    expect(exactMinorUnits('12.505', 'CNY')).toBeNull();
    expect(exactMinorUnits('1200', 'JPY')).toBe(1200);
    expect(exactMinorUnits('12.5', 'JPY')).toBeNull();
    expect(exactMinorUnits('-3.2', 'CNY')).toBe(-320);
  });
});
