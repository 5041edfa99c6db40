import { ratioOf, type Totals } from './indicators.ts';
import { type AdjustmentKind, INDICATORS, type IndicatorKey, type UnitKind } from './vocabulary.ts';

/**
 * A rubric (考核细则) weighs indicators into a score out of 100, pure. Indicators with no data are
 * left out and the rest scaled to 100, so a community without a single hazard due is not punished
 * or rewarded for it; the breakdown says which indicators had no data.
 */

export interface RubricIndicator {
  key: IndicatorKey;
  /** Points out of the rubric's total. */
  weight: number;
  /** avg_days_to_fix only: full points at or under this many days. */
  targetDays?: number | undefined;
}

export interface IndicatorScore {
  key: IndicatorKey;
  weight: number;
  n: number;
  d: number;
  /** null = no data. */
  value: number | null;
  points: number | null;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
export const DEFAULT_TARGET_DAYS = 7;

/** The share of an indicator's weight its value earns, in [0, 1]. */
export function earnedShare(key: IndicatorKey, value: number, targetDays = DEFAULT_TARGET_DAYS): number {
  const def = INDICATORS[key];
  if (def.measure === 'days') return value <= targetDays ? 1 : targetDays / value;
  const v = Math.min(1, Math.max(0, value));
  return def.better === 'higher' ? v : 1 - v;
}

export function scoreIndicators(
  rubric: readonly RubricIndicator[],
  totals: ReadonlyMap<IndicatorKey, Totals>,
): { indicators: IndicatorScore[]; base: number | null } {
  let points = 0;
  let weighed = 0;
  const indicators = rubric.map((r): IndicatorScore => {
    const t = totals.get(r.key) ?? { n: 0, d: 0 };
    const value = ratioOf(t);
    if (value === null) return { key: r.key, weight: r.weight, n: t.n, d: t.d, value: null, points: null };
    const earned = r.weight * earnedShare(r.key, value, r.targetDays);
    points += earned;
    weighed += r.weight;
    return { key: r.key, weight: r.weight, n: t.n, d: t.d, value, points: round2(earned) };
  });
  return { indicators, base: weighed > 0 ? round2((points / weighed) * 100) : null };
}

export interface Adjustment {
  kind: AdjustmentKind;
  points: number;
}

export interface Final {
  adjustment: number;
  vetoed: boolean;
  /** null when there was no data to score and no veto. */
  final: number | null;
}

/**
 * Bonuses add, deductions subtract (never below 0); a veto (一票否决, e.g. a fatal fire) makes the
 * month 0 whatever else happened.
 */
export function applyAdjustments(base: number | null, adjustments: readonly Adjustment[]): Final {
  const vetoed = adjustments.some((a) => a.kind === 'veto');
  const adjustment = round2(
    adjustments.reduce((sum, a) => sum + (a.kind === 'bonus' ? a.points : a.kind === 'deduction' ? -a.points : 0), 0),
  );
  if (vetoed) return { adjustment, vetoed, final: 0 };
  if (base === null) return { adjustment, vetoed, final: null };
  return { adjustment, vetoed, final: round2(Math.max(0, base + adjustment)) };
}

/** Competition ranking (1, 1, 3) by final score, highest first; units without a score get no rank. */
export function rankScores<T extends { final: number | null }>(rows: readonly T[]): Map<T, number> {
  const scored = rows.filter((r) => r.final !== null).sort((a, b) => (b.final as number) - (a.final as number));
  const ranks = new Map<T, number>();
  scored.forEach((r, i) => {
    const previous = scored[i - 1];
    ranks.set(r, previous && previous.final === r.final ? (ranks.get(previous) as number) : i + 1);
  });
  return ranks;
}

/** The version in force for a month: the newest whose first month is not after it. */
export function versionInForce<V extends { number: number; effectiveFrom: string }>(versions: readonly V[], month: string): V | null {
  let best: V | null = null;
  for (const v of versions) {
    if (v.effectiveFrom <= month && (!best || v.number > best.number)) best = v;
  }
  return best;
}

/**
 * The shipped default rubrics, after the seeds: the Erqi plan's closed loop (整改率, on time), the
 * community plan's patrol and inspection coverage and duties, and the property-company rules
 * (隐患整改率、设施完好率, maintenance records) its quarterly notice scores companies on.
 */
export const DEFAULT_RUBRICS: Record<UnitKind, { name: string; indicators: RubricIndicator[] }> = {
  street: {
    name: '镇街月度考核细则',
    indicators: [
      { key: 'rectification_rate', weight: 25 },
      { key: 'on_time_rate', weight: 15 },
      { key: 'avg_days_to_fix', weight: 5, targetDays: DEFAULT_TARGET_DAYS },
      { key: 'rework_rate', weight: 5 },
      { key: 'extension_rate', weight: 5 },
      { key: 'rebound_rate', weight: 5 },
      { key: 'inspection_coverage', weight: 10 },
      { key: 'patrol_coverage', weight: 10 },
      { key: 'task_completion', weight: 10 },
      { key: 'task_on_time', weight: 5 },
      { key: 'duties_done', weight: 5 },
    ],
  },
  community: {
    name: '社区/村月度考核细则',
    indicators: [
      { key: 'rectification_rate', weight: 25 },
      { key: 'on_time_rate', weight: 15 },
      { key: 'rework_rate', weight: 5 },
      { key: 'extension_rate', weight: 5 },
      { key: 'rebound_rate', weight: 5 },
      { key: 'patrol_coverage', weight: 15 },
      { key: 'inspection_coverage', weight: 5 },
      { key: 'facility_integrity', weight: 5 },
      { key: 'task_completion', weight: 10 },
      { key: 'task_on_time', weight: 5 },
      { key: 'duties_done', weight: 5 },
    ],
  },
  company: {
    name: '物业企业消防安全履职考核细则',
    indicators: [
      { key: 'rectification_rate', weight: 30 },
      { key: 'on_time_rate', weight: 15 },
      { key: 'rework_rate', weight: 5 },
      { key: 'facility_integrity', weight: 20 },
      { key: 'maintenance_on_time', weight: 20 },
      { key: 'task_completion', weight: 10 },
    ],
  },
};
