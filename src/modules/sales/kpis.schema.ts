import { z } from 'zod';
import { currencyCode } from '#src/modules/catalog/catalog.schema.ts';
import { uuid } from '#src/shared/schema.ts';

/**
 * Sales KPIs per person or team (issue 6, item 5) over the window's business days. Sales staff see their own
 * numbers, managers their team's, admins and viewers everyone's. Money is major units of `currency`.
 * - newCustomers: customers they own created in the window; revenue: orders of those owners' customers (not
 *   cancelled, returns subtracted);
 * - wonDeals / wonAmount / winRate (won ÷ (won + lost)) / averageDealSize / averageCycleDays (created day →
 *   closed day of won deals), over deals closed in the window;
 * - activities: interactions the staff recorded plus tasks they completed;
 * - followUpCompletion: follow-up-rule tasks due in the window that are done, over all of them due;
 * - satisfaction and complaints come from the service module through `registerServiceMeasures`
 *   (kpis.service.ts); until one is registered they are null and `serviceMeasures` is `not_available`.
 */
export const kpiQuery = z
  .object({
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    groupBy: z.enum(['owner', 'team']).default('owner'),
    currency: currencyCode.optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be after to', path: ['from'] });
export type KpiQuery = z.infer<typeof kpiQuery>;

export const kpiRowSchema = z.object({
  groupId: uuid.nullable(),
  groupName: z.string().nullable(),
  newCustomers: z.number().int(),
  revenue: z.number(),
  wonDeals: z.number().int(),
  wonAmount: z.number(),
  lostDeals: z.number().int(),
  winRate: z.number().nullable(),
  averageDealSize: z.number().nullable(),
  averageCycleDays: z.number().nullable(),
  activities: z.number().int(),
  followUpsDue: z.number().int(),
  followUpsDone: z.number().int(),
  followUpCompletion: z.number().nullable(),
  /** Mean satisfaction (CSAT, a fraction 0..1) from the service module; null until it reports. */
  satisfaction: z.number().nullable(),
  complaints: z.number().int().nullable(),
});
export type KpiRow = z.infer<typeof kpiRowSchema>;

export const kpiReportSchema = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  groupBy: z.enum(['owner', 'team']),
  currency: z.string(),
  serviceMeasures: z.enum(['available', 'not_available']),
  items: z.array(kpiRowSchema),
});
export type KpiReport = z.infer<typeof kpiReportSchema>;
