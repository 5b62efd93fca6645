import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { listUsers } from '../../users/api/users.ts';

/** Active staff who may own leads (admins, managers, sales), for assignment rules: names by id and options. */
export function useLeadStaff() {
  const query = useQuery({
    queryKey: ['users', 'lead-staff'],
    queryFn: ({ signal }) => listUsers({ active: 'true', limit: 200 }, signal),
    staleTime: 60_000,
  });
  return useMemo(() => {
    const staff = (query.data?.items ?? []).filter((u) => ['admin', 'manager', 'sales'].includes(u.role));
    return {
      names: new Map(staff.map((u) => [u.id, u.name])),
      options: staff.map((u) => ({ value: u.id, label: `${u.name} · ${u.email}` })),
      loading: query.isPending,
    };
  }, [query.data, query.isPending]);
}
