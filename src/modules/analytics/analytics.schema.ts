import { z } from 'zod';
import { currencyCode } from '#src/modules/catalog/catalog.schema.ts';
import { parseCalendarDate } from '#src/shared/dates.ts';

/**
 * The options of `guanxi analyze …` and `GET /api/v1/analytics/…` (DESIGN §4): the CLI's `--as-of` is the API's
 * `asOf`. Both read them through these schemas, so a value is checked once, the same way, and an error names the
 * field. Every value arrives as text (a query string, a command line).
 */

/** A calendar day: `YYYY-MM-DD` or `YYYYMMDD`, normalised to `YYYY-MM-DD`. */
export const calendarDateParam = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const day = parseCalendarDate(value);
    if (day) return day;
    ctx.addIssue({ code: 'custom', message: 'must be a calendar date such as 2024-03-31' });
    return z.NEVER;
  });

const decimalPattern = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** A number given as text; empty text is an error, not 0. */
const numberParam = (message: string) =>
  z
    .string()
    .trim()
    .regex(decimalPattern, message)
    .transform((value) => Number(value));

export const asOfParam = calendarDateParam;
export const currencyParam = currencyCode;

export const unitParam = z.enum(['week', 'day']);
export type TimeUnit = z.infer<typeof unitParam>;

export const horizonParam = z
  .string()
  .trim()
  .regex(/^\d+$/, 'must be a whole number of units')
  .transform((value) => Number(value))
  .pipe(z.number().int().min(1, 'must be at least 1 unit').max(5200, 'must be at most 5200 units'));

export const discountRateParam = numberParam('must be a yearly rate such as 0.10').pipe(
  z.number().min(0, 'must be 0 or more').max(1, 'must be at most 1 (100 % a year)'),
);

export const marginParam = numberParam('must be a share of spend such as 0.3').pipe(
  z.number().gt(0, 'must be more than 0').max(1, 'must be at most 1'),
);

export const byParam = z.enum(['revenue', 'margin']);
export type AbcMeasure = z.infer<typeof byParam>;

/** `0.8,0.95`: the A and B cut-offs of cumulative share, increasing, each strictly between 0 and 1. */
export const cutoffsParam = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const parts = value.split(',').map((part) => part.trim());
    const numbers = parts.map((part) => (decimalPattern.test(part) ? Number(part) : NaN));
    if (numbers.length !== 2 || numbers.some((n) => !Number.isFinite(n))) {
      ctx.addIssue({ code: 'custom', message: 'must be two shares separated by a comma, such as 0.8,0.95' });
      return z.NEVER;
    }
    const [a, b] = numbers as [number, number];
    if (!(a > 0 && a < 1 && b > 0 && b < 1)) {
      ctx.addIssue({ code: 'custom', message: 'each cut-off must be strictly between 0 and 1' });
      return z.NEVER;
    }
    if (!(a < b)) {
      ctx.addIssue({ code: 'custom', message: 'the first cut-off (A) must be below the second (B)' });
      return z.NEVER;
    }
    return [a, b] as [number, number];
  });

/** Requires `from` ≤ `to` when both are given. */
export const fromNotAfterTo = (
  value: { from?: string | undefined; to?: string | undefined },
  ctx: z.RefinementCtx,
) => {
  if (value.from && value.to && value.from > value.to)
    ctx.addIssue({ code: 'custom', path: ['to'], message: `must not be before from (${value.from})` });
};

/** Purchases in other currencies than the analysis', which it leaves out (DESIGN §4). */
export const leftOutSchema = z.array(
  z.object({
    currency: z.string(),
    /** Customers with a purchase in that currency in the window. */
    customers: z.number().int(),
    /** Their purchases (orders neither cancelled nor returned). */
    orders: z.number().int(),
  }),
);
export type LeftOut = z.infer<typeof leftOutSchema>;

/** Where an analysis read its per-customer facts: the maintained summaries or a scan of orders (DESIGN §6). */
export const factsSourceSchema = z.enum(['summaries', 'orders']);
export type FactsSource = z.infer<typeof factsSourceSchema>;
