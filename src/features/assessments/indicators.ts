import type { HazardOutcome } from '../hazards/vocabulary.ts';
import type { CountedSubject, IndicatorKey } from './vocabulary.ts';

/**
 * The indicator formulas, pure. Each source row (a hazard, a task, a place…) becomes the facts it
 * contributes: one per indicator that counts it, with its share of the numerator n and the
 * denominator d. An indicator's value is Σn ÷ Σd over its facts, and "no data" (null) when nothing
 * was counted — never a division by zero. The facts are also what the drill-down lists show.
 */

export interface Fact {
  indicator: IndicatorKey;
  subjectType: CountedSubject;
  subjectId: string;
  /** What the drill-down shows: a hazard's number, a place's name, a task's title… */
  label: string;
  n: number;
  d: number;
}

/** The month scored: [startsAt, endsAt) in the district's calendar, judged as of `asOf` (≤ endsAt). */
/** A fact as kept in the snapshot's drill-down list (its indicator and unit are the list's). */
export type CountedItem = Omit<Fact, 'indicator'>;

export interface ScoringWindow {
  startsAt: Date;
  endsAt: Date;
  asOf: Date;
}

const within = (at: Date | null, w: ScoringWindow): at is Date => at !== null && at >= w.startsAt && at < w.endsAt;
const byAsOf = (at: Date | null, w: ScoringWindow): at is Date => at !== null && at < w.asOf;
const DAY_MS = 86_400_000;

export interface HazardRow {
  id: string;
  number: string;
  reportedAt: Date;
  /** Its rectification deadline; for a hazard never routed, the deadline to route it (24-hour response). */
  dueAt: Date | null;
  closedAt: Date | null;
  outcome: HazardOutcome | null;
  rejectCount: number;
  extensionCount: number;
}

/** Closed as a duplicate or as no hazard at all: never was a hazard to fix, so never due. */
const NOT_A_DUE_HAZARD: readonly (HazardOutcome | null)[] = ['duplicate', 'not_a_hazard'];

export function hazardFacts(h: HazardRow, w: ScoringWindow): Fact[] {
  const facts: Fact[] = [];
  const fact = (indicator: IndicatorKey, n: number, d: number) =>
    facts.push({ indicator, subjectType: 'hazard', subjectId: h.id, label: h.number, n, d });
  const fixedAt = h.outcome === 'fixed' && byAsOf(h.closedAt, w) ? h.closedAt : null;
  // Due = its deadline fell in the month before the moment judged (a draft of the month under way
  // does not count what is not yet due); a closure as no hazard after that moment does not undo it.
  const neverAHazard = NOT_A_DUE_HAZARD.includes(h.outcome) && byAsOf(h.closedAt, w);
  if (within(h.dueAt, w) && byAsOf(h.dueAt, w) && !neverAHazard) {
    fact('rectification_rate', fixedAt ? 1 : 0, 1);
    fact('on_time_rate', fixedAt && fixedAt <= h.dueAt ? 1 : 0, 1);
    fact('extension_rate', h.extensionCount > 0 ? 1 : 0, 1);
  }
  if (fixedAt && within(fixedAt, w)) {
    fact('avg_days_to_fix', (fixedAt.getTime() - h.reportedAt.getTime()) / DAY_MS, 1);
    // Each rejection was a submission sent back; the last submission was accepted.
    fact('rework_rate', h.rejectCount, h.rejectCount + 1);
  }
  return facts;
}

export interface LookbackRow {
  /** `${lookbackId}:${hazardId}`: a look-back item has no id of its own. */
  id: string;
  hazardNumber: string;
  result: 'pending' | 'confirmed' | 'rebound';
  checkedAt: Date | null;
}

export function lookbackFacts(item: LookbackRow, w: ScoringWindow): Fact[] {
  if (item.result === 'pending' || !within(item.checkedAt, w) || !byAsOf(item.checkedAt, w)) return [];
  return [
    {
      indicator: 'rebound_rate',
      subjectType: 'lookback_item',
      subjectId: item.id,
      label: item.hazardNumber,
      n: item.result === 'rebound' ? 1 : 0,
      d: 1,
    },
  ];
}

/**
 * A coverage target — a place, or a compound (as on the coverage page) — and whether it was
 * inspected (a completed inspection) and patrolled (a check-in) in the window.
 */
export interface PlaceRow {
  /** Default place. */
  kind?: 'place' | 'compound';
  id: string;
  name: string;
  inspected: boolean;
  patrolled: boolean;
}

export function placeFacts(p: PlaceRow): Fact[] {
  return [
    { indicator: 'inspection_coverage', subjectType: p.kind ?? 'place', subjectId: p.id, label: p.name, n: p.inspected ? 1 : 0, d: 1 },
    { indicator: 'patrol_coverage', subjectType: p.kind ?? 'place', subjectId: p.id, label: p.name, n: p.patrolled ? 1 : 0, d: 1 },
  ];
}

export interface FacilityRow {
  id: string;
  label: string;
  count: number;
  status: 'working' | 'faulty' | 'missing';
}

/** Weighted by count: a compound's 40 extinguishers weigh 40 times its one alarm panel. */
export function facilityFacts(f: FacilityRow): Fact[] {
  if (f.count <= 0) return [];
  return [
    {
      indicator: 'facility_integrity',
      subjectType: 'facility',
      subjectId: f.id,
      label: f.label,
      n: f.status === 'working' ? f.count : 0,
      d: f.count,
    },
  ];
}

/** A (compound, facility kind) that owed maintenance in the month, and whether an accepted record covers its period. */
export interface MaintenanceDueRow {
  /** `${compoundId}:${kind}`. */
  id: string;
  label: string;
  done: boolean;
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

export function maintenanceFacts(m: MaintenanceDueRow): Fact[] {
  return [{ indicator: 'maintenance_on_time', subjectType: 'maintenance_due', subjectId: m.id, label: m.label, n: m.done ? 1 : 0, d: 1 }];
}

export interface TaskRow {
  id: string;
  title: string;
  dueAt: Date;
  completedAt: Date | null;
  cancelled: boolean;
  /** Generated from a recurring duty (会议、学习、总结…). */
  duty: boolean;
}

export function taskFacts(t: TaskRow, w: ScoringWindow): Fact[] {
  if (t.cancelled || !within(t.dueAt, w) || !byAsOf(t.dueAt, w)) return [];
  const doneAt = byAsOf(t.completedAt, w) ? t.completedAt : null;
  const fact = (indicator: IndicatorKey, n: number): Fact => ({ indicator, subjectType: 'task', subjectId: t.id, label: t.title, n, d: 1 });
  if (t.duty) return [fact('duties_done', doneAt ? 1 : 0)];
  return [fact('task_completion', doneAt ? 1 : 0), fact('task_on_time', doneAt && doneAt <= t.dueAt ? 1 : 0)];
}

export interface Totals {
  n: number;
  d: number;
}

/** Σn and Σd per indicator. */
export function totalsOf(facts: Iterable<Fact>): Map<IndicatorKey, Totals> {
  const totals = new Map<IndicatorKey, Totals>();
  for (const f of facts) {
    const t = totals.get(f.indicator) ?? { n: 0, d: 0 };
    t.n += f.n;
    t.d += f.d;
    totals.set(f.indicator, t);
  }
  return totals;
}

/** Σn ÷ Σd, or null ("no data") when nothing was counted. */
export function ratioOf(t: Totals | undefined): number | null {
  return t && t.d > 0 ? t.n / t.d : null;
}
