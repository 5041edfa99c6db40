import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addMonths, MONTH_PATTERN, monthsOfQuarter, monthsUpTo, previousMonth } from '../../src/features/assessments/months.ts';

/** Month arithmetic, and the rule that the assessment's rule modules stay pure. */

describe('addMonths', () => {
  it('moves across years both ways', () => {
    expect(addMonths('2026-11', 1)).toBe('2026-12');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-03', -15)).toBe('2024-12');
    expect(addMonths('2026-03', 0)).toBe('2026-03');
    expect(previousMonth('2000-01')).toBe('1999-12');
  });

  it('always writes a four-digit year (never "112-06")', () => {
    // 0113-10 − 16 months: the key a malformed ranking trend used to show as "112-06".
    expect(addMonths('0113-10', -16)).toBe('0112-06');
    expect(addMonths('0001-01', -1)).toBe('0000-12');
    expect(addMonths('9999-11', 1)).toBe('9999-12');
  });

  it('refuses a malformed key, a fractional shift and a year outside 0000–9999 with a RangeError', () => {
    for (const bad of ['2026-13', '2026-00', '26-01', '2026-1', ' 2026-01', '2026-01-01', '']) {
      expect(() => addMonths(bad, 1), bad).toThrow(RangeError);
    }
    expect(() => addMonths('2026-01', 0.5)).toThrow(RangeError);
    expect(() => addMonths('0000-01', -1)).toThrow(RangeError);
    expect(() => addMonths('9999-12', 1)).toThrow(RangeError);
  });

  it('gives a well-formed month for every request month and every shift the API makes (a quarter back, 24 months of trend)', () => {
    for (let year = 2000; year <= 2099; year++) {
      for (let m = 1; m <= 12; m++) {
        const month = `${year}-${String(m).padStart(2, '0')}`;
        for (const delta of [-26, -23, -3, -1, 0]) expect(addMonths(month, delta)).toMatch(MONTH_PATTERN);
      }
    }
  });
});

describe('monthsUpTo and monthsOfQuarter', () => {
  it('lists a window oldest first, ending at the month given', () => {
    expect(monthsUpTo('2026-02', 3)).toEqual(['2025-12', '2026-01', '2026-02']);
    const window = monthsUpTo('2000-01', 24);
    expect(window).toHaveLength(24);
    expect([window[0], window.at(-1)]).toEqual(['1998-02', '2000-01']);
  });

  it('gives a quarter’s three months and refuses a malformed quarter', () => {
    expect(monthsOfQuarter('2026-Q4')).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(monthsOfQuarter('2000-Q1')).toEqual(['2000-01', '2000-02', '2000-03']);
    for (const bad of ['2026-Q5', '2026-Q0', '2026Q1', '113-Q1']) expect(() => monthsOfQuarter(bad), bad).toThrow(RangeError);
  });
});

describe('the rule modules are pure (issue 11)', () => {
  const root = resolve(import.meta.dirname, '../../src/features/assessments');
  const PURE = ['indicators.ts', 'rubric.ts', 'district-score.ts', 'months.ts', 'flags.ts'];
  const FORBIDDEN = [/^drizzle-orm(\/|$)/, /^hono(\/|$)/, /^@hono\//, /\/platform\/http\//, /\/src\/db\//];

  /** Every module a file imports (type-only imports included), followed through relative imports. */
  function importsOf(file: string, seen = new Set<string>()): string[] {
    if (seen.has(file)) return [];
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s*'([^']+)'/g)].map((m) => m[1]!);
    return specifiers.flatMap((s) => {
      if (!s.startsWith('.')) return [s];
      const target = resolve(dirname(file), s);
      return [target, ...importsOf(target, seen)];
    });
  }

  for (const name of PURE) {
    it(`${name} imports neither drizzle-orm, hono, src/platform/http nor src/db`, () => {
      const imports = importsOf(resolve(root, name));
      const bad = imports.filter((i) => FORBIDDEN.some((re) => re.test(i.replaceAll('\\', '/'))));
      expect(bad).toEqual([]);
    });
  }
});
