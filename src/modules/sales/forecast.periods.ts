/**
 * Calendar periods of sales reports and targets (issue 6): months, quarters and years as `YYYY-MM-DD` first and
 * last days. Pure date arithmetic on calendar dates (DESIGN §4: days are calendar days in the business zone).
 */
export type PeriodKind = 'month' | 'quarter' | 'year';

const monthsIn: Record<PeriodKind, number> = { month: 1, quarter: 3, year: 12 };

const parts = (day: string) => day.split('-').map(Number) as [number, number, number];
const format = (year: number, month: number, date: number) => {
  const d = new Date(Date.UTC(year, month - 1, date));
  return d.toISOString().slice(0, 10);
};

/** The first day of the period that holds `day`. */
export function periodStartOf(day: string, kind: PeriodKind): string {
  const [year, month] = parts(day);
  const size = monthsIn[kind];
  return format(year, Math.floor((month - 1) / size) * size + 1, 1);
}

/** Whether `day` is the first day of a period of this kind (targets are keyed by it). */
export const isPeriodStart = (day: string, kind: PeriodKind): boolean => periodStartOf(day, kind) === day;

/** The first day of the period `count` periods after the one starting on `start`. */
export function addPeriods(start: string, kind: PeriodKind, count: number): string {
  const [year, month] = parts(start);
  return format(year, month + monthsIn[kind] * count, 1);
}

/** The last day of the period starting on `start`. */
export function periodEndOf(start: string, kind: PeriodKind): string {
  const [year, month] = parts(addPeriods(start, kind, 1));
  return format(year, month, 0);
}

/** Every period start from the period holding `from` through the one holding `to`. */
export function periodStartsBetween(from: string, to: string, kind: PeriodKind): string[] {
  const starts: string[] = [];
  for (let start = periodStartOf(from, kind); start <= to; start = addPeriods(start, kind, 1))
    starts.push(start);
  return starts;
}

/** Calendar days from `from` to `to` (`to` − `from`). */
export const daysBetween = (from: string, to: string): number => {
  const [fy, fm, fd] = parts(from);
  const [ty, tm, td] = parts(to);
  return (Date.UTC(ty, tm - 1, td) - Date.UTC(fy, fm - 1, fd)) / 86_400_000;
};
