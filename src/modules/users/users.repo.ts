import { updateAtVersion } from '#src/db/versioned.ts';
import { sql } from 'kysely';
import { afterCursor, cursorValue, type Keyset } from '#src/db/paginate.ts';
import type { Db } from '#src/shared/context.ts';
import type { UserListQuery } from '#src/modules/users/users.schema.ts';

const userColumns = [
  'users.id',
  'users.email',
  'users.name',
  'users.role',
  'users.team_id',
  'users.locale',
  'users.active',
  'users.version',
  'users.created_at',
  'users.updated_at',
  'users.last_login_at',
] as const;

const baseQuery = (db: Db) =>
  db
    .selectFrom('users')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .select([...userColumns, 'teams.name as team_name']);

export type UserRow = Awaited<ReturnType<typeof findUserById>> & {};

export const findUserById = (db: Db, id: string) =>
  baseQuery(db).where('users.id', '=', id).executeTakeFirst();

export const findUserByEmail = (db: Db, email: string) =>
  baseQuery(db)
    .select('users.password_hash')
    .where(sql`lower(users.email)`, '=', email.toLowerCase())
    .executeTakeFirst();

/** Only the password hash, to check a user's current password. */
export const findPasswordHash = async (db: Db, id: string) =>
  (await db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirst())
    ?.password_hash;

export const countUsers = async (db: Db) =>
  Number(
    (
      await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/**
 * Counts the active admins and locks their rows until the transaction ends. Without the lock, two concurrent
 * demotions on PostgreSQL each saw the other admin and both went through, leaving none; with it the second waits,
 * then re-reads the rows and sees one admin left.
 */
export const lockActiveAdmins = async (db: Db) =>
  (
    await db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'admin')
      .where('active', '=', true)
      .forUpdate()
      .execute()
  ).length;

export async function listUsers(db: Db, query: UserListQuery, keyset: Keyset) {
  let q = baseQuery(db)
    .select(cursorValue(keyset, 'users'))
    .orderBy(`users.${keyset.column}` as 'users.name', keyset.direction)
    .orderBy('users.id', keyset.direction)
    .limit(query.limit + 1);
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('users.name', 'ilike', pattern), eb('users.email', 'ilike', pattern)]));
  }
  if (query.role) q = q.where('users.role', '=', query.role);
  if (query.teamId) q = q.where('users.team_id', '=', query.teamId);
  if (query.active) q = q.where('users.active', '=', query.active === 'true');
  if (query.cursor) q = q.where(afterCursor(keyset, 'users', query.cursor));
  return q.execute();
}

export interface UserInsert {
  id: string;
  createdAt: Date;
  email: string;
  name: string;
  role: string;
  teamId: string | null;
  locale: string;
  passwordHash: string;
}

export async function insertUser(db: Db, user: UserInsert): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      team_id: user.teamId,
      locale: user.locale,
      password_hash: user.passwordHash,
      created_at: user.createdAt,
      updated_at: user.createdAt,
    })
    .execute();
}

export interface UserChanges {
  name?: string;
  role?: string;
  teamId?: string | null;
  active?: boolean;
  locale?: string;
  passwordHash?: string;
}

/** Applies changes when the stored version is `version`; returns false when it was stale. */
export async function updateUser(
  db: Db,
  id: string,
  version: number,
  changes: UserChanges,
  now: Date,
): Promise<boolean> {
  return updateAtVersion(
    db,
    'users',
    id,
    version,
    {
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.role !== undefined && { role: changes.role }),
      ...(changes.teamId !== undefined && { team_id: changes.teamId }),
      ...(changes.active !== undefined && { active: changes.active }),
      ...(changes.locale !== undefined && { locale: changes.locale }),
      ...(changes.passwordHash !== undefined && { password_hash: changes.passwordHash }),
    },
    now,
  );
}

export async function touchLastLogin(db: Db, id: string, now: Date): Promise<void> {
  await db.updateTable('users').set({ last_login_at: now }).where('id', '=', id).execute();
}

export const lockUser = (db: Db, id: string) =>
  db.selectFrom('users').select(['id', 'version']).where('id', '=', id).forUpdate().executeTakeFirst();
