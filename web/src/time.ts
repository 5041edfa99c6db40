/**
 * Dates in the district's time zone (me.tenant.timeZone, e.g. Asia/Shanghai), whatever the
 * phone's own zone: deadlines are counted there, so they are shown and entered there.
 */
import { getLang } from './i18n.ts';

const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${getLang()}|${timeZone}|${withTime}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(getLang() === 'zh-CN' ? 'zh-CN' : 'en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
    });
    formats.set(key, f);
  }
  return f;
}

/**
 * The zone as people say it: "中国标准时间（UTC+8）" / "China Standard Time (UTC+8)", not its
 * IANA id ("Asia/Shanghai"), which the browser's own names replace.
 */
export function zoneLabel(timeZone: string, at: Date = new Date()): string {
  const lang = getLang() === 'zh-CN' ? 'zh-CN' : 'en-GB';
  // 'shortOffset' is newer than some phones' WebViews (Chrome < 95, Safari < 15.4), where it
  // throws: then the name alone, or the zone's id as the last resort.
  const part = (style: 'long' | 'shortOffset') => {
    try {
      return new Intl.DateTimeFormat(lang, { timeZone, timeZoneName: style }).formatToParts(at).find((p) => p.type === 'timeZoneName')
        ?.value;
    } catch {
      return undefined;
    }
  };
  const name = part('long');
  const offset = part('shortOffset')?.replace(/^GMT/, 'UTC');
  if (!name) return timeZone;
  if (!offset || offset === name) return name;
  return getLang() === 'zh-CN' ? `${name}（${offset}）` : `${name} (${offset})`;
}

/** "2026/11/24 09:30" in the zone; '' for null. */
export function dateTime(iso: string | null | undefined, timeZone: string): string {
  return iso ? format(timeZone, true).format(new Date(iso)) : '';
}

export function dateOnly(iso: string | null | undefined, timeZone: string): string {
  return iso ? format(timeZone, false).format(new Date(iso)) : '';
}

/** The wall-clock parts of an instant in a zone. */
function parts(at: number, timeZone: string) {
  const out: Record<string, number> = {};
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  for (const p of f.formatToParts(new Date(at))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out as { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

/** Milliseconds the zone is ahead of UTC at an instant. */
function offset(at: number, timeZone: string): number {
  const p = parts(at, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** YYYY-MM-DD of "today" (plus `days`) in the zone, for <input type="date">. */
export function localDate(timeZone: string, days = 0, from: number = Date.now()): string {
  const p = parts(from, timeZone);
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day + days));
  return d.toISOString().slice(0, 10);
}

/** The instant a wall-clock time in the zone stands for (two passes settle DST edges). */
function zoned(y: number, m: number, d: number, h: number, min: number, s: number, ms: number, timeZone: string): Date {
  const guess = Date.UTC(y, m - 1, d, h, min, s, ms);
  let at = guess - offset(guess, timeZone);
  at = guess - offset(at, timeZone);
  return new Date(at);
}

/** 23:59:59.999 of a YYYY-MM-DD day in the zone, as an ISO instant (deadlines end with the day). */
export function endOfLocalDay(date: string, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return zoned(y, m, d, 23, 59, 59, 999, timeZone).toISOString();
}

/** The local YYYY-MM-DD of an instant in the zone. */
export function localDateOf(iso: string, timeZone: string): string {
  const p = parts(new Date(iso).getTime(), timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** Whole days from one YYYY-MM-DD to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** YYYY-MM-DD plus `days`. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The ISO week (YYYY-Www) a YYYY-MM-DD falls in: weeks start on Monday, the year is the week's. */
export function isoWeekOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day); // the Thursday of this week decides the year
  const year = d.getUTCFullYear();
  const week = Math.ceil(((d.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Monday and Sunday (YYYY-MM-DD) of an ISO week YYYY-Www; null when malformed. */
export function isoWeekRange(week: string): { from: string; to: string } | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) return null;
  const year = Number(m[1]);
  const n = Number(m[2]);
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(jan4);
  monday.setUTCDate(jan4.getUTCDate() - ((jan4.getUTCDay() || 7) - 1) + (n - 1) * 7);
  const from = monday.toISOString().slice(0, 10);
  return { from, to: addDays(from, 6) };
}

/** A YYYY-MM month plus `n` months. */
export function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + n, 1)).toISOString().slice(0, 7);
}

/** The month before the district's current one: the month just ended, the one to assess. */
export function lastMonth(timeZone: string): string {
  return shiftMonth(localDate(timeZone).slice(0, 7), -1);
}

/** 2026-11 → 2026-Q4. */
export function quarterOf(month: string): string {
  return `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`;
}

/** A YYYY-Qn quarter plus `n` quarters. */
export function shiftQuarter(quarter: string, n: number): string {
  const first = `${quarter.slice(0, 4)}-${String((Number(quarter.slice(6)) - 1) * 3 + 1).padStart(2, '0')}`;
  return quarterOf(shiftMonth(first, n * 3));
}

/** The last quarter whose three months are over in the district (the one published quarterly). */
export function lastQuarter(timeZone: string): string {
  return shiftQuarter(quarterOf(localDate(timeZone).slice(0, 7)), -1);
}
