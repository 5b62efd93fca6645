import { describe, expect, it } from 'vitest';
import { creditCodeCheckCharacter, creditCodeProblem } from '#src/modules/customers/credit-code.ts';
import { creditCodeSchema } from '#src/modules/customers/customers.schema.ts';

/** The unified social credit code (GB 32100-2015) and its check character. */
describe('the unified social credit code', () => {
  // published codes of real companies
  it.each([
    ['91350100M000100Y43', 'a Fujian company'],
    ['91110000600037341L', 'a Beijing company'],
    ['91440300708461136T', 'Huawei Technologies'],
  ])('accepts %s (%s)', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
  });

  it('computes the check character from the first 17', () => {
    expect(creditCodeCheckCharacter('91350100M000100Y4')).toBe('3');
    expect(creditCodeCheckCharacter('91110000600037341')).toBe('L');
    // a weighted sum divisible by 31 gives 0, not the 31st character
    expect(creditCodeCheckCharacter('00000000000000000')).toBe('0');
  });

  it('refuses a wrong check character and says which one is expected', () => {
    expect(creditCodeProblem('91350100M000100Y44')).toBe('has a wrong check character (expected 3)');
  });

  it.each([
    ['too short', '91350100M000100Y4'],
    ['too long', '91350100M000100Y431'],
    ['lower case', '91350100m000100y43'],
    ['punctuation', '91350100-000100Y43'],
  ])('refuses a code that is %s', (_, code) => {
    expect(creditCodeProblem(code)).toBe('must be 18 digits or capital letters');
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])('refuses the letter %s, which codes never use', (letter) => {
    expect(creditCodeProblem(`91350100${letter}000100Y43`)).toMatch(/not used in credit codes/);
  });

  it('is read trimmed and upper-cased by the customer schema', () => {
    expect(creditCodeSchema.parse(' 91350100m000100y43 ')).toBe('91350100M000100Y43');
    expect(creditCodeSchema.safeParse('91350100M000100Y44').success).toBe(false);
  });
});
