import { describe, expect, it } from 'vitest';
import {
  type FlaggedSubject,
  hazardFlags,
  JUMP_THRESHOLD,
  jumpFlags,
  MIN_JUMP_BASE,
  photoReuseFlag,
  QUICK_CLOSE_MINUTES,
} from '../../src/features/assessments/flags.ts';
import type { Totals } from '../../src/features/assessments/indicators.ts';
import { FLAG_LABELS, type IndicatorKey } from '../../src/features/assessments/vocabulary.ts';

/**
 * The anti-gaming flags as built from what the month found. Which hazards close within
 * QUICK_CLOSE_MINUTES or are verified by their reporter is read in the database, tested on
 * hand-worked cases in test/api/assessment-formulas.test.ts.
 */

const hazard = (id: string, label: string): FlaggedSubject => ({ subjectType: 'hazard', subjectId: id, label });
const none = { quick_close: [], self_verified: [] };
const codes = (flags: { code: string }[]) => flags.map((f) => f.code);

describe('hazardFlags', () => {
  it('the constants are as documented', () => {
    expect(QUICK_CLOSE_MINUTES).toBe(30);
    expect(JUMP_THRESHOLD).toBe(0.2);
    expect(MIN_JUMP_BASE).toBe(5);
  });

  it('nothing unusual → no flags', () => {
    expect(hazardFlags(none)).toEqual([]);
  });

  it('one quick-close flag counting and listing the hazards closed within 30 minutes', () => {
    expect(hazardFlags({ ...none, quick_close: [hazard('q', 'YH-0007')] })).toEqual([
      {
        code: 'quick_close',
        label: FLAG_LABELS.quick_close,
        detail: '1 条隐患上报后 30 分钟内即销号',
        subjects: [{ subjectType: 'hazard', subjectId: 'q', label: 'YH-0007' }],
      },
    ]);
    const flags = hazardFlags({ ...none, quick_close: [hazard('b', 'B'), hazard('a', 'A')] });
    expect(flags[0]?.detail).toBe('2 条隐患上报后 30 分钟内即销号');
  });

  it('one self-verified flag', () => {
    expect(hazardFlags({ ...none, self_verified: [hazard('s', 'YH-0003')] })).toEqual([
      {
        code: 'self_verified',
        label: FLAG_LABELS.self_verified,
        detail: '1 条隐患由上报人本人核查销号',
        subjects: [{ subjectType: 'hazard', subjectId: 's', label: 'YH-0003' }],
      },
    ]);
  });

  it('lists the hazards in number order, whatever order they were found in', () => {
    const flags = hazardFlags({ ...none, quick_close: [hazard('c', 'YH-0003'), hazard('a', 'YH-0001'), hazard('b', 'YH-0002')] });
    expect(flags[0]?.subjects.map((s) => s.subjectId)).toEqual(['a', 'b', 'c']);
  });

  it('one hazard can raise both flags, quick_close first', () => {
    const flags = hazardFlags({ self_verified: [hazard('h1', 'YH-0001')], quick_close: [hazard('h1', 'YH-0001')] });
    expect(codes(flags)).toEqual(['quick_close', 'self_verified']);
    expect(flags.every((f) => f.subjects.length === 1 && f.subjects[0]?.subjectId === 'h1')).toBe(true);
  });
});

describe('photoReuseFlag', () => {
  it('no hazards → no flag', () => {
    expect(photoReuseFlag([])).toEqual([]);
  });

  it('one flag listing every hazard whose photo appears elsewhere, in number order', () => {
    expect(photoReuseFlag([hazard('b', 'YH-0002'), hazard('a', 'YH-0001')])).toEqual([
      {
        code: 'photo_reuse',
        label: FLAG_LABELS.photo_reuse,
        detail: '2 条隐患的照片与其他隐患相同',
        subjects: [
          { subjectType: 'hazard', subjectId: 'a', label: 'YH-0001' },
          { subjectType: 'hazard', subjectId: 'b', label: 'YH-0002' },
        ],
      },
    ]);
  });
});

describe('jumpFlags', () => {
  const totals = (entries: [IndicatorKey, number, number][]) => new Map<IndicatorKey, Totals>(entries.map(([k, n, d]) => [k, { n, d }]));

  it('no previous published month → no flags', () => {
    expect(jumpFlags(totals([['extension_rate', 5, 5]]), null)).toEqual([]);
  });

  it('flags a rise of ≥ 20 points on at least 5 subjects', () => {
    // extensions 1/10 = 10% → 2/5 = 40%: +30 points on d = 5 → flagged
    const flags = jumpFlags(totals([['extension_rate', 2, 5]]), totals([['extension_rate', 1, 10]]));
    expect(flags).toEqual([
      { code: 'extension_jump', label: FLAG_LABELS.extension_jump, detail: '延期率由上月 10% 升至 40%', subjects: [] },
    ]);
  });

  it('a rise of exactly 20 points (0% → 20%, 20% → 40%) is flagged', () => {
    // 0/4 = 0 → 1/5 = 0.2: 0.2 − 0 = 0.2 ≥ 0.2
    expect(codes(jumpFlags(totals([['extension_rate', 1, 5]]), totals([['extension_rate', 0, 4]])))).toEqual(['extension_jump']);
    // 1/5 = 0.2 → 2/5 = 0.4: 0.4 − 0.2 = 0.2 ≥ 0.2
    expect(codes(jumpFlags(totals([['rework_rate', 2, 5]]), totals([['rework_rate', 1, 5]])))).toEqual(['rework_jump']);
  });

  // A raw floating-point difference would let exact 20-point rises fall short: 3/5 − 2/5 =
  // 0.19999999999999996 and 3/10 − 1/10 = 0.19999999999999998. 40% → 60% is flagged like 20% → 40%.
  it('a rise of exactly 20 points is flagged whatever the values (40% → 60%, 10% → 30%)', () => {
    expect(codes(jumpFlags(totals([['extension_rate', 3, 5]]), totals([['extension_rate', 2, 5]])))).toEqual(['extension_jump']);
    expect(codes(jumpFlags(totals([['extension_rate', 3, 10]]), totals([['extension_rate', 1, 10]])))).toEqual(['extension_jump']);
  });

  it('a rise just under 20 points is not flagged', () => {
    // 0/100 → 19/100: +19 points
    expect(jumpFlags(totals([['extension_rate', 19, 100]]), totals([['extension_rate', 0, 100]]))).toEqual([]);
  });

  it('a rise on fewer than 5 subjects (d < 5) is not flagged; d = 5 is', () => {
    // 0/10 → 3/4 = 75%: +75 points but only 4 submissions this month
    expect(jumpFlags(totals([['rework_rate', 3, 4]]), totals([['rework_rate', 0, 10]]))).toEqual([]);
    // the same jump on 5: 0/10 → 4/5 = 80%
    expect(codes(jumpFlags(totals([['rework_rate', 4, 5]]), totals([['rework_rate', 0, 10]])))).toEqual(['rework_jump']);
  });

  it('the previous month having no data for the indicator → no flag', () => {
    // missing from previous, or present with d = 0
    expect(jumpFlags(totals([['extension_rate', 5, 5]]), totals([]))).toEqual([]);
    expect(jumpFlags(totals([['extension_rate', 5, 5]]), totals([['extension_rate', 0, 0]]))).toEqual([]);
    // previous has data only for another indicator
    expect(jumpFlags(totals([['extension_rate', 5, 5]]), totals([['rework_rate', 0, 10]]))).toEqual([]);
  });

  it('the current month having no data → no flag', () => {
    expect(jumpFlags(totals([]), totals([['extension_rate', 0, 10]]))).toEqual([]);
    expect(jumpFlags(totals([['extension_rate', 0, 0]]), totals([['extension_rate', 0, 10]]))).toEqual([]);
  });

  it('a fall, or a steady rate, is never flagged', () => {
    // 80% → 20%, and 50% → 50%
    expect(jumpFlags(totals([['extension_rate', 1, 5]]), totals([['extension_rate', 4, 5]]))).toEqual([]);
    expect(jumpFlags(totals([['rework_rate', 5, 10]]), totals([['rework_rate', 5, 10]]))).toEqual([]);
  });

  it('both indicators can jump at once, extension first; other indicators never flag', () => {
    // extension 0/10 → 5/10: 0% → 50%; rework 1/4 = 25% → 4/8 = 50%: +25 on d = 8
    // rectification 100% → 0% and rebound 0% → 100% are not watched
    const flags = jumpFlags(
      totals([
        ['extension_rate', 5, 10],
        ['rework_rate', 4, 8],
        ['rectification_rate', 0, 10],
        ['rebound_rate', 10, 10],
      ]),
      totals([
        ['extension_rate', 0, 10],
        ['rework_rate', 1, 4],
        ['rectification_rate', 10, 10],
        ['rebound_rate', 0, 10],
      ]),
    );
    expect(flags).toEqual([
      { code: 'extension_jump', label: FLAG_LABELS.extension_jump, detail: '延期率由上月 0% 升至 50%', subjects: [] },
      { code: 'rework_jump', label: FLAG_LABELS.rework_jump, detail: '返工率由上月 25% 升至 50%', subjects: [] },
    ]);
  });

  it('rounds the percentages in the detail: 1/3 → 33%, 2/3 → 67%', () => {
    // 1/3 = 33.3% → 4/6 = 66.7%: +33 points on d = 6
    const flags = jumpFlags(totals([['rework_rate', 4, 6]]), totals([['rework_rate', 1, 3]]));
    expect(flags[0]?.detail).toBe('返工率由上月 33% 升至 67%');
  });
});
