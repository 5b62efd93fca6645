/**
 * The demo's calendar: the days it spans and how busy each one is. Chinese retail has a strong, well-known
 * rhythm — Double 11 (双十一) and 618 dwarf ordinary days, buying slows to a trickle over the Spring Festival
 * (春节) and peaks before it for New Year goods (年货), weekends beat weekdays — and analytics on the demo
 * should find it. A customer's purchases are a Poisson process in "busy time": the cumulative busyness
 * replaces the clock, so one seasonal curve shapes every customer (see demo.purchases.ts).
 */

const DAY_MS = 86_400_000;

/** Spring Festival (lunar new year's day), which moves between 21 January and 20 February. */
const springFestival: Record<number, string> = {
  2015: '2015-02-19',
  2016: '2016-02-08',
  2017: '2017-01-28',
  2018: '2018-02-16',
  2019: '2019-02-05',
  2020: '2020-01-25',
  2021: '2021-02-12',
  2022: '2022-02-01',
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  2030: '2030-02-03',
  2031: '2031-01-23',
  2032: '2032-02-11',
  2033: '2033-01-31',
  2034: '2034-02-19',
  2035: '2035-02-08',
};

/** Monday first; shoppers buy more at the weekend. */
const weekdayFactor = [0.93, 0.95, 0.97, 0.98, 1.03, 1.1, 1.06];

/** Orders by hour of day: a lunch bump and the evening peak after work. */
// prettier-ignore
const orderHours = [
  3, 1.5, 0.8, 0.5, 0.4, 0.5, 1, 2, 3, 4.5, 5.5, 5.5, 5, 5, 5, 5, 5, 4.5, 4, 5, 6.5, 7.5, 6.5, 4.5,
];
/** On Double 11 the pre-sale orders are paid the minute it opens, at midnight. */
const double11Hours = [20, 8, 3, 1, 0.5, 0.5, 1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 6, 8, 10, 10, 8];
/** Calls, visits and messages happen in office hours. */
const workHours = [0, 0, 0, 0, 0, 0, 0.2, 0.8, 3, 7, 8, 7, 3, 5, 8, 8, 7, 6, 3, 2, 2, 1.5, 0.8, 0.2];

const cumulative = (weights: readonly number[]) => {
  const total = weights.reduce((s, w) => s + w, 0);
  const result = new Float64Array(weights.length + 1);
  for (let i = 0; i < weights.length; i++) result[i + 1] = result[i]! + weights[i]! / total;
  result[weights.length] = 1;
  return result;
};
const orderHourCdf = cumulative(orderHours);
const double11HourCdf = cumulative(double11Hours);
const workHourCdf = cumulative(workHours);

/** Seconds into the day at which a share `u` (0..1) of the day's activity has happened. */
function secondOfDay(cdf: Float64Array, u: number): number {
  let hour = 0;
  while (hour < 23 && cdf[hour + 1]! <= u) hour++;
  const within = (u - cdf[hour]!) / (cdf[hour + 1]! - cdf[hour]! || 1);
  return Math.min(86_399, hour * 3600 + Math.floor(within * 3600));
}

/** The share of a day's activity done by this second (the inverse of secondOfDay). */
function shareOfDay(cdf: Float64Array, second: number): number {
  const hour = Math.floor(second / 3600);
  return cdf[hour]! + ((cdf[hour + 1]! - cdf[hour]!) * (second - hour * 3600)) / 3600;
}

const pad2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/** `HH:MM:SS` for a second of the day. */
export const clockText = (second: number): string =>
  `${pad2[Math.floor(second / 3600)]}:${pad2[Math.floor(second / 60) % 60]}:${pad2[second % 60]}`;

/**
 * `YYYY-MM-DD` of a UTC epoch day (years 1000–9999), by Howard Hinnant's civil_from_days: several times faster
 * than a Date and toISOString, and it runs for every birthday.
 */
export function isoDay(epochDay: number): string {
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return `${yearOfEra + era * 400 + (month <= 2 ? 1 : 0)}-${pad2[month]}-${pad2[day]}`;
}

/** The UTC epoch day of `YYYY-MM-DD`. */
export const epochDayOf = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

/** The span of the demo: `days` calendar days ending on `end`, with each day's busyness. */
export class DemoCalendar {
  /** Epoch day of the first day. */
  readonly firstDay: number;
  readonly days: number;
  /** `YYYY-MM-DD` of each day. */
  readonly dayText: string[];
  /** How busy each day is for orders, 1 on an average day. */
  readonly busyness: Float64Array;
  /** busyCumulative[d] = Σ busyness of the days before d: "busy time" at the start of day d. */
  readonly busyCumulative: Float64Array;
  private readonly isDouble11: Uint8Array;
  private readonly promotion: Float64Array;

  constructor(end: string, years = 3) {
    const last = epochDayOf(end);
    const endDate = new Date(last * DAY_MS);
    const start = Date.UTC(endDate.getUTCFullYear() - years, endDate.getUTCMonth(), endDate.getUTCDate());
    this.firstDay = start / DAY_MS + 1;
    this.days = last - this.firstDay + 1;
    this.dayText = [];
    this.busyness = new Float64Array(this.days);
    this.isDouble11 = new Uint8Array(this.days);
    this.promotion = new Float64Array(this.days).fill(1);
    const festivals = new Map<number, number>();
    for (const [year, day] of Object.entries(springFestival)) festivals.set(Number(year), epochDayOf(day));
    for (let d = 0; d < this.days; d++) {
      const epochDay = this.firstDay + d;
      const date = new Date(epochDay * DAY_MS);
      const month = date.getUTCMonth() + 1;
      const day = date.getUTCDate();
      this.dayText.push(date.toISOString().slice(0, 10));
      let factor = weekdayFactor[(date.getUTCDay() + 6) % 7]!;
      let price = 1;
      if (month === 11 && day === 11) {
        factor *= 6;
        price = 0.85;
        this.isDouble11[d] = 1;
      } else if ((month === 10 && day >= 20) || (month === 11 && day <= 10)) {
        factor *= 1.35;
        price = 0.95;
      } else if (month === 11 && day <= 15) factor *= 1.3;
      else if (month === 12 && day === 12) {
        factor *= 1.8;
        price = 0.9;
      } else if (month === 6 && day === 18) {
        factor *= 3.5;
        price = 0.85;
      } else if (month === 6 && day < 18) {
        factor *= 1.3;
        price = 0.95;
      } else if (month === 3 && day === 8) factor *= 1.4;
      else if (month === 5 && day === 20) factor *= 1.3;
      // the Spring Festival of this year, or of the next when this day is in its run-up in December
      for (const year of [date.getUTCFullYear(), date.getUTCFullYear() + 1]) {
        const festival = festivals.get(year);
        if (festival === undefined) continue;
        const offset = epochDay - festival;
        if (offset >= -30 && offset <= -10) factor *= 1.15;
        else if (offset >= -9 && offset <= -1) factor *= 0.7;
        else if (offset >= 0 && offset <= 7) factor *= 0.35;
        else if (offset >= 8 && offset <= 14) factor *= 0.7;
      }
      this.busyness[d] = factor;
      this.promotion[d] = price;
    }
    const mean = this.busyness.reduce((s, w) => s + w, 0) / this.days;
    this.busyCumulative = new Float64Array(this.days + 1);
    for (let d = 0; d < this.days; d++) {
      this.busyness[d] = this.busyness[d]! / mean;
      this.busyCumulative[d + 1] = this.busyCumulative[d]! + this.busyness[d]!;
    }
  }

  /** Busy time at the end of the span. */
  get busyEnd(): number {
    return this.busyCumulative[this.days]!;
  }

  /** Busy time at a second of a day, for orders. */
  busyAt(day: number, second: number): number {
    const cdf = this.isDouble11[day] ? double11HourCdf : orderHourCdf;
    return this.busyCumulative[day]! + this.busyness[day]! * shareOfDay(cdf, second);
  }

  /** The day and second at a busy time (the inverse of busyAt); the time of day follows the order hours. */
  atBusy(busy: number): { day: number; second: number } {
    let low = 0;
    let high = this.days - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.busyCumulative[middle]! <= busy) low = middle;
      else high = middle - 1;
    }
    const share = Math.min(0.999_999, Math.max(0, (busy - this.busyCumulative[low]!) / this.busyness[low]!));
    const cdf = this.isDouble11[low] ? double11HourCdf : orderHourCdf;
    return { day: low, second: secondOfDay(cdf, share) };
  }

  /** A second of the day for an order placed on `day`, from a uniform share u. */
  orderSecond(day: number, u: number): number {
    return secondOfDay(this.isDouble11[day] ? double11HourCdf : orderHourCdf, u);
  }

  /** A second of the working day (calls, visits, messages), from a uniform share u. */
  workSecond(u: number): number {
    return secondOfDay(workHourCdf, u);
  }

  /** The price factor of the day's promotion (0.85 on Double 11 and 618), 1 on ordinary days. */
  priceFactor(day: number): number {
    return this.promotion[day]!;
  }

  /** `YYYY-MM-DD HH:MM:SS`: a wall time without a zone, read in the business time zone (DESIGN §4). */
  timestamp(day: number, second: number): string {
    return `${this.dayText[day]} ${clockText(second)}`;
  }

  /** Month (1–12) of a day of the span. */
  month(day: number): number {
    return Number(this.dayText[day]!.slice(5, 7));
  }
}
