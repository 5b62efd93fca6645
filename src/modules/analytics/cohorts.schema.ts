import { z } from 'zod';
import {
  asOfParam,
  calendarDateParam,
  currencyParam,
  fromNotAfterTo,
  leftOutSchema,
} from '#src/modules/analytics/analytics.schema.ts';
import { page, pageQuery, uuid } from '#src/shared/schema.ts';

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

/** A first-purchase month, `YYYY-MM` (year 1 or later, a month 01–12). */
export const cohortMonthParam = z
  .string()
  .trim()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month such as 2025-03')
  .refine((value) => Number(value.slice(0, 4)) >= 1, 'must be a month such as 2025-03');

/** Months since the cohort's first: 0 (the first-purchase month) or more. */
export const monthsSinceParam = z
  .string()
  .trim()
  .regex(/^\d{1,6}$/, 'must be a whole number of months, 0 or more')
  .transform((value) => Number(value));

/**
 * The customers of one cell of the cohorts (click-through, issue 5): cohort `cohort`, `month` months after it. The
 * analysis' own options (`asOf`, `currency`, `from`, `to`) pick the same cohorts as `GET …/cohorts`.
 */
export const cohortCustomersQuery = pageQuery
  .extend({
    cohort: cohortMonthParam,
    month: monthsSinceParam,
    asOf: asOfParam.optional(),
    currency: currencyParam.optional(),
    from: calendarDateParam.optional(),
    to: calendarDateParam.optional(),
  })
  .strict()
  .superRefine(fromNotAfterTo);
export type CohortCustomersQuery = z.infer<typeof cohortCustomersQuery>;

export const cohortCustomerSchema = z.object({
  customerId: uuid,
  ref: z.string(),
  name: z.string(),
  /** The customer's first purchase in `currency`: the day that puts it in the cohort. */
  firstPurchaseDay: z.iso.date(),
  /** Purchases (orders neither cancelled nor returned) in the cell's month, up to asOf. */
  purchases: z.number().int(),
  /** Revenue net of returns in the cell's month, up to asOf, major units of `currency`. */
  revenue: z.number(),
});
export type CohortCustomer = z.infer<typeof cohortCustomerSchema>;

export const cohortCustomersSchema = page(cohortCustomerSchema).extend({
  asOf: z.iso.date(),
  currency: z.string(),
});
export type CohortCustomers = z.infer<typeof cohortCustomersSchema>;
