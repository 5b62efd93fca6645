import { useInfiniteQuery } from '@tanstack/react-query';
import { listAudit } from '../api/audit.ts';
import type { AuditFilters } from '../api/audit.ts';

const pageSize = 50;

/** Audit entries, newest first, one keyset page at a time. */
export function useAuditLog(filters: AuditFilters) {
  const query = useInfiniteQuery({
    queryKey: ['audit', filters],
    queryFn: ({ pageParam, signal }) => listAudit({ ...filters, limit: pageSize, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return { ...query, entries: query.data?.pages.flatMap((page) => page.items) ?? [] };
}
