import { z } from 'zod';
import { currencyCode, nonNegativeDecimalInput } from '#src/modules/catalog/catalog.schema.ts';
import { page, pageQuery, uuid } from '#src/shared/schema.ts';

/**
 * Sales targets (issue 6, item 5): a person's or a team's goal for a month, quarter or year, starting on the
 * period's first day. Metrics: `won_amount` (won opportunities, money), `revenue` (orders of the customers the
 * person or team owns, money), `new_customers` (customers they own created in the period, a count) and
 * `won_deals` (a count). Money amounts are major units of `currency`; counts are whole numbers.
 */
export const targetPeriodKinds = ['month', 'quarter', 'year'] as const;
export const targetMetrics = ['won_amount', 'revenue', 'new_customers', 'won_deals'] as const;
export type TargetMetric = (typeof targetMetrics)[number];
export const moneyMetrics: readonly TargetMetric[] = ['won_amount', 'revenue'];

export const targetSchema = z.object({
  id: uuid,
  periodKind: z.enum(targetPeriodKinds),
  periodStart: z.iso.date(),
  periodEnd: z.iso.date(),
  userId: uuid.nullable(),
  teamId: uuid.nullable(),
  /** The person's or team's name. */
  assigneeName: z.string().nullable(),
  metric: z.enum(targetMetrics),
  amount: z.number(),
  currency: z.string(),
  /** What was achieved in the period so far, in the metric's unit. */
  actual: z.number(),
  /** actual / amount (a fraction, may exceed 1); null for a zero target. */
  attainment: z.number().nullable(),
  version: z.number().int(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type Target = z.infer<typeof targetSchema>;

export const targetCreateInput = z
  .object({
    periodKind: z.enum(targetPeriodKinds),
    /** The period's first day: the 1st of a month, of Jan/Apr/Jul/Oct for a quarter, 1 January for a year. */
    periodStart: z.iso.date(),
    userId: uuid.optional(),
    teamId: uuid.optional(),
    metric: z.enum(targetMetrics),
    /** Major units for money metrics, a whole count for the others. */
    amount: nonNegativeDecimalInput,
    /** Default: the business currency. */
    currency: currencyCode.optional(),
  })
  .strict()
  .refine((value) => (value.userId === undefined) !== (value.teamId === undefined), {
    message: 'give either userId or teamId',
    path: ['userId'],
  });
export type TargetCreateInput = z.infer<typeof targetCreateInput>;

export const targetUpdateInput = z
  .object({ version: z.number().int().min(1), amount: nonNegativeDecimalInput })
  .strict();
export type TargetUpdateInput = z.infer<typeof targetUpdateInput>;

export const targetListQuery = pageQuery
  .extend({
    periodKind: z.enum(targetPeriodKinds).optional(),
    /** Targets whose period overlaps from..to. */
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    userId: uuid.optional(),
    teamId: uuid.optional(),
    metric: z.enum(targetMetrics).optional(),
    sort: z.enum(['createdAt', '-createdAt']).default('-createdAt'),
  })
  .strict();
export type TargetListQuery = z.infer<typeof targetListQuery>;
export const targetPage = page(targetSchema);
