/**
 * Month keys (YYYY-MM) as plain calendar arithmetic: no instants, no time zones. Pure: requests
 * bring their months through the calendar schemas (years 2000–2099), so the shifts made here (a
 * month or a quarter back, a trend window of at most 24 months) always give a well-formed key.
 */

export const MONTH_PATTERN = /^[0-9]{4}-(0[1-9]|1[0-2])$/;
export const QUARTER_PATTERN = /^[0-9]{4}-Q[1-4]$/;

/** The month `delta` months from `month`; a malformed key or a year outside 0000–9999 is a RangeError. */
export function addMonths(month: string, delta: number): string {
  if (!MONTH_PATTERN.test(month)) throw new RangeError(`malformed month key: ${JSON.stringify(month)}`);
  if (!Number.isSafeInteger(delta)) throw new RangeError(`not a whole number of months: ${delta}`);
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + delta;
  const year = Math.floor(index / 12);
  if (year < 0 || year > 9999) throw new RangeError(`${month} ${delta >= 0 ? '+' : ''}${delta} months is outside the years 0000–9999`);
  return `${String(year).padStart(4, '0')}-${String(index - year * 12 + 1).padStart(2, '0')}`;
}

export const previousMonth = (month: string) => addMonths(month, -1);

/** The months from `months - 1` before `last` up to `last`, oldest first. */
export function monthsUpTo(last: string, months: number): string[] {
  return Array.from({ length: months }, (_, i) => addMonths(last, i - months + 1));
}

/** 2026-Q4 → its three months. */
export function monthsOfQuarter(quarter: string): string[] {
  if (!QUARTER_PATTERN.test(quarter)) throw new RangeError(`malformed quarter key: ${JSON.stringify(quarter)}`);
  const year = quarter.slice(0, 4);
  const q = Number(quarter.slice(6));
  return [1, 2, 3].map((i) => `${year}-${String((q - 1) * 3 + i).padStart(2, '0')}`);
}
