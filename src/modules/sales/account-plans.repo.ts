import { updateAtVersion } from '#src/db/versioned.ts';
import { sql, type Insertable, type Updateable } from 'kysely';
import { afterCursor, cursorValue, type Keyset } from '#src/db/paginate.ts';
import type { AccountPlanContactsTable, AccountPlansTable } from '#src/db/schema.ts';
import type { CustomerScope } from '#src/modules/customers/customers.access.ts';
import { visibleRecords } from '#src/modules/sales/forecast.repo.ts';
import type { Db } from '#src/shared/context.ts';

/** Plans with their customer's name and flag; who sees a plan follows its customer (customers.access.ts). */
const planQuery = (db: Db, scope: CustomerScope) =>
  db
    .selectFrom('account_plans as p')
    .innerJoin('customers as c', 'c.id', 'p.customer_id')
    .select([
      'p.id',
      'p.customer_id',
      'c.name as customer_name',
      'c.key_account',
      'p.goals',
      'p.strategy',
      'p.estimated_wallet',
      'p.currency',
      'p.relationship_strength',
      'p.next_review_on',
      'p.owner_id',
      'p.version',
      'p.created_at',
      'p.updated_at',
    ])
    .where('c.deleted_at', 'is', null)
    .where(() => visibleRecords(scope, 'c'));

export const findPlan = (db: Db, scope: CustomerScope, id: string) =>
  planQuery(db, scope).where('p.id', '=', id).executeTakeFirst();

export const findPlanOfCustomer = (db: Db, scope: CustomerScope, customerId: string) =>
  planQuery(db, scope).where('p.customer_id', '=', customerId).executeTakeFirst();

export type PlanRow = NonNullable<Awaited<ReturnType<typeof findPlan>>>;

export function listPlans(db: Db, scope: CustomerScope, keyset: Keyset, limit: number, cursor?: string) {
  let q = planQuery(db, scope)
    .select(cursorValue(keyset, 'p'))
    .orderBy(`p.${keyset.column}` as 'p.created_at', keyset.direction)
    .orderBy('p.id', keyset.direction)
    .limit(limit + 1);
  if (cursor) q = q.where(afterCursor(keyset, 'p', cursor));
  return q.execute();
}

export async function insertPlan(db: Db, values: Insertable<AccountPlansTable>) {
  await db.insertInto('account_plans').values(values).execute();
}

export async function updatePlan(
  db: Db,
  id: string,
  version: number,
  values: Updateable<AccountPlansTable>,
  now: Date,
): Promise<boolean> {
  return updateAtVersion(db, 'account_plans', id, version, values, now);
}

export async function deletePlan(db: Db, id: string, version: number) {
  const result = await db
    .deleteFrom('account_plans')
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numDeletedRows === 1n;
}

const contactColumns = [
  'id',
  'plan_id',
  'contact_id',
  'name',
  'title',
  'role',
  'layer',
  'strength',
  'attitude',
  'next_contact_on',
  'notes',
  'version',
] as const;

/** The DMU, top layer first, then by role and name. */
export const listContacts = (db: Db, planId: string) =>
  db
    .selectFrom('account_plan_contacts')
    .select(contactColumns)
    .where('plan_id', '=', planId)
    .orderBy(sql`array_position(array['executive', 'management', 'operational'], layer)`)
    .orderBy('name')
    .orderBy('id')
    .execute();
export type ContactRow = Awaited<ReturnType<typeof listContacts>>[number];

export const findContact = (db: Db, planId: string, id: string) =>
  db
    .selectFrom('account_plan_contacts')
    .select(contactColumns)
    .where('plan_id', '=', planId)
    .where('id', '=', id)
    .executeTakeFirst();

export async function insertContact(db: Db, values: Insertable<AccountPlanContactsTable>) {
  await db.insertInto('account_plan_contacts').values(values).execute();
}

export async function updateContact(
  db: Db,
  id: string,
  version: number,
  values: Updateable<AccountPlanContactsTable>,
  now: Date,
): Promise<boolean> {
  return updateAtVersion(db, 'account_plan_contacts', id, version, values, now);
}

export async function deleteContact(db: Db, id: string, version: number) {
  const result = await db
    .deleteFrom('account_plan_contacts')
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numDeletedRows === 1n;
}

/** The customer's revenue in a currency over business days from..to (not cancelled, returns subtracted). */
export async function revenueOf(db: Db, customerId: string, currency: string, from: string, to: string) {
  const row = await db
    .selectFrom('orders')
    .select(sql<number>`coalesce(sum(amount), 0)::bigint`.as('revenue'))
    .where('customer_id', '=', customerId)
    .where('currency', '=', currency)
    .where('status', '<>', 'cancelled')
    .where('order_day', '>=', from)
    .where('order_day', '<=', to)
    .executeTakeFirstOrThrow();
  return row.revenue;
}

/** The customer's open tasks (anyone's): the plan's calendar shows them beside the DMU's next contacts. */
export const openTasksOf = (db: Db, customerId: string) =>
  db
    .selectFrom('tasks')
    .select(['id', 'subject', 'due_at'])
    .where('customer_id', '=', customerId)
    .where('status', '=', 'open')
    .orderBy('due_at')
    .limit(100)
    .execute();

export const findPerson = (db: Db, id: string) =>
  db
    .selectFrom('customers')
    .select(['id', 'kind', 'owner_id', 'team_id', 'deleted_at'])
    .where('id', '=', id)
    .executeTakeFirst();
