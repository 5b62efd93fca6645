/**
 * Exact decimal arithmetic on scaled bigints: quantity × unit price summed exactly and rounded once to the
 * currency's minor unit (DESIGN §4). Floating point would turn 3 × 0.335 into 1.0049999… and round it down.
 * Orders and the import both use it.
 */
export interface Decimal {
  /** The value times 10^scale. */
  units: bigint;
  scale: number;
}

const rescale = (value: Decimal, scale: number): bigint => value.units * 10n ** BigInt(scale - value.scale);

export const multiply = (a: Decimal, b: Decimal): Decimal => ({
  units: a.units * b.units,
  scale: a.scale + b.scale,
});

export function sum(values: readonly Decimal[]): Decimal {
  const scale = Math.max(0, ...values.map((v) => v.scale));
  return { units: values.reduce((total, v) => total + rescale(v, scale), 0n), scale };
}

/** The value's units at `scale`, rounded half away from zero (so a return mirrors its sale: −1.005 → −1.01). */
export function roundTo(value: Decimal, scale: number): bigint {
  if (value.scale <= scale) return rescale(value, scale);
  const divisor = 10n ** BigInt(value.scale - scale);
  const quotient = value.units / divisor;
  const remainder = value.units % divisor;
  const magnitude = remainder < 0n ? -remainder : remainder;
  if (magnitude * 2n < divisor) return quotient;
  return value.units < 0n ? quotient - 1n : quotient + 1n;
}

/** Plain decimal text without superfluous zeros: 1005n at scale 3 → `1.005`, 1500n at scale 3 → `1.5`. */
export function formatDecimal(value: Decimal): string {
  const negative = value.units < 0n;
  const digits = (negative ? -value.units : value.units).toString().padStart(value.scale + 1, '0');
  const whole = digits.slice(0, digits.length - value.scale);
  const fraction = digits.slice(digits.length - value.scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

export function add(a: Decimal, b: Decimal): Decimal {
  return sum([a, b]);
}

export const ZERO: Decimal = { units: 0n, scale: 0 };
