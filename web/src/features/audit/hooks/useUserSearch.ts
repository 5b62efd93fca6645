import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useDeferredValue, useMemo, useState } from 'react';
import { listUsers } from '../../users/api/users.ts';

/** Users matching what is typed in the audit page's user filter (first 20, active or not). */
export function useUserSearch() {
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const query = useQuery({
    queryKey: ['users', 'search', q],
    queryFn: ({ signal }) => listUsers({ q: q || undefined, limit: 20 }, signal),
    placeholderData: keepPreviousData,
  });
  const options = useMemo(
    () =>
      (query.data?.items ?? []).map((user) => ({ value: user.id, label: `${user.name} <${user.email}>` })),
    [query.data],
  );
  return { options, loading: query.isFetching, setSearch };
}
