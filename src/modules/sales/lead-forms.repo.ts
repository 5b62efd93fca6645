import { updateAtVersion } from '#src/db/versioned.ts';
import type { Insertable, Updateable } from 'kysely';
import type { LeadFormsTable } from '#src/db/schema.ts';
import type { Db } from '#src/shared/context.ts';

const formColumns = [
  'id',
  'slug',
  'name',
  'fields',
  'source',
  'thank_you',
  'active',
  'version',
  'created_at',
  'updated_at',
] as const;

export const listLeadForms = (db: Db) =>
  db.selectFrom('lead_forms').select(formColumns).orderBy('name').orderBy('id').execute();

export const findLeadForm = (db: Db, id: string) =>
  db.selectFrom('lead_forms').select(formColumns).where('id', '=', id).executeTakeFirst();
export type LeadFormRow = NonNullable<Awaited<ReturnType<typeof findLeadForm>>>;

/** A form by its public address, with the secret that signs its tokens (never presented). */
export const findFormBySlug = (db: Db, slug: string) =>
  db
    .selectFrom('lead_forms')
    .select([...formColumns, 'token_secret'])
    .where('slug', '=', slug)
    .executeTakeFirst();

export const insertLeadForm = (db: Db, values: Insertable<LeadFormsTable>) =>
  db.insertInto('lead_forms').values(values).execute();

export async function updateLeadForm(
  db: Db,
  id: string,
  version: number,
  values: Updateable<LeadFormsTable>,
  now: Date,
): Promise<boolean> {
  return updateAtVersion(db, 'lead_forms', id, version, values, now);
}

export async function deleteLeadForm(db: Db, id: string, version: number): Promise<boolean> {
  const result = await db
    .deleteFrom('lead_forms')
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numDeletedRows === 1n;
}

/** Whether leads came from the form: such a form is deactivated rather than deleted, so the leads keep it. */
export const formHasLeads = async (db: Db, id: string) =>
  (await db.selectFrom('leads').select('id').where('form_id', '=', id).limit(1).executeTakeFirst()) !==
  undefined;
