import { recordAudit } from '#src/modules/audit/audit.service.ts';
import type { Actor, Deps } from '#src/shared/context.ts';
import {
  findOwnApiToken,
  insertApiToken,
  listOwnApiTokens,
  markApiTokenRevoked,
  type ApiTokenRow,
} from '#src/modules/users/api-tokens.repo.ts';
import { invalid, notFound } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';
import { hashSecret, newSecret } from '#src/modules/users/secrets.ts';
import type { ApiToken } from '#src/modules/users/users.schema.ts';

const present = (row: ApiTokenRow): ApiToken => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  createdAt: row.created_at.toISOString(),
  expiresAt: row.expires_at?.toISOString() ?? null,
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

/** The signed-in user's API tokens, newest first (a person has a handful: no pagination). */
export async function listApiTokens(deps: Deps, actor: Actor): Promise<ApiToken[]> {
  const rows = await listOwnApiTokens(deps.db, actor.userId!);
  return rows.map(present);
}

/** Makes a named API token acting as its creator; the secret is returned once and stored only as a hash. */
export async function createApiToken(
  deps: Deps,
  actor: Actor,
  input: { name: string; expiresAt?: string | null | undefined },
): Promise<{ token: string; apiToken: ApiToken }> {
  const now = deps.clock.now();
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt <= now) throw invalid('expiresAt', 'must be in the future');
  const token = newSecret('gxt');
  const id = newId();
  const apiToken = await deps.db.transaction().execute(async (tx) => {
    await insertApiToken(tx, {
      id,
      userId: actor.userId!,
      name: input.name,
      prefix: token.slice(0, 10),
      tokenHash: hashSecret(token),
      createdAt: now,
      expiresAt,
    });
    const created = present((await findOwnApiToken(tx, actor.userId!, id))!);
    await recordAudit(tx, actor, {
      at: now,
      action: 'create',
      entity: 'api_token',
      entityId: id,
      after: created,
    });
    return created;
  });
  return { token, apiToken };
}

export async function revokeApiToken(deps: Deps, actor: Actor, id: string): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    const current = await findOwnApiToken(tx, actor.userId!, id);
    if (!current) throw notFound('api_token.not_found', id);
    if (current.revoked_at) return;
    const now = deps.clock.now();
    await markApiTokenRevoked(tx, id, now);
    const after = present((await findOwnApiToken(tx, actor.userId!, id))!);
    await recordAudit(tx, actor, {
      at: now,
      action: 'revoke',
      entity: 'api_token',
      entityId: id,
      before: present(current),
      after,
    });
  });
}
