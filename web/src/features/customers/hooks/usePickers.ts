import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useDeferredValue, useMemo, useState } from 'react';
import type { CustomerKind } from '#src/modules/customers/customers.schema.ts';
import { listUsers } from '../../users/api/users.ts';
import { listCustomers } from '../api/customers.ts';

/** Active staff matching what is typed in an owner picker (first 20). */
export function useOwnerSearch() {
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const query = useQuery({
    queryKey: ['users', 'search', 'active', q],
    queryFn: ({ signal }) => listUsers({ q: q || undefined, active: 'true', limit: 20 }, signal),
    placeholderData: keepPreviousData,
  });
  const options = useMemo(
    () => (query.data?.items ?? []).map((user) => ({ value: user.id, label: user.name, email: user.email })),
    [query.data],
  );
  return { options, loading: query.isFetching, setSearch };
}

/** Customers of one kind matching what is typed (name, pinyin, phone, email), for linking and parents. */
export function useCustomerSearch(kind: CustomerKind | undefined, excludeId?: string) {
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const query = useQuery({
    queryKey: ['customers', 'search', kind, q],
    queryFn: ({ signal }) => listCustomers({ q: q || undefined, kind, limit: 20 }, signal),
    placeholderData: keepPreviousData,
  });
  const options = useMemo(
    () =>
      (query.data?.items ?? [])
        .filter((customer) => customer.id !== excludeId)
        .map((customer) => ({
          value: customer.id,
          label: customer.city ? `${customer.name} · ${customer.city}` : customer.name,
        })),
    [query.data, excludeId],
  );
  return { options, loading: query.isFetching, setSearch };
}
