import { recordAudit } from '#src/modules/audit/audit.service.ts';
import { isForeignKeyViolation, isUniqueViolation } from '#src/db/errors.ts';
import type { Actor, Deps } from '#src/shared/context.ts';
import { AppError, invalid, notFound, versionConflict } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';
import * as repo from '#src/modules/users/teams.repo.ts';
import type { Team } from '#src/modules/users/users.schema.ts';

const present = (row: {
  id: string;
  name: string;
  version: number;
  created_at: Date;
  members: number | null;
}): Team => ({
  id: row.id,
  name: row.name,
  members: Number(row.members ?? 0),
  version: row.version,
  createdAt: row.created_at.toISOString(),
});

const nameTaken = () => invalid('name', 'is already used by another team', 'team.name_taken');

/** All teams with their member counts; a company has tens of teams, so one list without pages. */
export async function listTeams(deps: Deps): Promise<Team[]> {
  return (await repo.listTeams(deps.db)).map(present);
}

export async function createTeam(deps: Deps, actor: Actor, name: string): Promise<Team> {
  return deps.db.transaction().execute(async (tx) => {
    const id = newId();
    const now = deps.clock.now();
    try {
      await repo.insertTeam(tx, id, name, now);
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken();
      throw error;
    }
    const team = present((await repo.findTeam(tx, id))!);
    await recordAudit(tx, actor, { at: now, action: 'create', entity: 'team', entityId: id, after: team });
    return team;
  });
}

export async function renameTeam(
  deps: Deps,
  actor: Actor,
  id: string,
  version: number,
  name: string,
): Promise<Team> {
  return deps.db.transaction().execute(async (tx) => {
    const current = await repo.findTeam(tx, id);
    if (!current) throw notFound('team.not_found', id);
    if (current.version !== version) throw versionConflict('team', current.version);
    const now = deps.clock.now();
    try {
      if (!(await repo.renameTeam(tx, id, version, name, now)))
        throw versionConflict('team', current.version);
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken();
      throw error;
    }
    const team = present((await repo.findTeam(tx, id))!);
    await recordAudit(tx, actor, {
      at: now,
      action: 'update',
      entity: 'team',
      entityId: id,
      before: present(current),
      after: team,
    });
    return team;
  });
}

/** A team is deleted only when empty: members are moved first, so nobody loses their team silently. */
export async function deleteTeam(deps: Deps, actor: Actor, id: string): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    const current = await repo.findTeam(tx, id);
    if (!current) throw notFound('team.not_found', id);
    const hasMembers = () =>
      new AppError('team.has_members', `the team still has ${current.members} members; move them first`);
    if (Number(current.members) > 0) throw hasMembers();
    try {
      await repo.deleteTeam(tx, id);
    } catch (error) {
      if (isForeignKeyViolation(error)) throw hasMembers();
      throw error;
    }
    await recordAudit(tx, actor, {
      at: deps.clock.now(),
      action: 'delete',
      entity: 'team',
      entityId: id,
      before: present(current),
    });
  });
}
