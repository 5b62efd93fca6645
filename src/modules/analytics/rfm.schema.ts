import { z } from 'zod';
import {
  asOfParam,
  currencyParam,
  factsSourceSchema,
  leftOutSchema,
} from '#src/modules/analytics/analytics.schema.ts';
import { rfmSegments } from '#src/modules/analytics/rfm.segments.ts';
import { page, pageQuery, uuid } from '#src/shared/schema.ts';

/** RFM (issue 5 item 2; DESIGN §4 gives the response and the scores' formula). */

export const rfmSegmentSchema = z.enum(rfmSegments);

const score = z.coerce.number().int().min(1).max(5);

/** The analysis' options; the rest filters which customer items a page lists (the aggregates never change). */
export const rfmOptionsQuery = z.object({ asOf: asOfParam.optional(), currency: currencyParam.optional() });

export const rfmQuery = pageQuery
  .extend({
    ...rfmOptionsQuery.shape,
    segment: rfmSegmentSchema.optional(),
    r: score.optional(),
    f: score.optional(),
    m: score.optional(),
  })
  .strict();
export type RfmQuery = z.infer<typeof rfmQuery>;

export const rfmExportQuery = rfmOptionsQuery.strict();

export const rfmItemSchema = z.object({
  customerId: uuid,
  ref: z.string(),
  name: z.string(),
  /** Calendar days from the last purchase to asOf. */
  recencyDays: z.number().int(),
  /** Purchases (orders neither cancelled nor returned) up to asOf. */
  frequency: z.number().int(),
  /** Revenue net of returns up to asOf, major units of `currency`. */
  monetary: z.number(),
  r: z.number().int(),
  f: z.number().int(),
  m: z.number().int(),
  segment: rfmSegmentSchema,
});
export type RfmItem = z.infer<typeof rfmItemSchema>;

export const rfmResultSchema = z.object({
  asOf: z.iso.date(),
  currency: z.string(),
  /** Every customer with a purchase in `currency` up to asOf, and their revenue (whoever asks). */
  totals: z.object({ customers: z.number().int(), revenue: z.number() }),
  /** Every segment, in the order of `rfmSegments`, over the whole base. */
  segments: z.array(
    z.object({ segment: rfmSegmentSchema, customers: z.number().int(), revenue: z.number() }),
  ),
  leftOut: leftOutSchema,
  source: factsSourceSchema,
  /** The customers you may see, by monetary descending, then ref. */
  customers: page(rfmItemSchema),
});
export type RfmResult = z.infer<typeof rfmResultSchema>;

export const rfmSnapshotSchema = z.object({
  id: uuid,
  asOf: z.iso.date(),
  currency: z.string(),
  customers: z.number().int(),
  createdBy: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type RfmSnapshot = z.infer<typeof rfmSnapshotSchema>;

export const rfmSnapshotInput = z
  .object({ asOf: asOfParam.optional(), currency: currencyParam.optional() })
  .strict();
export type RfmSnapshotInput = z.infer<typeof rfmSnapshotInput>;
/** The body may be left out: every option then takes its default. */
export const rfmSnapshotBody = rfmSnapshotInput.nullish();

export const rfmSnapshotListQuery = pageQuery.strict();
export const rfmSnapshotPage = page(rfmSnapshotSchema);

/** Movement between two snapshots: how many customers went from one segment to another. */
export const rfmMovementQuery = z
  .object({
    /** Default: the snapshot before `to`. */
    from: uuid.optional(),
    /** Default: the latest snapshot. */
    to: uuid.optional(),
  })
  .strict();
export type RfmMovementQuery = z.infer<typeof rfmMovementQuery>;

export const rfmMovementSchema = z.object({
  from: rfmSnapshotSchema,
  to: rfmSnapshotSchema,
  /**
   * One row per (from segment, to segment) pair with customers; `from` null: scored only in the later snapshot
   * (a new buyer), `to` null: only in the earlier one (no longer scored, e.g. deleted).
   */
  movements: z.array(
    z.object({
      from: rfmSegmentSchema.nullable(),
      to: rfmSegmentSchema.nullable(),
      customers: z.number().int(),
    }),
  ),
});
export type RfmMovement = z.infer<typeof rfmMovementSchema>;

/** A segment in a snapshot, or `none`: not scored in it (the null of the movement's rows). */
export const movementSegmentParam = z.enum([...rfmSegments, 'none']);

/** The customers of one cell of the movement: `fromSegment` in `from`, `toSegment` in `to`. */
export const rfmMovementCustomersQuery = pageQuery
  .extend({
    ...rfmMovementQuery.shape,
    fromSegment: movementSegmentParam,
    toSegment: movementSegmentParam,
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.fromSegment === 'none' && value.toSegment === 'none')
      ctx.addIssue({
        code: 'custom',
        path: ['toSegment'],
        message: 'must be a segment when fromSegment is none: every customer of a snapshot is scored in it',
      });
  });
export type RfmMovementCustomersQuery = z.infer<typeof rfmMovementCustomersQuery>;

export const rfmMovementCustomerSchema = z.object({
  customerId: uuid,
  /**
   * The customer's number and name now (an erased customer keeps the placeholder name erasing leaves); null when
   * the customer's record is no longer in the database (snapshots keep their customers without a reference).
   */
  ref: z.string().nullable(),
  name: z.string().nullable(),
  /** null: not scored in that snapshot. */
  fromSegment: rfmSegmentSchema.nullable(),
  toSegment: rfmSegmentSchema.nullable(),
});
export type RfmMovementCustomer = z.infer<typeof rfmMovementCustomerSchema>;

export const rfmMovementCustomersSchema = page(rfmMovementCustomerSchema);
export type RfmMovementCustomers = z.infer<typeof rfmMovementCustomersSchema>;
