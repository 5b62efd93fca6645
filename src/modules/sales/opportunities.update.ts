import { isForeignKeyViolation, isUniqueViolation } from '#src/db/errors.ts';
import { recordAudit } from '#src/modules/audit/audit.service.ts';
import { requireCustomer } from '#src/modules/customers/customers.access.ts';
import { requireOpportunity } from '#src/modules/sales/sales.access.ts';
import type { Actor, Db, Deps } from '#src/shared/context.ts';
import { AppError, invalid, notFound, versionConflict } from '#src/shared/errors.ts';
import { priceItems } from '#src/modules/sales/opportunities.lines.ts';
import * as repo from '#src/modules/sales/opportunities.repo.ts';
import type { OpportunityDetail, OpportunityUpdateInput } from '#src/modules/sales/opportunities.schema.ts';
import {
  checkContact,
  loadDetail,
  loadRow,
  lockForChange,
  minorUnits,
  ownerFor,
  refTaken,
} from '#src/modules/sales/opportunities.service.ts';

/** Changing and deleting an opportunity (issue 6): a won or lost one changes only by being reopened. */

/** The amount and line items after a change: new items replace the old, an amount applies to one without items. */
async function amountAfter(
  tx: Db,
  current: repo.OpportunityRow,
  storedItems: repo.ItemRow[],
  input: OpportunityUpdateInput,
  currency: string,
) {
  if (input.items) {
    const priced = await priceItems(tx, input.items, currency);
    return { items: priced.items, amount: priced.amount };
  }
  if (storedItems.length > 0) {
    if (input.amount !== undefined)
      throw invalid('amount', 'is the sum of the items: change the items instead');
    if (currency !== current.currency)
      throw invalid('currency', `give the items again with prices in ${currency}`);
    return { items: null, amount: Number(current.amount) };
  }
  if (input.amount === undefined && currency !== current.currency && Number(current.amount) !== 0)
    throw invalid('amount', `is required when the currency changes (it was in ${current.currency})`);
  return {
    items: null,
    amount:
      input.amount === undefined ? Number(current.amount) : minorUnits('amount', input.amount, currency),
  };
}

/** Changes an open opportunity at the given version; a won or lost one answers `opportunity.closed`. */
export async function updateOpportunity(
  deps: Deps,
  actor: Actor,
  id: string,
  input: OpportunityUpdateInput,
): Promise<OpportunityDetail> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const locked = await lockForChange(tx, actor, id, input.version, true);
    const before = await loadDetail(tx, id);
    const current = await loadRow(tx, id);
    await requireCustomer(tx, actor, current.customer_id, 'write');
    const customerId = input.customerId ?? current.customer_id;
    if (customerId !== current.customer_id) await requireCustomer(tx, actor, customerId, 'write');
    if (input.contactId !== undefined) await checkContact(tx, actor, input.contactId);
    const owner = input.ownerId === undefined ? null : await ownerFor(tx, actor, input.ownerId);
    const currency = input.currency ?? current.currency;
    const storedItems = await repo.findItems(tx, id);
    const { items, amount } = await amountAfter(tx, current, storedItems, input, currency);
    try {
      await repo.updateOpportunityAt(
        tx,
        id,
        locked.version,
        {
          name: input.name ?? current.name,
          ref: input.ref === undefined ? current.ref : input.ref,
          customer_id: customerId,
          contact_id: input.contactId === undefined ? current.contact_id : input.contactId,
          amount,
          currency,
          probability: input.probability ?? current.probability,
          forecast_category: input.forecastCategory ?? current.forecast_category,
          expected_close_date:
            input.expectedCloseDate === undefined ? current.expected_close_date : input.expectedCloseDate,
          next_step: input.nextStep === undefined ? current.next_step : input.nextStep,
          competitors: input.competitors ?? current.competitors,
          source: input.source === undefined ? current.source : input.source,
          owner_id: owner ? owner.ownerId : current.owner_id,
          team_id: owner ? owner.teamId : current.team_id,
        },
        now,
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw refTaken();
      throw error;
    }
    if (customerId !== current.customer_id) await repo.moveChildrenToCustomer(tx, id, customerId);
    if (items) await repo.replaceItems(tx, id, customerId, items);
    const after = await loadDetail(tx, id);
    await recordAudit(tx, actor, {
      at: now,
      action: 'update',
      entity: 'opportunity',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}

/** Deletes an opportunity (its items and history go with it) unless quotes, tasks or a lead still refer to it. */
export async function deleteOpportunity(
  deps: Deps,
  actor: Actor,
  id: string,
  version?: number,
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    await requireOpportunity(tx, actor, id, 'write');
    const row = await repo.lockOpportunity(tx, id);
    if (!row) throw notFound('opportunity.not_found', id);
    if (version !== undefined && row.version !== version) throw versionConflict('opportunity', row.version);
    const before = await loadDetail(tx, id);
    try {
      await repo.deleteOpportunityRow(tx, id);
    } catch (error) {
      if (isForeignKeyViolation(error))
        throw new AppError('opportunity.in_use', 'quotes, tasks or a lead refer to this opportunity');
      throw error;
    }
    await recordAudit(tx, actor, { at: now, action: 'delete', entity: 'opportunity', entityId: id, before });
  });
}
