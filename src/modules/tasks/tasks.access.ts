import { inScope, readScope, type CustomerScope } from '#src/modules/customers/customers.access.ts';
import type { Actor } from '#src/shared/context.ts';
import { AppError, notFound } from '#src/shared/errors.ts';
import type { TaskRow } from '#src/modules/tasks/tasks.repo.ts';

/**
 * Who may see and change tasks (issue 6). Reading follows the customers' rule on the task's owner and team (sales
 * staff their own, managers their team's, the others all). Changing: everyone with tasks.write keeps their own
 * tasks — service and marketing staff included, who change no customer — managers their team's, admins all.
 */
export function taskWriteScope(actor: Actor): CustomerScope {
  switch (actor.role) {
    case 'admin':
      return { kind: 'all' };
    case 'manager':
      return { kind: 'team', userId: actor.userId, teamId: actor.teamId };
    case 'sales':
    case 'service':
    case 'marketing':
      return { kind: 'own', userId: actor.userId };
    case 'viewer':
      return { kind: 'none' };
  }
}

/** The task if the actor may see it, else `task.not_found` (never 403: its existence stays hidden). */
export function visibleTask(actor: Actor, row: TaskRow | undefined, id: string): TaskRow {
  if (!row || !inScope(readScope(actor), row)) throw notFound('task.not_found', id);
  return row;
}

/** A task the actor sees but may not change (another's, for service staff) is a 403. */
export function requireChangeable(actor: Actor, row: TaskRow): void {
  if (!inScope(taskWriteScope(actor), row))
    throw new AppError('auth.forbidden', 'you change only your own tasks (managers: their team’s)');
}
