/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from 0-9 and the capital
 * letters without I, O, Z, S and V; the last is a check character, 31 − (Σ value × weight mod 31), with weights
 * 3^i mod 31 for positions 0..16.
 */
const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters, or null when one of them is not allowed. */
export function creditCodeCheckCharacter(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = alphabet.indexOf(first17[i]!);
    if (value < 0) return null;
    sum += value * weights[i]!;
  }
  return alphabet[(31 - (sum % 31)) % 31]!;
}

/** Why a code is not a valid unified social credit code, or null when it is. */
export function creditCodeProblem(code: string): string | null {
  if (!/^[0-9A-Z]{18}$/.test(code)) return 'must be 18 digits or capital letters';
  const check = creditCodeCheckCharacter(code.slice(0, 17));
  if (check === null) return 'contains a letter not used in credit codes (I, O, Z, S, V)';
  if (code[17] !== check) return `has a wrong check character (expected ${check})`;
  return null;
}
