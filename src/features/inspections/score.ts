import type { ItemResult } from './vocabulary.ts';

/** One judged item: its weight in the checklist and what the inspector found. */
export interface ScoredItem {
  weight: number;
  result: ItemResult;
}

/**
 * An inspection's score (检查得分), 0–100 with two decimals: the weight of the items that passed
 * over the weight of the items judged (passed or failed), times 100. Not-applicable items count
 * neither way, so a shop without gas is not rewarded or punished for its gas item. Null when no
 * item was judged (every item n/a): there is nothing to score, which is not the same as 0.
 *
 * Rounded half away from zero to the column's two decimals (numeric(5,2)), from the exact
 * fraction, so 2 of 3 equal items is 66.67 and never 66.66 by binary floating point.
 */
export function inspectionScore(items: readonly ScoredItem[]): number | null {
  let passed = 0;
  let judged = 0;
  for (const item of items) {
    if (!Number.isInteger(item.weight) || item.weight < 1) throw new RangeError(`weight must be a positive integer, got ${item.weight}`);
    if (item.result === 'na') continue;
    judged += item.weight;
    if (item.result === 'pass') passed += item.weight;
  }
  if (judged === 0) return null;
  // Integer arithmetic up to the rounding: hundredths of a percent = passed * 10000 / judged.
  const hundredths = Math.floor((passed * 10_000 * 2 + judged) / (2 * judged));
  return hundredths / 100;
}

/** The checklist keys without a result yet, in checklist order: completing needs none. */
export function missingKeys(keys: readonly string[], recorded: ReadonlySet<string>): string[] {
  return keys.filter((k) => !recorded.has(k));
}
