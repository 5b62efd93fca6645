import type { z } from 'zod';
import { recordAudit } from '#src/modules/audit/audit.service.ts';
import { customerVisible, writeScope } from '#src/modules/customers/customers.access.ts';
import { checkAssignment, resolveOwner } from '#src/modules/customers/customers.owners.ts';
import * as repo from '#src/modules/customers/customers.repo.ts';
import type { transferInput } from '#src/modules/customers/customers.schema.ts';
import type { Actor, Db, Deps } from '#src/shared/context.ts';
import { AppError } from '#src/shared/errors.ts';

/**
 * Bulk transfer between owners (issue 4 item 9): the listed customers, or every customer of one owner, go to an
 * active staff member, and to that member's team. A manager moves only customers he may change, to himself or
 * his team; the route requires customers.transfer, so sales staff cannot give customers away. All or nothing:
 * a listed customer the actor may not change is a 404 naming it, and nothing moves.
 */
export async function transferCustomers(
  deps: Deps,
  actor: Actor,
  input: z.infer<typeof transferInput>,
): Promise<{ transferred: number }> {
  const owner = await resolveOwner(deps, input.toOwnerId, 'toOwnerId');
  checkAssignment(actor, owner, 'toOwnerId');
  const writable = customerVisible(writeScope(actor));
  return deps.db.transaction().execute(async (tx) => {
    if (input.customerIds) {
      const ids = [...new Set(input.customerIds)];
      const allowed = new Set(await repo.writableIds(tx, ids, writable));
      const missing = input.customerIds.flatMap((id, index) =>
        allowed.has(id)
          ? []
          : [{ field: `customerIds.${index}`, message: 'names no customer you may change' }],
      );
      if (missing.length)
        throw new AppError('customer.not_found', `${missing.length} of the customers are not yours to move`, {
          errors: missing,
        });
    }
    const now = deps.clock.now();
    const which = input.customerIds ? { ids: input.customerIds } : { fromOwnerId: input.fromOwnerId! };
    const moved = await repo.transferCustomers(tx, which, writable, {
      ownerId: owner.id,
      teamId: owner.teamId,
      now,
    });
    if (moved.length === 0) return { transferred: 0 };
    // one entry for the whole transfer: who had which customers before, and who has them now
    const previousOwners: Record<string, string[]> = {};
    for (const row of moved) (previousOwners[row.owner_id ?? 'none'] ??= []).push(row.id);
    await recordAudit(tx, actor, {
      at: now,
      action: 'transfer',
      entity: 'customer',
      entityId: null,
      before: { owners: previousOwners },
      after: { ownerId: owner.id, teamId: owner.teamId, transferred: moved.length },
    });
    return { transferred: moved.length };
  });
}

/**
 * A staff member's customers follow them to another team: managers see their team's customers, so customers
 * left behind would stay with the old team's manager and be hidden from the new one. Called by the users service
 * in the transaction that changes the member's team, whoever changes it; one audit entry, like a bulk transfer,
 * keeps which customers moved from which team. Returns how many moved.
 */
export async function moveOwnedCustomersToTeam(
  tx: Db,
  actor: Actor,
  move: { ownerId: string; teamId: string | null; now: Date },
): Promise<number> {
  const moved = await repo.moveOwnedToTeam(tx, move.ownerId, move.teamId, move.now);
  if (moved.length === 0) return 0;
  const previousTeams: Record<string, string[]> = {};
  for (const row of moved) (previousTeams[row.previous_team_id ?? 'none'] ??= []).push(row.id);
  for (const ids of Object.values(previousTeams)) ids.sort();
  await recordAudit(tx, actor, {
    at: move.now,
    action: 'transfer',
    entity: 'customer',
    entityId: null,
    before: { ownerId: move.ownerId, teams: previousTeams },
    after: { ownerId: move.ownerId, teamId: move.teamId, transferred: moved.length },
  });
  return moved.length;
}
