import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createQuote,
  deleteQuote,
  getOpportunitySummary,
  getQuote,
  listQuotes,
  quoteAction,
  updateQuote,
} from '../api/quotes.ts';
import type { QuoteAction, QuoteCreateInput, QuoteFilters, QuoteUpdateInput } from '../api/quotes.ts';

const pageSize = 50;
export const quotesKey = ['quotes'] as const;

/** Quotes newest first with the page's filters, one keyset page at a time ("load more"). */
export function useQuoteList(filters: QuoteFilters) {
  const query = useInfiniteQuery({
    queryKey: [...quotesKey, 'list', filters],
    queryFn: ({ pageParam, signal }) =>
      listQuotes({ ...filters, limit: pageSize, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return { ...query, quotes: query.data?.pages.flatMap((page) => page.items) ?? [] };
}

export function useQuote(id: string | undefined) {
  return useQuery({
    queryKey: [...quotesKey, 'detail', id],
    queryFn: ({ signal }) => getQuote(id ?? '', signal),
    enabled: id !== undefined,
  });
}

/** The opportunity a new quote starts from (`?opportunityId=`). */
export function useOpportunitySummary(id: string | undefined) {
  return useQuery({
    queryKey: [...quotesKey, 'opportunity', id],
    queryFn: ({ signal }) => getOpportunitySummary(id ?? '', signal),
    enabled: id !== undefined,
    retry: false,
  });
}

/** Any quote write changes lists and details; an accepted quote also adds an order to its customer. */
function useInvalidate() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: quotesKey }),
      queryClient.invalidateQueries({ queryKey: ['orders'] }),
      queryClient.invalidateQueries({ queryKey: ['customers'] }),
    ]);
}

export function useCreateQuote() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: (input: QuoteCreateInput) => createQuote(input), onSuccess: invalidate });
}

export function useUpdateQuote(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: QuoteUpdateInput) => updateQuote(id, input),
    onSuccess: invalidate,
  });
}

export function useDeleteQuote() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) => deleteQuote(id, version),
    onSuccess: invalidate,
  });
}

export function useQuoteAction() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({
      id,
      action,
      ...body
    }: {
      id: string;
      action: QuoteAction;
      version: number;
      reason?: string;
      validUntil?: string;
    }) => quoteAction(id, action, body),
    onSuccess: invalidate,
  });
}
