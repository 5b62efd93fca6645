/**
 * Money is integer minor units with an ISO 4217 currency (DESIGN §3). The number of minor digits comes from the
 * currency (CNY 2, JPY 0, BHD 3) as ICU knows it.
 */
const digitsCache = new Map<string, number>();

export function minorDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits!;
    digitsCache.set(currency, digits);
  }
  return digits;
}

export const isCurrency = (code: string): boolean => {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  return Intl.supportedValuesOf('currency').includes(code);
};

const decimalPattern = /^([+-])?(\d+)(?:\.(\d+))?$/;

/**
 * An exact decimal as a scaled bigint: `parseDecimal('12.505', 3)` → 12505n. Null when the text is not a plain
 * decimal number. Extra digits beyond `scale` are rounded half away from zero.
 */
export function parseDecimal(text: string, scale: number): bigint | null {
  const match = decimalPattern.exec(text.trim());
  if (!match) return null;
  const [, sign, whole, fraction = ''] = match;
  const kept = (fraction + '0'.repeat(scale)).slice(0, scale);
  let value = BigInt(whole! + kept);
  if (fraction.length > scale && Number(fraction[scale]) >= 5) value += 1n;
  return sign === '-' ? -value : value;
}

/** Major units (`12.50`, `-3`, `0`) to minor units of the currency, or null for non-numeric text. */
export function toMinorUnits(major: string, currency: string): number | null {
  const value = parseDecimal(major, minorDigits(currency));
  if (value === null) return null;
  const result = Number(value);
  return Number.isSafeInteger(result) ? result : null;
}

/** Minor units to a JSON number in major units, rounded to the currency's minor unit (DESIGN §4). */
export const toMajorUnits = (minor: number, currency: string): number => minor / 10 ** minorDigits(currency);

/** Minor units to the exact major-unit text used by exports (`1250` CNY → `12.50`). */
export function formatMajorUnits(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === 0) return String(minor);
  const sign = minor < 0 ? '-' : '';
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
