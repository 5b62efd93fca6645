import type { z } from 'zod';
import type {
  CustomField,
  customFieldCreateInput,
  customFieldList,
  customFieldUpdateInput,
} from '#src/modules/customers/customers.schema.ts';
import { api } from '../../../lib/api.ts';

export type CustomFieldList = z.infer<typeof customFieldList>;
export type CustomFieldCreateInput = z.input<typeof customFieldCreateInput>;
export type CustomFieldUpdateInput = z.input<typeof customFieldUpdateInput>;

export const listCustomFields = (signal?: AbortSignal) =>
  api.get<CustomFieldList>('/api/v1/custom-fields', undefined, signal);

export const createCustomField = (input: CustomFieldCreateInput) =>
  api.post<CustomField>('/api/v1/custom-fields', input);

export const updateCustomField = (id: string, input: CustomFieldUpdateInput) =>
  api.patch<CustomField>(`/api/v1/custom-fields/${id}`, input);
