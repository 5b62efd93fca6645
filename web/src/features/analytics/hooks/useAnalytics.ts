import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { AbcClass } from '#src/modules/analytics/abc.schema.ts';
import type { RfmMovementCustomersQuery, RfmMovementQuery } from '#src/modules/analytics/rfm.schema.ts';
import type { RfmSegment } from '#src/modules/analytics/rfm.segments.ts';
import type { ScoresStatus } from '#src/modules/analytics/scores.schema.ts';
import {
  createRfmSnapshot,
  getAbc,
  getClv,
  getClvAll,
  getCohortCustomers,
  getCohorts,
  getRfm,
  getRfmMovement,
  getRfmMovementCustomers,
  getScoresStatus,
  listRfmSnapshots,
  startScoresRun,
} from '../api/analytics.ts';
import type { AbcOptions, ClvOptions, CohortOptions, RfmOptions } from '../api/analytics.ts';
import { customersKey } from '../../customers/hooks/useCustomers.ts';
import { usePagedCustomers } from './usePagedCustomers.ts';

/**
 * The dashboards' data. An analysis is computed on each request (seconds on a large base), so answers stay fresh
 * for five minutes and the previous one stays on screen while new options are computed.
 */
const analyticsKey = ['analytics'] as const;
const staleTime = 5 * 60_000;
/** How often the scores' status is asked for while a recompute runs (a run takes seconds to minutes). */
const runningPoll = 1500;

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
  return usePagedCustomers({
    queryKey: [...analyticsKey, 'rfm', options, 'customers', segment ?? null],
    readPage: async (page, signal) => (await getRfm(options, { segment, ...page }, signal)).customers,
    staleTime,
    enabled,
  });
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

/** The customers of one movement cell, one keyset page at a time; asked for only while `cell` is set. */
export function useRfmMovementCustomers(cell: Omit<RfmMovementCustomersQuery, 'limit' | 'cursor'> | null) {
  return usePagedCustomers({
    queryKey: [...analyticsKey, 'rfm-snapshots', 'movement', 'customers', cell],
    readPage: (page, signal) => getRfmMovementCustomers(cell!, page, signal),
    enabled: cell !== null,
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

/** The customers of one class (or all), one keyset page at a time. */
export function useAbcCustomers(options: AbcOptions, abcClass: AbcClass | undefined, enabled: boolean) {
  return usePagedCustomers({
    queryKey: [...analyticsKey, 'abc', options, 'customers', abcClass ?? null],
    readPage: async (page, signal) => (await getAbc(options, { class: abcClass, ...page }, signal)).customers,
    staleTime,
    enabled,
  });
}

export function useCohorts(options: CohortOptions) {
  return useQuery({
    queryKey: [...analyticsKey, 'cohorts', options],
    queryFn: ({ signal }) => getCohorts(options, signal),
    staleTime,
    placeholderData: keepPreviousData,
  });
}

/** The customers of one cohort cell, one keyset page at a time; asked for only while `cell` is set. */
export function useCohortCustomers(options: CohortOptions, cell: { cohort: string; month: number } | null) {
  return usePagedCustomers({
    queryKey: [...analyticsKey, 'cohorts', options, 'customers', cell],
    readPage: (page, signal) => getCohortCustomers(options, cell!, page, signal),
    staleTime,
    enabled: cell !== null,
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

const scoresKey = [...analyticsKey, 'scores'] as const;

/** The latest recompute of the scores stored on customers and the one they are as of; polled while one runs. */
export function useScoresStatus() {
  return useQuery({
    queryKey: scoresKey,
    queryFn: ({ signal }) => getScoresStatus(signal),
    refetchInterval: (query) => (query.state.data?.latest?.status === 'running' ? runningPoll : false),
  });
}

/**
 * The status, for the view that follows a run: when a run seen running has ended, customer lists fetched before it
 * are out of date (their segments and classes changed), so they are fetched again when next shown.
 */
export function useFollowedScores() {
  const client = useQueryClient();
  const status = useScoresStatus();
  const latest = status.data?.latest;
  const seenRunning = useRef<string | null>(null);
  useEffect(() => {
    if (latest?.status === 'running') seenRunning.current = latest.id;
    else if (latest && seenRunning.current === latest.id) {
      seenRunning.current = null;
      void client.invalidateQueries({ queryKey: customersKey });
    }
  }, [client, latest]);
  return status;
}

/** Starts a recompute; the status then shows the new run as the latest, and polling follows it to its end. */
export function useRecomputeScores() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => startScoresRun(),
    onSuccess: (run) => {
      client.setQueryData<ScoresStatus>(scoresKey, (status) => ({ current: null, ...status, latest: run }));
      return client.invalidateQueries({ queryKey: scoresKey });
    },
    // 409: another run (the daily one, or a colleague's) is going; show it instead.
    onError: () => client.invalidateQueries({ queryKey: scoresKey }),
  });
}
