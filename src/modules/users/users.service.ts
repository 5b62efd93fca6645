import { recordAudit } from '#src/modules/audit/audit.service.ts';
import { moveOwnedCustomersToTeam } from '#src/modules/customers/customers.transfer.ts';
import { isForeignKeyViolation, isUniqueViolation } from '#src/db/errors.ts';
import { parseSort, toPage } from '#src/db/paginate.ts';
import type { Actor, Db, Deps } from '#src/shared/context.ts';
import { AppError, invalid, notFound, versionConflict } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';
import { deleteOtherSessions, deleteSessionsOfUser } from '#src/modules/users/sessions.repo.ts';
import { generatePassword, hashPassword, hashSecret, verifyPassword } from '#src/modules/users/secrets.ts';
import { presentUser } from '#src/modules/users/users.presenter.ts';
import * as repo from '#src/modules/users/users.repo.ts';
import { emailSchema, passwordSchema } from '#src/modules/users/users.schema.ts';
import type {
  User,
  UserCreateInput,
  UserListQuery,
  UserUpdateInput,
} from '#src/modules/users/users.schema.ts';

const sortColumns = {
  name: 'name',
  email: 'email',
  createdAt: { column: 'created_at', type: 'timestamptz' },
} as const;

export async function listUsers(deps: Deps, query: UserListQuery) {
  const keyset = parseSort(query.sort, sortColumns);
  const rows = await repo.listUsers(deps.db, query, keyset);
  return toPage(rows, query.limit, keyset, presentUser);
}

export async function getUser(deps: Deps, id: string): Promise<User> {
  const row = await repo.findUserById(deps.db, id);
  if (!row) throw notFound('user.not_found', id);
  return presentUser(row);
}

/** Creates a staff account; without a password one is generated and returned once. */
export async function createUser(
  deps: Deps,
  actor: Actor,
  input: UserCreateInput,
): Promise<{ user: User; password?: string }> {
  const generated = input.password === undefined ? generatePassword() : undefined;
  const passwordHash = await hashPassword(input.password ?? generated!);
  const id = newId();
  const now = deps.clock.now();
  const user = await deps.db.transaction().execute(async (tx) => {
    try {
      await repo.insertUser(tx, {
        id,
        createdAt: now,
        email: input.email,
        name: input.name,
        role: input.role,
        teamId: input.teamId ?? null,
        locale: input.locale ?? 'zh-CN',
        passwordHash,
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw invalid('email', 'is already used by another account', 'user.email_taken');
      if (isForeignKeyViolation(error)) throw invalid('teamId', 'names no team', 'team.not_found');
      throw error;
    }
    const created = presentUser((await repo.findUserById(tx, id))!);
    await recordAudit(tx, actor, { at: now, action: 'create', entity: 'user', entityId: id, after: created });
    return created;
  });
  return generated === undefined ? { user } : { user, password: generated };
}

/**
 * Changes a staff account at the given version. Guards: the last active admin cannot lose the role or be
 * deactivated (nobody could administer Guanxi any more), and nobody deactivates their own account.
 */
export async function updateUser(
  deps: Deps,
  actor: Actor,
  id: string,
  input: UserUpdateInput,
): Promise<User> {
  return deps.db.transaction().execute(async (tx) => {
    const current = await repo.findUserById(tx, id);
    if (!current) throw notFound('user.not_found', id);
    if (current.version !== input.version) throw versionConflict('user', current.version);
    if (input.active === false && id === actor.userId) {
      throw new AppError('user.self_deactivation', 'you cannot deactivate your own account', {
        errors: [{ field: 'active', message: 'cannot deactivate your own account' }],
      });
    }
    const losesAdmin =
      current.role === 'admin' &&
      current.active &&
      (input.active === false || (input.role && input.role !== 'admin'));
    if (losesAdmin && (await repo.lockActiveAdmins(tx)) <= 1) {
      throw new AppError('user.last_admin', 'Guanxi needs at least one active admin', {
        errors: [
          { field: input.active === false ? 'active' : 'role', message: 'would leave no active admin' },
        ],
      });
    }
    const before = presentUser(current);
    const now = deps.clock.now();
    try {
      const updated = await repo.updateUser(tx, id, input.version, input, now);
      if (!updated) throw versionConflict('user', current.version);
    } catch (error) {
      if (isForeignKeyViolation(error)) throw invalid('teamId', 'names no team', 'team.not_found');
      throw error;
    }
    if (input.active === false) await deleteSessionsOfUser(tx, id);
    const after = presentUser((await repo.findUserById(tx, id))!);
    const action = input.active === false ? 'deactivate' : 'update';
    await recordAudit(tx, actor, { at: now, action, entity: 'user', entityId: id, before, after });
    if (after.teamId !== before.teamId)
      await moveOwnedCustomersToTeam(tx, actor, { ownerId: id, teamId: after.teamId, now });
    return after;
  });
}

/** DELETE /users/:id: staff accounts are deactivated, never deleted, so their history keeps its author. */
export async function deactivateUser(deps: Deps, actor: Actor, id: string): Promise<User> {
  const current = await repo.findUserById(deps.db, id);
  if (!current) throw notFound('user.not_found', id);
  return updateUser(deps, actor, id, { version: current.version, active: false });
}

/** Sets a new password (generated unless given) and ends the user's sessions. */
export async function resetPassword(
  deps: Deps,
  actor: Actor,
  id: string,
  password?: string,
): Promise<{ password?: string }> {
  const generated = password === undefined ? generatePassword() : undefined;
  const passwordHash = await hashPassword(password ?? generated!);
  await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    if (!(await setPasswordHash(tx, id, passwordHash, now))) throw notFound('user.not_found', id);
    await deleteSessionsOfUser(tx, id);
    await recordAudit(tx, actor, { at: now, action: 'reset_password', entity: 'user', entityId: id });
  });
  return generated === undefined ? {} : { password: generated };
}

/**
 * Stores a new password hash. The row is locked first: otherwise a change to the account committing meanwhile
 * left the version read here stale, and the update silently matched nothing while the caller reported success
 * (seen on PostgreSQL). Returns false when the user does not exist.
 */
async function setPasswordHash(tx: Db, id: string, passwordHash: string, now: Date): Promise<boolean> {
  const locked = await repo.lockUser(tx, id);
  if (!locked) return false;
  if (!(await repo.updateUser(tx, id, locked.version, { passwordHash }, now))) {
    throw new Error(`the password of user ${id} was not stored although its row was locked`);
  }
  return true;
}

/** The signed-in user's own name and language. */
export async function updateMe(
  deps: Deps,
  actor: Actor,
  input: { name?: string | undefined; locale?: string | undefined },
): Promise<User> {
  const me = await repo.findUserById(deps.db, actor.userId!);
  if (!me) throw new AppError('auth.required');
  return updateUser(deps, actor, me.id, {
    version: me.version,
    name: input.name,
    locale: input.locale as User['locale'] | undefined,
  });
}

export async function changeOwnPassword(
  deps: Deps,
  actor: Actor,
  currentPassword: string,
  newPassword: string,
  /** The session or token making the change: it stays; every other session of the user ends. */
  keepCredential: string,
): Promise<void> {
  const userId = actor.userId!;
  const currentHash = await repo.findPasswordHash(deps.db, userId);
  if (!currentHash || !(await verifyPassword(currentHash, currentPassword))) {
    throw invalid('currentPassword', 'is not your current password', 'auth.wrong_password');
  }
  const passwordHash = await hashPassword(newPassword);
  await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    if (!(await setPasswordHash(tx, userId, passwordHash, now))) throw new AppError('auth.required');
    await deleteOtherSessions(tx, userId, hashSecret(keepCredential));
    await recordAudit(tx, actor, {
      at: now,
      action: 'change_password',
      entity: 'user',
      entityId: userId,
    });
  });
}

/**
 * On an empty database, creates the first admin from GUANXI_ADMIN_EMAIL/GUANXI_ADMIN_PASSWORD, or with a
 * generated password that the caller shows once. Returns null when users already exist.
 */
export async function ensureFirstAdmin(
  deps: Deps,
  actor: Actor,
  admin: { email: string | undefined; password: string | undefined },
): Promise<{ email: string; password?: string } | null> {
  if ((await repo.countUsers(deps.db)) > 0) return null;
  const email = emailSchema.safeParse(admin.email ?? 'admin@guanxi.local');
  if (!email.success) throw invalid('GUANXI_ADMIN_EMAIL', 'is not an email address');
  const password = admin.password === undefined ? undefined : passwordSchema.safeParse(admin.password);
  if (password && !password.success) {
    throw invalid('GUANXI_ADMIN_PASSWORD', password.error.issues.map((issue) => issue.message).join('; '));
  }
  return createFirstAdmin(deps, actor, email.data, password?.data);
}

async function createFirstAdmin(deps: Deps, actor: Actor, email: string, password: string | undefined) {
  const created = await createUser(deps, actor, {
    email,
    name: 'Admin',
    role: 'admin',
    locale: 'zh-CN',
    ...(password !== undefined && { password }),
  });
  return { email, ...(created.password !== undefined && { password: created.password }) };
}
