import { sql, type Updateable } from 'kysely';
import type { CustomersTable } from '#src/db/schema.ts';
import { findCustomer, type CustomerRow } from '#src/modules/customers/customers.repo.ts';
import type { Db } from '#src/shared/context.ts';

/** SQL of the customer merge (customers.merge.ts): locking, the records' before-state, and moving history. */

/**
 * Locks the customers of a merge until the transaction ends, in id order: two merges that share customers
 * take their locks in the same order, so they queue instead of deadlocking, and the second one reads the rows
 * as the first one left them (already merged, hence refused). FOR UPDATE also waits for transactions that are
 * inserting history (their foreign-key check holds a KEY SHARE lock on the customer), so rows they add are
 * committed before ours are moved.
 */
export const lockCustomers = (db: Db, ids: readonly string[]) =>
  db
    .selectFrom('customers')
    .select(['id', 'kind', 'owner_id', 'team_id', 'deleted_at', 'erased_at', 'merged_into'])
    .where('id', 'in', ids)
    .orderBy('id')
    .forUpdate()
    .execute();

/** Whole customer records (the API's shape, with owner and team names), in the order of `ids`. */
export async function findCustomerRecords(db: Db, ids: readonly string[]) {
  const rows: CustomerRow[] = [];
  for (const id of ids) {
    const row = await findCustomer(db, id);
    if (row) rows.push(row);
  }
  return rows;
}

/** Every link of these customers, for the audit's before-state and to plan how links fold together. */
export const findLinksOf = (db: Db, ids: readonly string[]) =>
  db
    .selectFrom('customer_links')
    .select([
      'id',
      'person_id',
      'organization_id',
      'role',
      'strength',
      'title',
      'version',
      'created_at',
      'updated_at',
    ])
    .where((eb) => eb.or([eb('person_id', 'in', ids), eb('organization_id', 'in', ids)]))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
export type LinkRow = Awaited<ReturnType<typeof findLinksOf>>[number];

/** The per-currency order summaries of these customers (the audit keeps them as they were). */
export const findStatsOf = (db: Db, ids: readonly string[]) =>
  db
    .selectFrom('customer_stats')
    .select([
      'customer_id',
      'currency',
      'first_order_day',
      'last_order_day',
      'orders',
      'purchase_days',
      'revenue',
      'repeat_revenue',
      'margin',
      'returns',
    ])
    .where('customer_id', 'in', ids)
    .orderBy('customer_id')
    .orderBy('currency')
    .execute();

/** Organisations whose parent is one of these customers (other than themselves). */
export const findChildrenOf = async (db: Db, parentIds: readonly string[], exceptIds: readonly string[]) =>
  (
    await db
      .selectFrom('customers')
      .select('id')
      .where('parent_id', 'in', parentIds)
      .where('id', 'not in', exceptIds)
      .orderBy('id')
      .execute()
  ).map((row) => row.id);

/**
 * Re-points the rows of one history table (interactions, orders, order lines) from the merged customers to the
 * survivor; returns each moved row with the customer it came from, for the audit.
 */
export async function moveHistory(
  db: Db,
  table: 'interactions' | 'orders' | 'order_items',
  fromIds: readonly string[],
  toId: string,
  now: Date,
): Promise<{ id: string; from_id: string }[]> {
  // order lines have no updated_at: they change only with their order
  const touched = table === 'order_items' ? sql`` : sql`, updated_at = ${now}`;
  const result = await sql<{ id: string; from_id: string }>`
    update ${sql.table(table)} as t set customer_id = ${toId} ${touched}
    from (select id, customer_id from ${sql.table(table)} where customer_id in (${sql.join(fromIds)})) as o
    where t.id = o.id
    returning t.id, o.customer_id as from_id`.execute(db);
  return result.rows;
}

/** How many interactions and orders each customer has, for the audit's before-state of the survivor. */
export async function countHistory(db: Db, id: string): Promise<{ interactions: number; orders: number }> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('interactions')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('customer_id', '=', id)
        .as('interactions'),
      eb
        .selectFrom('orders')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('customer_id', '=', id)
        .as('orders'),
    ])
    .executeTakeFirstOrThrow();
  return { interactions: Number(row.interactions), orders: Number(row.orders) };
}

export const deleteLinks = async (db: Db, ids: readonly string[]) => {
  if (ids.length) await db.deleteFrom('customer_links').where('id', 'in', ids).execute();
};

/** Sets the strength and title a folded link keeps (the survivor's role stays). */
export const updateLink = (
  db: Db,
  id: string,
  change: { strength: number; title: string | null },
  now: Date,
) =>
  db
    .updateTable('customer_links')
    .set((eb) => ({ ...change, version: eb('version', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .execute();

/** Re-points the links of the merged customers, on either side, to the survivor. */
export const repointLinks = (db: Db, fromIds: readonly string[], toId: string, now: Date) =>
  db
    .updateTable('customer_links')
    .set((eb) => ({
      person_id: eb.case().when('person_id', 'in', fromIds).then(toId).else(eb.ref('person_id')).end(),
      organization_id: eb
        .case()
        .when('organization_id', 'in', fromIds)
        .then(toId)
        .else(eb.ref('organization_id'))
        .end(),
      version: eb('version', '+', 1),
      updated_at: now,
    }))
    .where((eb) => eb.or([eb('person_id', 'in', fromIds), eb('organization_id', 'in', fromIds)]))
    .execute();

/** Subsidiaries of the merged organisations become the survivor's. */
export const repointChildren = (db: Db, childIds: readonly string[], toId: string, now: Date) =>
  childIds.length
    ? db
        .updateTable('customers')
        .set((eb) => ({ parent_id: toId, version: eb('version', '+', 1), updated_at: now }))
        .where('id', 'in', childIds)
        .execute()
    : Promise.resolve([]);

/** Whether `id` is `ancestorId` or one of its descendants (following parent_id upwards from `id`). */
export async function descendsFrom(db: Db, id: string, ancestorId: string): Promise<boolean> {
  const result = await sql<{ found: boolean }>`
    with recursive up (id, parent_id, depth) as (
      select id, parent_id, 0 from customers where id = ${id}
      union all
      select c.id, c.parent_id, up.depth + 1 from customers c join up on c.id = up.parent_id
      where up.depth < 100
    )
    select exists (select 1 from up where id = ${ancestorId}) as found`.execute(db);
  return result.rows[0]?.found === true;
}

export const updateSurvivor = (db: Db, id: string, columns: Updateable<CustomersTable>) =>
  db
    .updateTable('customers')
    .set((eb) => ({ ...columns, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();

/** The merged customers leave the lists: soft-deleted, pointing at the survivor. */
export const markMerged = (db: Db, ids: readonly string[], survivorId: string, now: Date) =>
  db
    .updateTable('customers')
    .set((eb) => ({
      merged_into: survivorId,
      deleted_at: now,
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('id', 'in', ids)
    .execute();

/**
 * Candidate pairs among the merged customers are resolved as merged; open candidates of a merged customer with
 * anyone else can never be acted on any more (the customer is gone) and are dropped — a later scan finds the
 * survivor's pairs afresh.
 */
export async function resolveCandidates(
  db: Db,
  survivorId: string,
  mergedIds: readonly string[],
  actorId: string | null,
  now: Date,
): Promise<void> {
  const ids = [survivorId, ...mergedIds];
  await db
    .updateTable('duplicate_candidates')
    .set({ status: 'merged', resolved_at: now, resolved_by: actorId })
    .where('customer_id', 'in', ids)
    .where('other_id', 'in', ids)
    .execute();
  await db
    .deleteFrom('duplicate_candidates')
    .where('status', '=', 'open')
    .where((eb) => eb.or([eb('customer_id', 'in', mergedIds), eb('other_id', 'in', mergedIds)]))
    .execute();
}
