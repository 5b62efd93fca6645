import { isForeignKeyViolation } from '#src/db/errors.ts';
import { parseSort, toPage } from '#src/db/paginate.ts';
import { recordAudit } from '#src/modules/audit/audit.service.ts';
import { inScope, readScope, requireCustomer } from '#src/modules/customers/customers.access.ts';
import type { Actor, Db, Deps } from '#src/shared/context.ts';
import { AppError, invalid, notFound, versionConflict } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';
import { presentInteraction } from '#src/modules/interactions/interactions.presenter.ts';
import * as repo from '#src/modules/interactions/interactions.repo.ts';
import type {
  Interaction,
  InteractionCreateInput,
  InteractionListQuery,
  InteractionUpdateInput,
} from '#src/modules/interactions/interactions.schema.ts';
import { periodBounds } from '#src/shared/period.ts';

const sortColumns = {
  occurredAt: { column: 'occurred_at', type: 'timestamptz' },
  createdAt: { column: 'created_at', type: 'timestamptz' },
} as const;

/**
 * The customer access needed to log a contact. Service staff log the calls and visits they handle on any customer
 * they can read (roles.ts, `interactions.write`); everyone else logs on the customers they may change.
 */
const logMode = (actor: Actor) => (actor.role === 'service' ? 'read' : 'write');

/** Whether the actor may see this interaction: it follows its customer, and a deleted customer hides it. */
const visible = (actor: Actor, row: repo.InteractionRow) =>
  row.customer_deleted_at === null &&
  inScope(readScope(actor), { owner_id: row.customer_owner_id, team_id: row.customer_team_id });

async function findVisible(db: Db, actor: Actor, id: string): Promise<repo.InteractionRow> {
  const row = await repo.findInteraction(db, id);
  if (!row || !visible(actor, row)) throw notFound('interaction.not_found', id);
  return row;
}

/**
 * Who may change or delete a logged contact: those who may change its customer; service staff (who read every
 * customer but own none) only the contacts they logged or had themselves.
 */
async function requireChangeable(db: Db, actor: Actor, row: repo.InteractionRow): Promise<void> {
  if (actor.role === 'service') {
    if (actor.userId !== null && (row.created_by === actor.userId || row.staff_id === actor.userId)) return;
    throw new AppError('auth.forbidden', 'service staff change only the interactions they logged');
  }
  await requireCustomer(db, actor, row.customer_id, 'write');
}

const staffUnknown = () => invalid('staffId', 'names no staff member');

/**
 * Sets customers' last contact to their latest interaction, for other writers of interactions (imports, merges):
 * call it in the transaction that changed them.
 */
export const refreshLastContact = (tx: Db, customerIds: readonly string[]): Promise<void> =>
  repo.refreshLastContact(tx, customerIds);

export async function listInteractions(deps: Deps, actor: Actor, query: InteractionListQuery) {
  const keyset = parseSort(query.sort, sortColumns);
  const period = periodBounds(query.from, query.to, deps.config.timeZone);
  const rows = await repo.listInteractions(deps.db, readScope(actor), query, keyset, period);
  return toPage(rows, query.limit, keyset, presentInteraction);
}

export async function getInteraction(deps: Deps, actor: Actor, id: string): Promise<Interaction> {
  return presentInteraction(await findVisible(deps.db, actor, id));
}

/** Logs a contact; the customer's last contact follows in the same transaction. */
export async function createInteraction(
  deps: Deps,
  actor: Actor,
  input: InteractionCreateInput,
): Promise<Interaction> {
  return deps.db.transaction().execute(async (tx) => {
    await requireCustomer(tx, actor, input.customerId, logMode(actor));
    return logContactIn(tx, deps, actor, input);
  });
}

/**
 * Logs a contact in the caller's transaction, for modules whose own change is a contact (a completed call task,
 * issue 6): the caller has checked the customer's access. The last contact follows; audited as `create`.
 */
export async function logContactIn(
  tx: Db,
  deps: Pick<Deps, 'clock'>,
  actor: Actor,
  input: InteractionCreateInput,
): Promise<Interaction> {
  const id = newId();
  const now = deps.clock.now();
  try {
    await repo.insertInteraction(tx, {
      id,
      ref: null,
      customerId: input.customerId,
      channel: input.channel,
      direction: input.direction,
      subject: input.subject ?? null,
      notes: input.notes || null,
      outcome: input.outcome ?? null,
      occurredAt: input.occurredAt ? new Date(input.occurredAt) : now,
      staffId: input.staffId === undefined ? actor.userId : input.staffId,
      createdBy: actor.userId,
      now,
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) throw staffUnknown();
    throw error;
  }
  await repo.refreshLastContact(tx, [input.customerId]);
  const created = presentInteraction((await repo.findInteraction(tx, id))!);
  await recordAudit(tx, actor, {
    at: now,
    action: 'create',
    entity: 'interaction',
    entityId: id,
    after: created,
  });
  return created;
}

/** Changes a contact at the given version; moving it to another customer needs access to both. */
export async function updateInteraction(
  deps: Deps,
  actor: Actor,
  id: string,
  input: InteractionUpdateInput,
): Promise<Interaction> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const current = await findVisible(tx, actor, id);
    await requireChangeable(tx, actor, current);
    const moveTo =
      input.customerId !== undefined && input.customerId !== current.customer_id ? input.customerId : null;
    if (moveTo) await requireCustomer(tx, actor, moveTo, logMode(actor));
    if (current.version !== input.version) throw versionConflict('interaction', current.version);
    let updated: boolean;
    try {
      updated = await repo.updateInteraction(
        tx,
        id,
        input.version,
        {
          ...(moveTo && { customerId: moveTo }),
          ...(input.channel !== undefined && { channel: input.channel }),
          ...(input.direction !== undefined && { direction: input.direction }),
          ...(input.occurredAt !== undefined && { occurredAt: new Date(input.occurredAt) }),
          ...(input.subject !== undefined && { subject: input.subject }),
          ...(input.notes !== undefined && { notes: input.notes || null }),
          ...(input.outcome !== undefined && { outcome: input.outcome }),
          ...(input.staffId !== undefined && { staffId: input.staffId }),
        },
        now,
      );
    } catch (error) {
      if (isForeignKeyViolation(error)) throw staffUnknown();
      throw error;
    }
    if (!updated) throw versionConflict('interaction', current.version);
    await repo.refreshLastContact(tx, moveTo ? [current.customer_id, moveTo] : [current.customer_id]);
    const after = presentInteraction((await repo.findInteraction(tx, id))!);
    await recordAudit(tx, actor, {
      at: now,
      action: 'update',
      entity: 'interaction',
      entityId: id,
      before: presentInteraction(current),
      after,
    });
    return after;
  });
}

/** Deletes a contact (at `version` when given); the customer's last contact goes back to the one before. */
export async function deleteInteraction(
  deps: Deps,
  actor: Actor,
  id: string,
  version?: number,
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const current = await findVisible(tx, actor, id);
    await requireChangeable(tx, actor, current);
    if (version !== undefined && current.version !== version)
      throw versionConflict('interaction', current.version);
    if (!(await repo.deleteInteraction(tx, id, version ?? current.version)))
      throw versionConflict('interaction', current.version);
    await repo.refreshLastContact(tx, [current.customer_id]);
    await recordAudit(tx, actor, {
      at: now,
      action: 'delete',
      entity: 'interaction',
      entityId: id,
      before: presentInteraction(current),
    });
  });
}
