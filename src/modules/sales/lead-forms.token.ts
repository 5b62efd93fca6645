import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The render token of a public form: when the form was shown, signed with the form's secret (HMAC-SHA256). A
 * submission must bring a token of its own form, at least `MIN_FILL_MS` old (people take longer to type than bots)
 * and not older than `MAX_AGE_MS`. It needs no state per visitor.
 */
export const MIN_FILL_MS = 3_000;
export const MAX_AGE_MS = 24 * 60 * 60 * 1000;

const signature = (secret: string, slug: string, issuedAt: number) =>
  createHmac('sha256', secret).update(`${slug}.${issuedAt}`).digest('base64url');

export const issueToken = (secret: string, slug: string, now: Date): string =>
  `${now.getTime()}.${signature(secret, slug, now.getTime())}`;

export type TokenProblem = 'invalid' | 'too_fast' | 'expired';

/** Why a token is refused, or null when it is good. */
export function checkToken(secret: string, slug: string, token: string, now: Date): TokenProblem | null {
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return 'invalid';
  const issuedAt = Number(match[1]);
  const expected = Buffer.from(signature(secret, slug, issuedAt));
  const given = Buffer.from(match[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
  const age = now.getTime() - issuedAt;
  if (age < MIN_FILL_MS) return 'too_fast';
  if (age > MAX_AGE_MS) return 'expired';
  return null;
}
