import type { ExpressionBuilder, SqlBool, Expression } from 'kysely';
import type { DB } from '#src/db/schema.ts';
import { findCustomerOwnership } from '#src/modules/customers/customers.repo.ts';
import type { Actor, Db } from '#src/shared/context.ts';
import { notFound } from '#src/shared/errors.ts';

/**
 * Which customers an actor may see and change (issue 4, ownership; DESIGN §5). Sales staff work on their own
 * customers, managers on their team's (and their own), admins on all. Service, marketing and viewers read every
 * customer and change none. Records the actor may not see answer 404, never 403, so their existence stays hidden.
 */
export type CustomerScope =
  | { kind: 'all' }
  | { kind: 'team'; userId: string | null; teamId: string | null }
  | { kind: 'own'; userId: string | null }
  | { kind: 'none' };

export function readScope(actor: Actor): CustomerScope {
  switch (actor.role) {
    case 'sales':
      return { kind: 'own', userId: actor.userId };
    case 'manager':
      return { kind: 'team', userId: actor.userId, teamId: actor.teamId };
    case 'admin':
    case 'service':
    case 'marketing':
    case 'viewer':
      return { kind: 'all' };
  }
}

export function writeScope(actor: Actor): CustomerScope {
  switch (actor.role) {
    case 'admin':
      return { kind: 'all' };
    case 'manager':
    case 'sales':
      return readScope(actor);
    case 'service':
    case 'marketing':
    case 'viewer':
      return { kind: 'none' };
  }
}

/**
 * A where-clause on the `customers` table (or an alias of it) for a scope. Use it in every query that returns
 * customer data, joined through `customer_id` for interactions, orders and the rest.
 */
export function customerVisible(scope: CustomerScope, table = 'customers') {
  return (eb: ExpressionBuilder<DB, 'customers'>): Expression<SqlBool> => {
    const ref = (column: string) => eb.ref(`${table}.${column}` as 'customers.id');
    switch (scope.kind) {
      case 'all':
        return eb.lit(true);
      case 'none':
        return eb.lit(false);
      case 'own':
        return scope.userId ? eb(ref('owner_id'), '=', scope.userId) : eb.lit(false);
      case 'team': {
        const own = scope.userId ? [eb(ref('owner_id'), '=', scope.userId)] : [];
        const team = scope.teamId ? [eb(ref('team_id'), '=', scope.teamId)] : [];
        return own.length + team.length ? eb.or([...own, ...team]) : eb.lit(false);
      }
    }
  };
}

/** The same rule for one loaded customer row. */
export function inScope(
  scope: CustomerScope,
  customer: { owner_id: string | null; team_id: string | null },
): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'own':
      return scope.userId !== null && customer.owner_id === scope.userId;
    case 'team':
      return (
        (scope.userId !== null && customer.owner_id === scope.userId) ||
        (scope.teamId !== null && customer.team_id === scope.teamId)
      );
  }
}

/**
 * The customer `id` if the actor may see it (`read`) or change it (`write`), else `customer.not_found`: other
 * modules call this before they read or write a customer's interactions, orders or links. Soft-deleted
 * customers are found only with `includeDeleted`.
 */
export async function requireCustomer(
  db: Db,
  actor: Actor,
  id: string,
  mode: 'read' | 'write',
  options: { includeDeleted?: boolean } = {},
) {
  const customer = await findCustomerOwnership(db, id);
  const scope = mode === 'read' ? readScope(actor) : writeScope(actor);
  if (!customer || !inScope(scope, customer) || (customer.deleted_at && !options.includeDeleted))
    throw notFound('customer.not_found', id);
  return customer;
}
