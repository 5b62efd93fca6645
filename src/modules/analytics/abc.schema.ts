import { z } from 'zod';
import {
  asOfParam,
  byParam,
  calendarDateParam,
  currencyParam,
  cutoffsParam,
  factsSourceSchema,
  fromNotAfterTo,
  leftOutSchema,
} from '#src/modules/analytics/analytics.schema.ts';
import { page, pageQuery, uuid } from '#src/shared/schema.ts';

/** ABC (Pareto) classes of customers by revenue or margin (issue 5 item 1; DESIGN §4). */

export const abcClasses = ['A', 'B', 'C'] as const;
export const abcClassSchema = z.enum(abcClasses);
export type AbcClass = z.infer<typeof abcClassSchema>;

const abcOptionsShape = {
  asOf: asOfParam.optional(),
  currency: currencyParam.optional(),
  /** First day of the period (inclusive); default: all time. */
  from: calendarDateParam.optional(),
  /** Last day of the period (inclusive); default: asOf. */
  to: calendarDateParam.optional(),
  by: byParam.optional(),
  cutoffs: cutoffsParam.optional(),
};

export const abcQuery = pageQuery
  .extend({ ...abcOptionsShape, class: abcClassSchema.optional() })
  .strict()
  .superRefine(fromNotAfterTo);
export type AbcQuery = z.infer<typeof abcQuery>;

export const abcExportQuery = z.object(abcOptionsShape).strict().superRefine(fromNotAfterTo);

export const abcItemSchema = z.object({
  customerId: uuid,
  ref: z.string(),
  name: z.string(),
  /** Revenue net of returns (or margin, with by=margin) in the period, major units of `currency`. */
  revenue: z.number(),
  /** Share of the total of every customer ranked up to and including this one. */
  cumulativeShare: z.number(),
  class: abcClassSchema,
});
export type AbcItem = z.infer<typeof abcItemSchema>;

export const abcResultSchema = z.object({
  asOf: z.iso.date(),
  /** null: all time. */
  from: z.iso.date().nullable(),
  to: z.iso.date(),
  by: byParam,
  currency: z.string(),
  cutoffs: z.tuple([z.number(), z.number()]),
  totals: z.object({ customers: z.number().int(), revenue: z.number() }),
  classes: z.array(
    z.object({
      class: abcClassSchema,
      customers: z.number().int(),
      revenue: z.number(),
      revenueShare: z.number(),
    }),
  ),
  /** The cumulative curve, at most 101 points from (0, 0): share of customers → share of revenue. */
  paretoCurve: z.array(z.object({ customerShare: z.number(), revenueShare: z.number() })),
  leftOut: leftOutSchema,
  source: factsSourceSchema,
  /** The customers you may see, in rank order (revenue descending, then ref). */
  customers: page(abcItemSchema),
});
export type AbcResult = z.infer<typeof abcResultSchema>;
