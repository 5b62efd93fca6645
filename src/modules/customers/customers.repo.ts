import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type Insertable,
  type SqlBool,
  type Updateable,
} from 'kysely';
import type { CustomersTable, DB } from '#src/db/schema.ts';
import type { Db } from '#src/shared/context.ts';

/** Who owns a customer and whether it is live: the facts every ownership check needs. */
export const findCustomerOwnership = (db: Db, id: string) =>
  db
    .selectFrom('customers')
    .select(['id', 'kind', 'owner_id', 'team_id', 'deleted_at', 'erased_at', 'version'])
    .where('id', '=', id)
    .executeTakeFirst();

/** A where-clause on `customers` for what the actor may see (customers.access.ts builds it). */
export type CustomerFilter = (eb: ExpressionBuilder<DB, 'customers'>) => Expression<SqlBool>;

/** Every column of a customer record except the stored search keys. */
const recordColumns = [
  'customers.id',
  'customers.ref',
  'customers.kind',
  'customers.name',
  'customers.gender',
  'customers.birthday',
  'customers.phone',
  'customers.email',
  'customers.country',
  'customers.province',
  'customers.city',
  'customers.district',
  'customers.address',
  'customers.occupation',
  'customers.income_band',
  'customers.education',
  'customers.marital_status',
  'customers.industry',
  'customers.company_size',
  'customers.annual_revenue',
  'customers.credit_code',
  'customers.credit_rating',
  'customers.tags',
  'customers.lifecycle_stage',
  'customers.key_account',
  'scores.value_class',
  'scores.rfm_segment',
  'scores.as_of as scores_as_of',
  'scores.currency as scores_currency',
  'scores.recency_days',
  'scores.rfm_r',
  'scores.rfm_f',
  'scores.rfm_m',
  'scores.revenue as scores_revenue',
  'scores.p_alive',
  'scores.expected_purchases',
  'scores.expected_value',
  'customers.source',
  'customers.owner_id',
  'customers.team_id',
  'customers.parent_id',
  'customers.consent',
  'customers.custom',
  'customers.notes',
  'last_contact.last_contact_at',
  'customers.merged_into',
  'customers.version',
  'customers.created_at',
  'customers.updated_at',
  'customers.deleted_at',
  'customers.erased_at',
] as const;

const withNames = (db: Db) =>
  db
    .selectFrom('customers')
    .leftJoin('users as owner', 'owner.id', 'customers.owner_id')
    .leftJoin('teams', 'teams.id', 'customers.team_id')
    .leftJoin('customer_last_contact as last_contact', 'last_contact.customer_id', 'customers.id')
    .leftJoin('customer_scores as scores', 'scores.customer_id', 'customers.id');

export type CustomerRow = Awaited<ReturnType<typeof findCustomer>> & {};

/** One customer with its owner's and team's names; `lock` holds its row until the transaction ends. */
export const findCustomer = (db: Db, id: string, options: { lock?: boolean } = {}) =>
  withNames(db)
    .select([...recordColumns, 'owner.name as owner_name', 'teams.name as team_name'])
    .where('customers.id', '=', id)
    .$if(options.lock === true, (q) => q.forUpdate('customers'))
    .executeTakeFirst();

/** The next generated ref: `C` and eight digits from `customer_ref_seq`. */
export async function nextCustomerRef(db: Db): Promise<string> {
  const { rows } = await sql<{ n: number | string }>`select nextval('customer_ref_seq') as n`.execute(db);
  return `C${String(rows[0]!.n).padStart(8, '0')}`;
}

export const refExists = async (db: Db, ref: string) =>
  (await db.selectFrom('customers').select('id').where('ref', '=', ref).executeTakeFirst()) !== undefined;

export async function insertCustomer(db: Db, values: Insertable<CustomersTable>): Promise<void> {
  await db.insertInto('customers').values(values).execute();
}

/** Applies changes when the stored version is `version` (and bumps it); false when it was stale. */
export async function updateCustomer(
  db: Db,
  id: string,
  version: number,
  changes: Updateable<CustomersTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('customers')
    .set({ ...changes, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/**
 * The organisations above `id` (its parent, the parent's parent, …), nearest first. The depth limit keeps a
 * cycle that should never exist from looping forever.
 */
export async function ancestorIds(db: Db, id: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    with recursive up (id, parent_id, depth) as (
      select id, parent_id, 0 from customers where id = ${id}
      union all
      select c.id, c.parent_id, up.depth + 1 from customers c join up on c.id = up.parent_id where up.depth < 1000
    )
    select id from up where depth > 0 order by depth`.execute(db);
  return rows.map((row) => row.id);
}

/** The customers `id` was merged into, in order: its survivor, that one's survivor if it was merged too, … */
export async function survivorIds(db: Db, id: string): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    with recursive chain (id, merged_into, depth) as (
      select id, merged_into, 0 from customers where id = ${id}
      union all
      select c.id, c.merged_into, chain.depth + 1
      from customers c join chain on c.id = chain.merged_into where chain.depth < 100
    )
    select id from chain where depth > 0 order by depth`.execute(db);
  return rows.map((row) => row.id);
}

const listColumns = [
  'customers.id',
  'customers.ref',
  'customers.kind',
  'customers.name',
  'customers.phone',
  'customers.email',
  'customers.province',
  'customers.city',
  'customers.tags',
  'customers.lifecycle_stage',
  'customers.key_account',
  'customers.owner_id',
  'customers.team_id',
  'customers.version',
  'customers.created_at',
  'customers.updated_at',
  'customers.deleted_at',
] as const;

/**
 * The list row of a customer (customerListItem), with the owner's name, the last contact and the analytics classes
 * (customer_scores). Those are subqueries, which PostgreSQL evaluates after a sort and limit, for the rows of the
 * page only; a join would be made for every match before the sort (1,515 lookups for a page of 51 when searching
 * four digits at a million).
 */
export const listRowQuery = (db: Db, visible: CustomerFilter) =>
  db
    .selectFrom('customers')
    .where(visible)
    .leftJoin('users as owner', 'owner.id', 'customers.owner_id')
    .select((eb) => [
      ...listColumns,
      'owner.name as owner_name',
      eb
        .selectFrom('customer_last_contact as contact')
        .select('contact.last_contact_at')
        .whereRef('contact.customer_id', '=', 'customers.id')
        .as('last_contact_at'),
      eb
        .selectFrom('customer_scores as scores')
        .select('scores.value_class')
        .whereRef('scores.customer_id', '=', 'customers.id')
        .as('value_class'),
      eb
        .selectFrom('customer_scores as scores')
        .select('scores.rfm_segment')
        .whereRef('scores.customer_id', '=', 'customers.id')
        .as('rfm_segment'),
    ]);

export type CustomerListRow = Awaited<ReturnType<ReturnType<typeof listRowQuery>['execute']>>[number];

/** The live organisations whose parent is `id`, by name; a group has tens of subsidiaries, not thousands. */
export const listSubsidiaries = (db: Db, id: string, visible: CustomerFilter) =>
  listRowQuery(db, visible)
    .where('customers.parent_id', '=', id)
    .where('customers.deleted_at', 'is', null)
    .orderBy('customers.name_sort')
    .orderBy('customers.id')
    .limit(1000)
    .execute();

/**
 * Gives the live customers matched by `which` (ids, or every customer of one owner) that `writable` allows to a
 * new owner and team, bumping their versions; customers the new owner has already are left alone. Returns each
 * moved customer with its previous owner. Ids travel as one array parameter: an owner may have more customers
 * than a statement has parameters.
 */
export async function transferCustomers(
  db: Db,
  which: { ids: string[] } | { fromOwnerId: string },
  writable: CustomerFilter,
  to: { ownerId: string; teamId: string | null; now: Date },
): Promise<{ id: string; owner_id: string | null }[]> {
  const moving = await db
    .selectFrom('customers')
    .select(['id', 'owner_id'])
    .where(writable)
    .where('deleted_at', 'is', null)
    .where('owner_id', 'is distinct from', to.ownerId)
    .where(
      'ids' in which
        ? sql<SqlBool>`id = any(${which.ids}::uuid[])`
        : sql<SqlBool>`owner_id = ${which.fromOwnerId}`,
    )
    .orderBy('id')
    .forUpdate()
    .execute();
  if (moving.length === 0) return [];
  await db
    .updateTable('customers')
    .set({ owner_id: to.ownerId, team_id: to.teamId, updated_at: to.now, version: sql`version + 1` })
    .where(sql<SqlBool>`id = any(${moving.map((row) => row.id)}::uuid[])`)
    .execute();
  return moving;
}

/** The ids among `ids` that are live and that `writable` allows. */
export const writableIds = async (db: Db, ids: string[], writable: CustomerFilter) =>
  (
    await db
      .selectFrom('customers')
      .select('id')
      .where(sql<SqlBool>`id = any(${ids}::uuid[])`)
      .where('deleted_at', 'is', null)
      .where(writable)
      .execute()
  ).map((row) => row.id);

/**
 * Moves every customer `ownerId` owns (deleted and merged ones too, so a restore finds them in their owner's team)
 * to `teamId`, bumping their versions; returns each moved customer with its team before. One statement: an owner
 * may have more customers than a statement has parameters.
 */
export const moveOwnedToTeam = (db: Db, ownerId: string, teamId: string | null, now: Date) =>
  db
    .updateTable('customers')
    .from(
      db
        .selectFrom('customers')
        .select(['id', 'team_id'])
        .where('owner_id', '=', ownerId)
        .where('team_id', 'is distinct from', teamId)
        .forUpdate()
        .as('previous'),
    )
    .set({ team_id: teamId, updated_at: now, version: sql`customers.version + 1` })
    .whereRef('customers.id', '=', 'previous.id')
    .returning(['customers.id', 'previous.team_id as previous_team_id'])
    .execute();
