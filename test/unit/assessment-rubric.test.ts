import { describe, expect, it } from 'vitest';
import type { Totals } from '../../src/features/assessments/indicators.ts';
import {
  applyAdjustments,
  DEFAULT_RUBRICS,
  DEFAULT_TARGET_DAYS,
  earnedShare,
  type RubricIndicator,
  rankScores,
  scoreIndicators,
  versionInForce,
} from '../../src/features/assessments/rubric.ts';
import { INDICATOR_KEYS, INDICATORS, type IndicatorKey, UNIT_KINDS } from '../../src/features/assessments/vocabulary.ts';

/** The rubric arithmetic on hand-worked cases: every expected score is worked out next to it. */

const totals = (entries: [IndicatorKey, number, number][]) => new Map<IndicatorKey, Totals>(entries.map(([k, n, d]) => [k, { n, d }]));

describe('earnedShare', () => {
  it('higher-better rates earn their value', () => {
    expect(earnedShare('rectification_rate', 0.8)).toBe(0.8);
    expect(earnedShare('inspection_coverage', 0)).toBe(0);
    expect(earnedShare('task_completion', 1)).toBe(1);
  });

  it('lower-better rates earn 1 − value', () => {
    // rework 0.25 → 1 − 0.25 = 0.75
    expect(earnedShare('rework_rate', 0.25)).toBe(0.75);
    expect(earnedShare('extension_rate', 0)).toBe(1);
    expect(earnedShare('rebound_rate', 1)).toBe(0);
  });

  it('clamps rates to [0, 1] before scoring', () => {
    expect(earnedShare('rectification_rate', 1.3)).toBe(1);
    expect(earnedShare('rectification_rate', -0.2)).toBe(0);
    // lower-better: 1.5 clamps to 1 → 0; −0.5 clamps to 0 → 1
    expect(earnedShare('rework_rate', 1.5)).toBe(0);
    expect(earnedShare('rework_rate', -0.5)).toBe(1);
  });

  it('days: at or under the target earn full points, over it target ÷ value', () => {
    expect(DEFAULT_TARGET_DAYS).toBe(7);
    expect(earnedShare('avg_days_to_fix', 0)).toBe(1);
    expect(earnedShare('avg_days_to_fix', 5)).toBe(1);
    expect(earnedShare('avg_days_to_fix', 7)).toBe(1); // exactly the default target
    expect(earnedShare('avg_days_to_fix', 14)).toBe(0.5); // 7 / 14
    expect(earnedShare('avg_days_to_fix', 10.5)).toBeCloseTo(2 / 3, 12); // 7 / 10.5
    // a custom target of 3 days: 3 at target → 1; 6 → 3/6 = 0.5; 12 → 3/12 = 0.25
    expect(earnedShare('avg_days_to_fix', 3, 3)).toBe(1);
    expect(earnedShare('avg_days_to_fix', 6, 3)).toBe(0.5);
    expect(earnedShare('avg_days_to_fix', 12, 3)).toBe(0.25);
  });

  it('days are not clamped as a rate: 1.5 days is full points, not 1 − 1', () => {
    // (guards against treating days as a lower-better rate: 1 − clamp(1.5) would be 0)
    expect(earnedShare('avg_days_to_fix', 1.5)).toBe(1);
  });
});

describe('scoreIndicators', () => {
  it('all data, weights summing to 100: base = Σ weight × share', () => {
    const rubric: RubricIndicator[] = [
      { key: 'rectification_rate', weight: 50 },
      { key: 'rework_rate', weight: 30 },
      { key: 'avg_days_to_fix', weight: 20, targetDays: 5 },
    ];
    // rectification 3/4 → 50 × 0.75 = 37.5; rework 1/4 → 30 × (1 − 0.25) = 22.5; days 20/2 = 10 → 20 × 5/10 = 10
    // base = 37.5 + 22.5 + 10 = 70 (of 100)
    const { indicators, base } = scoreIndicators(
      rubric,
      totals([
        ['rectification_rate', 3, 4],
        ['rework_rate', 1, 4],
        ['avg_days_to_fix', 20, 2],
      ]),
    );
    expect(base).toBe(70);
    expect(indicators).toEqual([
      { key: 'rectification_rate', weight: 50, n: 3, d: 4, value: 0.75, points: 37.5 },
      { key: 'rework_rate', weight: 30, n: 1, d: 4, value: 0.25, points: 22.5 },
      { key: 'avg_days_to_fix', weight: 20, n: 20, d: 2, value: 10, points: 10 },
    ]);
  });

  it('leaves no-data indicators out and rescales the rest: 30 + 20 with data, 50 without → points ÷ 50 × 100', () => {
    const rubric: RubricIndicator[] = [
      { key: 'rectification_rate', weight: 30 },
      { key: 'on_time_rate', weight: 20 },
      { key: 'rebound_rate', weight: 50 },
    ];
    // 30 × 3/4 = 22.5; 20 × 1/2 = 10; rebound: no data → left out; base = 32.5 / 50 × 100 = 65
    const { indicators, base } = scoreIndicators(
      rubric,
      totals([
        ['rectification_rate', 3, 4],
        ['on_time_rate', 1, 2],
      ]),
    );
    expect(base).toBe(65);
    expect(indicators[2]).toEqual({ key: 'rebound_rate', weight: 50, n: 0, d: 0, value: null, points: null });
    expect(indicators.map((i) => i.points)).toEqual([22.5, 10, null]);
  });

  it('treats an indicator whose Σd is 0 as no data, like a missing one', () => {
    const rubric: RubricIndicator[] = [
      { key: 'patrol_coverage', weight: 40 },
      { key: 'facility_integrity', weight: 60 },
    ];
    // patrol 1/2 → 40 × 0.5 = 20; integrity d = 0 → no data; base = 20 / 40 × 100 = 50
    const { indicators, base } = scoreIndicators(
      rubric,
      totals([
        ['patrol_coverage', 1, 2],
        ['facility_integrity', 0, 0],
      ]),
    );
    expect(base).toBe(50);
    expect(indicators[1]).toMatchObject({ value: null, points: null, n: 0, d: 0 });
  });

  it('all indicators without data → base null (not 0, not 100), every points null', () => {
    const rubric: RubricIndicator[] = [
      { key: 'rectification_rate', weight: 60 },
      { key: 'task_completion', weight: 40 },
    ];
    const { indicators, base } = scoreIndicators(rubric, totals([]));
    expect(base).toBeNull();
    expect(indicators.map((i) => [i.value, i.points])).toEqual([
      [null, null],
      [null, null],
    ]);
  });

  it('an empty rubric scores nothing', () => {
    expect(scoreIndicators([], totals([['rectification_rate', 1, 1]]))).toEqual({ indicators: [], base: null });
  });

  it('computes the base from unrounded points, then rounds it to 2 decimals', () => {
    const rubric: RubricIndicator[] = [
      { key: 'rectification_rate', weight: 25 },
      { key: 'on_time_rate', weight: 15 },
    ];
    // 25 × 2/3 = 16.666…; 15 × 1/3 = 5; (21.666… / 40) × 100 = 54.1666… → 54.17
    // (adding the rounded 16.67 + 5 = 21.67 would give 54.175 → 54.18)
    const { indicators, base } = scoreIndicators(
      rubric,
      totals([
        ['rectification_rate', 2, 3],
        ['on_time_rate', 1, 3],
      ]),
    );
    expect(indicators[0]?.points).toBe(16.67);
    expect(indicators[1]?.points).toBe(5);
    expect(base).toBe(54.17);
  });

  it('uses the rubric targetDays for days, and the default 7 when none is given', () => {
    // 14 days over 1 hazard: target 7 (default) → 7/14 = 0.5 → base 50; target 14 → full → 100
    expect(scoreIndicators([{ key: 'avg_days_to_fix', weight: 10 }], totals([['avg_days_to_fix', 14, 1]])).base).toBe(50);
    expect(
      scoreIndicators([{ key: 'avg_days_to_fix', weight: 10, targetDays: undefined }], totals([['avg_days_to_fix', 14, 1]])).base,
    ).toBe(50);
    expect(scoreIndicators([{ key: 'avg_days_to_fix', weight: 10, targetDays: 14 }], totals([['avg_days_to_fix', 14, 1]])).base).toBe(100);
  });

  it('weights not summing to 100 are still scaled to 100', () => {
    // 10 × 1 + 10 × 0 = 10 of 20 → 50
    const rubric: RubricIndicator[] = [
      { key: 'patrol_coverage', weight: 10 },
      { key: 'inspection_coverage', weight: 10 },
    ];
    expect(
      scoreIndicators(
        rubric,
        totals([
          ['patrol_coverage', 4, 4],
          ['inspection_coverage', 0, 4],
        ]),
      ).base,
    ).toBe(50);
  });

  it('ignores totals for indicators the rubric does not list', () => {
    const rubric: RubricIndicator[] = [{ key: 'rectification_rate', weight: 100 }];
    // only rectification 1/2 is scored → 50; the perfect patrol coverage is not in the rubric
    const { indicators, base } = scoreIndicators(
      rubric,
      totals([
        ['rectification_rate', 1, 2],
        ['patrol_coverage', 10, 10],
      ]),
    );
    expect(base).toBe(50);
    expect(indicators).toHaveLength(1);
  });
});

describe('applyAdjustments', () => {
  it('no adjustments: final = base', () => {
    expect(applyAdjustments(72.5, [])).toEqual({ adjustment: 0, vetoed: false, final: 72.5 });
  });

  it('bonuses add and deductions subtract', () => {
    // 80 + 5 − 3 + 1.5 = 83.5; adjustment = +3.5
    expect(
      applyAdjustments(80, [
        { kind: 'bonus', points: 5 },
        { kind: 'deduction', points: 3 },
        { kind: 'bonus', points: 1.5 },
      ]),
    ).toEqual({ adjustment: 3.5, vetoed: false, final: 83.5 });
  });

  it('rounds the adjustment and the final to 2 decimals (0.1 + 0.2 is 0.3)', () => {
    // 0.1 + 0.2 = 0.30000000000000004 in floating point → 0.3; 60.1 + 0.3 = 60.4
    const r = applyAdjustments(60.1, [
      { kind: 'bonus', points: 0.1 },
      { kind: 'bonus', points: 0.2 },
    ]);
    expect(r.adjustment).toBe(0.3);
    expect(r.final).toBe(60.4);
  });

  it('never goes below 0', () => {
    // 10 − 15 = −5 → 0
    expect(applyAdjustments(10, [{ kind: 'deduction', points: 15 }])).toEqual({ adjustment: -15, vetoed: false, final: 0 });
    // exactly 0 stays 0
    expect(applyAdjustments(15, [{ kind: 'deduction', points: 15 }]).final).toBe(0);
  });

  it('a veto makes the month 0 whatever the base and bonuses, and the veto points do not count as adjustment', () => {
    expect(
      applyAdjustments(95, [
        { kind: 'bonus', points: 5 },
        { kind: 'veto', points: 100 },
      ]),
    ).toEqual({ adjustment: 5, vetoed: true, final: 0 });
  });

  it('a veto gives 0 and vetoed even when there was no data (base null)', () => {
    expect(applyAdjustments(null, [{ kind: 'veto', points: 0 }])).toEqual({ adjustment: 0, vetoed: true, final: 0 });
  });

  it('base null without a veto stays null (no data is not 0), though the adjustment is still reported', () => {
    expect(applyAdjustments(null, [])).toEqual({ adjustment: 0, vetoed: false, final: null });
    expect(applyAdjustments(null, [{ kind: 'bonus', points: 5 }])).toEqual({ adjustment: 5, vetoed: false, final: null });
  });
});

describe('rankScores', () => {
  it('ranks highest first with competition ties (1, 1, 3) and leaves null scores unranked', () => {
    const a = { id: 'a', final: 90 };
    const b = { id: 'b', final: 80 };
    const c = { id: 'c', final: 90 };
    const d = { id: 'd', final: null };
    const e = { id: 'e', final: 70 };
    const ranks = rankScores([b, d, a, e, c]);
    expect(ranks.get(a)).toBe(1);
    expect(ranks.get(c)).toBe(1);
    expect(ranks.get(b)).toBe(3);
    expect(ranks.get(e)).toBe(4);
    expect(ranks.has(d)).toBe(false);
    expect(ranks.size).toBe(4);
  });

  it('three-way tie then one below: 1, 1, 1, 4; a tie at 0 still ranks', () => {
    const rows = [{ final: 50 }, { final: 50 }, { final: 50 }, { final: 0 }, { final: 0 }];
    const ranks = rankScores(rows);
    expect(rows.map((r) => ranks.get(r))).toEqual([1, 1, 1, 4, 4]);
  });

  it('a tie below the top: 100, 80, 80, 60 → 1, 2, 2, 4', () => {
    const rows = [{ final: 80 }, { final: 60 }, { final: 100 }, { final: 80 }];
    const ranks = rankScores(rows);
    expect(rows.map((r) => ranks.get(r))).toEqual([2, 4, 1, 2]);
  });

  it('nothing scored → no ranks; does not reorder the input', () => {
    const rows = [{ final: null }, { final: null }];
    expect(rankScores(rows).size).toBe(0);
    expect(rankScores([]).size).toBe(0);
    const input = [{ final: 1 }, { final: 3 }, { final: 2 }];
    rankScores(input);
    expect(input.map((r) => r.final)).toEqual([1, 3, 2]);
  });
});

describe('versionInForce', () => {
  const v1 = { number: 1, effectiveFrom: '2026-01' };
  const v2 = { number: 2, effectiveFrom: '2026-06' };
  const v3 = { number: 3, effectiveFrom: '2027-01' };

  it('picks the newest number whose effectiveFrom is not after the month', () => {
    expect(versionInForce([v1, v2, v3], '2026-11')).toBe(v2);
    expect(versionInForce([v1, v2, v3], '2026-06')).toBe(v2); // effective from exactly this month
    expect(versionInForce([v1, v2, v3], '2026-05')).toBe(v1);
    expect(versionInForce([v1, v2, v3], '2027-03')).toBe(v3);
  });

  it('ignores a later-numbered version that takes effect in the future', () => {
    // v3 is the newest number but starts 2027-01; in 2026-12 v2 is in force
    expect(versionInForce([v3, v2, v1], '2026-12')).toBe(v2);
  });

  it('is independent of the order of the list', () => {
    expect(versionInForce([v3, v1, v2], '2026-11')).toBe(v2);
    expect(versionInForce([v2, v3, v1], '2026-11')).toBe(v2);
  });

  it('the newest number wins even if an older number starts later', () => {
    // v4 was published after v2 but made effective from 2026-03: from 2026-06 on, v4 (number 4) is still newest
    const v4 = { number: 4, effectiveFrom: '2026-03' };
    expect(versionInForce([v1, v2, v4], '2026-11')).toBe(v4);
    expect(versionInForce([v1, v2, v4], '2026-02')).toBe(v1);
  });

  it('none in force yet, or no versions at all → null', () => {
    expect(versionInForce([v1, v2, v3], '2025-12')).toBeNull();
    expect(versionInForce([], '2026-11')).toBeNull();
  });
});

describe('DEFAULT_RUBRICS', () => {
  it('has one rubric per unit kind', () => {
    expect(Object.keys(DEFAULT_RUBRICS).sort()).toEqual([...UNIT_KINDS].sort());
  });

  for (const kind of UNIT_KINDS) {
    describe(kind, () => {
      const rubric = DEFAULT_RUBRICS[kind];

      it('weights sum to 100, each positive', () => {
        expect(rubric.indicators.reduce((s, i) => s + i.weight, 0)).toBe(100);
        for (const i of rubric.indicators) expect(i.weight).toBeGreaterThan(0);
      });

      it('uses only known indicator keys, each at most once', () => {
        const keys = rubric.indicators.map((i) => i.key);
        for (const k of keys) expect(INDICATOR_KEYS).toContain(k);
        expect(new Set(keys).size).toBe(keys.length);
        expect(rubric.name.length).toBeGreaterThan(0);
      });

      it('only avg_days_to_fix carries a targetDays', () => {
        for (const i of rubric.indicators) {
          if (i.targetDays !== undefined) expect(INDICATORS[i.key].measure).toBe('days');
        }
      });

      it('a perfect month scores 100 and the worst month 0', () => {
        // perfect: higher-better 1/1, lower-better 0/1, days 1 (≤ target)
        const best = new Map<IndicatorKey, Totals>();
        const worst = new Map<IndicatorKey, Totals>();
        for (const i of rubric.indicators) {
          const def = INDICATORS[i.key];
          if (def.measure === 'days') {
            best.set(i.key, { n: 1, d: 1 });
            // 7 000 days → 7/7000 of the weight, so not exactly 0: checked separately below
            worst.set(i.key, { n: 7000, d: 1 });
          } else {
            best.set(i.key, def.better === 'higher' ? { n: 1, d: 1 } : { n: 0, d: 1 });
            worst.set(i.key, def.better === 'higher' ? { n: 0, d: 1 } : { n: 1, d: 1 });
          }
        }
        expect(scoreIndicators(rubric.indicators, best).base).toBe(100);
        // worst: every rate earns 0; days (street only, w = 5) earn 5 × 7/7000 = 0.005 of 100 → base rounds to at most 0.01
        const worstBase = scoreIndicators(rubric.indicators, worst).base;
        expect(worstBase).not.toBeNull();
        expect(worstBase as number).toBeLessThanOrEqual(0.01);
      });
    });
  }

  it('the street rubric scores the average days against the default target', () => {
    expect(DEFAULT_RUBRICS.street.indicators.find((i) => i.key === 'avg_days_to_fix')?.targetDays).toBe(DEFAULT_TARGET_DAYS);
  });
});
