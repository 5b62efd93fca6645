import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CustomField } from '#src/modules/customers/customers.schema.ts';
import { isApiError } from '../../../lib/api.ts';
import { createCustomField, listCustomFields, updateCustomField } from '../api/customFields.ts';
import type { CustomFieldCreateInput, CustomFieldUpdateInput } from '../api/customFields.ts';

export const customFieldsKey = ['custom-fields'] as const;

/** Every custom field definition, archived ones included, in position order. */
export function useCustomFields() {
  const query = useQuery({
    queryKey: customFieldsKey,
    queryFn: ({ signal }) => listCustomFields(signal),
    staleTime: 60_000,
  });
  const fields = [...(query.data?.items ?? [])].sort(
    (a, b) => a.position - b.position || a.label.localeCompare(b.label),
  );
  return { ...query, fields, activeFields: fields.filter((field) => !field.archived) };
}

export function useCreateCustomField() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CustomFieldCreateInput) => createCustomField(input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: customFieldsKey }),
  });
}

export function useUpdateCustomField() {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: customFieldsKey });
  return useMutation({
    mutationFn: ({
      field,
      changes,
    }: {
      field: CustomField;
      changes: Omit<CustomFieldUpdateInput, 'version'>;
    }) => updateCustomField(field.id, { ...changes, version: field.version }),
    onSuccess: refresh,
    onError: (error) => {
      if (isApiError(error, 409)) void refresh();
    },
  });
}
