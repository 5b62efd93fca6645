import type { Db } from '#src/shared/context.ts';

const columns = ['id', 'name', 'prefix', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'] as const;

/** One of the user's own API tokens (another user's is not found). */
export const findOwnApiToken = (db: Db, userId: string, id: string) =>
  db
    .selectFrom('api_tokens')
    .select(columns)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();

export type ApiTokenRow = NonNullable<Awaited<ReturnType<typeof findOwnApiToken>>>;

export const listOwnApiTokens = (db: Db, userId: string) =>
  db
    .selectFrom('api_tokens')
    .select(columns)
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();

export async function insertApiToken(
  db: Db,
  token: {
    id: string;
    userId: string;
    name: string;
    prefix: string;
    tokenHash: string;
    createdAt: Date;
    expiresAt: Date | null;
  },
): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({
      id: token.id,
      user_id: token.userId,
      name: token.name,
      prefix: token.prefix,
      token_hash: token.tokenHash,
      created_at: token.createdAt,
      expires_at: token.expiresAt,
    })
    .execute();
}

export async function markApiTokenRevoked(db: Db, id: string, now: Date): Promise<void> {
  await db.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', id).execute();
}
