import { sql } from 'kysely';
import type { Db } from '#src/shared/context.ts';

const fieldColumns = [
  'id',
  'key',
  'label',
  'type',
  'options',
  'required',
  'position',
  'archived',
  'version',
] as const;

/** Every definition, archived ones included (their values stay on the customers), in form order. */
export const listCustomFields = (db: Db) =>
  db.selectFrom('custom_fields').select(fieldColumns).orderBy('position').orderBy('key').execute();

export const findCustomField = (db: Db, id: string) =>
  db.selectFrom('custom_fields').select(fieldColumns).where('id', '=', id).executeTakeFirst();

export interface CustomFieldInsert {
  id: string;
  key: string;
  label: string;
  type: string;
  options: string[];
  required: boolean;
  position: number;
  now: Date;
}

export async function insertCustomField(db: Db, field: CustomFieldInsert): Promise<void> {
  await db
    .insertInto('custom_fields')
    .values({
      id: field.id,
      key: field.key,
      label: field.label,
      type: field.type,
      options: field.options,
      required: field.required,
      position: field.position,
      created_at: field.now,
      updated_at: field.now,
    })
    .execute();
}

export interface CustomFieldChanges {
  label?: string | undefined;
  options?: string[] | undefined;
  required?: boolean | undefined;
  position?: number | undefined;
  archived?: boolean | undefined;
}

/** Applies changes when the stored version is `version`; false when it was stale. */
export async function updateCustomField(
  db: Db,
  id: string,
  version: number,
  changes: CustomFieldChanges,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('custom_fields')
    .set({
      ...(changes.label !== undefined && { label: changes.label }),
      ...(changes.options !== undefined && { options: changes.options }),
      ...(changes.required !== undefined && { required: changes.required }),
      ...(changes.position !== undefined && { position: changes.position }),
      ...(changes.archived !== undefined && { archived: changes.archived }),
      version: sql`version + 1`,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
