import * as z from 'zod';
import { issue, issueKey } from '../problems/catalog.ts';

/**
 * Calendar values a request may carry, with one supported range for all of them: the years
 * 2000–2099. Outside it a request gets a 400 naming the field, never a date library's RangeError
 * or a database overflow. The range is in the patterns themselves, so the OpenAPI document states
 * it too.
 */
export const SUPPORTED_RANGE = { from: '2000-01-01', to: '2099-12-31' } as const;
const RANGE = `${SUPPORTED_RANGE.from} – ${SUPPORTED_RANGE.to}`;

const YEAR = '20[0-9]{2}';
const MM = '(0[1-9]|1[0-2])';
const DD = '(0[1-9]|[12][0-9]|3[01])';

/** A real day (not 2026-02-30) of the proleptic Gregorian calendar. */
const isRealDay = (day: string) => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const at = new Date(Date.UTC(y, m - 1, d));
  return at.getUTCFullYear() === y && at.getUTCMonth() === m - 1 && at.getUTCDate() === d;
};

/** ISO weeks of a year: 53 when 1 January or 31 December is a Thursday. */
const weeksIn = (year: number) => {
  const thursday = (d: Date) => d.getUTCDay() === 4;
  return thursday(new Date(Date.UTC(year, 0, 1))) || thursday(new Date(Date.UTC(year, 11, 31))) ? 53 : 52;
};

/** A calendar day of the district (YYYY-MM-DD). */
export const LocalDay = z
  .string()
  .regex(new RegExp(`^${YEAR}-${MM}-${DD}$`), { error: issueKey('date_format'), abort: true })
  .refine(isRealDay, issue('date_format'))
  .describe(`日期 YYYY-MM-DD（本区日历，${RANGE}） / a calendar day, ${RANGE}`);

/** A month of the district's calendar (YYYY-MM). */
export const MonthKey = z
  .string()
  .regex(new RegExp(`^${YEAR}-${MM}$`), { error: issueKey('month_format') })
  .describe(`月份 YYYY-MM（本区日历，${RANGE}） / a month, ${RANGE}`);

/** A quarter (YYYY-Qn). */
export const QuarterKey = z
  .string()
  .regex(new RegExp(`^${YEAR}-Q[1-4]$`), { error: issueKey('quarter_format') })
  .describe(`季度，如 2026-Q3（${RANGE}） / a quarter, ${RANGE}`);

/** An ISO 8601 week (YYYY-Www), 53 only in years that have one. */
export const IsoWeekKey = z
  .string()
  .regex(new RegExp(`^${YEAR}-W(0[1-9]|[1-4][0-9]|5[0-3])$`), { error: issueKey('week_format'), abort: true })
  .refine((key) => Number(key.slice(6)) <= weeksIn(Number(key.slice(0, 4))), issue('week_format'))
  .describe(`ISO 周，如 2026-W48（${RANGE}） / an ISO week, ${RANGE}`);

/**
 * An instant with its UTC offset, as a phone's clock gives it (`2026-12-09T18:30:00+08:00`) or in
 * UTC (`…Z`), inside the supported years.
 */
export const Instant = z.iso
  .datetime({ offset: true })
  .refine(
    (value) => {
      const at = Date.parse(value);
      if (Number.isNaN(at)) return true; // not a datetime at all: the format check already says so
      return at >= Date.parse(`${SUPPORTED_RANGE.from}T00:00:00Z`) && at < Date.parse('2100-01-01T00:00:00Z');
    },
    issue('date_range', { min: SUPPORTED_RANGE.from, max: SUPPORTED_RANGE.to }),
  )
  .describe(`时刻（ISO 8601，含时区偏移或 Z，${RANGE}） / an instant with its UTC offset or Z, ${RANGE}`);
