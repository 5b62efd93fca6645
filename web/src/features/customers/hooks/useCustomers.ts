import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type {
  Customer,
  CustomerCreateInput,
  CustomerUpdateInput,
} from '#src/modules/customers/customers.schema.ts';
import { isApiError } from '../../../lib/api.ts';
import {
  createCustomer,
  deleteCustomer,
  eraseCustomer,
  getCustomer,
  getCustomerKpis,
  getPossibleDuplicates,
  listCustomers,
  listSubsidiaries,
  restoreCustomer,
  transferCustomers,
  updateCustomer,
} from '../api/customers.ts';
import type { CustomerFilters, TransferInput } from '../api/customers.ts';

const pageSize = 50;
export const customersKey = ['customers'] as const;
/** One customer and everything shown on its page (KPIs, timeline, links …) live under this key. */
export const customerKey = (id: string) => [...customersKey, 'detail', id] as const;

/** The customer list with its filters, one keyset page at a time ("load more"). */
export function useCustomerList(filters: CustomerFilters) {
  const query = useInfiniteQuery({
    queryKey: [...customersKey, 'list', filters],
    queryFn: ({ pageParam, signal }) =>
      listCustomers({ ...filters, limit: pageSize, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  return { ...query, customers: query.data?.pages.flatMap((page) => page.items) ?? [] };
}

export function useCustomer(id: string, enabled = true) {
  return useQuery({
    queryKey: customerKey(id),
    queryFn: ({ signal }) => getCustomer(id, signal),
    enabled: enabled && id !== '',
  });
}

export function useCustomerKpis(id: string, enabled: boolean) {
  return useQuery({
    queryKey: [...customerKey(id), 'kpis'],
    queryFn: ({ signal }) => getCustomerKpis(id, signal),
    enabled,
  });
}

export function usePossibleDuplicates(id: string, enabled: boolean) {
  return useQuery({
    queryKey: [...customerKey(id), 'duplicates'],
    queryFn: ({ signal }) => getPossibleDuplicates(id, signal),
    enabled,
    // A hint, not the page's content: a failure (e.g. no permission) just shows no hint.
    retry: false,
  });
}

export function useSubsidiaries(id: string, enabled: boolean) {
  return useQuery({
    queryKey: [...customerKey(id), 'subsidiaries'],
    queryFn: ({ signal }) => listSubsidiaries(id, signal),
    enabled,
  });
}

/** Lists and the one customer's page are stale after any change to it. */
function useRefreshCustomer() {
  const queryClient = useQueryClient();
  return (id?: string) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: [...customersKey, 'list'] }),
      id ? queryClient.invalidateQueries({ queryKey: customerKey(id) }) : undefined,
    ]);
}

export function useCreateCustomer() {
  const refresh = useRefreshCustomer();
  return useMutation({
    mutationFn: (input: CustomerCreateInput) => createCustomer(input),
    onSuccess: () => refresh(),
  });
}

/**
 * Saves changes at the version the user saw; a 409 means someone else changed the customer first, so the
 * record is reloaded either way and the user decides again on fresh data.
 */
export function useUpdateCustomer() {
  const refresh = useRefreshCustomer();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      customer,
      changes,
    }: {
      customer: Customer;
      changes: Omit<CustomerUpdateInput, 'version'>;
    }) => updateCustomer(customer.id, { ...changes, version: customer.version }),
    onSuccess: (saved) => {
      queryClient.setQueryData(customerKey(saved.id), saved);
      return refresh(saved.id);
    },
    onError: (error, { customer }) => {
      if (isApiError(error, 409)) void refresh(customer.id);
    },
  });
}

/**
 * Moves a customer to the recycle bin. The returned record replaces the cached one before anything is fetched
 * again, so the page stops asking for the KPIs and timeline of a customer that now answers 404 for them.
 */
export function useDeleteCustomer() {
  const queryClient = useQueryClient();
  const refresh = useRefreshCustomer();
  return useMutation({
    mutationFn: (customer: Customer) => deleteCustomer(customer),
    onSuccess: (deleted) => {
      queryClient.setQueryData(customerKey(deleted.id), deleted);
      return queryClient.invalidateQueries({ queryKey: [...customersKey, 'list'] });
    },
    onError: (error, customer) => {
      if (isApiError(error, 409)) void refresh(customer.id);
    },
  });
}

type Versioned = Pick<Customer, 'id' | 'version'>;

/** Restore and erase answer with the changed record, which is shown at once; the rest is fetched again. */
function useReplaceCustomer(change: (customer: Versioned) => Promise<Customer>) {
  const queryClient = useQueryClient();
  const refresh = useRefreshCustomer();
  return useMutation({
    mutationFn: change,
    onSuccess: (changed) => {
      queryClient.setQueryData(customerKey(changed.id), changed);
      return refresh(changed.id);
    },
    onError: (error, customer) => {
      if (isApiError(error, 409)) void refresh(customer.id);
    },
  });
}

export const useRestoreCustomer = () => useReplaceCustomer(restoreCustomer);

export const useEraseCustomer = () => useReplaceCustomer(eraseCustomer);

export function useTransferCustomers() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TransferInput) => transferCustomers(input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: customersKey }),
  });
}
