/** Month keys (YYYY-MM) as plain calendar arithmetic: no instants, no time zones. */

export const MONTH_PATTERN = /^[0-9]{4}-(0[1-9]|1[0-2])$/;

export function addMonths(month: string, delta: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export const previousMonth = (month: string) => addMonths(month, -1);

/** The months from `months - 1` before `last` up to `last`, oldest first. */
export function monthsUpTo(last: string, months: number): string[] {
  return Array.from({ length: months }, (_, i) => addMonths(last, i - months + 1));
}

/** 2026-Q4 → its three months. */
export function monthsOfQuarter(quarter: string): string[] {
  const year = quarter.slice(0, 4);
  const q = Number(quarter.slice(6));
  return [1, 2, 3].map((i) => `${year}-${String((q - 1) * 3 + i).padStart(2, '0')}`);
}

export const QUARTER_PATTERN = /^[0-9]{4}-Q[1-4]$/;
