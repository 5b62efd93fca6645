import { sql } from 'kysely';
import type { Db } from '#src/shared/context.ts';

const withMembers = (db: Db) =>
  db
    .selectFrom('teams')
    .select(['teams.id', 'teams.name', 'teams.version', 'teams.created_at'])
    .select((eb) =>
      eb
        .selectFrom('users')
        .whereRef('users.team_id', '=', 'teams.id')
        .select(eb.fn.countAll<number>().as('n'))
        .as('members'),
    );

export const listTeams = (db: Db) => withMembers(db).orderBy('teams.name').orderBy('teams.id').execute();
export const findTeam = (db: Db, id: string) => withMembers(db).where('teams.id', '=', id).executeTakeFirst();

export async function insertTeam(db: Db, id: string, name: string, now: Date): Promise<void> {
  await db.insertInto('teams').values({ id, name, created_at: now, updated_at: now }).execute();
}

export async function renameTeam(
  db: Db,
  id: string,
  version: number,
  name: string,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('teams')
    .set({ name, version: sql`version + 1`, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function deleteTeam(db: Db, id: string): Promise<void> {
  await db.deleteFrom('teams').where('id', '=', id).execute();
}
