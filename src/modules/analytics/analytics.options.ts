import type { ClvOptions } from '#src/modules/analytics/clv.service.ts';
import type { AbcMeasure } from '#src/modules/analytics/analytics.schema.ts';
import type { Deps } from '#src/shared/context.ts';
import { calendarDay } from '#src/shared/dates.ts';
import { invalid } from '#src/shared/errors.ts';

/**
 * The defaults of DESIGN §4 (`guanxi analyze`): as-of today in the business time zone, the business currency,
 * calibration to as-of, weeks, a horizon of 52 units, 10 % a year, margin 1, ABC by revenue with cut-offs 0.8 and
 * 0.95 over all time up to as-of. The values were checked by the schemas (analytics.schema.ts); these fill in
 * what was not given.
 */

/** What the defaults depend on: the business time zone and currency, and the clock. */
type Context = Pick<Deps, 'clock' | 'config'>;

/** Today in the business time zone. */
export const today = (deps: Context): string => calendarDay(deps.clock.now(), deps.config.timeZone);

interface CommonQuery {
  asOf?: string | undefined;
  currency?: string | undefined;
}

export interface RfmOptions {
  asOf: string;
  currency: string;
}

export const rfmOptions = (deps: Context, query: CommonQuery): RfmOptions => ({
  asOf: query.asOf ?? today(deps),
  currency: query.currency ?? deps.config.currency,
});

export interface AbcOptions extends RfmOptions {
  /** null: all time. */
  from: string | null;
  to: string;
  by: AbcMeasure;
  cutoffs: [number, number];
}

export const defaultCutoffs: [number, number] = [0.8, 0.95];

export function abcOptions(
  deps: Context,
  query: CommonQuery & {
    from?: string | undefined;
    to?: string | undefined;
    by?: AbcMeasure | undefined;
    cutoffs?: [number, number] | undefined;
  },
): AbcOptions {
  const common = rfmOptions(deps, query);
  const to = query.to ?? common.asOf;
  if (query.from && query.from > to)
    throw invalid('querystring.from', `must not be after the period's end (${to}, asOf by default)`);
  return {
    ...common,
    from: query.from ?? null,
    to,
    by: query.by ?? 'revenue',
    cutoffs: query.cutoffs ?? defaultCutoffs,
  };
}

export interface CohortOptions extends RfmOptions {
  from: string | null;
  to: string | null;
}

export const cohortOptions = (
  deps: Context,
  query: CommonQuery & { from?: string | undefined; to?: string | undefined },
): CohortOptions => ({ ...rfmOptions(deps, query), from: query.from ?? null, to: query.to ?? null });

export function clvOptions(
  deps: Context,
  query: CommonQuery & {
    calibrationEnd?: string | undefined;
    holdoutEnd?: string | undefined;
    unit?: 'week' | 'day' | undefined;
    horizon?: number | undefined;
    discountRate?: number | undefined;
    margin?: number | undefined;
  },
): ClvOptions {
  const { asOf, currency } = rfmOptions(deps, query);
  const calibrationEnd = query.calibrationEnd ?? asOf;
  if (query.holdoutEnd !== undefined && query.holdoutEnd <= calibrationEnd)
    throw invalid(
      'querystring.holdoutEnd',
      `must be after calibrationEnd (${calibrationEnd}, asOf by default)`,
    );
  return {
    calibrationEnd,
    ...(query.holdoutEnd !== undefined && { holdoutEnd: query.holdoutEnd }),
    unit: query.unit ?? 'week',
    horizon: query.horizon ?? 52,
    discountRate: query.discountRate ?? 0.1,
    margin: query.margin ?? 1,
    currency,
  };
}
