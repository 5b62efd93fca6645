import { z } from 'zod';
import {
  asOfParam,
  calendarDateParam,
  currencyParam,
  fromNotAfterTo,
  leftOutSchema,
} from '#src/modules/analytics/analytics.schema.ts';

/** Cohorts by first-purchase month (issue 5 item 3; DESIGN §4). */

export const cohortsQuery = z
  .object({
    asOf: asOfParam.optional(),
    currency: currencyParam.optional(),
    /** Only cohorts whose first purchase is on or after this day. */
    from: calendarDateParam.optional(),
    /** Only cohorts whose first purchase is on or before this day. */
    to: calendarDateParam.optional(),
  })
  .strict()
  .superRefine(fromNotAfterTo);
export type CohortsQuery = z.infer<typeof cohortsQuery>;

export const cohortSchema = z.object({
  /** The first-purchase month, `YYYY-MM`. */
  cohort: z.string().regex(/^\d{4}-\d{2}$/),
  customers: z.number().int(),
  /** retention[k]: the share of the cohort with a purchase k months after its first month (index 0: 1). */
  retention: z.array(z.number()),
  /** revenue[k]: the cohort's revenue net of returns in that month, major units. */
  revenue: z.array(z.number()),
});
export type Cohort = z.infer<typeof cohortSchema>;

export const cohortsResultSchema = z.object({
  asOf: z.iso.date(),
  currency: z.string(),
  from: z.iso.date().nullable(),
  to: z.iso.date().nullable(),
  cohorts: z.array(cohortSchema),
  leftOut: leftOutSchema,
});
export type CohortsResult = z.infer<typeof cohortsResultSchema>;
