import { sql, type SqlBool } from 'kysely';
import type { CustomerFilter } from '#src/modules/customers/customers.repo.ts';
import type { Db } from '#src/shared/context.ts';

/** Links between people and organisations (customer_links), with both names. */
const withNames = (db: Db) =>
  db
    .selectFrom('customer_links as link')
    .innerJoin('customers as person', 'person.id', 'link.person_id')
    .innerJoin('customers as organization', 'organization.id', 'link.organization_id')
    .select([
      'link.id',
      'link.person_id',
      'person.name as person_name',
      'link.organization_id',
      'organization.name as organization_name',
      'link.role',
      'link.strength',
      'link.title',
      'link.version',
      'link.created_at',
    ]);

export type CustomerLinkRow = Awaited<ReturnType<typeof findLink>> & {};

export const findLink = (db: Db, id: string) => withNames(db).where('link.id', '=', id).executeTakeFirst();

/** A link row locked for a change, with the ownership facts of both ends. */
export const lockLink = (db: Db, id: string) =>
  db
    .selectFrom('customer_links as link')
    .innerJoin('customers as person', 'person.id', 'link.person_id')
    .innerJoin('customers as organization', 'organization.id', 'link.organization_id')
    .select([
      'link.id',
      'link.version',
      'person.owner_id as person_owner_id',
      'person.team_id as person_team_id',
      'organization.owner_id as organization_owner_id',
      'organization.team_id as organization_team_id',
    ])
    .where('link.id', '=', id)
    .forUpdate('link')
    .executeTakeFirst();

/**
 * The links of a person or an organisation whose other end is live and visible (`visible` is applied to the
 * other end under the alias `customers`), newest first; a person has a few, a large account some hundreds.
 */
export const listLinksOf = (db: Db, customerId: string, visible: CustomerFilter) =>
  withNames(db)
    .where((eb) =>
      eb.or([eb('link.person_id', '=', customerId), eb('link.organization_id', '=', customerId)]),
    )
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('customers')
          .select(sql`1`.as('one'))
          .where(
            sql<SqlBool>`customers.id = case when link.person_id = ${customerId} then link.organization_id else link.person_id end`,
          )
          .where('customers.deleted_at', 'is', null)
          .where(visible),
      ),
    )
    .orderBy('link.created_at', 'desc')
    .orderBy('link.id', 'desc')
    .limit(1000)
    .execute();

export interface LinkInsert {
  id: string;
  personId: string;
  organizationId: string;
  role: string;
  strength: number;
  title: string | null;
  now: Date;
}

export async function insertLink(db: Db, link: LinkInsert): Promise<void> {
  await db
    .insertInto('customer_links')
    .values({
      id: link.id,
      person_id: link.personId,
      organization_id: link.organizationId,
      role: link.role,
      strength: link.strength,
      title: link.title,
      created_at: link.now,
      updated_at: link.now,
    })
    .execute();
}

export interface LinkChanges {
  role?: string | undefined;
  strength?: number | undefined;
  title?: string | null | undefined;
}

export async function updateLink(db: Db, id: string, version: number, changes: LinkChanges, now: Date) {
  const result = await db
    .updateTable('customer_links')
    .set({
      ...(changes.role !== undefined && { role: changes.role }),
      ...(changes.strength !== undefined && { strength: changes.strength }),
      ...(changes.title !== undefined && { title: changes.title }),
      version: sql`version + 1`,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function deleteLink(db: Db, id: string): Promise<void> {
  await db.deleteFrom('customer_links').where('id', '=', id).execute();
}
