import type { z } from 'zod';
import type { Interaction, InteractionCreateInput } from '#src/modules/interactions/interactions.schema.ts';
import type { TimelineQuery, timelinePage, TimelineType } from '#src/modules/interactions/timeline.schema.ts';
import { api } from '../../../lib/api.ts';
import { getWith } from './query.ts';

export type TimelinePage = z.infer<typeof timelinePage>;
export type { TimelineItem, TimelineType } from '#src/modules/interactions/timeline.schema.ts';

/** The timeline's filters; empty means every type and channel. */
export interface TimelineFilters {
  types?: TimelineType[] | undefined;
  channel?: NonNullable<TimelineQuery['channel']> | undefined;
}

export const logInteraction = (input: InteractionCreateInput) =>
  api.post<Interaction>('/api/v1/interactions', input);

export const getTimeline = (
  customerId: string,
  filters: TimelineFilters & { cursor?: string | undefined; limit?: number },
  signal?: AbortSignal,
) =>
  getWith<TimelinePage>(
    `/api/v1/customers/${customerId}/timeline`,
    { types: filters.types, channel: filters.channel, cursor: filters.cursor, limit: filters.limit },
    signal,
  );
