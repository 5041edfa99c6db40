import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localDayRange } from '../../src/features/hazard-config/lookbacks/period.ts';
import { sampleSize } from '../../src/features/hazard-config/lookbacks/sample.ts';
import { partyProblems } from '../../src/features/hazard-config/routing/party.ts';
import { pickRule, type RuleForPick, ruleMatches } from '../../src/features/hazard-config/routing/pick.ts';

/** An org tree of paths: street S, its community C, its compound K; another street T. */
const S = '/s/';
const C = '/s/c/';
const K = '/s/c/k/';
const T = '/t/';
const gas = 'cat-gas';
const ebike = 'cat-ebike';

const rule = (id: string, categoryId: string | null, orgUnitPath: string | null, priority = 0): RuleForPick => ({
  id,
  categoryId,
  orgUnitPath,
  priority,
});

describe('ruleMatches', () => {
  it('matches an unset or equal category and an unset or containing area', () => {
    const hazard = { categoryId: gas, orgUnitPath: K };
    expect(ruleMatches(rule('a', null, null), hazard)).toBe(true);
    expect(ruleMatches(rule('a', gas, null), hazard)).toBe(true);
    expect(ruleMatches(rule('a', null, S), hazard)).toBe(true);
    expect(ruleMatches(rule('a', null, K), hazard)).toBe(true);
    expect(ruleMatches(rule('a', ebike, null), hazard)).toBe(false);
    expect(ruleMatches(rule('a', null, T), hazard)).toBe(false);
    // An area below the hazard's does not contain it.
    expect(ruleMatches(rule('a', null, K), { categoryId: gas, orgUnitPath: C })).toBe(false);
  });

  it('lets a hazard without category or area match only the rules that do not ask for them', () => {
    expect(ruleMatches(rule('a', gas, null), { categoryId: null, orgUnitPath: K })).toBe(false);
    expect(ruleMatches(rule('a', null, S), { categoryId: gas, orgUnitPath: null })).toBe(false);
    expect(ruleMatches(rule('a', null, null), { categoryId: null, orgUnitPath: null })).toBe(true);
  });

  it('compares whole path segments, not name prefixes', () => {
    expect(ruleMatches(rule('a', null, '/s/'), { categoryId: null, orgUnitPath: '/s2/x/' })).toBe(false);
  });
});

describe('pickRule', () => {
  const hazard = { categoryId: gas, orgUnitPath: K };

  it('returns null when nothing matches', () => {
    expect(pickRule([], hazard)).toBeNull();
    expect(pickRule([rule('a', ebike, null), rule('b', null, T)], hazard)).toBeNull();
  });

  it('prefers category + area over category alone over area alone over the district default', () => {
    const everywhere = rule('everywhere', null, null, 100);
    const byArea = rule('byArea', null, K, 50);
    const byCategory = rule('byCategory', gas, null, 10);
    const both = rule('both', gas, S, 0);
    expect(pickRule([everywhere, byArea, byCategory, both], hazard)?.id).toBe('both');
    expect(pickRule([everywhere, byArea, byCategory], hazard)?.id).toBe('byCategory');
    expect(pickRule([everywhere, byArea], hazard)?.id).toBe('byArea');
    expect(pickRule([everywhere], hazard)?.id).toBe('everywhere');
  });

  it('prefers the deeper area, whatever the priority', () => {
    const street = rule('street', gas, S, 99);
    const community = rule('community', gas, C, 1);
    const compound = rule('compound', gas, K, 0);
    expect(pickRule([street, community, compound], hazard)?.id).toBe('compound');
    expect(pickRule([street, community], hazard)?.id).toBe('community');
    expect(pickRule([street, community], { categoryId: gas, orgUnitPath: '/s/other/' })?.id).toBe('street');
  });

  it('breaks ties between equally specific rules by priority, then by id', () => {
    expect(pickRule([rule('low', gas, null, 1), rule('high', gas, null, 5)], hazard)?.id).toBe('high');
    expect(pickRule([rule('b', gas, null, 5), rule('a', gas, null, 5)], hazard)?.id).toBe('a');
  });

  it('never depends on the order of the rules, and always returns a matching one', () => {
    const cats = [gas, ebike, null];
    const paths = [S, C, K, T, null];
    const arbRule = fc.record({
      id: fc.uuid(),
      categoryId: fc.constantFrom(...cats),
      orgUnitPath: fc.constantFrom(...paths),
      priority: fc.integer({ min: -3, max: 3 }),
    });
    const arbHazard = fc.record({ categoryId: fc.constantFrom(...cats), orgUnitPath: fc.constantFrom(...paths) });
    fc.assert(
      fc.property(fc.uniqueArray(arbRule, { selector: (r) => r.id, maxLength: 12 }), arbHazard, (rules, h) => {
        const picked = pickRule(rules, h);
        const reversed = pickRule([...rules].reverse(), h);
        expect(reversed?.id).toBe(picked?.id);
        if (picked) expect(ruleMatches(picked, h)).toBe(true);
        else expect(rules.some((r) => ruleMatches(r, h))).toBe(false);
      }),
    );
  });
});

describe('partyProblems', () => {
  it('wants exactly the target the kind needs', () => {
    expect(partyProblems('company', { partyCompanyId: 'c' })).toEqual([]);
    expect(partyProblems('place_owner', {})).toEqual([]);
    expect(partyProblems('department', {}).map((p) => p.path)).toEqual(['partyDepartmentId']);
    expect(partyProblems('org_unit', { partyOrgUnitId: 'o', partyCompanyId: 'c' }).map((p) => p.path)).toEqual(['partyCompanyId']);
    expect(partyProblems('place_owner', { partyDepartmentId: 'd' }).map((p) => p.path)).toEqual(['partyDepartmentId']);
    expect(partyProblems('company', { partyCompanyId: null })).toEqual([{ path: 'partyCompanyId', code: 'required' }]);
    expect(partyProblems('place_owner', { partyOrgUnitId: 'o' })).toEqual([{ path: 'partyOrgUnitId', code: 'not_applicable' }]);
  });
});

describe('look-back period and sample size', () => {
  it('covers whole local days in the tenant’s zone', () => {
    expect(localDayRange('2026-01-01', '2026-01-31', 'Asia/Shanghai')).toEqual({
      start: new Date('2025-12-31T16:00:00.000Z'),
      end: new Date('2026-01-31T15:59:59.999Z'),
    });
    // Across a month end and a leap day, in another zone.
    expect(localDayRange('2028-02-29', '2028-02-29', 'UTC')).toEqual({
      start: new Date('2028-02-29T00:00:00.000Z'),
      end: new Date('2028-02-29T23:59:59.999Z'),
    });
    // A daylight-saving day is 23 hours long.
    const dst = localDayRange('2026-03-29', '2026-03-29', 'Europe/Berlin');
    expect(dst.start.toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(dst.end.toISOString()).toBe('2026-03-29T21:59:59.999Z');
  });

  it('caps a size at the population and rounds a percentage up', () => {
    expect(sampleSize(10, { size: 3 })).toBe(3);
    expect(sampleSize(2, { size: 5 })).toBe(2);
    expect(sampleSize(0, { size: 5 })).toBe(0);
    expect(sampleSize(10, { percent: 25 })).toBe(3);
    expect(sampleSize(1, { percent: 1 })).toBe(1);
    expect(sampleSize(0, { percent: 100 })).toBe(0);
    expect(sampleSize(7, { percent: 100 })).toBe(7);
  });
});
