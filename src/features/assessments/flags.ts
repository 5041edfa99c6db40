import type { Totals } from './indicators.ts';
import { byLabel, ratioOf } from './indicators.ts';
import { FLAG_LABELS, type FlagCode, type IndicatorKey } from './vocabulary.ts';

/**
 * Anti-gaming flags (异常提示): patterns that make a score worth a second look. They are shown next
 * to the score with the subjects behind them and never change it: the committee decides. Which
 * hazards of the month show a pattern is read in the database with the month's other counts
 * (facts.ts: fixed in the month within QUICK_CLOSE_MINUTES of the report, or verified by the
 * reporter); the flags themselves are built here, pure.
 */

export const QUICK_CLOSE_MINUTES = 30;
/** A rate rising by this much (20 percentage points) on at least MIN_JUMP_BASE subjects is a jump. */
export const JUMP_THRESHOLD = 0.2;
export const MIN_JUMP_BASE = 5;

export interface FlaggedSubject {
  subjectType: 'hazard';
  subjectId: string;
  label: string;
}

export interface Flag {
  code: FlagCode;
  label: string;
  detail: string;
  subjects: FlaggedSubject[];
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const inLabelOrder = (subjects: readonly FlaggedSubject[]) => [...subjects].sort(byLabel);

/** A unit's hazards fixed in the month within QUICK_CLOSE_MINUTES of their report, and those verified by their own reporter. */
export function hazardFlags(flagged: { quick_close: readonly FlaggedSubject[]; self_verified: readonly FlaggedSubject[] }): Flag[] {
  const flags: Flag[] = [];
  if (flagged.quick_close.length) {
    flags.push({
      code: 'quick_close',
      label: FLAG_LABELS.quick_close,
      detail: `${flagged.quick_close.length} 条隐患上报后 ${QUICK_CLOSE_MINUTES} 分钟内即销号`,
      subjects: inLabelOrder(flagged.quick_close),
    });
  }
  if (flagged.self_verified.length) {
    flags.push({
      code: 'self_verified',
      label: FLAG_LABELS.self_verified,
      detail: `${flagged.self_verified.length} 条隐患由上报人本人核查销号`,
      subjects: inLabelOrder(flagged.self_verified),
    });
  }
  return flags;
}

/** Hazards of the unit whose photos (same SHA-256) also appear on another hazard. */
export function photoReuseFlag(hazards: readonly FlaggedSubject[]): Flag[] {
  if (!hazards.length) return [];
  return [
    {
      code: 'photo_reuse',
      label: FLAG_LABELS.photo_reuse,
      detail: `${hazards.length} 条隐患的照片与其他隐患相同`,
      subjects: inLabelOrder(hazards),
    },
  ];
}

const JUMPS: { code: FlagCode; indicator: IndicatorKey; name: string }[] = [
  { code: 'extension_jump', indicator: 'extension_rate', name: '延期率' },
  { code: 'rework_jump', indicator: 'rework_rate', name: '返工率' },
];

/** Extensions or rework rising sharply against the previous published month. */
export function jumpFlags(current: ReadonlyMap<IndicatorKey, Totals>, previous: ReadonlyMap<IndicatorKey, Totals> | null): Flag[] {
  if (!previous) return [];
  const flags: Flag[] = [];
  for (const j of JUMPS) {
    const now = current.get(j.indicator);
    const before = ratioOf(previous.get(j.indicator));
    const value = ratioOf(now);
    if (value === null || before === null || (now as Totals).d < MIN_JUMP_BASE) continue;
    // Compared in rounded basis points: 0.6 − 0.4 is 0.19999… in floating point.
    if (Math.round((value - before) * 10_000) >= JUMP_THRESHOLD * 10_000) {
      flags.push({ code: j.code, label: FLAG_LABELS[j.code], detail: `${j.name}由上月 ${pct(before)} 升至 ${pct(value)}`, subjects: [] });
    }
  }
  return flags;
}
