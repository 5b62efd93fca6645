import type { CustomField, CustomFieldType } from '#src/modules/customers/customers.schema.ts';
import { customFilterPattern } from '#src/modules/customers/customers.schema.ts';

/** The comparison operators of a custom field filter (`key=value`, `key>=value`, `key~text` …). */
export const operatorNames = { '=': 'eq', '!=': 'ne', '>=': 'gte', '<=': 'lte', '~': 'contains' } as const;
export type Operator = keyof typeof operatorNames;

/** Which comparisons make sense for each type of field. */
export const operatorsFor = (type: CustomFieldType): Operator[] => {
  switch (type) {
    case 'text':
      return ['~', '=', '!='];
    case 'number':
    case 'date':
      return ['=', '>=', '<='];
    case 'select':
      return ['=', '!='];
    case 'multiselect':
    case 'boolean':
      return ['='];
  }
};

export interface CustomFilter {
  key: string;
  operator: string;
  value: string;
}

export function parseCustomFilter(expression: string): CustomFilter | null {
  const match = customFilterPattern.exec(expression);
  if (!match) return null;
  const [, key = '', operator = '', value = ''] = match;
  return { key, operator, value };
}

export const customFilterExpression = (field: CustomField, operator: Operator, value: string): string =>
  `${field.key}${operator}${value}`;
