import type { Insertable, Updateable } from 'kysely';
import { recordAudit } from '#src/modules/audit/audit.service.ts';
import { inScope, readScope, writeScope } from '#src/modules/customers/customers.access.ts';
import { fieldDefinitions } from '#src/modules/customers/customers.custom-fields.ts';
import { customValuesAfter } from '#src/modules/customers/customers.custom-values.ts';
import { consentAfter, factColumns, type StoredConsent } from '#src/modules/customers/customers.facts.ts';
import { presentCustomer } from '#src/modules/customers/customers.presenter.ts';
import * as repo from '#src/modules/customers/customers.repo.ts';
import type {
  Customer,
  CustomerCreateInput,
  CustomerKind,
  CustomerUpdateInput,
  CustomValues,
} from '#src/modules/customers/customers.schema.ts';
import { searchKeys } from '#src/modules/customers/customers.search-keys.ts';
import { checkAssignment, resolveOwner } from '#src/modules/customers/customers.owners.ts';
import type { CustomersTable } from '#src/db/schema.ts';
import { isUniqueViolation } from '#src/db/errors.ts';
import type { Actor, Db, Deps } from '#src/shared/context.ts';
import { AppError, invalid, notFound, versionConflict, type FieldError } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';

/**
 * Customers (issue 4 items 1 and 9): create, read, change at a version, soft delete and restore. Ownership
 * follows customers.access.ts: a record the actor may not see or change answers 404. Every write is audited in
 * its transaction with the presented record before and after.
 */

const badInput = (errors: FieldError[]) =>
  new AppError('request.invalid', errors.map((e) => `${e.field} ${e.message}`).join('; '), { errors });

const refTaken = () => invalid('ref', 'is already used by another customer', 'customer.ref_taken');

/** The database of `deps` replaced by the transaction, for services of other modules called inside it. */
export const inTransaction = (deps: Deps, tx: Db): Deps => ({ ...deps, db: tx as Deps['db'] });

/**
 * A parent organisation must be a live organisation the actor may see, neither the customer itself nor one of
 * its subsidiaries (which would make the hierarchy a cycle).
 */
async function parentProblem(
  tx: Db,
  actor: Actor,
  customerId: string,
  parentId: string,
): Promise<FieldError | null> {
  if (parentId === customerId) return { field: 'parentId', message: 'must not be the organisation itself' };
  const parent = await repo.findCustomerOwnership(tx, parentId);
  if (!parent || parent.deleted_at || !inScope(readScope(actor), parent))
    return { field: 'parentId', message: 'names no organisation you may see' };
  if (parent.kind !== 'organization') return { field: 'parentId', message: 'must be an organisation' };
  if ((await repo.ancestorIds(tx, parentId)).includes(customerId))
    return { field: 'parentId', message: 'is a subsidiary of this organisation: that would make a cycle' };
  return null;
}

export interface CreateOptions {
  /**
   * Whether required custom fields must be filled (default true). The import passes false: its files carry no
   * custom columns, and a field made required must not reject every imported row.
   */
  requireCustomFields?: boolean;
}

/** Creates one customer (the API, the import and the demo data call this). */
export async function createCustomer(
  deps: Deps,
  actor: Actor,
  input: CustomerCreateInput,
  options: CreateOptions = {},
): Promise<Customer> {
  return deps.db.transaction().execute((tx) => createCustomerIn(tx, deps, actor, input, options));
}

/** `createCustomer` inside the caller's transaction, for imports that write many rows in one. */
export async function createCustomerIn(
  tx: Db,
  deps: Deps,
  actor: Actor,
  input: CustomerCreateInput,
  options: CreateOptions = {},
): Promise<Customer> {
  const now = deps.clock.now();
  const id = newId();
  const ownerId = input.ownerId === undefined ? actor.userId : input.ownerId;
  const owner = ownerId ? await resolveOwner(inTransaction(deps, tx), ownerId) : null;
  if (ownerId !== actor.userId) checkAssignment(actor, owner);

  const country = input.country ?? 'CN';
  const { columns, errors } = factColumns(input, {
    kind: input.kind,
    country,
    now,
    timeZone: deps.config.timeZone,
  });
  const custom = customValuesAfter(await fieldDefinitions(tx), {}, input.custom, {
    requireAll: options.requireCustomFields ?? true,
  });
  errors.push(...custom.errors);
  if (input.parentId && input.kind === 'organization') {
    const problem = await parentProblem(tx, actor, id, input.parentId);
    if (problem) errors.push(problem);
  }
  if (errors.length) throw badInput(errors);

  const ref = input.ref ?? (await generatedRef(tx));
  const values: Insertable<CustomersTable> = {
    ...columns,
    id,
    ref,
    kind: input.kind,
    name: input.name,
    country,
    ...searchKeys({ name: input.name, kind: input.kind, ref, email: columns.email, phone: columns.phone }),
    owner_id: owner?.id ?? null,
    team_id: owner?.teamId ?? null,
    parent_id: input.parentId ?? null,
    consent: JSON.stringify(consentAfter({}, input.consent, now)),
    custom: JSON.stringify(custom.values),
    created_at: now,
    updated_at: now,
  } as Insertable<CustomersTable>;
  try {
    await repo.insertCustomer(tx, values);
  } catch (error) {
    if (isUniqueViolation(error)) throw refTaken();
    throw error;
  }
  const created = presentCustomer((await repo.findCustomer(tx, id))!);
  await recordAudit(tx, actor, {
    at: now,
    action: 'create',
    entity: 'customer',
    entityId: id,
    after: created,
  });
  return created;
}

/** The next free generated ref; a ref typed by hand may have taken a number of the sequence. */
async function generatedRef(tx: Db): Promise<string> {
  for (;;) {
    const ref = await repo.nextCustomerRef(tx);
    if (!(await repo.refExists(tx, ref))) return ref;
  }
}

/** One customer the actor may see, deleted ones included (the recycle bin opens them, merged ones redirect). */
export async function getCustomer(deps: Deps, actor: Actor, id: string): Promise<Customer> {
  const row = await repo.findCustomer(deps.db, id);
  if (!row || !inScope(readScope(actor), row)) throw notFound('customer.not_found', id);
  return presentCustomer(row);
}

/**
 * The customer locked for a change by the actor: 404 when he may not change it, 409 when it is in the recycle
 * bin (unless `allowDeleted`) or was erased, or when `version` is stale.
 */
export async function lockForChange(
  tx: Db,
  actor: Actor,
  id: string,
  version: number | undefined,
  options: { allowDeleted?: boolean; allowErased?: boolean } = {},
) {
  const current = await repo.findCustomer(tx, id, { lock: true });
  if (!current || !inScope(writeScope(actor), current)) throw notFound('customer.not_found', id);
  if (current.erased_at && !options.allowErased)
    throw new AppError('customer.erased', `customer ${id} was erased and can no longer be changed`);
  if (current.deleted_at && !options.allowDeleted)
    throw new AppError('customer.deleted', `customer ${id} is in the recycle bin; restore it first`);
  if (version !== undefined && current.version !== version)
    throw versionConflict('customer', current.version);
  return current;
}

/** Changes a customer at the given version (stale → 409); see `checkAssignment` for changing the owner. */
export async function updateCustomer(
  deps: Deps,
  actor: Actor,
  id: string,
  input: CustomerUpdateInput,
): Promise<Customer> {
  return deps.db.transaction().execute(async (tx) => {
    const current = await lockForChange(tx, actor, id, input.version);
    const now = deps.clock.now();
    const kind = current.kind as CustomerKind;
    const { columns, errors } = factColumns(input, {
      kind,
      country: input.country ?? current.country,
      now,
      timeZone: deps.config.timeZone,
    });
    const changes: Updateable<CustomersTable> = { ...columns, updated_at: now };

    if (input.ownerId !== undefined && input.ownerId !== current.owner_id) {
      const owner = input.ownerId ? await resolveOwner(inTransaction(deps, tx), input.ownerId) : null;
      checkAssignment(actor, owner);
      changes.owner_id = owner?.id ?? null;
      changes.team_id = owner?.teamId ?? null;
    }
    if (input.parentId !== undefined && input.parentId !== current.parent_id) {
      const problem =
        input.parentId && kind === 'organization' && (await parentProblem(tx, actor, id, input.parentId));
      if (problem) errors.push(problem);
      changes.parent_id = input.parentId;
    }
    if (input.custom) {
      const custom = customValuesAfter(
        await fieldDefinitions(tx),
        (current.custom ?? {}) as CustomValues,
        input.custom,
        { requireAll: false },
      );
      errors.push(...custom.errors);
      changes.custom = JSON.stringify(custom.values);
    }
    if (input.consent)
      changes.consent = JSON.stringify(consentAfter(current.consent as StoredConsent, input.consent, now));
    if (errors.length) throw badInput(errors);

    if (input.name !== undefined) changes.name = input.name;
    if (input.ref !== undefined) changes.ref = input.ref;
    if ([input.name, input.ref, input.email, input.phone].some((value) => value !== undefined)) {
      Object.assign(
        changes,
        searchKeys({
          name: input.name ?? current.name,
          kind,
          ref: input.ref ?? current.ref,
          email: columns.email === undefined ? current.email : columns.email,
          phone: columns.phone === undefined ? current.phone : columns.phone,
        }),
      );
    }
    try {
      if (!(await repo.updateCustomer(tx, id, input.version, changes)))
        throw versionConflict('customer', current.version);
    } catch (error) {
      if (isUniqueViolation(error)) throw refTaken();
      throw error;
    }
    const after = presentCustomer((await repo.findCustomer(tx, id))!);
    const before = presentCustomer(current);
    await recordAudit(tx, actor, {
      at: now,
      action: 'update',
      entity: 'customer',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}

/** Moves a customer to the recycle bin (soft delete), at the given version. */
export async function deleteCustomer(
  deps: Deps,
  actor: Actor,
  id: string,
  version: number,
): Promise<Customer> {
  return deps.db.transaction().execute(async (tx) => {
    const current = await lockForChange(tx, actor, id, version, { allowErased: true });
    const now = deps.clock.now();
    await repo.updateCustomer(tx, id, version, { deleted_at: now, updated_at: now });
    const after = presentCustomer((await repo.findCustomer(tx, id))!);
    await recordAudit(tx, actor, {
      at: now,
      action: 'delete',
      entity: 'customer',
      entityId: id,
      before: presentCustomer(current),
      after,
    });
    return after;
  });
}

/**
 * Brings a customer back from the recycle bin. A merged customer stays deleted: its history now belongs to the
 * survivor. Restoring a live customer changes nothing.
 */
export async function restoreCustomer(
  deps: Deps,
  actor: Actor,
  id: string,
  version: number | undefined,
): Promise<Customer> {
  return deps.db.transaction().execute(async (tx) => {
    const current = await lockForChange(tx, actor, id, version, { allowDeleted: true, allowErased: true });
    if (!current.deleted_at) return presentCustomer(current);
    if (current.merged_into)
      throw new AppError('customer.merged', `customer ${id} was merged into ${current.merged_into}`);
    const now = deps.clock.now();
    await repo.updateCustomer(tx, id, current.version, { deleted_at: null, updated_at: now });
    const after = presentCustomer((await repo.findCustomer(tx, id))!);
    await recordAudit(tx, actor, {
      at: now,
      action: 'restore',
      entity: 'customer',
      entityId: id,
      before: presentCustomer(current),
      after,
    });
    return after;
  });
}
