import { z } from 'zod';
import { asOfParam, currencyParam } from '#src/modules/analytics/analytics.schema.ts';
import { uuid } from '#src/shared/schema.ts';

/**
 * The analytics results written back to customers (issue 5 item 6): value class, RFM segment, lifetime value and
 * P(alive) in `customer_scores`, recomputed every day and on demand. A run is one recompute.
 */

export const scoreRunSchema = z.object({
  id: uuid,
  /** The day the scores are as of, in the business time zone. */
  asOf: z.iso.date(),
  currency: z.string(),
  status: z.enum(['running', 'done', 'failed']),
  /** Customers scored (a purchase in the currency up to asOf); null while running. */
  customers: z.number().int().nullable(),
  /** Of those, customers with a lifetime value and P(alive); 0 when the data could not support the models. */
  clvCustomers: z.number().int().nullable(),
  /** Why lifetime value was left out, or why the run failed. */
  message: z.string().nullable(),
  createdBy: z.string(),
  startedAt: z.iso.datetime({ offset: true }),
  finishedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type ScoreRun = z.infer<typeof scoreRunSchema>;

export const scoresStatusSchema = z.object({
  /** The latest run, whatever became of it. */
  latest: scoreRunSchema.nullable(),
  /** The latest finished run: the scores the customers show are as of its day. */
  current: scoreRunSchema.nullable(),
});
export type ScoresStatus = z.infer<typeof scoresStatusSchema>;

export const scoresInput = z
  .object({ asOf: asOfParam.optional(), currency: currencyParam.optional() })
  .strict();
export type ScoresInput = z.infer<typeof scoresInput>;
/** The body may be left out: as of today in the business currency. */
export const scoresBody = scoresInput.nullish();
