import { describe, expect, it } from 'vitest';
import { hyp2f1 } from '#src/modules/analytics/btyd/hyp2f1.ts';

const relativeError = (got: number, want: number) => Math.abs(got - want) / Math.abs(want);

/**
 * Values of mpmath 1.3.0's `hyp2f1` at 40 significant digits (printed to 17), for arguments as doubles: small and
 * large z, z just below 1 where the 1 − z transformation works, c − a − b an integer or within 1e-7 of one (where that
 * transformation's terms cancel), large parameters (BG/NBD's at x = 50), a terminating series and negative z.
 */
const mpmathValues: [number, number, number, number, number][] = [
  [1, 1, 2, 0.5, 1.3862943611198906],
  [0.5, 1, 1.5, 0.25, 1.0986122886681098],
  [2.5, 3.2, 4.1, 0.3, 1.9887429284205982],
  [2.5, 3.2, 4.1, 0.95, 210.32610232121817],
  [0.2426, 2.4259, 2.2188, 0.9, 1.9456628989491882],
  [0.2426, 2.4259, 2.2188, 0.97, 2.9149948261079484],
  [2.3259, -0.2071, 3.2188, 0.99, 0.7254923440372562],
  [50.2426, 52.4259, 52.2188, 0.5, 1531610523390386.8],
  [50.2426, 52.4259, 52.2188, 0.95, 4.297892647143085e65],
  [1, 1, 2, 0.999, 6.914669948931067],
  [1.5, 2.5, 4.0, 0.995, 17.75675966183759],
  [1.5, 2.5, 4.0000001, 0.995, 17.756756187221],
  [1.5, 2.5, 4.0004, 0.9995, 29.092737021503826],
  [3, -4, 2.5, 0.7, -0.01953939393939394],
  [0.7, 1.3, 2.1, -0.5, 0.8337793734524943],
  [0.7, 1.3, 2.1, -20, 0.1969443278330961],
  [0.75, 0.75, 1.5, 0.9999, 6.036361353548849],
  [10.5, 0.4, 12.3, 0.93, 1.9787801845473125],
  [-3.5, 2.2, 1.7, 0.6, -0.05093354742812746],
  [1.2, 0.8, 3.4, 1.0, 1.6792643578603232],
  [0.5, 0.5, 1.5, 0.96, 1.3976772203673038],
];

describe('Gauss hypergeometric 2F1', () => {
  it.each(mpmathValues)('2F1(%s, %s; %s; %s) matches mpmath', (a, b, c, z, want) => {
    expect(relativeError(hyp2f1(a, b, c, z), want)).toBeLessThan(1e-12);
  });

  it('matches closed forms up to z = 1 − 1e-6 (A&S 15.1.3–15.1.6, 15.1.8)', () => {
    for (const x of [0.1, 0.5, 0.9, 0.99, 0.9999, 0.999999]) {
      // 2F1(1, 1; 2; z) = −ln(1 − z)/z: c − a − b = 0, the transformation's degenerate case
      expect(relativeError(hyp2f1(1, 1, 2, x), -Math.log1p(-x) / x)).toBeLessThan(1e-12);
      expect(relativeError(hyp2f1(0.5, 0.5, 1.5, x * x), Math.asin(x) / x)).toBeLessThan(1e-12);
      expect(relativeError(hyp2f1(0.5, 1, 1.5, x * x), Math.atanh(x) / x)).toBeLessThan(1e-11);
      // 2F1(a, b; b; z) = (1 − z)^−a
      expect(relativeError(hyp2f1(0.3, 2.7, 2.7, x), Math.pow(1 - x, -0.3))).toBeLessThan(1e-12);
      // 2F1(1/2, 1; 3/2; −x²) = arctan(x)/x (negative z, through Pfaff)
      expect(relativeError(hyp2f1(0.5, 1, 1.5, -x * x * 100), Math.atan(x * 10) / (x * 10))).toBeLessThan(
        1e-12,
      );
    }
  });

  it("gives Gauss's sum at z = 1 and refuses what diverges or is undefined", () => {
    // 2F1(a, b; c; 1) = Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b)); for a = b = 1/2, c = 2: Γ(2)Γ(1)/Γ(3/2)² = 4/π
    expect(relativeError(hyp2f1(0.5, 0.5, 2, 1), 4 / Math.PI)).toBeLessThan(1e-14);
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(/diverges/);
    expect(() => hyp2f1(1, 1, 2, 1.5)).toThrow(/at most 1/);
    expect(() => hyp2f1(1, 1, -2, 0.5)).toThrow(/c must not be/);
    expect(() => hyp2f1(NaN, 1, 2, 0.5)).toThrow(/not finite/);
  });

  it('sums a terminating series exactly at any z', () => {
    // 2F1(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1))
    const [b, c, z] = [1.5, 2.5, 3];
    expect(hyp2f1(-2, b, c, z)).toBeCloseTo(1 - (2 * b * z) / c + (b * (b + 1) * z * z) / (c * (c + 1)), 12);
  });
});
