import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { AbcClass } from '#src/modules/analytics/abc.schema.ts';
import type { RfmMovementQuery } from '#src/modules/analytics/rfm.schema.ts';
import type { RfmSegment } from '#src/modules/analytics/rfm.segments.ts';
import {
  createRfmSnapshot,
  getAbc,
  getClv,
  getClvAll,
  getCohorts,
  getRfm,
  getRfmMovement,
  listRfmSnapshots,
} from '../api/analytics.ts';
import type { AbcOptions, ClvOptions, CohortOptions, RfmOptions } from '../api/analytics.ts';

/**
 * The dashboards' data. An analysis is computed on each request (seconds on a large base), so answers stay fresh
 * for five minutes and the previous one stays on screen while new options are computed.
 */
const analyticsKey = ['analytics'] as const;
const staleTime = 5 * 60_000;
const listPage = 50;

/** RFM aggregates (segments, totals, left-out currencies); customer items come per segment. */
export function useRfm(options: RfmOptions) {
  return useQuery({
    queryKey: [...analyticsKey, 'rfm', options],
    queryFn: ({ signal }) => getRfm(options, { limit: 1 }, signal),
    staleTime,
    placeholderData: keepPreviousData,
  });
}

/** The customers of one segment (or all), one keyset page at a time. */
export function useRfmCustomers(options: RfmOptions, segment: RfmSegment | undefined, enabled: boolean) {
  const query = useInfiniteQuery({
    queryKey: [...analyticsKey, 'rfm', options, 'customers', segment ?? null],
    queryFn: ({ pageParam, signal }) =>
      getRfm(options, { segment, limit: listPage, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.customers.nextCursor ?? undefined,
    staleTime,
    enabled,
  });
  return { ...query, items: query.data?.pages.flatMap((page) => page.customers.items) ?? [] };
}

export function useRfmSnapshots() {
  return useQuery({
    queryKey: [...analyticsKey, 'rfm-snapshots'],
    queryFn: ({ signal }) => listRfmSnapshots(signal),
  });
}

export function useRfmMovement(query: RfmMovementQuery, enabled: boolean) {
  return useQuery({
    queryKey: [...analyticsKey, 'rfm-snapshots', 'movement', query],
    queryFn: ({ signal }) => getRfmMovement(query, signal),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useCreateRfmSnapshot() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: createRfmSnapshot,
    onSuccess: () => client.invalidateQueries({ queryKey: [...analyticsKey, 'rfm-snapshots'] }),
  });
}

/** ABC aggregates (classes, Pareto curve); customer items come per class. */
export function useAbc(options: AbcOptions) {
  return useQuery({
    queryKey: [...analyticsKey, 'abc', options],
    queryFn: ({ signal }) => getAbc(options, { limit: 1 }, signal),
    staleTime,
    placeholderData: keepPreviousData,
  });
}

export function useAbcCustomers(options: AbcOptions, abcClass: AbcClass | undefined, enabled: boolean) {
  const query = useInfiniteQuery({
    queryKey: [...analyticsKey, 'abc', options, 'customers', abcClass ?? null],
    queryFn: ({ pageParam, signal }) =>
      getAbc(options, { class: abcClass, limit: listPage, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.customers.nextCursor ?? undefined,
    staleTime,
    enabled,
  });
  return { ...query, items: query.data?.pages.flatMap((page) => page.customers.items) ?? [] };
}

export function useCohorts(options: CohortOptions) {
  return useQuery({
    queryKey: [...analyticsKey, 'cohorts', options],
    queryFn: ({ signal }) => getCohorts(options, signal),
    staleTime,
    placeholderData: keepPreviousData,
  });
}

/** The fitted model, the holdout comparison and the base's size (one page of one item). */
export function useClvModel(options: ClvOptions) {
  return useQuery({
    queryKey: [...analyticsKey, 'clv', options, 'model'],
    queryFn: ({ signal }) => getClv(options, { limit: 1 }, signal),
    staleTime,
    placeholderData: keepPreviousData,
  });
}

/** Every customer's forecast the user may see, for the charts and the ranking; only asked for when `enabled`. */
export function useClvCustomers(options: ClvOptions, enabled: boolean) {
  return useQuery({
    queryKey: [...analyticsKey, 'clv', options, 'all'],
    queryFn: ({ signal }) => getClvAll(options, signal),
    staleTime,
    enabled,
  });
}
