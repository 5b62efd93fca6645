import { z } from 'zod';
import {
  interactionChannelSchema,
  interactionDirectionSchema,
  listParam,
} from '#src/modules/interactions/interactions.schema.ts';
import { orderStatusSchema } from '#src/modules/orders/orders.schema.ts';
import { page, pageQuery, uuid } from '#src/shared/schema.ts';

/**
 * The customer timeline (issue 4, Customer 360): interactions and orders in one list, newest first. Every item has
 * the common fields; each kind adds its own. Later kinds (tickets, surveys, campaigns) add a variant here, a source
 * in timeline.repo.ts and a case in timeline.service.ts.
 */
export const timelineTypes = ['interaction', 'order'] as const;
export const timelineTypeSchema = z.enum(timelineTypes);
export type TimelineType = z.infer<typeof timelineTypeSchema>;

const common = {
  id: uuid,
  at: z.iso.datetime({ offset: true }),
  channel: z.string().nullable(),
  title: z.string().nullable(),
  /** A short excerpt (at most 200 characters). */
  summary: z.string().nullable(),
};

export const timelineInteractionSchema = z.object({
  type: z.literal('interaction'),
  ...common,
  direction: interactionDirectionSchema,
  outcome: z.string().nullable(),
  staffId: uuid.nullable(),
  staffName: z.string().nullable(),
});

export const timelineOrderSchema = z.object({
  type: z.literal('order'),
  ...common,
  ref: z.string(),
  status: orderStatusSchema,
  /** Major units of `currency`. */
  amount: z.number(),
  currency: z.string(),
  items: z.number().int(),
});

export const timelineItemSchema = z.discriminatedUnion('type', [
  timelineInteractionSchema,
  timelineOrderSchema,
]);
export type TimelineItem = z.infer<typeof timelineItemSchema>;

export const timelineQuery = pageQuery
  .extend({
    /** `types=interaction,order` (default all). */
    types: listParam(timelineTypeSchema).optional(),
    /** Interaction channels; orders match on their own channel field. */
    channel: listParam(interactionChannelSchema).optional(),
  })
  .strict();
export type TimelineQuery = z.infer<typeof timelineQuery>;
export const timelinePage = page(timelineItemSchema);
