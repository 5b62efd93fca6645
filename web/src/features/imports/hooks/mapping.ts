import { importFields, requiredFields } from '#src/modules/imports/imports.schema.ts';
import type { ColumnMapping, ImportEntity, ImportField } from '#src/modules/imports/imports.schema.ts';

/** The entities the wizard offers. */
export const wizardEntities = [
  'customers',
  'orders',
  'interactions',
  'products',
  'leads',
] as const satisfies readonly ImportEntity[];
export type WizardEntity = (typeof wizardEntities)[number];

export const fieldsOf = (entity: WizardEntity): readonly ImportField<WizardEntity>[] => importFields[entity];

/** An orders file with a `unit_price` column holds order lines (DESIGN §4), which need other columns. */
export const isLineItemFile = (entity: WizardEntity, mapping: ColumnMapping): boolean =>
  entity === 'orders' && Object.values(mapping).includes('unit_price');

export function requiredOf(entity: WizardEntity, mapping: ColumnMapping): readonly string[] {
  if (entity === 'orders')
    return isLineItemFile(entity, mapping) ? requiredFields.orderLines : requiredFields.orders;
  return requiredFields[entity];
}

/** Required fields no column is mapped to: the import cannot start until each has one. */
export const missingRequired = (entity: WizardEntity, mapping: ColumnMapping): string[] => {
  const mapped = new Set(Object.values(mapping));
  return requiredOf(entity, mapping).filter((field) => !mapped.has(field));
};

/** Fields that more than one column is mapped to (each field takes one column). */
export function doubleMapped(mapping: ColumnMapping): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const field of Object.values(mapping)) {
    if (!field) continue;
    if (seen.has(field)) twice.add(field);
    seen.add(field);
  }
  return twice;
}

/** Every header of the file in the mapping: the suggestion where there is one, else left out. */
export const initialMapping = (headers: readonly string[], suggested: ColumnMapping): ColumnMapping =>
  Object.fromEntries(headers.map((header) => [header, suggested[header] ?? null]));
