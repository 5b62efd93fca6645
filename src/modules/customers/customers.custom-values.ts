import type { CustomFieldType, CustomValues } from '#src/modules/customers/customers.schema.ts';
import { customFilterPattern } from '#src/modules/customers/customers.schema.ts';
import { parseCalendarDate } from '#src/shared/dates.ts';
import type { FieldError } from '#src/shared/errors.ts';

/**
 * Custom field values and filters, checked against the admins' definitions (issue 4: custom fields "with
 * validation and filtering"). Pure functions: the service loads the definitions.
 */
export interface FieldDefinition {
  key: string;
  type: CustomFieldType;
  options: string[];
  required: boolean;
  archived: boolean;
}

const maxTextLength = 1000;

/** Why `value` does not fit the field, or null; `value` is never null here. */
function valueProblem(field: FieldDefinition, value: unknown): string | null {
  switch (field.type) {
    case 'text':
      if (typeof value !== 'string') return 'must be text';
      if (value.includes('\u0000')) return 'must not contain the NUL character';
      return value.length > maxTextLength ? `must be at most ${maxTextLength} characters` : null;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number';
    case 'date':
      return typeof value === 'string' && parseCalendarDate(value) === value
        ? null
        : 'must be a date like 2024-03-01';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'select':
      if (typeof value !== 'string') return 'must be one of the options';
      return field.options.includes(value) ? null : `must be one of ${field.options.join(', ')}`;
    case 'multiselect': {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
        return 'must be a list of options';
      const unknown = value.filter((v) => !field.options.includes(v));
      return unknown.length ? `has values that are not options: ${unknown.join(', ')}` : null;
    }
  }
}

const isEmpty = (value: unknown) =>
  value === null ||
  value === undefined ||
  (typeof value === 'string' && value.trim() === '') ||
  (Array.isArray(value) && value.length === 0);

/**
 * The stored values after `changes` (a key set to null or an empty value is removed), or the errors, each
 * naming `custom.<key>`. Values of archived fields are kept and may still be changed. `requireAll` (a new
 * customer from a form or the API) asks for every required field; an update only refuses to clear one, so a
 * field made required later does not block changes to older customers.
 */
export function customValuesAfter(
  definitions: FieldDefinition[],
  stored: CustomValues,
  changes: CustomValues | undefined,
  options: { requireAll: boolean },
): { values: CustomValues; errors: FieldError[] } {
  const byKey = new Map(definitions.map((field) => [field.key, field]));
  const values: CustomValues = { ...stored };
  const errors: FieldError[] = [];
  for (const [key, raw] of Object.entries(changes ?? {})) {
    const field = byKey.get(key);
    const at = `custom.${key}`;
    if (!field) {
      errors.push({ field: at, message: 'is not a custom field' });
      continue;
    }
    const value = typeof raw === 'string' ? raw.trim() : raw;
    if (isEmpty(value)) {
      if (field.required && !field.archived) errors.push({ field: at, message: 'is required' });
      delete values[key];
      continue;
    }
    const problem = valueProblem(field, value);
    if (problem) errors.push({ field: at, message: problem });
    else values[key] = Array.isArray(value) ? [...new Set(value)] : value;
  }
  if (options.requireAll) {
    for (const field of definitions) {
      const at = `custom.${field.key}`;
      if (
        field.required &&
        !field.archived &&
        isEmpty(values[field.key]) &&
        !errors.some((e) => e.field === at)
      )
        errors.push({ field: at, message: 'is required' });
    }
  }
  return { values, errors };
}

export type CustomFilterOperator = '=' | '!=' | '>=' | '<=' | '>' | '<' | '~';

/** A custom field filter, typed by its definition, ready for SQL. */
export type CustomFilter =
  | { kind: 'present'; key: string; present: boolean }
  | { kind: 'contains'; key: string; value: CustomValues[string]; negated: boolean }
  | {
      kind: 'compare';
      key: string;
      type: 'number' | 'date';
      operator: '>=' | '<=' | '>' | '<';
      value: string;
    }
  | { kind: 'text'; key: string; value: string; asJson: boolean };

const comparisons = new Set(['>=', '<=', '>', '<']);

/**
 * Parses `key=value`, `key!=value`, `key>=value`, `key~text`… against the definitions: `=` on a multiselect
 * means "has this option", `key=` means "has no value", comparisons are for numbers and dates. Errors name
 * `field` (`custom` for the list, `query.custom` for a saved view).
 */
export function parseCustomFilters(
  definitions: FieldDefinition[],
  filters: string[],
  field = 'custom',
): { filters: CustomFilter[]; errors: FieldError[] } {
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));
  const parsed: CustomFilter[] = [];
  const errors: FieldError[] = [];
  for (const filter of filters) {
    const match = customFilterPattern.exec(filter);
    if (!match) {
      errors.push({ field, message: `"${filter}" must look like key=value, key>=value or key~text` });
      continue;
    }
    const [, key, operator, value] = match as unknown as [string, string, CustomFilterOperator, string];
    const definition = byKey.get(key);
    if (!definition) {
      errors.push({ field, message: `"${key}" is not a custom field` });
      continue;
    }
    const result = parseOne(definition, operator, value.trim());
    if (typeof result === 'string') errors.push({ field, message: `${filter}: ${result}` });
    else parsed.push(result);
  }
  return { filters: parsed, errors };
}

function parseOne(
  definition: FieldDefinition,
  operator: CustomFilterOperator,
  value: string,
): CustomFilter | string {
  const { key, type } = definition;
  if ((operator === '=' || operator === '!=') && value === '')
    return { kind: 'present', key, present: operator === '!=' };
  if (operator === '~') {
    if (type === 'number' || type === 'date' || type === 'boolean')
      return `~ (contains) is for text and options, not ${type} fields`;
    return { kind: 'text', key, value, asJson: type === 'multiselect' };
  }
  if (comparisons.has(operator)) {
    if (type !== 'number' && type !== 'date')
      return `${operator} compares numbers and dates, not ${type} fields`;
    const problem = type === 'number' ? numberProblem(value) : dateProblem(value);
    if (problem) return problem;
    return {
      kind: 'compare',
      key,
      type,
      operator: operator as '>=' | '<=' | '>' | '<',
      value: type === 'number' ? String(Number(value)) : value,
    };
  }
  // = and != by containment, which the GIN index on `custom` answers
  const negated = operator === '!=';
  switch (type) {
    case 'number': {
      const problem = numberProblem(value);
      return problem ?? { kind: 'contains', key, value: Number(value), negated };
    }
    case 'date':
      return dateProblem(value) ?? { kind: 'contains', key, value, negated };
    case 'boolean':
      if (value !== 'true' && value !== 'false') return 'must be true or false';
      return { kind: 'contains', key, value: value === 'true', negated };
    case 'multiselect':
      return { kind: 'contains', key, value: [value], negated };
    case 'text':
    case 'select':
      return { kind: 'contains', key, value, negated };
  }
}

const numberProblem = (value: string) =>
  /^-?\d+(\.\d+)?$/.test(value) && Number.isFinite(Number(value)) ? null : `"${value}" is not a number`;
const dateProblem = (value: string) =>
  parseCalendarDate(value) === value ? null : `"${value}" is not a date like 2024-03-01`;
