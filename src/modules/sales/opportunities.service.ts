import { isUniqueViolation } from '#src/db/errors.ts';
import { parseSort, toPage } from '#src/db/paginate.ts';
import { recordAudit } from '#src/modules/audit/audit.service.ts';
import { inScope, readScope, requireCustomer, writeScope } from '#src/modules/customers/customers.access.ts';
import { requireOpportunity } from '#src/modules/sales/sales.access.ts';
import { findLeadOwnership } from '#src/modules/sales/records.repo.ts';
import type { Actor, Db, Deps } from '#src/shared/context.ts';
import { AppError, invalid, notFound, versionConflict } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';
import { minorDigits, parseDecimal } from '#src/shared/money.ts';
import { priceItems } from '#src/modules/sales/opportunities.lines.ts';
import { presentDetail, presentOpportunity } from '#src/modules/sales/opportunities.presenter.ts';
import * as repo from '#src/modules/sales/opportunities.repo.ts';
import {
  opportunityCreateInput,
  type Opportunity,
  type OpportunityCreateInput,
  type OpportunityDetail,
  type OpportunityListQuery,
} from '#src/modules/sales/opportunities.schema.ts';
import { pipelineForOpportunity } from '#src/modules/sales/pipelines.service.ts';
import type { z } from 'zod';

export type { Opportunity, OpportunityCreateInput } from '#src/modules/sales/opportunities.schema.ts';

const sortColumns = {
  createdAt: { column: 'created_at', type: 'timestamptz' },
  updatedAt: { column: 'updated_at', type: 'timestamptz' },
  name: 'name',
} as const;

/** Major units given for `field` as minor units of the currency, refusing decimals the currency does not have. */
export function minorUnits(field: string, major: string, currency: string): number {
  const digits = minorDigits(currency);
  const minor = parseDecimal(major, digits);
  if (minor === null || parseDecimal(major, digits + 10) !== minor * 10n ** 10n)
    throw invalid(field, `must fit ${currency}'s minor unit (${digits} decimal places)`);
  if (!Number.isSafeInteger(Number(minor))) throw invalid(field, 'is too large');
  return Number(minor);
}

/** A write on a won or lost opportunity changes nothing: it must be reopened first. */
export const closedError = () =>
  new AppError('opportunity.closed', 'the opportunity is won or lost; reopen it before changing it');

export const refTaken = () =>
  invalid('ref', 'is already used by another opportunity', 'opportunity.ref_taken');

/** Input from other modules is checked like a request body: a bad one is a 400 naming its fields. */
function parseCreateInput(input: OpportunityCreateInput): z.infer<typeof opportunityCreateInput> {
  const parsed = opportunityCreateInput.safeParse(input);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((issue) => ({
    field: issue.path.join('.'),
    message: issue.message,
  }));
  throw new AppError('request.invalid', errors.map((e) => `${e.field} ${e.message}`).join('; '), { errors });
}

/** The owner a record may be given: someone inside the actor's write scope (sales staff: themselves). */
export async function ownerFor(db: Db, actor: Actor, ownerId: string | undefined) {
  if (ownerId === undefined || ownerId === actor.userId)
    return { ownerId: actor.userId, teamId: actor.teamId };
  const user = await repo.findUserTeam(db, ownerId);
  if (!user || !user.active || !inScope(writeScope(actor), { owner_id: user.id, team_id: user.team_id }))
    throw invalid('ownerId', 'is not someone you may give opportunities to');
  return { ownerId: user.id, teamId: user.team_id };
}

export async function checkContact(db: Db, actor: Actor, contactId: string | null | undefined) {
  if (!contactId) return;
  try {
    await requireCustomer(db, actor, contactId, 'read');
  } catch {
    throw invalid('contactId', 'names no customer you may see', 'customer.not_found');
  }
}

export async function loadRow(db: Db, id: string) {
  const row = await repo.findOpportunity(db, id);
  if (!row) throw notFound('opportunity.not_found', id);
  return row;
}

/** One opportunity with its line items and stage history. */
export async function loadDetail(db: Db, id: string): Promise<OpportunityDetail> {
  const row = await loadRow(db, id);
  return presentDetail(row, await repo.findItems(db, id), await repo.findHistory(db, id));
}

export async function listOpportunities(
  deps: Deps,
  actor: Actor,
  query: OpportunityListQuery,
): Promise<{ items: Opportunity[]; nextCursor: string | null }> {
  const keyset = parseSort(query.sort, sortColumns);
  const owner =
    query.owner === 'mine'
      ? { ownerId: actor.userId ?? '00000000-0000-0000-0000-000000000000' }
      : query.owner === 'team'
        ? { teamId: actor.teamId }
        : {};
  const rows = await repo.listOpportunities(
    deps.db,
    readScope(actor),
    query,
    keyset,
    query.ownerId ? { ...owner, ownerId: query.ownerId } : owner,
  );
  return toPage(rows, query.limit, keyset, presentOpportunity);
}

export async function getOpportunity(deps: Deps, actor: Actor, id: string): Promise<OpportunityDetail> {
  await requireOpportunity(deps.db, actor, id, 'read');
  return loadDetail(deps.db, id);
}

/**
 * Creates an opportunity inside the caller's transaction (lead conversion, quotes use this): on a customer the
 * actor may change, in the default pipeline's first open stage unless told otherwise, owned by the actor unless
 * given to someone in the actor's scope. Writes its first stage-history row and the audit entry.
 */
export async function createOpportunityIn(
  tx: Db,
  deps: Deps,
  actor: Actor,
  rawInput: OpportunityCreateInput,
): Promise<Opportunity> {
  const input = parseCreateInput(rawInput);
  const now = deps.clock.now();
  const id = newId();
  await requireCustomer(tx, actor, input.customerId, 'write');
  await checkContact(tx, actor, input.contactId);
  if (input.leadId && !(await findLeadOwnership(tx, input.leadId)))
    throw invalid('leadId', 'names no lead', 'lead.not_found');
  const pipeline = await pipelineForOpportunity(tx, input.pipelineId);
  const stage = input.stageId
    ? pipeline.stages.find((candidate) => candidate.id === input.stageId)
    : pipeline.stages.find((candidate) => candidate.kind === 'open');
  if (!stage || stage.kind !== 'open') throw invalid('stageId', 'names no open stage of the pipeline');
  const owner = await ownerFor(tx, actor, input.ownerId);
  const currency = input.currency ?? deps.config.currency;
  const priced = input.items ? await priceItems(tx, input.items, currency) : null;
  const amount = priced
    ? priced.amount
    : input.amount === undefined
      ? 0
      : minorUnits('amount', input.amount, currency);
  const probability = input.probability ?? stage.probability;
  try {
    await repo.insertOpportunity(tx, {
      id,
      ref: input.ref ?? null,
      name: input.name,
      customer_id: input.customerId,
      contact_id: input.contactId ?? null,
      lead_id: input.leadId ?? null,
      pipeline_id: pipeline.id,
      stage_id: stage.id,
      status: 'open',
      amount,
      currency,
      probability,
      forecast_category: input.forecastCategory ?? 'pipeline',
      expected_close_date: input.expectedCloseDate ?? null,
      next_step: input.nextStep ?? null,
      competitors: input.competitors ?? [],
      source: input.source ?? null,
      stage_entered_at: now,
      owner_id: owner.ownerId,
      team_id: owner.teamId,
      created_at: now,
      updated_at: now,
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw refTaken();
    throw error;
  }
  if (priced) await repo.replaceItems(tx, id, input.customerId, priced.items);
  await repo.insertHistory(tx, {
    id: newId(),
    opportunity_id: id,
    customer_id: input.customerId,
    pipeline_id: pipeline.id,
    from_stage_id: null,
    to_stage_id: stage.id,
    status: 'open',
    amount,
    probability,
    changed_by: actor.userId,
    changed_at: now,
  });
  const created = await loadDetail(tx, id);
  await recordAudit(tx, actor, {
    at: now,
    action: 'create',
    entity: 'opportunity',
    entityId: id,
    after: created,
  });
  const { items: _items, history: _history, ...opportunity } = created;
  return opportunity;
}

/** `createOpportunityIn` in a transaction of its own; answers the detail (with items and history). */
export async function createOpportunity(
  deps: Deps,
  actor: Actor,
  input: OpportunityCreateInput,
): Promise<OpportunityDetail> {
  return deps.db.transaction().execute(async (tx) => {
    const created = await createOpportunityIn(tx, deps, actor, input);
    return loadDetail(tx, created.id);
  });
}

/**
 * Locks an open opportunity the actor may change at the given version: not visible → 404, stale → 409 version,
 * won or lost → 409 `opportunity.closed` (when `open` is required).
 */
export async function lockForChange(tx: Db, actor: Actor, id: string, version: number, requireOpen: boolean) {
  await requireOpportunity(tx, actor, id, 'write');
  const row = await repo.lockOpportunity(tx, id);
  if (!row) throw notFound('opportunity.not_found', id);
  if (row.version !== version) throw versionConflict('opportunity', row.version);
  if (requireOpen && row.status !== 'open') throw closedError();
  return row;
}
