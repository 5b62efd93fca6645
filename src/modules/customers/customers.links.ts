import type { z } from 'zod';
import { recordAudit } from '#src/modules/audit/audit.service.ts';
import {
  customerVisible,
  inScope,
  readScope,
  requireCustomer,
  writeScope,
} from '#src/modules/customers/customers.access.ts';
import * as repo from '#src/modules/customers/customers.links.repo.ts';
import { findCustomerOwnership } from '#src/modules/customers/customers.repo.ts';
import type {
  CustomerLink,
  customerLinkCreateInput,
  customerLinkUpdateInput,
} from '#src/modules/customers/customers.schema.ts';
import { isUniqueViolation } from '#src/db/errors.ts';
import type { Actor, Db, Deps } from '#src/shared/context.ts';
import { invalid, notFound, versionConflict } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';

/**
 * Relationships between people and organisations (issue 4 item 2): a person's role at an organisation (decision
 * maker, influencer, buyer, user, gatekeeper) and how strong the tie is, 1–5. A link is as visible as its two
 * ends: it is created, changed and deleted only by someone who may change both customers.
 */

const present = (row: repo.CustomerLinkRow): CustomerLink => ({
  id: row.id,
  personId: row.person_id,
  personName: row.person_name,
  organizationId: row.organization_id,
  organizationName: row.organization_name,
  role: row.role as CustomerLink['role'],
  strength: row.strength,
  title: row.title,
  version: row.version,
  createdAt: row.created_at.toISOString(),
});

/** The link as the audit keeps it: ids and facts, no names, so erasing a person leaves nothing of them here. */
const audited = (link: CustomerLink) => ({
  id: link.id,
  personId: link.personId,
  organizationId: link.organizationId,
  role: link.role,
  strength: link.strength,
  title: link.title,
  version: link.version,
});

/** The links of a customer the actor may see, to the other ends he may also see. */
export async function listLinks(
  deps: Deps,
  actor: Actor,
  customerId: string,
): Promise<{ items: CustomerLink[]; nextCursor: null }> {
  await requireCustomer(deps.db, actor, customerId, 'read', { includeDeleted: true });
  const rows = await repo.listLinksOf(deps.db, customerId, customerVisible(readScope(actor)));
  return { items: rows.map(present), nextCursor: null };
}

/** One end of a new link: a live customer of the right kind that the actor may change. */
async function checkEnd(tx: Db, actor: Actor, field: string, id: string, kind: 'person' | 'organization') {
  const customer = await findCustomerOwnership(tx, id);
  if (!customer || customer.deleted_at || !inScope(writeScope(actor), customer))
    throw invalid(field, 'names no customer you may change', 'customer.not_found');
  if (customer.kind !== kind)
    throw invalid(field, kind === 'person' ? 'must be a person' : 'must be an organisation');
}

export async function createLink(
  deps: Deps,
  actor: Actor,
  input: z.infer<typeof customerLinkCreateInput>,
): Promise<CustomerLink> {
  return deps.db.transaction().execute(async (tx) => {
    await checkEnd(tx, actor, 'personId', input.personId, 'person');
    await checkEnd(tx, actor, 'organizationId', input.organizationId, 'organization');
    const id = newId();
    const now = deps.clock.now();
    try {
      await repo.insertLink(tx, {
        id,
        personId: input.personId,
        organizationId: input.organizationId,
        role: input.role,
        strength: input.strength ?? 3,
        title: input.title ?? null,
        now,
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw invalid('organizationId', 'is already linked to this person', 'customer_link.exists');
      throw error;
    }
    const created = present((await repo.findLink(tx, id))!);
    await recordAudit(tx, actor, {
      at: now,
      action: 'create',
      entity: 'customer_link',
      entityId: id,
      after: audited(created),
    });
    return created;
  });
}

/** The link locked for a change, when the actor may change both of its ends; else 404. */
async function lockLink(tx: Db, actor: Actor, id: string) {
  const link = await repo.lockLink(tx, id);
  const scope = writeScope(actor);
  if (
    !link ||
    !inScope(scope, { owner_id: link.person_owner_id, team_id: link.person_team_id }) ||
    !inScope(scope, { owner_id: link.organization_owner_id, team_id: link.organization_team_id })
  )
    throw notFound('customer_link.not_found', id);
  return link;
}

export async function updateLink(
  deps: Deps,
  actor: Actor,
  id: string,
  input: z.infer<typeof customerLinkUpdateInput>,
): Promise<CustomerLink> {
  return deps.db.transaction().execute(async (tx) => {
    const locked = await lockLink(tx, actor, id);
    if (locked.version !== input.version) throw versionConflict('relationship', locked.version);
    const before = present((await repo.findLink(tx, id))!);
    const now = deps.clock.now();
    await repo.updateLink(tx, id, input.version, input, now);
    const after = present((await repo.findLink(tx, id))!);
    await recordAudit(tx, actor, {
      at: now,
      action: 'update',
      entity: 'customer_link',
      entityId: id,
      before: audited(before),
      after: audited(after),
    });
    return after;
  });
}

export async function deleteLink(deps: Deps, actor: Actor, id: string): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    await lockLink(tx, actor, id);
    const before = present((await repo.findLink(tx, id))!);
    await repo.deleteLink(tx, id);
    await recordAudit(tx, actor, {
      at: deps.clock.now(),
      action: 'delete',
      entity: 'customer_link',
      entityId: id,
      before: audited(before),
    });
  });
}
