import type { InfiniteData } from '@tanstack/react-query';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Interaction, InteractionCreateInput } from '#src/modules/interactions/interactions.schema.ts';
import { getTimeline, logInteraction } from '../api/interactions.ts';
import type { TimelineFilters, TimelineItem, TimelinePage } from '../api/interactions.ts';
import { customerKey, customersKey } from './useCustomers.ts';

const pageSize = 30;
const timelineKey = (customerId: string) => [...customerKey(customerId), 'timeline'] as const;

/** A customer's interactions and orders, newest first, loaded page by page as the user scrolls. */
export function useTimeline(customerId: string, filters: TimelineFilters) {
  const query = useInfiniteQuery({
    queryKey: [...timelineKey(customerId), filters],
    queryFn: ({ pageParam, signal }) =>
      getTimeline(customerId, { ...filters, limit: pageSize, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return { ...query, items: query.data?.pages.flatMap((page) => page.items) ?? [] };
}

/** The timeline entry the server would list for a just-logged interaction. */
const asTimelineItem = (interaction: Interaction): TimelineItem => ({
  type: 'interaction',
  id: interaction.id,
  at: interaction.occurredAt,
  channel: interaction.channel,
  direction: interaction.direction,
  title: interaction.subject,
  summary: interaction.notes === null ? null : interaction.notes.slice(0, 200),
  outcome: interaction.outcome,
  staffId: interaction.staffId,
  staffName: interaction.staffName,
});

/** Whether a logged interaction belongs in a timeline shown with these filters. */
const shownWith = (filters: TimelineFilters, item: TimelineItem) =>
  (!filters.types || filters.types.includes('interaction')) &&
  (!filters.channel || filters.channel.some((channel) => channel === item.channel));

/**
 * Logs an interaction. The new entry is put into the timelines on screen at once (in time order), then the
 * timeline, KPIs and the customer's last contact are fetched again from the server.
 */
export function useLogInteraction(customerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Omit<InteractionCreateInput, 'customerId'>) =>
      logInteraction({ ...input, customerId }),
    onSuccess: async (interaction) => {
      const item = asTimelineItem(interaction);
      const cached = queryClient.getQueriesData<InfiniteData<TimelinePage>>({
        queryKey: timelineKey(customerId),
      });
      for (const [key, data] of cached) {
        const filters = (key[key.length - 1] ?? {}) as TimelineFilters;
        if (!data || !shownWith(filters, item)) continue;
        const [first, ...rest] = data.pages;
        if (!first) continue;
        const items = [...first.items, item].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
        queryClient.setQueryData<InfiniteData<TimelinePage>>(key, {
          ...data,
          pages: [{ ...first, items }, ...rest],
        });
      }
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: customerKey(customerId) }),
        queryClient.invalidateQueries({ queryKey: [...customersKey, 'list'] }),
      ]);
    },
  });
}
