import { z } from 'zod';
import {
  asOfParam,
  calendarDateParam,
  currencyParam,
  discountRateParam,
  factsSourceSchema,
  horizonParam,
  leftOutSchema,
  marginParam,
  unitParam,
} from '#src/modules/analytics/analytics.schema.ts';
import { pageQuery, uuid } from '#src/shared/schema.ts';

/**
 * Predictive lifetime value (issue 5 item 4): the query and the response of DESIGN §4. The model is computed by
 * clv.service.ts; objects are open (`loose`) so what the model adds reaches the client.
 */

const clvOptionsShape = {
  asOf: asOfParam.optional(),
  /** Inclusive; default asOf. */
  calibrationEnd: calendarDateParam.optional(),
  /** With it, holdout validation from the day after calibrationEnd through this day. */
  holdoutEnd: calendarDateParam.optional(),
  unit: unitParam.optional(),
  horizon: horizonParam.optional(),
  discountRate: discountRateParam.optional(),
  margin: marginParam.optional(),
  currency: currencyParam.optional(),
};

const holdoutAfterCalibration = (
  value: { calibrationEnd?: string | undefined; holdoutEnd?: string | undefined },
  ctx: z.RefinementCtx,
) => {
  if (value.calibrationEnd && value.holdoutEnd && value.holdoutEnd <= value.calibrationEnd)
    ctx.addIssue({
      code: 'custom',
      path: ['holdoutEnd'],
      message: `must be after calibrationEnd (${value.calibrationEnd})`,
    });
};

export const clvQuery = pageQuery.extend(clvOptionsShape).strict().superRefine(holdoutAfterCalibration);
export type ClvQuery = z.infer<typeof clvQuery>;

export const clvExportQuery = z.object(clvOptionsShape).strict().superRefine(holdoutAfterCalibration);

export const clvItemSchema = z.looseObject({
  customerId: uuid,
  /** Repeat purchase days x in the calibration period. */
  frequency: z.number(),
  /** Age at the last purchase t_x, in `unit`. */
  recency: z.number(),
  /** Age at the end of calibration, in `unit`. */
  T: z.number(),
  pAlive: z.number(),
  /** Over `horizon` units. */
  expectedPurchases: z.number(),
  /** Gamma-Gamma mean spend per purchase, major units. */
  expectedSpend: z.number(),
  /** Discounted margin over `horizon`, major units. */
  expectedValue: z.number(),
});
export type ClvItem = z.infer<typeof clvItemSchema>;

export const clvResultSchema = z.looseObject({
  model: z.looseObject({
    bgnbd: z.looseObject({
      r: z.number(),
      alpha: z.number(),
      a: z.number(),
      b: z.number(),
      logLikelihood: z.number(),
    }),
    gammaGamma: z.looseObject({
      p: z.number(),
      q: z.number(),
      gamma: z.number(),
      logLikelihood: z.number(),
    }),
    unit: unitParam,
    calibrationEnd: z.iso.date(),
    customers: z.number().int(),
  }),
  customers: z.object({ items: z.array(clvItemSchema), nextCursor: z.string().nullable() }),
  holdout: z
    .looseObject({
      byPeriod: z.array(z.looseObject({ period: z.number(), actual: z.number(), predicted: z.number() })),
      /** Mean repeat purchases per customer by calibration frequency; the last bucket is that many or more. */
      byFrequency: z.array(
        z.looseObject({
          frequency: z.number(),
          orMore: z.boolean().optional(),
          customers: z.number().optional(),
          actual: z.number(),
          predicted: z.number(),
        }),
      ),
      /** Mean absolute percentage error of byPeriod (a fraction), over periods with purchases. */
      mape: z.number().nullable(),
    })
    .optional(),
  currency: z.string().optional(),
  source: factsSourceSchema.optional(),
  leftOut: leftOutSchema.optional(),
  /** How many customers and histories the fits used, and who was left out of them and why. */
  counts: z.record(z.string(), z.number()).optional(),
});
export type ClvResponse = z.infer<typeof clvResultSchema>;
