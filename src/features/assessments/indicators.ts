import type { CountedSubject } from './vocabulary.ts';

/**
 * The pure side of the indicators: the month scored, Σn and Σd, the ratio, what a drill-down item
 * is, and which facility kinds owe maintenance in a month. What each subject counts (the formulas)
 * is SQL, in facts.ts, summed per unit in the database (tally.ts).
 */

/** The month scored: [startsAt, endsAt) in the district's calendar, judged as of `asOf` (≤ endsAt). */
export interface ScoringWindow {
  startsAt: Date;
  endsAt: Date;
  asOf: Date;
}

/** One subject an indicator counted, as the drill-down lists it: its share n of the numerator and d of the denominator. */
export interface CountedItem {
  subjectType: CountedSubject;
  subjectId: string;
  /** A hazard's number, a place's name, a task's title… */
  label: string;
  n: number;
  d: number;
}

/**
 * Whether a kind maintained at `frequency` owes a record in `month` (YYYY-MM), and the period its
 * record must fall in: monthly kinds every month; quarterly kinds in the quarter's last month, for
 * the whole quarter (a record in any month of the quarter keeps it).
 */
export function maintenanceOwed(frequency: 'monthly' | 'quarterly', month: string): { owed: boolean; startsOn: string; endsOn: string } {
  const [year, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  const first = frequency === 'monthly' ? m : m - ((m - 1) % 3);
  const pad = (x: number) => String(x).padStart(2, '0');
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return {
    owed: frequency === 'monthly' || m % 3 === 0,
    startsOn: `${year}-${pad(first)}-01`,
    endsOn: `${year}-${pad(m)}-${pad(lastDay)}`,
  };
}

export interface Totals {
  n: number;
  d: number;
}

/** Σn ÷ Σd, or null ("no data") when nothing was counted. */
/**
 * Label order, then subject id: lists of subjects (drill-down, flags) read back the same whatever
 * order the database found them in.
 */
export const byLabel = (a: { label: string; subjectId: string }, b: { label: string; subjectId: string }) =>
  a.label < b.label ? -1 : a.label > b.label ? 1 : a.subjectId < b.subjectId ? -1 : a.subjectId > b.subjectId ? 1 : 0;

export function ratioOf(t: Totals | undefined): number | null {
  return t && t.d > 0 ? t.n / t.d : null;
}
