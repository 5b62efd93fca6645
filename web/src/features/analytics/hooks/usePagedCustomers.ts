import { useInfiniteQuery } from '@tanstack/react-query';
import type { QueryKey } from '@tanstack/react-query';
import { fetchAllPages } from './csv.ts';

/** One keyset page of an analysis' customer list. */
export interface KeysetPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** Reads one page of a customer list: up to `limit` items after `cursor`. */
export type PageReader<T> = (
  page: { limit: number; cursor: string | undefined },
  signal?: AbortSignal,
) => Promise<KeysetPage<T>>;

/** A customer list as a drawer shows it: the pages read so far, "load more", and the whole list for the CSV. */
export interface PagedCustomers<T> {
  items: T[];
  loading: boolean;
  error: unknown;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  readAll: (onProgress: (rows: number) => void) => Promise<T[]>;
}

/** Items a page on screen; the CSV reads pages of the API's maximum. */
const screenPage = 50;
const exportPage = 200;

/**
 * The customers of one segment, class or cell, one keyset page at a time; asked for only while `enabled` (the
 * drawer is open). `staleTime` as the analysis it comes from; without it, the app's default.
 */
export function usePagedCustomers<T>({
  queryKey,
  readPage,
  enabled,
  staleTime,
}: {
  queryKey: QueryKey;
  readPage: PageReader<T>;
  enabled: boolean;
  staleTime?: number;
}): PagedCustomers<T> {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) => readPage({ limit: screenPage, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // An undefined `staleTime` would override the client's default rather than fall back to it.
    ...(staleTime !== undefined && { staleTime }),
    enabled,
  });
  return {
    items: query.data?.pages.flatMap((page) => page.items) ?? [],
    loading: query.isPending && enabled,
    error: query.error,
    hasMore: query.hasNextPage,
    loadingMore: query.isFetchingNextPage,
    onLoadMore: () => void query.fetchNextPage(),
    readAll: (onProgress) => fetchAllPages((cursor) => readPage({ limit: exportPage, cursor }), onProgress),
  };
}
