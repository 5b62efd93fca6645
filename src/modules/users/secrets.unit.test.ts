import { describe, expect, it } from 'vitest';
import {
  generatePassword,
  hashPassword,
  hashSecret,
  newSecret,
  verifyPassword,
} from '#src/modules/users/secrets.ts';
import { passwordSchema } from '#src/modules/users/users.schema.ts';

describe('a generated password', () => {
  it('always passes the password rules and has no look-alike characters', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const password = generatePassword();
      expect(passwordSchema.safeParse(password).success, password).toBe(true);
      expect(password).toMatch(/^[A-HJ-NP-Za-km-z2-9]{20}$/);
      seen.add(password);
    }
    expect(seen.size).toBe(500);
  });
});

describe('the password rules', () => {
  it.each(['short1', 'aaaaaaaaaaaa', 'abababababab1', 'onlyletterslong', '123456789012'])(
    'refuse %s',
    (password) => {
      expect(passwordSchema.safeParse(password).success).toBe(false);
    },
  );

  it.each(['correct horse battery', 'Gx-pass-2026', '关系管理系统2026'])('accept %s', (password) => {
    expect(passwordSchema.safeParse(password).success).toBe(true);
  });
});

describe('secrets', () => {
  it('are opaque tokens of their kind, stored only as SHA-256', () => {
    const token = newSecret('gxt');
    expect(token).toMatch(/^gxt_[\w-]{43}$/);
    expect(hashSecret(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret(token)).not.toContain(token.slice(4));
    expect(newSecret('gxs')).not.toBe(newSecret('gxs'));
  });

  it('password hashes are argon2id and verify only the right password', async () => {
    const hash = await hashPassword('Gx-pass-2026');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, 'Gx-pass-2026')).toBe(true);
    expect(await verifyPassword(hash, 'Gx-pass-2027')).toBe(false);
    expect(await verifyPassword('not a hash', 'Gx-pass-2026')).toBe(false);
  });
});
