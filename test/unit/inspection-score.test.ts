import { describe, expect, it } from 'vitest';
import { inspectionScore, missingKeys } from '../../src/features/inspections/score.ts';
import type { ItemResult } from '../../src/features/inspections/vocabulary.ts';

/** The inspection score on hand-worked cases: passed weight over judged weight, n/a left out. */
const items = (...pairs: [number, ItemResult][]) => pairs.map(([weight, result]) => ({ weight, result }));

describe('inspectionScore', () => {
  it('is 100 when every judged item passes and 0 when every judged item fails', () => {
    expect(inspectionScore(items([10, 'pass'], [20, 'pass']))).toBe(100);
    expect(inspectionScore(items([10, 'fail'], [20, 'fail']))).toBe(0);
  });

  it('weighs the items: 15 + 10 passed of 15 + 10 + 15 judged = 62.5', () => {
    expect(inspectionScore(items([15, 'pass'], [15, 'fail'], [10, 'pass']))).toBe(62.5);
  });

  it('leaves not-applicable items out of both sides: 20 of (20 + 5) = 80, the 30 n/a counts nowhere', () => {
    expect(inspectionScore(items([20, 'pass'], [5, 'fail'], [30, 'na']))).toBe(80);
  });

  it('is null when every item is not applicable (nothing judged is not 0)', () => {
    expect(inspectionScore(items([10, 'na'], [5, 'na']))).toBeNull();
    expect(inspectionScore([])).toBeNull();
  });

  it('rounds to two decimals, half up, from the exact fraction', () => {
    // 2 of 3 equal items: 66.666… → 66.67; 1 of 3: 33.333… → 33.33
    expect(inspectionScore(items([1, 'pass'], [1, 'pass'], [1, 'fail']))).toBe(66.67);
    expect(inspectionScore(items([1, 'pass'], [1, 'fail'], [1, 'fail']))).toBe(33.33);
    // 1 of 8 = 12.5 exactly; 1 of 16 = 6.25 exactly; 1 of 32 = 3.125 → 3.13 (half up)
    expect(inspectionScore(items([1, 'pass'], [7, 'fail']))).toBe(12.5);
    expect(inspectionScore(items([1, 'pass'], [15, 'fail']))).toBe(6.25);
    expect(inspectionScore(items([1, 'pass'], [31, 'fail']))).toBe(3.13);
    // 99 of 100 + 1 of weight 200: 99/101 = 98.0198… → 98.02
    expect(inspectionScore(items([99, 'pass'], [1, 'pass'], [1, 'fail'], [100, 'na']))).toBe(99.01);
  });

  it('refuses weights that are not positive integers', () => {
    expect(() => inspectionScore(items([0, 'pass']))).toThrow(RangeError);
    expect(() => inspectionScore(items([1.5, 'pass']))).toThrow(RangeError);
  });
});

describe('missingKeys', () => {
  it('lists the keys without a result, in checklist order', () => {
    expect(missingKeys(['fire_lane', 'exits', 'extinguishers', 'ebike'], new Set(['exits', 'ebike']))).toEqual([
      'fire_lane',
      'extinguishers',
    ]);
    expect(missingKeys(['a'], new Set(['a']))).toEqual([]);
  });
});
