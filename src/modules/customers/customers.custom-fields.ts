import type { z } from 'zod';
import { recordAudit } from '#src/modules/audit/audit.service.ts';
import * as repo from '#src/modules/customers/customers.custom-fields.repo.ts';
import type { FieldDefinition } from '#src/modules/customers/customers.custom-values.ts';
import type {
  CustomField,
  CustomFieldType,
  customFieldCreateInput,
  customFieldUpdateInput,
} from '#src/modules/customers/customers.schema.ts';
import { isUniqueViolation } from '#src/db/errors.ts';
import type { Actor, Db, Deps } from '#src/shared/context.ts';
import { invalid, notFound, versionConflict } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';

/**
 * Custom field definitions (issue 4): admins define typed fields; values live in `customers.custom`. A field's
 * type never changes (stored values would stop fitting it); archiving hides it from forms and keeps the values.
 */
type FieldRow = Awaited<ReturnType<typeof repo.listCustomFields>>[number];

const present = (row: FieldRow): CustomField => ({
  id: row.id,
  key: row.key,
  label: row.label,
  type: row.type as CustomFieldType,
  options: row.options,
  required: row.required,
  position: row.position,
  archived: row.archived,
  version: row.version,
});

const hasOptions = (type: CustomFieldType) => type === 'select' || type === 'multiselect';

function checkOptions(type: CustomFieldType, options: string[] | undefined, creating: boolean): void {
  if (hasOptions(type)) {
    if ((creating || options !== undefined) && !options?.length)
      throw invalid('options', `are required for a ${type} field`);
  } else if (options?.length) {
    throw invalid('options', `are only for select and multiselect fields, not ${type}`);
  }
  if (options && new Set(options).size !== options.length) throw invalid('options', 'must not repeat');
}

export async function listCustomFields(deps: Deps): Promise<CustomField[]> {
  return (await repo.listCustomFields(deps.db)).map(present);
}

/** The definitions as the value checks and filters need them. */
export async function fieldDefinitions(db: Db): Promise<FieldDefinition[]> {
  return (await repo.listCustomFields(db)).map(present);
}

export async function createCustomField(
  deps: Deps,
  actor: Actor,
  input: z.infer<typeof customFieldCreateInput>,
): Promise<CustomField> {
  checkOptions(input.type, input.options, true);
  const id = newId();
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    try {
      await repo.insertCustomField(tx, {
        id,
        key: input.key,
        label: input.label,
        type: input.type,
        options: input.options ?? [],
        required: input.required ?? false,
        position: input.position ?? 0,
        now,
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw invalid('key', 'is already used by another custom field', 'custom_field.key_taken');
      throw error;
    }
    const created = present((await repo.findCustomField(tx, id))!);
    await recordAudit(tx, actor, {
      at: now,
      action: 'create',
      entity: 'custom_field',
      entityId: id,
      after: created,
    });
    return created;
  });
}

export async function updateCustomField(
  deps: Deps,
  actor: Actor,
  id: string,
  input: z.infer<typeof customFieldUpdateInput>,
): Promise<CustomField> {
  return deps.db.transaction().execute(async (tx) => {
    const current = await repo.findCustomField(tx, id);
    if (!current) throw notFound('custom_field.not_found', id);
    if (current.version !== input.version) throw versionConflict('custom field', current.version);
    checkOptions(current.type as CustomFieldType, input.options, false);
    const now = deps.clock.now();
    if (!(await repo.updateCustomField(tx, id, input.version, input, now)))
      throw versionConflict('custom field', current.version);
    const after = present((await repo.findCustomField(tx, id))!);
    await recordAudit(tx, actor, {
      at: now,
      action: 'update',
      entity: 'custom_field',
      entityId: id,
      before: present(current),
      after,
    });
    return after;
  });
}
