import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useDeferredValue, useMemo, useState } from 'react';
import { createOrder, getCustomerName, getOrder, listOrders, searchCustomers } from '../api/orders.ts';
import type { OrderCreateInput, OrderFilters } from '../api/orders.ts';

const pageSize = 50;
export const ordersKey = ['orders'] as const;

/** Orders newest first with the page's filters, one keyset page at a time ("load more"). */
export function useOrderList(filters: OrderFilters) {
  const query = useInfiniteQuery({
    queryKey: [...ordersKey, 'list', filters],
    queryFn: ({ pageParam, signal }) =>
      listOrders({ ...filters, limit: pageSize, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return { ...query, orders: query.data?.pages.flatMap((page) => page.items) ?? [] };
}

/** One order with its lines, for the drawer. */
export function useOrder(id: string | undefined) {
  return useQuery({
    queryKey: [...ordersKey, 'detail', id],
    queryFn: ({ signal }) => getOrder(id ?? '', signal),
    enabled: id !== undefined,
  });
}

/** A new order changes the customer's KPIs and timeline as well as the order lists. */
export function useCreateOrder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: OrderCreateInput) => createOrder(input),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ordersKey }),
        queryClient.invalidateQueries({ queryKey: ['customers'] }),
      ]),
  });
}

/** Customers matching what is typed in a customer picker (first 20). */
export function useCustomerOptions() {
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const query = useQuery({
    queryKey: [...ordersKey, 'customer-search', q],
    queryFn: ({ signal }) => searchCustomers(q, signal),
    placeholderData: keepPreviousData,
  });
  const options = useMemo(
    () =>
      (query.data?.items ?? []).map((customer) => ({
        value: customer.id,
        label: customer.name,
        detail: [customer.ref, customer.city].filter(Boolean).join(' · '),
      })),
    [query.data],
  );
  return { options, loading: query.isFetching, setSearch };
}

/** The name of a customer given by id alone (a link to /orders?customerId=…), for the picker's label. */
export function useCustomerName(id: string | undefined, known: boolean) {
  return useQuery({
    queryKey: [...ordersKey, 'customer-name', id],
    queryFn: ({ signal }) => getCustomerName(id ?? '', signal),
    enabled: id !== undefined && !known,
    staleTime: 60_000,
  }).data;
}
