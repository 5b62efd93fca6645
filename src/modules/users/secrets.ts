import { createHash, randomBytes, randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane).
const argonOptions = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => hash(password, argonOptions);

export const verifyPassword = async (passwordHash: string, password: string): Promise<boolean> => {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
};

/** A hash to verify against when the account does not exist, so timing does not reveal which emails exist. */
let dummyHash: Promise<string> | undefined;
export const dummyPasswordHash = (): Promise<string> =>
  (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

const passwordAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A generated password: 20 characters without look-alikes, shown once. */
export function generatePassword(): string {
  let out = '';
  while (out.length < 20) out += passwordAlphabet[randomInt(passwordAlphabet.length)];
  // guarantee a digit so the password rules accept it
  return `${out.slice(0, 19)}${randomInt(2, 10)}`;
}

/** Opaque bearer secrets: `gxs_` for sessions, `gxt_` for API tokens; only their SHA-256 is stored. */
export type SecretKind = 'gxs' | 'gxt';
export const newSecret = (kind: SecretKind): string => `${kind}_${randomBytes(32).toString('base64url')}`;
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');
