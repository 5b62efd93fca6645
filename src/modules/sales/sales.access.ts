import { inScope, readScope, writeScope } from '#src/modules/customers/customers.access.ts';
import { findLeadOwnership, findOpportunityOwnership } from '#src/modules/sales/records.repo.ts';
import type { Actor, Db } from '#src/shared/context.ts';
import { notFound } from '#src/shared/errors.ts';

/**
 * Who may see and change leads and opportunities (issue 6, permissions): the customers' ownership rule
 * (customers.access.ts) on the record's own owner and team. Sales staff work their own, managers their team's,
 * admins all; service, marketing and viewers read. A record the actor may not see is `not_found`, never forbidden.
 */
export async function requireLead(db: Db, actor: Actor, id: string, mode: 'read' | 'write') {
  const lead = await findLeadOwnership(db, id);
  if (!lead || !inScope(mode === 'read' ? readScope(actor) : writeScope(actor), lead))
    throw notFound('lead.not_found', id);
  return lead;
}

/** The opportunity if the actor may see it (`read`) or change it (`write`); quotes and tasks check through this. */
export async function requireOpportunity(db: Db, actor: Actor, id: string, mode: 'read' | 'write') {
  const opportunity = await findOpportunityOwnership(db, id);
  if (!opportunity || !inScope(mode === 'read' ? readScope(actor) : writeScope(actor), opportunity))
    throw notFound('opportunity.not_found', id);
  return opportunity;
}
