import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  dismissDuplicate,
  getCustomer,
  listDuplicates,
  mergeCustomers,
  scanDuplicates,
} from '../api/duplicates.ts';
import type { DuplicateStatus, MergeInput } from '../api/duplicates.ts';

const pageSize = 50;
export const duplicatesKey = ['duplicates'] as const;

/** Candidate pairs of one status, highest score first, one keyset page at a time. */
export function useDuplicateList(status: DuplicateStatus) {
  const query = useInfiniteQuery({
    queryKey: [...duplicatesKey, 'list', status],
    queryFn: ({ pageParam, signal }) =>
      listDuplicates({ status, limit: pageSize, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return { ...query, candidates: query.data?.pages.flatMap((page) => page.items) ?? [] };
}

/** One customer's full record for the side-by-side comparison (kept apart from the customer pages' cache). */
export function useComparedCustomer(id: string | undefined) {
  return useQuery({
    queryKey: [...duplicatesKey, 'customer', id],
    queryFn: ({ signal }) => getCustomer(id ?? '', signal),
    enabled: id !== undefined,
  });
}

function useRefreshDuplicates() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: duplicatesKey });
}

export function useScanDuplicates() {
  const refresh = useRefreshDuplicates();
  return useMutation({ mutationFn: scanDuplicates, onSuccess: refresh });
}

export function useDismissDuplicate() {
  const refresh = useRefreshDuplicates();
  return useMutation({ mutationFn: (id: string) => dismissDuplicate(id), onSettled: refresh });
}

/** A merge changes customers, their histories and other pairs that named the merged customer: reload all. */
export function useMergeCustomers() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: MergeInput) => mergeCustomers(input),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: duplicatesKey }),
        queryClient.invalidateQueries({ queryKey: ['customers'] }),
      ]),
  });
}
