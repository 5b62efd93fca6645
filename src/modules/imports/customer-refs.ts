import { inScope } from '#src/modules/customers/customers.access.ts';
import { searchKeys } from '#src/modules/customers/customers.search-keys.ts';
import {
  findCustomersById,
  findCustomersByRef,
  insertCustomersForRefs,
  type CustomerLookup,
} from '#src/modules/imports/bulk-customers.repo.ts';
import type { WriteContext } from '#src/modules/imports/importer.ts';
import type { Db } from '#src/shared/context.ts';
import { newId } from '#src/shared/ids.ts';

/** A `customer_ref` of an orders or interactions file, resolved to a customer id or the reason it cannot be. */
export type ResolvedCustomer = { id: string } | { reason: string };

/** Follows merges: a ref of a customer merged into another names the survivor (its orders moved there too). */
async function survivors(db: Db, rows: CustomerLookup[]): Promise<Map<string, CustomerLookup>> {
  const byId = new Map(rows.map((row) => [row.id, row]));
  let pending = rows.filter((row) => row.merged_into && !byId.has(row.merged_into));
  for (let depth = 0; pending.length > 0 && depth < 10; depth++) {
    for (const row of await findCustomersById(
      db,
      pending.map((r) => r.merged_into!),
    ))
      byId.set(row.id, row);
    pending = [...byId.values()].filter((row) => row.merged_into && !byId.has(row.merged_into));
  }
  return byId;
}

/**
 * Resolves customer refs for a batch. Unknown refs become people named by the ref, owned by the importing staff
 * member (source `import`), unless `create` is false (`--no-create`, and always for interactions).
 */
export async function resolveCustomerRefs(
  db: Db,
  context: WriteContext,
  refs: readonly string[],
  create: boolean,
): Promise<Map<string, ResolvedCustomer>> {
  const unique = [...new Set(refs)];
  const found = await findCustomersByRef(db, unique);
  const byId = await survivors(db, found);
  const result = new Map<string, ResolvedCustomer>();
  for (const row of found) {
    let customer = row;
    for (let depth = 0; customer.merged_into && depth < 10; depth++)
      customer = byId.get(customer.merged_into) ?? customer;
    if (customer.deleted_at) result.set(row.ref, { reason: `"${row.ref}" names a deleted customer` });
    else if (!inScope(context.scope, customer))
      result.set(row.ref, { reason: `"${row.ref}" names a customer you may not change` });
    else result.set(row.ref, { id: customer.id });
  }
  const unknown = unique.filter((ref) => !result.has(ref));
  if (unknown.length === 0) return result;
  if (!create) {
    for (const ref of unknown)
      result.set(ref, {
        reason: `"${ref}" names no customer${context.noCreate ? ' (--no-create: unknown customers are not created)' : ''}`,
      });
    return result;
  }
  const owner = context.actor.userId;
  await insertCustomersForRefs(
    db,
    unknown.map((ref) => ({
      id: newId(),
      ref,
      ...searchKeys({ name: ref, kind: 'person', ref }),
      owner_id: owner,
      team_id: owner ? context.actor.teamId : null,
    })),
    context.now,
  );
  for (const row of await findCustomersByRef(db, unknown)) {
    // a set, so a dry run (whose batches roll back and create the same customer again) counts it once
    context.createdCustomers.add(row.ref);
    result.set(row.ref, { id: row.id });
  }
  return result;
}
