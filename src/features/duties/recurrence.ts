import { TZDate } from '@date-fns/tz';
import { addDays, addMonths, addQuarters, addWeeks, format, startOfDay, startOfISOWeek, startOfMonth, startOfQuarter } from 'date-fns';

/**
 * The calendar of recurring duties (每日巡查, 每周学习, 周汇总, 月调度, 每季研判…): one period per
 * day, ISO week, month or quarter, bounded by local midnight in the tenant's zone. The generator
 * creates one instance per (duty, period key); the key is what makes that idempotent. Pure.
 */

export const FREQUENCIES = ['daily', 'weekly', 'monthly', 'quarterly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const FREQUENCY_LABELS: Record<Frequency, string> = {
  daily: '每日',
  weekly: '每周',
  monthly: '每月',
  quarterly: '每季度',
};

export interface Period {
  /** daily 2026-11-24, weekly 2026-W48 (ISO), monthly 2026-11, quarterly 2026-Q4. */
  key: string;
  /** Local midnight of the first day. */
  startsAt: Date;
  /** Local midnight after the last day (exclusive): the next period's startsAt. */
  endsAt: Date;
  /** The last millisecond of the period. */
  dueAt: Date;
}

/** Per frequency: the start of the period holding a zoned instant, the step, and the key format. */
const CALENDAR: Record<Frequency, { start: (d: TZDate) => TZDate; add: (d: TZDate, n: number) => TZDate; key: string }> = {
  daily: { start: startOfDay, add: addDays, key: 'yyyy-MM-dd' },
  // ISO: weeks start on Monday and the key's year is the week-numbering year (RRRR), not the
  // calendar year (2027-01-01 belongs to 2026-W53).
  weekly: { start: startOfISOWeek, add: addWeeks, key: "RRRR-'W'II" },
  monthly: { start: startOfMonth, add: addMonths, key: 'yyyy-MM' },
  quarterly: { start: startOfQuarter, add: addQuarters, key: "yyyy-'Q'Q" },
};

const KEY_PATTERNS: Record<Frequency, RegExp> = {
  daily: /^(\d{4})-(\d{2})-(\d{2})$/,
  weekly: /^(\d{4})-W(\d{2})$/,
  monthly: /^(\d{4})-(\d{2})$/,
  quarterly: /^(\d{4})-Q([1-4])$/,
};

/**
 * Where clocks go back at midnight (Gaza: 01:00 → 00:00), midnight happens twice and TZDate picks
 * the second; the period starts at the first, or the hour between would belong to no period.
 */
function firstOccurrence(t: TZDate): TZDate {
  const back = (t.getTimezoneOffset() - new TZDate(t.getTime() - 1, t.timeZone).getTimezoneOffset()) * 60_000;
  if (back <= 0) return t;
  const earlier = new TZDate(t.getTime() - back, t.timeZone);
  return earlier.getDate() === t.getDate() && earlier.getHours() === t.getHours() && earlier.getMinutes() === t.getMinutes() ? earlier : t;
}

/** The period containing `instant`, in the tenant's time zone. */
export function periodAt(frequency: Frequency, instant: Date, timeZone: string): Period {
  const cal = CALENDAR[frequency];
  // Work on a TZDate so that startOf…/add… move the tenant's wall clock, not the server's; adding
  // a calendar unit keeps local midnight, so a Berlin day across DST is 23 or 25 hours long.
  const start = firstOccurrence(cal.start(new TZDate(instant.getTime(), timeZone)));
  // Re-take the start after stepping: where a DST change skips midnight (Santiago) the day starts
  // at 01:00, and one day later is 01:00 again, an hour into the next period.
  const end = firstOccurrence(cal.start(cal.add(start, 1)));
  return {
    key: format(start, cal.key),
    startsAt: new Date(start.getTime()),
    endsAt: new Date(end.getTime()),
    dueAt: new Date(end.getTime() - 1),
  };
}

/** The period after the given one. */
export function nextPeriod(frequency: Frequency, period: Period, timeZone: string): Period {
  return periodAt(frequency, period.endsAt, timeZone);
}

/** The period before the given one. */
export function previousPeriod(frequency: Frequency, period: Period, timeZone: string): Period {
  return periodAt(frequency, new Date(period.startsAt.getTime() - 1), timeZone);
}

/** Parse a key back to its period (throws on a malformed key). */
export function periodOfKey(frequency: Frequency, key: string, timeZone: string): Period {
  const m = KEY_PATTERNS[frequency].exec(key);
  if (!m) throw new RangeError(`malformed ${frequency} period key: ${JSON.stringify(key)}`);
  const year = Number(m[1]);
  const n = Number(m[2]);
  const day = Number(m[3] ?? 1);
  // Noon of a day inside the period (noon exists on every local day, midnight not everywhere).
  const inside =
    frequency === 'weekly'
      ? addWeeks(new TZDate(year, 0, 4, 12, timeZone), n - 1) // 4 January is always in week 1
      : new TZDate(year, frequency === 'quarterly' ? (n - 1) * 3 : n - 1, day, 12, timeZone);
  const period = periodAt(frequency, inside, timeZone);
  // Out-of-range parts roll over (2027-02-29 → 03-01, W53 of a 52-week year → next W01), so a key
  // is valid exactly when it comes back unchanged.
  if (period.key !== key) throw new RangeError(`no such ${frequency} period: ${JSON.stringify(key)}`);
  return period;
}

/**
 * The period containing the local date `date` (YYYY-MM-DD); throws on a malformed date or one the
 * calendar does not have (2027-02-29). A day the zone itself skipped (Samoa moved across the date
 * line and had no 2011-12-30) belongs to the period of the day after: a duty starting or ending on
 * it still has its periods.
 */
export function periodOfDate(frequency: Frequency, date: string, timeZone: string): Period {
  const m = KEY_PATTERNS.daily.exec(date);
  if (!m) throw new RangeError(`malformed date: ${JSON.stringify(date)}`);
  const [year, month, dayOfMonth] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utc = new Date(Date.UTC(year, month - 1, dayOfMonth));
  if (utc.getUTCFullYear() !== year || utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== dayOfMonth) {
    throw new RangeError(`no such date: ${JSON.stringify(date)}`);
  }
  // Noon of that day (a skipped day's noon resolves to the next day's), as in periodOfKey.
  const day = periodAt('daily', new TZDate(year, month - 1, dayOfMonth, 12, timeZone), timeZone);
  return frequency === 'daily' ? day : periodAt(frequency, day.startsAt, timeZone);
}

/**
 * The periods a duty is due to have generated by `now`: every period that has started by `now`,
 * not before the period containing the local date `startsOn` (YYYY-MM-DD), not after the period
 * containing `endsOn` (inclusive, null = open), oldest first, at most the newest `maxCatchUp`
 * of them (a generator down for a while catches up, but not forever).
 */
export function duePeriods(
  duty: { frequency: Frequency; startsOn: string; endsOn: string | null },
  now: Date,
  timeZone: string,
  maxCatchUp: number,
): Period[] {
  if (!Number.isSafeInteger(maxCatchUp) || maxCatchUp < 0)
    throw new RangeError(`maxCatchUp must be a non-negative integer, got ${maxCatchUp}`);
  const { frequency } = duty;
  const first = periodOfDate(frequency, duty.startsOn, timeZone);
  // The period containing `now` has started (a period starting exactly at `now` counts).
  let last = periodAt(frequency, now, timeZone);
  if (duty.endsOn !== null) {
    const final = periodOfDate(frequency, duty.endsOn, timeZone);
    if (final.startsAt.getTime() < last.startsAt.getTime()) last = final;
  }
  // Walk back from the newest, so an old startsOn costs at most maxCatchUp steps.
  const periods: Period[] = [];
  for (
    let p = last;
    periods.length < maxCatchUp && p.startsAt.getTime() >= first.startsAt.getTime();
    p = previousPeriod(frequency, p, timeZone)
  ) {
    periods.push(p);
  }
  return periods.reverse();
}
