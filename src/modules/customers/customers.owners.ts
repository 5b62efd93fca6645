import { inScope, writeScope } from '#src/modules/customers/customers.access.ts';
import { can } from '#src/modules/users/roles.ts';
import { getUser } from '#src/modules/users/users.service.ts';
import type { Actor, Deps } from '#src/shared/context.ts';
import { AppError, invalid } from '#src/shared/errors.ts';

/** Who may own customers and who may assign them (issue 4 item 9: assignment and bulk transfer). */
export interface Owner {
  id: string;
  /** The owner's team, which the customer then belongs to (managers see their team's customers). */
  teamId: string | null;
}

/** An active staff member to own customers; anyone else is a 400 naming `field`. */
export async function resolveOwner(deps: Deps, ownerId: string, field = 'ownerId'): Promise<Owner> {
  const owner = await getUser(deps, ownerId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'user.not_found') return null;
    throw error;
  });
  if (!owner?.active) throw invalid(field, 'names no active staff member');
  return { id: owner.id, teamId: owner.teamId };
}

const forbidden = (field: string, message: string) =>
  new AppError('auth.forbidden', `${field} ${message}`, { errors: [{ field, message }] });

/**
 * Giving a customer to someone else is an assignment (permission customers.transfer): sales staff own what they
 * create and cannot give it away, and a manager assigns only within what he may change himself (his team and
 * himself), so nobody hands customers to where they could no longer reach them. Admins assign freely; `null`
 * (unassigned) is then allowed too. Refusals are 403 `auth.forbidden` naming `field`.
 */
export function checkAssignment(actor: Actor, owner: Owner | null, field = 'ownerId'): void {
  if (!can(actor.role, 'customers.transfer'))
    throw forbidden(field, 'may only be yourself: assigning customers to others needs a manager or an admin');
  if (!inScope(writeScope(actor), { owner_id: owner?.id ?? null, team_id: owner?.teamId ?? null }))
    throw forbidden(field, 'must be yourself or a member of your team');
}
