import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  duePeriods,
  FREQUENCIES,
  FREQUENCY_LABELS,
  type Frequency,
  nextPeriod,
  type Period,
  periodAt,
  periodOfDate,
  periodOfKey,
  previousPeriod,
} from '../../src/features/duties/recurrence.ts';
import { IsoWeekKey, LocalDay, MonthKey, QuarterKey } from '../../src/platform/http/calendar.ts';

/**
 * The duty calendar, with hand-worked boundaries: Shanghai is +08:00 all year; Berlin is +01:00,
 * and +02:00 from 2026-03-29 01:00Z to 2026-10-25 01:00Z; UTC is UTC. Every expected instant
 * below is written out literally, never computed by the module under test.
 */

const SH = 'Asia/Shanghai';
const BER = 'Europe/Berlin';
const UTC = 'UTC';
const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);

/** A period as plain ISO strings; dueAt is one millisecond before the (literal) endsAt. */
function expected(key: string, startsAt: string, endsAt: string) {
  return { key, startsAt, endsAt, dueAt: new Date(Date.parse(endsAt) - 1).toISOString() };
}
function plain(p: Period) {
  return { key: p.key, startsAt: p.startsAt.toISOString(), endsAt: p.endsAt.toISOString(), dueAt: p.dueAt.toISOString() };
}
const period = (f: Frequency, instant: string, tz: string) => plain(periodAt(f, at(instant), tz));
const keys = (ps: Period[]) => ps.map((p) => p.key);

/** Local wall-clock date and time of an instant in a zone (Intl, independent of date-fns). */
function local(d: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    fractionalSecondDigits: 3,
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    time: `${get('hour')}:${get('minute')}:${get('second')}.${get('fractionalSecond')}`,
  };
}

describe('vocabulary', () => {
  it('has a Chinese label for every frequency', () => {
    expect(FREQUENCIES).toEqual(['daily', 'weekly', 'monthly', 'quarterly']);
    expect(FREQUENCY_LABELS).toEqual({ daily: '每日', weekly: '每周', monthly: '每月', quarterly: '每季度' });
  });
});

describe('daily periods', () => {
  // 2026-11-23 16:30Z is 11-24 00:30 in Shanghai, 11-23 17:30 in Berlin, 11-23 16:30 in UTC.
  it('are the local day of the tenant, not of UTC or the server', () => {
    expect(period('daily', '2026-11-23T16:30:00.000Z', SH)).toEqual(
      expected('2026-11-24', '2026-11-23T16:00:00.000Z', '2026-11-24T16:00:00.000Z'),
    );
    expect(period('daily', '2026-11-23T16:30:00.000Z', UTC)).toEqual(
      expected('2026-11-23', '2026-11-23T00:00:00.000Z', '2026-11-24T00:00:00.000Z'),
    );
    expect(period('daily', '2026-11-23T16:30:00.000Z', BER)).toEqual(
      expected('2026-11-23', '2026-11-22T23:00:00.000Z', '2026-11-23T23:00:00.000Z'),
    );
  });

  it('dueAt is the last millisecond of the local day', () => {
    expect(periodAt('daily', at('2026-11-24T03:00:00.000Z'), SH).dueAt.toISOString()).toBe('2026-11-24T15:59:59.999Z');
    expect(periodAt('daily', at('2026-11-24T03:00:00.000Z'), UTC).dueAt.toISOString()).toBe('2026-11-24T23:59:59.999Z');
  });

  it('the first and last millisecond of a day belong to it', () => {
    expect(period('daily', '2026-11-23T16:00:00.000Z', SH).key).toBe('2026-11-24');
    expect(period('daily', '2026-11-24T15:59:59.999Z', SH).key).toBe('2026-11-24');
    expect(period('daily', '2026-11-24T16:00:00.000Z', SH).key).toBe('2026-11-25');
    expect(period('daily', '2026-11-23T15:59:59.999Z', SH).key).toBe('2026-11-23');
  });

  it('roll over month and year ends', () => {
    const jan31 = periodAt('daily', at('2027-01-31T05:00:00.000Z'), SH);
    expect(plain(nextPeriod('daily', jan31, SH))).toEqual(expected('2027-02-01', '2027-01-31T16:00:00.000Z', '2027-02-01T16:00:00.000Z'));
    const apr30 = periodAt('daily', at('2026-04-30T12:00:00.000Z'), UTC);
    expect(plain(nextPeriod('daily', apr30, UTC))).toEqual(expected('2026-05-01', '2026-05-01T00:00:00.000Z', '2026-05-02T00:00:00.000Z'));
    const newYear = periodAt('daily', at('2027-01-01T00:00:00.000Z'), UTC);
    expect(plain(previousPeriod('daily', newYear, UTC))).toEqual(
      expected('2026-12-31', '2026-12-31T00:00:00.000Z', '2027-01-01T00:00:00.000Z'),
    );
  });

  it('2028-02-29 exists; 2027 goes from 02-28 to 03-01', () => {
    const leap = periodAt('daily', at('2028-02-29T04:00:00.000Z'), SH);
    expect(plain(leap)).toEqual(expected('2028-02-29', '2028-02-28T16:00:00.000Z', '2028-02-29T16:00:00.000Z'));
    expect(nextPeriod('daily', leap, SH).key).toBe('2028-03-01');
    expect(previousPeriod('daily', leap, SH).key).toBe('2028-02-28');
    const feb28 = periodAt('daily', at('2027-02-28T12:00:00.000Z'), UTC);
    expect(plain(nextPeriod('daily', feb28, UTC))).toEqual(expected('2027-03-01', '2027-03-01T00:00:00.000Z', '2027-03-02T00:00:00.000Z'));
  });

  it('a Berlin day is 23 hours on 2026-03-29 and 25 hours on 2026-10-25', () => {
    const spring = periodAt('daily', at('2026-03-29T12:00:00.000Z'), BER);
    expect(plain(spring)).toEqual(expected('2026-03-29', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z'));
    expect(spring.endsAt.getTime() - spring.startsAt.getTime()).toBe(23 * HOUR);
    const autumn = periodAt('daily', at('2026-10-25T12:00:00.000Z'), BER);
    expect(plain(autumn)).toEqual(expected('2026-10-25', '2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z'));
    expect(autumn.endsAt.getTime() - autumn.startsAt.getTime()).toBe(25 * HOUR);
    // The neighbours are ordinary 24-hour days at the other offset.
    expect(plain(previousPeriod('daily', spring, BER))).toEqual(
      expected('2026-03-28', '2026-03-27T23:00:00.000Z', '2026-03-28T23:00:00.000Z'),
    );
    expect(plain(nextPeriod('daily', autumn, BER))).toEqual(expected('2026-10-26', '2026-10-25T23:00:00.000Z', '2026-10-26T23:00:00.000Z'));
  });

  it('a day whose midnight is skipped starts at its first instant (Santiago, 2026-09-06 00:00 → 01:00)', () => {
    expect(period('daily', '2026-09-06T12:00:00.000Z', 'America/Santiago')).toEqual(
      expected('2026-09-06', '2026-09-06T04:00:00.000Z', '2026-09-07T03:00:00.000Z'),
    );
    expect(period('daily', '2026-09-05T12:00:00.000Z', 'America/Santiago')).toEqual(
      expected('2026-09-05', '2026-09-05T04:00:00.000Z', '2026-09-06T04:00:00.000Z'), // 24 hours, to 01:00 -03
    );
  });

  it('a day whose midnight happens twice starts at the first (Gaza, 2021-10-29 01:00 +03 → 00:00 +02)', () => {
    const twice = expected('2021-10-29', '2021-10-28T21:00:00.000Z', '2021-10-29T22:00:00.000Z'); // 25 hours
    expect(period('daily', '2021-10-28T21:30:00.000Z', 'Asia/Gaza')).toEqual(twice); // 00:30 +03
    expect(period('daily', '2021-10-28T22:30:00.000Z', 'Asia/Gaza')).toEqual(twice); // 00:30 +02
    expect(period('daily', '2021-10-28T20:59:59.999Z', 'Asia/Gaza')).toEqual(
      expected('2021-10-28', '2021-10-27T21:00:00.000Z', '2021-10-28T21:00:00.000Z'),
    );
    expect(plain(previousPeriod('daily', periodOfKey('daily', '2021-10-29', 'Asia/Gaza'), 'Asia/Gaza')).key).toBe('2021-10-28');
  });
});

describe('weekly periods (ISO weeks, Monday to Monday)', () => {
  it('Tuesday 2026-11-24 is in 2026-W48', () => {
    expect(period('weekly', '2026-11-24T02:00:00.000Z', SH)).toEqual(
      expected('2026-W48', '2026-11-22T16:00:00.000Z', '2026-11-29T16:00:00.000Z'),
    );
    expect(period('weekly', '2026-11-24T02:00:00.000Z', UTC)).toEqual(
      expected('2026-W48', '2026-11-23T00:00:00.000Z', '2026-11-30T00:00:00.000Z'),
    );
  });

  it('Sunday night UTC is already Monday of the next week in Shanghai', () => {
    // 2026-11-29 (Sunday) 16:30Z = 11-30 (Monday) 00:30 in Shanghai.
    expect(period('weekly', '2026-11-29T16:30:00.000Z', SH).key).toBe('2026-W49');
    expect(period('weekly', '2026-11-29T16:30:00.000Z', UTC).key).toBe('2026-W48');
  });

  it('2026 has 53 weeks: 2026-12-31 and 2027-01-01 are in 2026-W53, 2027-01-04 starts 2027-W01', () => {
    const w53 = expected('2026-W53', '2026-12-28T00:00:00.000Z', '2027-01-04T00:00:00.000Z');
    expect(period('weekly', '2026-12-28T00:00:00.000Z', UTC)).toEqual(w53);
    expect(period('weekly', '2026-12-31T12:00:00.000Z', UTC)).toEqual(w53);
    expect(period('weekly', '2027-01-01T12:00:00.000Z', UTC)).toEqual(w53);
    expect(period('weekly', '2027-01-03T23:59:59.999Z', UTC)).toEqual(w53);
    const w01 = expected('2027-W01', '2027-01-04T00:00:00.000Z', '2027-01-11T00:00:00.000Z');
    expect(period('weekly', '2027-01-04T00:00:00.000Z', UTC)).toEqual(w01);
    expect(plain(nextPeriod('weekly', periodAt('weekly', at('2027-01-01T12:00:00.000Z'), UTC), UTC))).toEqual(w01);
    expect(plain(previousPeriod('weekly', periodOfKey('weekly', '2027-W01', UTC), UTC))).toEqual(w53);
    // In Shanghai the same weeks, eight hours earlier.
    expect(period('weekly', '2027-01-01T12:00:00.000Z', SH)).toEqual(
      expected('2026-W53', '2026-12-27T16:00:00.000Z', '2027-01-03T16:00:00.000Z'),
    );
  });

  it('2020-W53 runs from 2020-12-28 to 2021-01-04; 2021 has no W53', () => {
    expect(period('weekly', '2021-01-01T12:00:00.000Z', UTC)).toEqual(
      expected('2020-W53', '2020-12-28T00:00:00.000Z', '2021-01-04T00:00:00.000Z'),
    );
    expect(period('weekly', '2021-01-04T12:00:00.000Z', UTC).key).toBe('2021-W01');
    expect(period('weekly', '2021-12-31T12:00:00.000Z', UTC).key).toBe('2021-W52');
  });

  it('the week-numbering year can run ahead of the calendar year: 2024-12-30 is 2025-W01', () => {
    expect(period('weekly', '2024-12-30T12:00:00.000Z', UTC)).toEqual(
      expected('2025-W01', '2024-12-30T00:00:00.000Z', '2025-01-06T00:00:00.000Z'),
    );
    expect(period('weekly', '2024-12-29T12:00:00.000Z', UTC).key).toBe('2024-W52');
  });

  it('a Berlin week across DST is 167 or 169 hours', () => {
    const w13 = periodAt('weekly', at('2026-03-29T12:00:00.000Z'), BER);
    expect(plain(w13)).toEqual(expected('2026-W13', '2026-03-22T23:00:00.000Z', '2026-03-29T22:00:00.000Z'));
    expect(w13.endsAt.getTime() - w13.startsAt.getTime()).toBe(167 * HOUR);
    const w43 = periodAt('weekly', at('2026-10-25T12:00:00.000Z'), BER);
    expect(plain(w43)).toEqual(expected('2026-W43', '2026-10-18T22:00:00.000Z', '2026-10-25T23:00:00.000Z'));
    expect(w43.endsAt.getTime() - w43.startsAt.getTime()).toBe(169 * HOUR);
  });
});

describe('monthly periods', () => {
  it('January (31 days) is followed by a 28-day February in 2027', () => {
    const jan = periodAt('monthly', at('2027-01-31T12:00:00.000Z'), SH);
    expect(plain(jan)).toEqual(expected('2027-01', '2026-12-31T16:00:00.000Z', '2027-01-31T16:00:00.000Z'));
    const feb = nextPeriod('monthly', jan, SH);
    expect(plain(feb)).toEqual(expected('2027-02', '2027-01-31T16:00:00.000Z', '2027-02-28T16:00:00.000Z'));
    expect(plain(nextPeriod('monthly', feb, SH))).toEqual(expected('2027-03', '2027-02-28T16:00:00.000Z', '2027-03-31T16:00:00.000Z'));
    expect(previousPeriod('monthly', feb, SH).key).toBe('2027-01');
  });

  it('February 2028 has 29 days and ends at 2028-03-01 00:00 local', () => {
    const feb = periodAt('monthly', at('2028-02-29T15:59:59.999Z'), SH); // 02-29 23:59:59.999 in Shanghai
    expect(plain(feb)).toEqual(expected('2028-02', '2028-01-31T16:00:00.000Z', '2028-02-29T16:00:00.000Z'));
    expect(feb.dueAt.toISOString()).toBe('2028-02-29T15:59:59.999Z');
    expect(local(feb.endsAt, SH)).toEqual({ date: '2028-03-01', time: '00:00:00.000' });
    expect(period('monthly', '2028-02-29T16:00:00.000Z', SH).key).toBe('2028-03');
    expect(period('monthly', '2028-02-29T12:00:00.000Z', UTC)).toEqual(
      expected('2028-02', '2028-02-01T00:00:00.000Z', '2028-03-01T00:00:00.000Z'),
    );
  });

  it('30-day months end on the 30th', () => {
    expect(period('monthly', '2026-04-30T23:59:59.999Z', UTC)).toEqual(
      expected('2026-04', '2026-04-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z'),
    );
    expect(period('monthly', '2026-11-24T12:00:00.000Z', BER)).toEqual(
      expected('2026-11', '2026-10-31T23:00:00.000Z', '2026-11-30T23:00:00.000Z'),
    );
    expect(period('monthly', '2026-06-15T12:00:00.000Z', SH)).toEqual(
      expected('2026-06', '2026-05-31T16:00:00.000Z', '2026-06-30T16:00:00.000Z'),
    );
  });

  it('Berlin months containing a DST change start and end at local midnight', () => {
    expect(period('monthly', '2026-03-15T12:00:00.000Z', BER)).toEqual(
      expected('2026-03', '2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z'),
    );
    expect(period('monthly', '2026-10-15T12:00:00.000Z', BER)).toEqual(
      expected('2026-10', '2026-09-30T22:00:00.000Z', '2026-10-31T23:00:00.000Z'),
    );
  });

  it('year end: December → January', () => {
    const dec = periodAt('monthly', at('2026-12-31T23:00:00.000Z'), UTC);
    expect(plain(nextPeriod('monthly', dec, UTC))).toEqual(expected('2027-01', '2027-01-01T00:00:00.000Z', '2027-02-01T00:00:00.000Z'));
  });
});

describe('quarterly periods', () => {
  it('2026-Q4 → 2027-Q1 in Shanghai', () => {
    const q4 = periodAt('quarterly', at('2026-11-24T02:00:00.000Z'), SH);
    expect(plain(q4)).toEqual(expected('2026-Q4', '2026-09-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z'));
    const q1 = nextPeriod('quarterly', q4, SH);
    expect(plain(q1)).toEqual(expected('2027-Q1', '2026-12-31T16:00:00.000Z', '2027-03-31T16:00:00.000Z'));
    expect(plain(previousPeriod('quarterly', q1, SH))).toEqual(plain(q4));
  });

  it('the instant 2026-09-30T16:00Z is Q4 in Shanghai and still Q3 in UTC', () => {
    expect(period('quarterly', '2026-09-30T16:00:00.000Z', SH).key).toBe('2026-Q4');
    expect(period('quarterly', '2026-09-30T16:00:00.000Z', UTC)).toEqual(
      expected('2026-Q3', '2026-07-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z'),
    );
    expect(period('quarterly', '2026-09-30T15:59:59.999Z', SH).key).toBe('2026-Q3');
  });

  it('Berlin quarters across DST; 2028-Q1 holds Feb 29', () => {
    expect(period('quarterly', '2026-02-01T00:00:00.000Z', BER)).toEqual(
      expected('2026-Q1', '2025-12-31T23:00:00.000Z', '2026-03-31T22:00:00.000Z'),
    );
    expect(period('quarterly', '2026-05-01T00:00:00.000Z', BER)).toEqual(
      expected('2026-Q2', '2026-03-31T22:00:00.000Z', '2026-06-30T22:00:00.000Z'),
    );
    expect(period('quarterly', '2026-12-31T22:59:59.999Z', BER)).toEqual(
      expected('2026-Q4', '2026-09-30T22:00:00.000Z', '2026-12-31T23:00:00.000Z'),
    );
    expect(period('quarterly', '2028-02-29T12:00:00.000Z', UTC)).toEqual(
      expected('2028-Q1', '2028-01-01T00:00:00.000Z', '2028-04-01T00:00:00.000Z'),
    );
  });
});

describe('periodOfKey', () => {
  it('parses each kind of key to the hand-worked period', () => {
    expect(plain(periodOfKey('daily', '2026-11-24', SH))).toEqual(
      expected('2026-11-24', '2026-11-23T16:00:00.000Z', '2026-11-24T16:00:00.000Z'),
    );
    expect(plain(periodOfKey('daily', '2028-02-29', UTC))).toEqual(
      expected('2028-02-29', '2028-02-29T00:00:00.000Z', '2028-03-01T00:00:00.000Z'),
    );
    expect(plain(periodOfKey('weekly', '2026-W53', SH))).toEqual(
      expected('2026-W53', '2026-12-27T16:00:00.000Z', '2027-01-03T16:00:00.000Z'),
    );
    expect(plain(periodOfKey('weekly', '2020-W53', UTC))).toEqual(
      expected('2020-W53', '2020-12-28T00:00:00.000Z', '2021-01-04T00:00:00.000Z'),
    );
    expect(plain(periodOfKey('weekly', '2025-W01', UTC))).toEqual(
      expected('2025-W01', '2024-12-30T00:00:00.000Z', '2025-01-06T00:00:00.000Z'),
    );
    expect(plain(periodOfKey('weekly', '2026-W13', BER))).toEqual(
      expected('2026-W13', '2026-03-22T23:00:00.000Z', '2026-03-29T22:00:00.000Z'),
    );
    expect(plain(periodOfKey('monthly', '2028-02', SH))).toEqual(
      expected('2028-02', '2028-01-31T16:00:00.000Z', '2028-02-29T16:00:00.000Z'),
    );
    expect(plain(periodOfKey('monthly', '2026-10', BER))).toEqual(
      expected('2026-10', '2026-09-30T22:00:00.000Z', '2026-10-31T23:00:00.000Z'),
    );
    expect(plain(periodOfKey('quarterly', '2026-Q4', SH))).toEqual(
      expected('2026-Q4', '2026-09-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z'),
    );
  });

  it('returns plain Dates equal to periodAt', () => {
    const p = periodOfKey('monthly', '2026-11', SH);
    expect(p.startsAt.constructor).toBe(Date);
    expect(p).toEqual(periodAt('monthly', at('2026-11-15T00:00:00.000Z'), SH));
  });

  it.each<[Frequency, string]>([
    ['daily', '2027-02-29'], // 2027 is not a leap year
    ['daily', '2026-04-31'],
    ['daily', '2026-13-01'],
    ['daily', '2026-00-10'],
    ['daily', '2026-11-00'],
    ['daily', '2026-11-4'],
    ['daily', '2026/11/24'],
    ['daily', '2026-11-24T00:00'],
    ['weekly', '2021-W53'], // 2021 has 52 ISO weeks
    ['weekly', '2026-W54'],
    ['weekly', '2026-W00'],
    ['weekly', '2026-W5'],
    ['weekly', '2026-w48'],
    ['monthly', '2026-13'],
    ['monthly', '2026-00'],
    ['monthly', '2026-11-24'],
    ['monthly', ' 2026-11'],
    ['quarterly', '2026-Q0'],
    ['quarterly', '2026-Q5'],
    ['quarterly', '2026-q4'],
    ['quarterly', '2026-11'],
    ['daily', ''],
  ])('%s key %j is rejected', (frequency, key) => {
    expect(() => periodOfKey(frequency, key, SH)).toThrow(RangeError);
  });
});

describe('duePeriods', () => {
  const duty = (frequency: Frequency, startsOn: string, endsOn: string | null = null) => ({ frequency, startsOn, endsOn });

  it('the period containing startsOn counts even when startsOn is in its middle', () => {
    // Wednesday 2026-11-25 is in W48; now is Thursday 2026-12-10 10:00 Shanghai (W50).
    expect(keys(duePeriods(duty('weekly', '2026-11-25'), at('2026-12-10T02:00:00.000Z'), SH, 10))).toEqual([
      '2026-W48',
      '2026-W49',
      '2026-W50',
    ]);
    expect(keys(duePeriods(duty('monthly', '2026-11-15'), at('2027-01-05T00:00:00.000Z'), SH, 10))).toEqual([
      '2026-11',
      '2026-12',
      '2027-01',
    ]);
    expect(keys(duePeriods(duty('quarterly', '2026-12-31'), at('2027-01-01T00:00:00.000Z'), SH, 10))).toEqual(['2026-Q4', '2027-Q1']);
  });

  it('a startsOn later this week still makes this week due', () => {
    // Starts Sunday 2026-11-29; now is Monday 2026-11-23 10:00 Shanghai, the same ISO week.
    expect(keys(duePeriods(duty('weekly', '2026-11-29'), at('2026-11-23T02:00:00.000Z'), SH, 10))).toEqual(['2026-W48']);
  });

  it('returns full periods, oldest first', () => {
    const ps = duePeriods(duty('daily', '2026-10-24'), at('2026-10-27T12:00:00.000Z'), BER, 10);
    expect(ps.map(plain)).toEqual([
      expected('2026-10-24', '2026-10-23T22:00:00.000Z', '2026-10-24T22:00:00.000Z'),
      expected('2026-10-25', '2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z'),
      expected('2026-10-26', '2026-10-25T23:00:00.000Z', '2026-10-26T23:00:00.000Z'),
      expected('2026-10-27', '2026-10-26T23:00:00.000Z', '2026-10-27T23:00:00.000Z'),
    ]);
  });

  it('nothing is due before the first period has started', () => {
    expect(duePeriods(duty('monthly', '2026-12-01'), at('2026-11-30T15:59:59.999Z'), SH, 10)).toEqual([]);
    expect(duePeriods(duty('daily', '2026-11-25'), at('2026-11-24T12:00:00.000Z'), SH, 10)).toEqual([]);
  });

  it('a period starting exactly at now counts as started', () => {
    // 2026-11-30T16:00Z is 2026-12-01 00:00 in Shanghai.
    expect(keys(duePeriods(duty('monthly', '2026-12-01'), at('2026-11-30T16:00:00.000Z'), SH, 10))).toEqual(['2026-12']);
    expect(keys(duePeriods(duty('daily', '2026-11-22'), at('2026-11-23T16:00:00.000Z'), SH, 10))).toEqual([
      '2026-11-22',
      '2026-11-23',
      '2026-11-24',
    ]);
    expect(keys(duePeriods(duty('daily', '2026-11-22'), at('2026-11-23T15:59:59.999Z'), SH, 10))).toEqual(['2026-11-22', '2026-11-23']);
    // 2027-01-04T00:00Z starts 2027-W01 in UTC.
    expect(keys(duePeriods(duty('weekly', '2026-12-21'), at('2027-01-04T00:00:00.000Z'), UTC, 10))).toEqual([
      '2026-W52',
      '2026-W53',
      '2027-W01',
    ]);
  });

  it('the zone decides which period now is in', () => {
    // 2026-09-30T22:30Z is 10-01 00:30 in Berlin (Q4 has started) but 09-30 in UTC.
    const d = duty('quarterly', '2026-02-14');
    expect(keys(duePeriods(d, at('2026-09-30T22:30:00.000Z'), BER, 10))).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect(keys(duePeriods(d, at('2026-09-30T22:30:00.000Z'), UTC, 10))).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
  });

  it('stops at the period containing endsOn (inclusive)', () => {
    expect(keys(duePeriods(duty('monthly', '2026-01-10', '2026-03-05'), at('2026-11-24T00:00:00.000Z'), SH, 100))).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
    ]);
    expect(keys(duePeriods(duty('weekly', '2026-11-23', '2026-12-02'), at('2027-01-10T00:00:00.000Z'), SH, 100))).toEqual([
      '2026-W48',
      '2026-W49',
    ]);
    expect(keys(duePeriods(duty('daily', '2028-02-27', '2028-02-29'), at('2028-03-10T00:00:00.000Z'), UTC, 100))).toEqual([
      '2028-02-27',
      '2028-02-28',
      '2028-02-29',
    ]);
    // An endsOn in the future does not make future periods due.
    expect(keys(duePeriods(duty('monthly', '2026-10-01', '2027-06-30'), at('2026-11-24T00:00:00.000Z'), SH, 100))).toEqual([
      '2026-10',
      '2026-11',
    ]);
    // A one-day duty, and a duty that ended before it began.
    expect(keys(duePeriods(duty('daily', '2026-11-24', '2026-11-24'), at('2026-12-24T00:00:00.000Z'), SH, 100))).toEqual(['2026-11-24']);
    expect(duePeriods(duty('daily', '2026-11-24', '2026-11-23'), at('2026-12-24T00:00:00.000Z'), SH, 100)).toEqual([]);
  });

  it('catches up at most the newest maxCatchUp periods', () => {
    const d = duty('daily', '2020-01-01'); // years of history: only the newest three are generated
    expect(keys(duePeriods(d, at('2026-11-24T08:00:00.000Z'), SH, 3))).toEqual(['2026-11-22', '2026-11-23', '2026-11-24']);
    expect(keys(duePeriods(d, at('2026-11-24T08:00:00.000Z'), SH, 1))).toEqual(['2026-11-24']);
    expect(duePeriods(d, at('2026-11-24T08:00:00.000Z'), SH, 0)).toEqual([]);
    // The cut applies after endsOn.
    expect(keys(duePeriods(duty('monthly', '2025-01-01', '2026-06-30'), at('2026-11-24T00:00:00.000Z'), SH, 2))).toEqual([
      '2026-05',
      '2026-06',
    ]);
  });

  it('rejects a malformed date or maxCatchUp', () => {
    const now = at('2026-11-24T00:00:00.000Z');
    expect(() => duePeriods(duty('daily', '2027-02-29'), now, SH, 5)).toThrow(RangeError);
    expect(() => duePeriods(duty('weekly', '2026-11'), now, SH, 5)).toThrow(RangeError);
    expect(() => duePeriods(duty('monthly', '2026-01-01', '2026-02-30'), now, SH, 5)).toThrow(RangeError);
    expect(() => duePeriods(duty('daily', '2026-01-01'), now, SH, -1)).toThrow(RangeError);
    expect(() => duePeriods(duty('daily', '2026-01-01'), now, SH, 1.5)).toThrow(RangeError);
  });
});

describe('properties over random instants, frequencies and zones', () => {
  const zones = fc.constantFrom(SH, BER, UTC);
  const frequencies = fc.constantFrom(...FREQUENCIES);
  const instants = fc.date({ min: new Date('1990-01-01T00:00:00.000Z'), max: new Date('2100-12-31T23:59:59.999Z'), noInvalidDate: true });
  const KEY: Record<Frequency, RegExp> = {
    daily: /^\d{4}-\d{2}-\d{2}$/,
    weekly: /^\d{4}-W\d{2}$/,
    monthly: /^\d{4}-\d{2}$/,
    quarterly: /^\d{4}-Q[1-4]$/,
  };

  it('the period contains the instant, starts and ends at local midnight, and its key round-trips', () => {
    fc.assert(
      fc.property(frequencies, instants, zones, (f, x, tz) => {
        const p = periodAt(f, x, tz);
        expect(p.startsAt.getTime()).toBeLessThanOrEqual(x.getTime());
        expect(x.getTime()).toBeLessThan(p.endsAt.getTime());
        expect(p.dueAt.getTime()).toBe(p.endsAt.getTime() - 1);
        expect(local(p.startsAt, tz).time).toBe('00:00:00.000');
        expect(local(p.endsAt, tz).time).toBe('00:00:00.000');
        expect(p.key).toMatch(KEY[f]);
        expect(periodOfKey(f, p.key, tz)).toEqual(p);
        if (f === 'daily') expect(p.key).toBe(local(x, tz).date);
        if (f === 'monthly') expect(p.key).toBe(local(x, tz).date.slice(0, 7));
      }),
      { numRuns: 500 },
    );
  });

  it('periods tile time: next starts where this one ends, and previous undoes next', () => {
    fc.assert(
      fc.property(frequencies, instants, zones, (f, x, tz) => {
        const p = periodAt(f, x, tz);
        const n = nextPeriod(f, p, tz);
        const b = previousPeriod(f, p, tz);
        expect(n.startsAt.getTime()).toBe(p.endsAt.getTime());
        expect(b.endsAt.getTime()).toBe(p.startsAt.getTime());
        expect(previousPeriod(f, n, tz)).toEqual(p);
        expect(nextPeriod(f, b, tz)).toEqual(p);
        expect(n.key > p.key && p.key > b.key).toBe(true); // keys sort chronologically
      }),
      { numRuns: 300 },
    );
  });

  it('duePeriods is the newest maxCatchUp of the consecutive started periods from startsOn', () => {
    const days = fc.integer({ min: 0, max: 400 });
    fc.assert(
      fc.property(frequencies, instants, zones, days, fc.integer({ min: 0, max: 8 }), (f, now, tz, back, max) => {
        const startsOn = local(new Date(now.getTime() - back * 24 * HOUR), tz).date;
        const ps = duePeriods({ frequency: f, startsOn, endsOn: null }, now, tz, max);
        expect(ps.length).toBeLessThanOrEqual(max);
        if (max > 0) expect(ps.at(-1)).toEqual(periodAt(f, now, tz));
        for (let i = 1; i < ps.length; i++) expect(ps[i]!.startsAt.getTime()).toBe(ps[i - 1]!.endsAt.getTime());
        const first = ps[0];
        if (first) {
          expect(first.startsAt.getTime()).toBeLessThanOrEqual(now.getTime());
          // Either the catch-up limit cut it, or it is the period containing startsOn.
          if (ps.length < max) expect(first).toEqual(periodAt(f, periodOfKey('daily', startsOn, tz).startsAt, tz));
        }
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * Every week, month, quarter and day a request may carry (src/platform/http/calendar.ts: the years
 * 2000–2099) has its period, so the handlers that parse them (the campaign bulletin's week, the
 * coverage month, a duty's days) cannot fail on what their schema lets through. Before, a week
 * like 0392-W13 reached the date library and answered 500.
 */
describe('the calendar values requests carry', () => {
  const pad = (n: number) => String(n).padStart(2, '0');
  const decades = Array.from({ length: 10 }, (_, i) => 2000 + i * 10);
  const weeksOf = (year: number) =>
    Array.from({ length: 53 }, (_, i) => `${year}-W${pad(i + 1)}`).filter((k) => IsoWeekKey.safeParse(k).success);

  it.each(decades)('every ISO week of the %is is a period of the district’s calendar', (decade) => {
    for (let year = decade; year < decade + 10; year++) {
      const weeks = weeksOf(year);
      expect(weeks.length === 52 || weeks.length === 53, `${year}`).toBe(true);
      for (const key of weeks) expect(periodOfKey('weekly', key, SH).key).toBe(key);
    }
  });

  it.each([SH, BER])('every month and quarter of 2000–2099 is a period in %s', (tz) => {
    for (let year = 2000; year <= 2099; year++) {
      for (let month = 1; month <= 12; month++) {
        const key = `${year}-${pad(month)}`;
        expect(MonthKey.safeParse(key).success).toBe(true);
        expect(periodOfKey('monthly', key, tz).key).toBe(key);
      }
      for (let quarter = 1; quarter <= 4; quarter++) {
        const key = `${year}-Q${quarter}`;
        expect(QuarterKey.safeParse(key).success).toBe(true);
        expect(periodOfKey('quarterly', key, tz).key).toBe(key);
      }
    }
  });

  it('takes a week in zones whose clocks jump at midnight, or that skipped a whole day', () => {
    const zones = fc.constantFrom(SH, BER, UTC, 'America/Santiago', 'Asia/Gaza', 'Pacific/Apia', 'America/St_Johns');
    const weeks = fc
      .tuple(fc.integer({ min: 2000, max: 2099 }), fc.integer({ min: 1, max: 53 }))
      .map(([year, week]) => `${year}-W${pad(week)}`)
      .filter((key) => IsoWeekKey.safeParse(key).success);
    fc.assert(
      fc.property(weeks, zones, (key, tz) => {
        expect(periodOfKey('weekly', key, tz).key).toBe(key);
      }),
    );
  });

  it('refuses the weeks, months and days outside the supported years', () => {
    for (const key of ['0392-W13', '0999-W01', '1000-W01', '1999-W52', '2100-W01', '9999-W52']) {
      expect(IsoWeekKey.safeParse(key).success, key).toBe(false);
    }
    for (const key of ['1999-12', '2100-01', '0392-03']) expect(MonthKey.safeParse(key).success, key).toBe(false);
    for (const key of ['1999-12-31', '2100-01-01', '0392-03-23', '9999-12-31']) expect(LocalDay.safeParse(key).success, key).toBe(false);
  });

  it('gives a day the zone skipped the period of the day after, so a duty’s days always have periods', () => {
    // Samoa crossed the date line: 29 December 2011 was followed by 31 December.
    expect(() => periodOfKey('daily', '2011-12-30', 'Pacific/Apia')).toThrow(RangeError); // no such day to name
    expect(LocalDay.safeParse('2011-12-30').success).toBe(true);
    expect(periodOfDate('daily', '2011-12-30', 'Pacific/Apia')).toEqual(periodOfKey('daily', '2011-12-31', 'Pacific/Apia'));
    expect(periodOfDate('weekly', '2011-12-30', 'Pacific/Apia').key).toBe('2011-W52');
    // A duty that starts on the missing day starts on the day after it.
    const fromMissing = { frequency: 'daily' as const, startsOn: '2011-12-30', endsOn: null };
    expect(keys(duePeriods(fromMissing, at('2012-01-01T00:00:00.000Z'), 'Pacific/Apia', 10))).toEqual(['2011-12-31', '2012-01-01']);
    const duty = { frequency: 'daily' as const, startsOn: '2011-12-29', endsOn: '2011-12-31' };
    expect(keys(duePeriods(duty, at('2012-01-05T00:00:00.000Z'), 'Pacific/Apia', 10))).toEqual(['2011-12-29', '2011-12-31']);
    // Elsewhere the day is an ordinary one, and a date the calendar lacks is still refused.
    expect(periodOfDate('daily', '2011-12-30', SH)).toEqual(periodOfKey('daily', '2011-12-30', SH));
    expect(() => periodOfDate('daily', '2027-02-29', SH)).toThrow(RangeError);
    expect(() => periodOfDate('daily', '2026-11-4', SH)).toThrow(RangeError);
  });
});
