import { z } from 'zod';
import { page, pageQuery, text, uuid } from '#src/shared/schema.ts';

/** Interactions: every contact with a customer on every channel (issue 4, DESIGN §3). */

/** The channels of the migration's check constraint. */
export const interactionChannels = [
  'visit',
  'phone',
  'email',
  'sms',
  'wechat',
  'web',
  'social',
  'store',
  'event',
] as const;
export const interactionChannelSchema = z.enum(interactionChannels);
export type InteractionChannel = z.infer<typeof interactionChannelSchema>;

export const interactionDirections = ['inbound', 'outbound'] as const;
export const interactionDirectionSchema = z.enum(interactionDirections);
export type InteractionDirection = z.infer<typeof interactionDirectionSchema>;

const timestamp = z.iso.datetime({ offset: true });

/**
 * A list filter given as a repeated parameter (`?channel=phone&channel=email`), as a comma-separated one
 * (`?channel=phone,email`) or both.
 */
export const listParam = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((value) =>
      (Array.isArray(value) ? value : [value])
        .flatMap((part) => part.split(','))
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1).max(20));

/**
 * `from`/`to` of a list: an instant with its zone, or a bare date meaning that calendar day in the business time
 * zone (`from` at its start, `to` through its end).
 */
export const periodBound = timestamp.or(z.iso.date());

export const interactionSchema = z.object({
  id: uuid,
  ref: z.string().nullable(),
  customerId: uuid,
  customerName: z.string(),
  channel: interactionChannelSchema,
  direction: interactionDirectionSchema,
  subject: z.string().nullable(),
  notes: z.string().nullable(),
  outcome: z.string().nullable(),
  occurredAt: timestamp,
  staffId: uuid.nullable(),
  staffName: z.string().nullable(),
  version: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Interaction = z.infer<typeof interactionSchema>;

const interactionFields = {
  channel: interactionChannelSchema,
  direction: interactionDirectionSchema,
  /** When the contact happened; default now. */
  occurredAt: timestamp.optional(),
  subject: text(200).nullable().optional(),
  notes: z.string().trim().max(10_000).nullable().optional(),
  outcome: text(200).nullable().optional(),
  /** The staff member who had the contact; default the one logging it. */
  staffId: uuid.nullable().optional(),
};

export const interactionCreateInput = z
  .object({
    customerId: uuid,
    ...interactionFields,
  })
  .strict();
export type InteractionCreateInput = z.infer<typeof interactionCreateInput>;

export const interactionUpdateInput = z
  .object({
    version: z.number().int().min(1),
    /** Moves the contact to another customer (both must be yours to change). */
    customerId: uuid.optional(),
    channel: interactionChannelSchema.optional(),
    direction: interactionDirectionSchema.optional(),
    occurredAt: timestamp.optional(),
    subject: interactionFields.subject,
    notes: interactionFields.notes,
    outcome: interactionFields.outcome,
    staffId: interactionFields.staffId,
  })
  .strict();
export type InteractionUpdateInput = z.infer<typeof interactionUpdateInput>;

export const interactionSorts = ['occurredAt', '-occurredAt', 'createdAt', '-createdAt'] as const;
export const interactionListQuery = pageQuery
  .extend({
    customerId: uuid.optional(),
    channel: listParam(interactionChannelSchema).optional(),
    direction: interactionDirectionSchema.optional(),
    staffId: uuid.optional(),
    from: periodBound.optional(),
    to: periodBound.optional(),
    sort: z.enum(interactionSorts).default('-occurredAt'),
  })
  .strict();
export type InteractionListQuery = z.infer<typeof interactionListQuery>;
export const interactionPage = page(interactionSchema);

/** `DELETE …/:id?version=N`: with a version, a stale one is a 409 instead of deleting a changed record. */
export const deleteQuery = z.object({ version: z.coerce.number().int().min(1).optional() }).strict();

export const idParams = z.object({ id: uuid }).strict();
