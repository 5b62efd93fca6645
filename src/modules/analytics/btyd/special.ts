import betaln from '@stdlib/math-base-special-betaln';
import digamma from '@stdlib/math-base-special-digamma';
import gammaln from '@stdlib/math-base-special-gammaln';

/**
 * The special functions the models need. ln Γ, ψ and ln B come from stdlib's single-function packages (DESIGN §1:
 * well-kept packages for special functions); what is here is built on them.
 */
export { betaln, digamma, gammaln };

/** Whether x is 0, −1, −2, …: a pole of Γ, where 1/Γ(x) is 0. */
export const isGammaPole = (x: number): boolean => x <= 0 && Number.isInteger(x);

/** The sign of Γ(x) for x not a pole: positive for x > 0, (−1)^⌈−x⌉ below 0 (Γ is negative on (−1, 0)). */
export const gammaSign = (x: number): number => (x > 0 || Math.floor(x) % 2 === 0 ? 1 : -1);

/**
 * Π Γ(numerator) / Π Γ(denominator), through ln |Γ| so large arguments do not overflow; 0 when a denominator
 * argument is a pole (1/Γ is 0 there). Numerator arguments must not be poles.
 */
export function gammaRatio(numerator: readonly number[], denominator: readonly number[]): number {
  let logValue = 0;
  let sign = 1;
  for (const x of denominator) {
    if (isGammaPole(x)) return 0;
    logValue -= gammaln(x);
    sign *= gammaSign(x);
  }
  for (const x of numerator) {
    if (isGammaPole(x)) throw new RangeError(`Γ(${x}) is infinite`);
    logValue += gammaln(x);
    sign *= gammaSign(x);
  }
  return sign * Math.exp(logValue);
}

/** (e^u − 1) / u, exact near 0 where the quotient would lose every digit (its limit there is 1). */
export const exprel = (u: number): number => (u === 0 ? 1 : Math.expm1(u) / u);
