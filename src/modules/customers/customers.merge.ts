import type { z } from 'zod';
import { recordAudit } from '#src/modules/audit/audit.service.ts';
import { inScope, writeScope } from '#src/modules/customers/customers.access.ts';
import type { Customer, mergeInput, mergeResult } from '#src/modules/customers/customers.schema.ts';
import { searchKeys } from '#src/modules/customers/customers.search-keys.ts';
import { presentCustomer } from '#src/modules/customers/customers.presenter.ts';
import { combineRecords, planLinks } from '#src/modules/customers/merge.combine.ts';
import * as repo from '#src/modules/customers/merge.repo.ts';
import { refreshLastContact } from '#src/modules/interactions/interactions.repo.ts';
import { refreshCustomerStats } from '#src/modules/orders/customer-stats.repo.ts';
import type { Actor, Db, Deps } from '#src/shared/context.ts';
import { AppError, invalid, notFound } from '#src/shared/errors.ts';

type MergeInput = z.infer<typeof mergeInput>;
type MergeResult = z.infer<typeof mergeResult>;

/** A refused merge: 409 naming the customer that stands in the way. */
const refuse = (
  code: 'customer.deleted' | 'customer.erased' | 'customer.merged' | 'customer.merge_invalid',
  message: string,
) => new AppError(code, message, { errors: [{ field: 'mergedIds', message }] });

/**
 * Merges customers into a survivor (issue 4, item 8; DESIGN §4 `customers/merge`) in one transaction: their
 * interactions, orders and order lines, links, subsidiaries and tags move to the survivor; the survivor's empty
 * facts and custom values are filled from them (never overwritten), consent keeps the latest decision per
 * channel; they are soft-deleted with `mergedInto` set. The audit entry holds the full before-state of every
 * customer involved (records, links, order summaries and the ids of every moved row) and the survivor after.
 *
 * Every customer must be one the actor may change (else 404, as if it did not exist), live (deleted, erased or
 * already merged: 409) and of the survivor's kind (409).
 */
export async function mergeCustomers(deps: Deps, actor: Actor, input: MergeInput): Promise<MergeResult> {
  // ids as the database writes them (lower case), so the same customer is never taken for two
  const survivorId = input.survivorId.toLowerCase();
  const mergedIds = input.mergedIds.map((id) => id.toLowerCase());
  if (mergedIds.includes(survivorId)) throw invalid('mergedIds', 'must not contain the survivor');
  if (new Set(mergedIds).size !== mergedIds.length)
    throw invalid('mergedIds', 'must not name a customer twice');
  const ids = [survivorId, ...mergedIds];
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    await checkMergeable(tx, actor, survivorId, ids);
    const before = await beforeState(tx, survivorId, mergedIds);
    const survivorRow = before.records.get(survivorId)!;
    const mergedRows = mergedIds.map((id) => before.records.get(id)!);

    const moved = {
      interactions: await repo.moveHistory(tx, 'interactions', mergedIds, survivorId, now),
      orders: await repo.moveHistory(tx, 'orders', mergedIds, survivorId, now),
      orderItems: await repo.moveHistory(tx, 'order_items', mergedIds, survivorId, now),
    };
    const links = planLinks(before.links, survivorId, mergedIds);
    await repo.deleteLinks(tx, links.drop);
    for (const change of links.update) await repo.updateLink(tx, change.id, change, now);
    await repo.repointLinks(tx, mergedIds, survivorId, now);
    await repo.repointChildren(tx, before.subsidiaries, survivorId, now);

    const { columns, addedTags } = combineRecords(survivorRow, mergedRows, ids);
    // a subsidiary of a merged organisation may be the survivor's parent: a hierarchy must not loop
    const parentId = columns.parent_id === undefined ? survivorRow.parent_id : columns.parent_id;
    if (parentId && (await repo.descendsFrom(tx, parentId, survivorId))) columns.parent_id = null;
    const email = columns.email ?? survivorRow.email;
    const phone = columns.phone ?? survivorRow.phone;
    await repo.updateSurvivor(tx, survivorId, {
      ...columns,
      ...searchKeys({
        name: survivorRow.name,
        kind: survivorRow.kind as Customer['kind'],
        ref: survivorRow.ref,
        email,
        phone,
      }),
      updated_at: now,
    });
    await repo.markMerged(tx, mergedIds, survivorId, now);
    await refreshCustomerStats(tx, ids);
    await refreshLastContact(tx, ids);
    await repo.resolveCandidates(tx, survivorId, mergedIds, actor.userId, now);

    const survivor = presentCustomer((await repo.findCustomerRecords(tx, [survivorId]))[0]!);
    const result: MergeResult = {
      survivor,
      moved: {
        interactions: moved.interactions.length,
        orders: moved.orders.length,
        links: links.carried,
        tags: addedTags.length,
      },
    };
    const idsFrom = (rows: { id: string; from_id: string }[], from: string) =>
      rows.filter((row) => row.from_id === from).map((row) => row.id);
    await recordAudit(tx, actor, {
      at: now,
      action: 'merge',
      entity: 'customer',
      entityId: survivorId,
      before: {
        survivor: {
          customer: presentCustomer(survivorRow),
          links: before.linksOf(survivorId),
          stats: before.statsOf(survivorId),
          ...before.survivorHistory,
        },
        merged: mergedRows.map((row) => ({
          customer: presentCustomer(row),
          links: before.linksOf(row.id),
          stats: before.statsOf(row.id),
          interactionIds: idsFrom(moved.interactions, row.id),
          orderIds: idsFrom(moved.orders, row.id),
          orderItemIds: idsFrom(moved.orderItems, row.id),
        })),
        subsidiaryIds: before.subsidiaries,
      },
      after: { survivor, mergedIds, moved: result.moved, droppedLinkIds: links.drop },
    });
    return result;
  });
}

/** Locks every customer of the merge and refuses what may not be merged; see `mergeCustomers`. */
async function checkMergeable(tx: Db, actor: Actor, survivorId: string, ids: string[]): Promise<void> {
  const rows = new Map((await repo.lockCustomers(tx, ids)).map((row) => [row.id, row]));
  const scope = writeScope(actor);
  for (const id of ids) {
    const row = rows.get(id);
    if (!row || !inScope(scope, row)) throw notFound('customer.not_found', id);
  }
  for (const id of ids) {
    const row = rows.get(id)!;
    if (row.erased_at) throw refuse('customer.erased', `customer ${id} was erased`);
    if (row.merged_into)
      throw refuse('customer.merged', `customer ${id} was already merged into ${row.merged_into}`);
    if (row.deleted_at) throw refuse('customer.deleted', `customer ${id} is deleted; restore it first`);
  }
  const kind = rows.get(survivorId)!.kind;
  const other = ids.find((id) => rows.get(id)!.kind !== kind);
  if (other) throw refuse('customer.merge_invalid', `customer ${other} is not a ${kind} like the survivor`);
}

/** Everything the audit keeps of the customers as they were, read after the rows are locked. */
async function beforeState(tx: Db, survivorId: string, mergedIds: string[]) {
  const ids = [survivorId, ...mergedIds];
  const records = new Map((await repo.findCustomerRecords(tx, ids)).map((row) => [row.id, row]));
  const links = await repo.findLinksOf(tx, ids);
  const stats = await repo.findStatsOf(tx, ids);
  const presentLink = (link: repo.LinkRow) => ({
    id: link.id,
    personId: link.person_id,
    organizationId: link.organization_id,
    role: link.role,
    strength: link.strength,
    title: link.title,
    version: link.version,
    createdAt: link.created_at.toISOString(),
  });
  return {
    records,
    links,
    linksOf: (id: string) =>
      links.filter((link) => link.person_id === id || link.organization_id === id).map(presentLink),
    statsOf: (id: string) =>
      stats
        .filter((row) => row.customer_id === id)
        .map((row) => ({
          currency: row.currency,
          firstOrderDay: row.first_order_day,
          lastOrderDay: row.last_order_day,
          orders: row.orders,
          purchaseDays: row.purchase_days,
          revenue: row.revenue,
          repeatRevenue: row.repeat_revenue,
          margin: row.margin,
          returns: row.returns,
        })),
    subsidiaries: await repo.findChildrenOf(tx, mergedIds, ids),
    survivorHistory: await repo.countHistory(tx, survivorId),
  };
}
