import { z } from 'zod';
import { currencyCode } from '#src/modules/catalog/catalog.schema.ts';
import { uuid } from '#src/shared/schema.ts';

/**
 * The sales forecast (issue 6, item 5). Per period and per owner or team:
 * - `won`: amounts of opportunities won in the period (by `closed_day`);
 * - open opportunities (by `expected_close_date`) in cumulative forecast categories, so that
 *   commit ⊂ best case ⊂ pipeline: `commit` = open amounts categorised commit (an open deal its owner marked
 *   `closed` counts as commit); `bestCase` = commit + best case; `pipeline` = best case + pipeline, i.e. every open
 *   amount except the `omitted` ones. Won amounts are not in these three: add `won` for a period's outlook;
 * - `weighted`: Σ amount × probability over the same open deals as `pipeline`;
 * - `target` (metric won_amount, same period kind and currency) and `attainment` = won / target.
 * Money is in major units of `currency`; deals in other currencies are counted in `leftOut`, never converted.
 */
export const forecastPeriods = ['month', 'quarter'] as const;
export const forecastGroupings = ['owner', 'team'] as const;

export const forecastQuery = z
  .object({
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    period: z.enum(forecastPeriods).default('month'),
    groupBy: z.enum(forecastGroupings).default('owner'),
    pipelineId: uuid.optional(),
    currency: currencyCode.optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be after to', path: ['from'] });
export type ForecastQuery = z.infer<typeof forecastQuery>;

const forecastFigures = {
  won: z.number(),
  wonCount: z.number().int(),
  commit: z.number(),
  bestCase: z.number(),
  pipeline: z.number(),
  weighted: z.number(),
  /** Open deals counted in `pipeline`. */
  openCount: z.number().int(),
  /** Null when no target is set. */
  target: z.number().nullable(),
  /** won / target, a fraction (may exceed 1); null without a (non-zero) target. */
  attainment: z.number().nullable(),
};

export const forecastRowSchema = z.object({
  periodStart: z.iso.date(),
  /** The owner's or team's id; null for deals nobody owns. */
  groupId: uuid.nullable(),
  groupName: z.string().nullable(),
  ...forecastFigures,
});
export type ForecastRow = z.infer<typeof forecastRowSchema>;

export const forecastTotalSchema = z.object({ periodStart: z.iso.date(), ...forecastFigures });
export type ForecastTotal = z.infer<typeof forecastTotalSchema>;

export const forecastSchema = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  period: z.enum(forecastPeriods),
  groupBy: z.enum(forecastGroupings),
  currency: z.string(),
  pipelineId: uuid.nullable(),
  periods: z.array(z.iso.date()),
  rows: z.array(forecastRowSchema),
  /** One per period: the rows summed (targets summed over the groups shown). */
  totals: z.array(forecastTotalSchema),
  leftOut: z.object({
    /** Deals in the window in other currencies, by currency. */
    otherCurrencies: z.array(z.object({ currency: z.string(), count: z.number().int() })),
    /** Open deals without an expected close date. */
    undated: z.number().int(),
  }),
});
export type Forecast = z.infer<typeof forecastSchema>;
