import { describe, expect, it } from 'vitest';
import { calendarDaysBetween, periodBounds } from '#src/shared/period.ts';

describe('a list period', () => {
  it('reads a bare date as that calendar day in the business time zone, from its start through its end', () => {
    expect(periodBounds('2026-03-01', '2026-03-31', 'Asia/Shanghai')).toEqual({
      from: new Date('2026-02-28T16:00:00Z'),
      before: new Date('2026-03-31T16:00:00Z'),
    });
  });

  it('ends a day that has a daylight-saving change at the next local midnight', () => {
    // New York springs forward on 8 March 2026: that day has 23 hours
    expect(periodBounds('2026-03-08', '2026-03-08', 'America/New_York')).toEqual({
      from: new Date('2026-03-08T05:00:00Z'),
      before: new Date('2026-03-09T04:00:00Z'),
    });
  });

  it('takes an instant with its zone as it is, the end inclusive', () => {
    expect(periodBounds('2026-03-01T08:00:00+08:00', '2026-03-02T10:00:00.5Z', 'Asia/Shanghai')).toEqual({
      from: new Date('2026-03-01T00:00:00Z'),
      through: new Date('2026-03-02T10:00:00.500Z'),
    });
    expect(periodBounds(undefined, undefined, 'Asia/Shanghai')).toEqual({});
  });
});

describe('days since the last contact', () => {
  it('counts calendar days in the business time zone, not 24-hour spans', () => {
    const zone = 'Asia/Shanghai';
    expect(
      calendarDaysBetween(new Date('2026-05-03T15:30:00Z'), new Date('2026-05-03T16:30:00Z'), zone),
    ).toBe(1);
    expect(
      calendarDaysBetween(new Date('2026-05-03T16:30:00Z'), new Date('2026-05-04T15:59:00Z'), zone),
    ).toBe(0);
    expect(
      calendarDaysBetween(
        new Date('2026-03-07T12:00:00Z'),
        new Date('2026-03-09T12:00:00Z'),
        'America/New_York',
      ),
    ).toBe(2);
  });
});
