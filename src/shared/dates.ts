/**
 * Dates and times as the import formats and the API accept them (DESIGN §4): ISO 8601 (`2024-03-01`,
 * `2024-03-01T08:26:00`, with a space instead of `T`, with or without a zone) or `YYYYMMDD`. A date or time
 * without a zone is in the business time zone.
 */
const pattern =
  /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatter = (timeZone: string) => {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
};

/** The wall-clock fields of an instant in a time zone. */
function wallClock(instant: number, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instant))
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return parts as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
}

/** Milliseconds the zone is ahead of UTC at an instant. */
function offsetAt(instant: number, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(instant / 1000) * 1000;
}

const offsetCache = new Map<string, number>();

/**
 * The instant at which the zone's clock shows this wall time (the earlier one in a DST overlap). Offsets are
 * cached per zone and wall-clock hour: imports parse millions of times and zones change offset on the hour.
 */
export function zonedWallTimeToDate(fields: number[], timeZone: string): Date {
  const [year, month, day, hour = 0, minute = 0, second = 0, ms = 0] = fields;
  const asUtc = Date.UTC(year!, month! - 1, day!, hour, minute, second, ms);
  const key = `${timeZone} ${Math.floor(asUtc / 3_600_000)}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    offset = offsetAt(asUtc - offsetAt(asUtc, timeZone), timeZone);
    if (offsetCache.size > 100_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return new Date(asUtc - offset);
}

export interface ParsedTime {
  date: Date;
  /** Whether the text was a bare date (no time of day). */
  dateOnly: boolean;
}

/** Parses a date or date-time; null when the text is not one or names an impossible date (2024-02-30). */
export function parseDateTime(text: string, timeZone: string): ParsedTime | null {
  const match = pattern.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = match;
  const fields = [y, mo, d, h ?? '0', mi ?? '0', s ?? '0'].map(Number);
  const ms = frac ? Number(frac.padEnd(3, '0').slice(0, 3)) : 0;
  const [year, month, day, hour, minute, second] = fields as [number, number, number, number, number, number];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return null;
  const dateOnly = h === undefined;
  if (zone) {
    let offsetMinutes = 0;
    if (zone.toUpperCase() !== 'Z') {
      const digits = zone.replace(':', '');
      offsetMinutes =
        (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || 0)) * (zone[0] === '-' ? -1 : 1);
    }
    return {
      date: new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000),
      dateOnly,
    };
  }
  return { date: zonedWallTimeToDate([year, month, day, hour, minute, second, ms], timeZone), dateOnly };
}

/** A calendar date `YYYY-MM-DD` (a birthday, a date custom field); null when the text is not a real date. */
export function parseCalendarDate(text: string): string | null {
  const match = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    return null;
  return `${match[1]}-${match[2]}-${match[3]}`;
}

/** The calendar day of an instant in the business time zone, `YYYY-MM-DD` (DESIGN §4: days are calendar days). */
export function calendarDay(instant: Date, timeZone: string): string {
  const w = wallClock(instant.getTime(), timeZone);
  return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}
