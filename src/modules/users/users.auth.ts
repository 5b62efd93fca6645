import { recordAudit } from '#src/modules/audit/audit.service.ts';
import type { Actor, Deps } from '#src/shared/context.ts';
import { AppError } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';
import type { LoginLimiter } from '#src/modules/users/login-limiter.ts';
import { dummyPasswordHash, hashSecret, newSecret, verifyPassword } from '#src/modules/users/secrets.ts';
import * as sessions from '#src/modules/users/sessions.repo.ts';
import { presentUser } from '#src/modules/users/users.presenter.ts';
import { findUserByEmail, touchLastLogin } from '#src/modules/users/users.repo.ts';
import type { Role, User } from '#src/modules/users/users.schema.ts';

export const SESSION_DAYS = 14;
const DAY_MS = 86_400_000;
/** Activity timestamps are bookkeeping, not audited writes; refresh them at most this often. */
const TOUCH_EVERY_MS = 5 * 60_000;

export interface RequestInfo {
  ip: string;
  userAgent: string | null;
  requestId: string;
}

export async function login(
  deps: Deps,
  limiter: LoginLimiter,
  credentials: { email: string; password: string },
  request: RequestInfo,
): Promise<{ token: string; user: User; expiresAt: Date }> {
  limiter.check(credentials.email, request.ip);
  const found = await findUserByEmail(deps.db, credentials.email);
  // verify against a dummy hash when the account is unknown, so the answer takes as long either way
  const valid = await verifyPassword(
    found?.password_hash ?? (await dummyPasswordHash()),
    credentials.password,
  );
  if (!found || !valid) {
    limiter.fail(credentials.email, request.ip);
    throw new AppError('auth.invalid_credentials', 'email or password is wrong');
  }
  if (!found.active) throw new AppError('auth.account_inactive', 'this account has been deactivated');
  limiter.succeed(credentials.email);
  const token = newSecret('gxs');
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * DAY_MS);
  const sessionId = newId();
  const actor: Actor = {
    userId: found.id,
    label: found.email,
    role: found.role as Role,
    teamId: found.team_id,
    ip: request.ip,
    requestId: request.requestId,
  };
  await deps.db.transaction().execute(async (tx) => {
    await sessions.insertSession(tx, {
      id: sessionId,
      userId: found.id,
      tokenHash: hashSecret(token),
      createdAt: now,
      expiresAt,
      ip: request.ip,
      userAgent: request.userAgent,
    });
    await touchLastLogin(tx, found.id, now);
    await recordAudit(tx, actor, {
      at: now,
      action: 'login',
      entity: 'session',
      entityId: sessionId,
      after: { userId: found.id, ip: request.ip },
    });
  });
  // the login only changed last_login_at: present the row already read rather than reading it again
  const user = presentUser({ ...found, last_login_at: now });
  return { token, user, expiresAt };
}

export async function logout(deps: Deps, actor: Actor, token: string): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    const ended = await sessions.deleteSession(tx, hashSecret(token));
    if (ended)
      await recordAudit(tx, actor, {
        at: deps.clock.now(),
        action: 'logout',
        entity: 'session',
        entityId: ended.id,
      });
  });
}

export interface Principal {
  userId: string;
  email: string;
  role: Role;
  teamId: string | null;
  via: 'session' | 'api_token';
}

/** Resolves a session or API token to its user; throws 401 when it is unknown, expired, revoked or inactive. */
export async function authenticate(deps: Deps, token: string): Promise<Principal> {
  const now = deps.clock.now();
  const tokenHash = hashSecret(token);
  if (token.startsWith('gxs_')) {
    const found = await sessions.findSessionPrincipal(deps.db, tokenHash);
    if (!found || !found.active)
      throw new AppError('auth.required', 'the session is not valid; log in again');
    if (found.expires_at <= now)
      throw new AppError('auth.token_expired', 'the session has expired; log in again');
    if (now.getTime() - found.last_seen_at.getTime() > TOUCH_EVERY_MS) {
      await sessions.extendSession(
        deps.db,
        found.credential_id,
        now,
        new Date(now.getTime() + SESSION_DAYS * DAY_MS),
      );
    }
    return principal(found, 'session');
  }
  if (token.startsWith('gxt_')) {
    const found = await sessions.findApiTokenPrincipal(deps.db, tokenHash);
    if (!found || !found.active || found.revoked_at)
      throw new AppError('auth.required', 'the API token is not valid');
    if (found.expires_at && found.expires_at <= now)
      throw new AppError('auth.token_expired', 'the API token has expired');
    if (!found.last_used_at || now.getTime() - found.last_used_at.getTime() > TOUCH_EVERY_MS) {
      await sessions.touchApiToken(deps.db, found.credential_id, now);
    }
    return principal(found, 'api_token');
  }
  throw new AppError('auth.required', 'the token is not a Guanxi token');
}

const principal = (
  row: { user_id: string; email: string; role: string; team_id: string | null },
  via: Principal['via'],
): Principal => ({ userId: row.user_id, email: row.email, role: row.role as Role, teamId: row.team_id, via });
