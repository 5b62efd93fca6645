import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CustomerLink } from '#src/modules/customers/customers.schema.ts';
import { isApiError } from '../../../lib/api.ts';
import {
  createCustomerLink,
  deleteCustomerLink,
  listCustomerLinks,
  updateCustomerLink,
} from '../api/links.ts';
import type { CustomerLinkCreateInput, CustomerLinkUpdateInput } from '../api/links.ts';
import { customersKey } from './useCustomers.ts';

const linksKey = (customerId: string) => [...customersKey, 'detail', customerId, 'links'] as const;

export function useCustomerLinks(customerId: string) {
  const query = useQuery({
    queryKey: linksKey(customerId),
    queryFn: ({ signal }) => listCustomerLinks(customerId, signal),
  });
  return { ...query, links: query.data?.items ?? [] };
}

/** A link shows on both customers' pages, so both are refreshed. */
function useRefreshLinks() {
  const queryClient = useQueryClient();
  return (link: Pick<CustomerLink, 'personId' | 'organizationId'>) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: linksKey(link.personId) }),
      queryClient.invalidateQueries({ queryKey: linksKey(link.organizationId) }),
    ]);
}

export function useCreateLink() {
  const refresh = useRefreshLinks();
  return useMutation({
    mutationFn: (input: CustomerLinkCreateInput) => createCustomerLink(input),
    onSettled: (_data, _error, input) => refresh(input),
  });
}

export function useUpdateLink() {
  const refresh = useRefreshLinks();
  return useMutation({
    mutationFn: ({
      link,
      changes,
    }: {
      link: CustomerLink;
      changes: Omit<CustomerLinkUpdateInput, 'version'>;
    }) => updateCustomerLink(link.id, { ...changes, version: link.version }),
    onSuccess: (_data, { link }) => refresh(link),
    onError: (error, { link }) => {
      if (isApiError(error, 409)) void refresh(link);
    },
  });
}

export function useDeleteLink() {
  const refresh = useRefreshLinks();
  return useMutation({
    mutationFn: (link: CustomerLink) => deleteCustomerLink(link.id),
    onSettled: (_data, _error, link) => refresh(link),
  });
}
