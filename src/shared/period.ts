import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { calendarDay, zonedWallTimeToDate } from '#src/shared/dates.ts';

/** A list's time filter as instants: `from` inclusive, and either an exclusive or an inclusive end. */
export interface Period {
  from?: Date;
  before?: Date;
  through?: Date;
}

const startOfDay = (date: string, timeZone: string, plusDays = 0): Date => {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(year, month - 1, day + plusDays));
  return zonedWallTimeToDate([next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()], timeZone);
};

/**
 * `from`/`to` of a list query (validated as an ISO instant with its zone, or a bare date). A bare date is that
 * calendar day in the business time zone: `from` from its start, `to` through its end (DESIGN §4).
 */
export function periodBounds(from: string | undefined, to: string | undefined, timeZone: string): Period {
  const period: Period = {};
  if (from) period.from = from.length === 10 ? startOfDay(from, timeZone) : new Date(from);
  if (to) {
    if (to.length === 10) period.before = startOfDay(to, timeZone, 1);
    else period.through = new Date(to);
  }
  return period;
}

const dayNumber = (day: string) => {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, date) / 86_400_000;
};

/**
 * Calendar days from one instant to another in the business time zone: a difference of calendar dates, never of
 * timestamps, so a contact late yesterday is 1 day ago and daylight saving changes nothing (DESIGN §4).
 */
export const calendarDaysBetween = (from: Date, to: Date, timeZone: string): number =>
  dayNumber(calendarDay(to, timeZone)) - dayNumber(calendarDay(from, timeZone));

/** The where-clause of a period on one timestamp column, for any query over tables that have it. */
export function inPeriod(column: string, period: Period) {
  return <DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>): Expression<SqlBool> => {
    const ref = eb.ref(column as never);
    return eb.and([
      ...(period.from ? [eb(ref, '>=', period.from as never)] : []),
      ...(period.before ? [eb(ref, '<', period.before as never)] : []),
      ...(period.through ? [eb(ref, '<=', period.through as never)] : []),
    ]);
  };
}
