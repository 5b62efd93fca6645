import { isUniqueViolation } from '#src/db/errors.ts';
import { parseSort, toPage } from '#src/db/paginate.ts';
import { recordAudit } from '#src/modules/audit/audit.service.ts';
import { inScope, readScope, requireCustomer, writeScope } from '#src/modules/customers/customers.access.ts';
import * as repo from '#src/modules/sales/account-plans.repo.ts';
import type {
  AccountPlan,
  AccountPlanCreateInput,
  AccountPlanDetail,
  AccountPlanListQuery,
  AccountPlanUpdateInput,
  PlanContact,
  PlanContactCreateInput,
  PlanContactUpdateInput,
  PlannedContact,
} from '#src/modules/sales/account-plans.schema.ts';
import { today } from '#src/modules/sales/forecast.service.ts';
import type { Actor, Db, Deps } from '#src/shared/context.ts';
import { calendarDay } from '#src/shared/dates.ts';
import { AppError, invalid, notFound, versionConflict } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';
import { minorDigits, toMajorUnits, toMinorUnits } from '#src/shared/money.ts';

const sortColumns = { createdAt: { column: 'created_at', type: 'timestamptz' } } as const;

export function presentPlan(row: repo.PlanRow): AccountPlan {
  return {
    id: row.id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    keyAccount: row.key_account,
    goals: row.goals,
    strategy: row.strategy,
    estimatedWallet: row.estimated_wallet === null ? null : toMajorUnits(row.estimated_wallet, row.currency),
    currency: row.currency,
    relationshipStrength: row.relationship_strength,
    nextReviewOn: row.next_review_on,
    ownerId: row.owner_id,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

const presentContact = (row: repo.ContactRow): PlanContact => ({
  id: row.id,
  planId: row.plan_id,
  contactId: row.contact_id,
  name: row.name,
  title: row.title,
  role: row.role as PlanContact['role'],
  layer: row.layer as PlanContact['layer'],
  strength: row.strength,
  attitude: row.attitude as PlanContact['attitude'],
  nextContactOn: row.next_contact_on,
  notes: row.notes,
  version: row.version,
});

/** Major units of the wallet as minor units, refusing digits the currency does not have. */
function walletMinor(value: string | null | undefined, currency: string): number | null | undefined {
  if (value === undefined || value === null) return value;
  const decimals = /\.(\d+)$/.exec(value)?.[1]?.length ?? 0;
  const minor = toMinorUnits(value, currency);
  if (minor === null || decimals > minorDigits(currency))
    throw invalid(
      'estimatedWallet',
      `must fit ${currency}'s minor unit (${minorDigits(currency)} decimal places)`,
    );
  return minor;
}

/** The plan with its DMU, share of wallet over the last 12 months and the planned contacts, by date. */
async function detail(deps: Deps, db: Db, row: repo.PlanRow): Promise<AccountPlanDetail> {
  const to = today(deps);
  const [contacts, revenue, tasks] = await Promise.all([
    repo.listContacts(db, row.id),
    repo.revenueOf(db, row.customer_id, row.currency, lastYearFrom(to), to),
    repo.openTasksOf(db, row.customer_id),
  ]);
  const planned: PlannedContact[] = [
    ...contacts
      .filter((c) => c.next_contact_on !== null)
      .map((c) => ({ kind: 'contact' as const, id: c.id, on: c.next_contact_on, label: c.name })),
    ...tasks.map((task) => ({
      kind: 'task' as const,
      id: task.id,
      on: task.due_at ? calendarDay(task.due_at, deps.config.timeZone) : null,
      label: task.subject,
    })),
  ].sort((a, b) => (a.on ?? '9999').localeCompare(b.on ?? '9999'));
  const revenueMajor = toMajorUnits(revenue, row.currency);
  return {
    ...presentPlan(row),
    revenueLast12Months: revenueMajor,
    shareOfWallet: row.estimated_wallet ? revenue / row.estimated_wallet : null,
    contacts: contacts.map(presentContact),
    plannedContacts: planned,
  };
}

/** The day after the same day a year ago: 12 months that end today (29 Feb falls back to 1 Mar). */
function lastYearFrom(to: string): string {
  const [year, month, day] = to.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year - 1, month - 1, day + 1));
  return date.toISOString().slice(0, 10);
}

async function requirePlan(deps: Deps, db: Db, actor: Actor, id: string, mode: 'read' | 'write') {
  const row = await repo.findPlan(db, mode === 'read' ? readScope(actor) : writeScope(actor), id);
  if (!row) throw notFound('account_plan.not_found', id);
  return row;
}

export async function listPlans(deps: Deps, actor: Actor, query: AccountPlanListQuery) {
  const keyset = parseSort(query.sort, sortColumns);
  const rows = await repo.listPlans(deps.db, readScope(actor), keyset, query.limit, query.cursor);
  return toPage(rows, query.limit, keyset, presentPlan);
}

export async function getPlan(deps: Deps, actor: Actor, id: string): Promise<AccountPlanDetail> {
  return detail(deps, deps.db, await requirePlan(deps, deps.db, actor, id, 'read'));
}

/** The customer's plan; `account_plan.not_found` when the customer (visible to the actor) has none. */
export async function getPlanOfCustomer(deps: Deps, actor: Actor, customerId: string) {
  await requireCustomer(deps.db, actor, customerId, 'read');
  const row = await repo.findPlanOfCustomer(deps.db, readScope(actor), customerId);
  return { plan: row ? await detail(deps, deps.db, row) : null };
}

/** Starts a customer's plan (one per customer); its owner and team are the customer's. */
export async function createPlan(deps: Deps, actor: Actor, input: AccountPlanCreateInput) {
  const id = newId();
  const now = deps.clock.now();
  const currency = input.currency ?? deps.config.currency;
  const wallet = walletMinor(input.estimatedWallet, currency) ?? null;
  return deps.db.transaction().execute(async (tx) => {
    const customer = await requireCustomer(tx, actor, input.customerId, 'write');
    try {
      await repo.insertPlan(tx, {
        id,
        customer_id: customer.id,
        goals: input.goals || null,
        strategy: input.strategy || null,
        estimated_wallet: wallet,
        currency,
        relationship_strength: input.relationshipStrength ?? null,
        next_review_on: input.nextReviewOn ?? null,
        owner_id: customer.owner_id,
        team_id: customer.team_id,
        created_at: now,
        updated_at: now,
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AppError('account_plan.exists', 'this customer has a plan already');
      throw error;
    }
    const created = await detail(deps, tx, (await repo.findPlan(tx, { kind: 'all' }, id))!);
    await recordAudit(tx, actor, {
      at: now,
      action: 'create',
      entity: 'account_plan',
      entityId: id,
      after: created,
    });
    return created;
  });
}

export async function updatePlan(deps: Deps, actor: Actor, id: string, input: AccountPlanUpdateInput) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const current = await requirePlan(deps, tx, actor, id, 'write');
    if (current.version !== input.version) throw versionConflict('account plan', current.version);
    const currency = input.currency ?? current.currency;
    if (
      currency !== current.currency &&
      input.estimatedWallet === undefined &&
      current.estimated_wallet !== null
    )
      throw invalid(
        'estimatedWallet',
        `is required when the currency changes (it was in ${current.currency})`,
      );
    const wallet = walletMinor(input.estimatedWallet, currency);
    const before = presentPlan(current);
    const changed = await repo.updatePlan(
      tx,
      id,
      input.version,
      {
        currency,
        ...(input.goals !== undefined && { goals: input.goals || null }),
        ...(input.strategy !== undefined && { strategy: input.strategy || null }),
        ...(wallet !== undefined && { estimated_wallet: wallet }),
        ...(input.relationshipStrength !== undefined && {
          relationship_strength: input.relationshipStrength,
        }),
        ...(input.nextReviewOn !== undefined && { next_review_on: input.nextReviewOn }),
      },
      now,
    );
    if (!changed) throw versionConflict('account plan', current.version);
    const after = await detail(deps, tx, (await repo.findPlan(tx, { kind: 'all' }, id))!);
    await recordAudit(tx, actor, {
      at: now,
      action: 'update',
      entity: 'account_plan',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}

export async function deletePlan(deps: Deps, actor: Actor, id: string, version?: number): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const current = await requirePlan(deps, tx, actor, id, 'write');
    if (version !== undefined && version !== current.version)
      throw versionConflict('account plan', current.version);
    const before = await detail(deps, tx, current);
    if (!(await repo.deletePlan(tx, id, current.version)))
      throw versionConflict('account plan', current.version);
    await recordAudit(tx, actor, { at: now, action: 'delete', entity: 'account_plan', entityId: id, before });
  });
}

export async function listPlanContacts(deps: Deps, actor: Actor, planId: string) {
  await requirePlan(deps, deps.db, actor, planId, 'read');
  return { items: (await repo.listContacts(deps.db, planId)).map(presentContact), nextCursor: null };
}

/** A DMU contact may point at a person customer the actor may see. */
async function checkLinkedPerson(db: Db, actor: Actor, contactId: string | null | undefined) {
  if (!contactId) return;
  const person = await repo.findPerson(db, contactId);
  if (!person || person.deleted_at || !inScope(readScope(actor), person))
    throw invalid('contactId', 'is not a customer you may see');
  if (person.kind !== 'person') throw invalid('contactId', 'must be an individual (person) customer');
}

export async function addPlanContact(
  deps: Deps,
  actor: Actor,
  planId: string,
  input: PlanContactCreateInput,
) {
  const now = deps.clock.now();
  const id = newId();
  return deps.db.transaction().execute(async (tx) => {
    const plan = await requirePlan(deps, tx, actor, planId, 'write');
    await checkLinkedPerson(tx, actor, input.contactId);
    await repo.insertContact(tx, {
      id,
      plan_id: planId,
      customer_id: plan.customer_id,
      contact_id: input.contactId ?? null,
      name: input.name,
      title: input.title ?? null,
      role: input.role,
      layer: input.layer,
      strength: input.strength,
      attitude: input.attitude ?? null,
      next_contact_on: input.nextContactOn ?? null,
      notes: input.notes || null,
      created_at: now,
      updated_at: now,
    });
    const created = presentContact((await repo.findContact(tx, planId, id))!);
    await recordAudit(tx, actor, {
      at: now,
      action: 'create',
      entity: 'account_plan_contact',
      entityId: id,
      after: created,
    });
    return created;
  });
}

async function requireContact(tx: Db, planId: string, id: string) {
  const row = await repo.findContact(tx, planId, id);
  if (!row) throw notFound('account_plan_contact.not_found', id);
  return row;
}

export async function updatePlanContact(
  deps: Deps,
  actor: Actor,
  planId: string,
  id: string,
  input: PlanContactUpdateInput,
) {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    await requirePlan(deps, tx, actor, planId, 'write');
    const current = await requireContact(tx, planId, id);
    if (current.version !== input.version) throw versionConflict('contact', current.version);
    await checkLinkedPerson(tx, actor, input.contactId);
    const { version, ...fields } = input;
    const changed = await repo.updateContact(
      tx,
      id,
      version,
      {
        ...(fields.contactId !== undefined && { contact_id: fields.contactId }),
        ...(fields.name !== undefined && { name: fields.name }),
        ...(fields.title !== undefined && { title: fields.title }),
        ...(fields.role !== undefined && { role: fields.role }),
        ...(fields.layer !== undefined && { layer: fields.layer }),
        ...(fields.strength !== undefined && { strength: fields.strength }),
        ...(fields.attitude !== undefined && { attitude: fields.attitude }),
        ...(fields.nextContactOn !== undefined && { next_contact_on: fields.nextContactOn }),
        ...(fields.notes !== undefined && { notes: fields.notes || null }),
      },
      now,
    );
    if (!changed) throw versionConflict('contact', current.version);
    const after = presentContact((await repo.findContact(tx, planId, id))!);
    await recordAudit(tx, actor, {
      at: now,
      action: 'update',
      entity: 'account_plan_contact',
      entityId: id,
      before: presentContact(current),
      after,
    });
    return after;
  });
}

export async function deletePlanContact(
  deps: Deps,
  actor: Actor,
  planId: string,
  id: string,
  version?: number,
) {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    await requirePlan(deps, tx, actor, planId, 'write');
    const current = await requireContact(tx, planId, id);
    if (version !== undefined && version !== current.version)
      throw versionConflict('contact', current.version);
    if (!(await repo.deleteContact(tx, id, current.version)))
      throw versionConflict('contact', current.version);
    await recordAudit(tx, actor, {
      at: now,
      action: 'delete',
      entity: 'account_plan_contact',
      entityId: id,
      before: presentContact(current),
    });
  });
}
