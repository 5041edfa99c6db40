import type { OrgUnitKind } from '../registry/vocabulary.ts';

/**
 * Patrols (巡查) and coverage (巡查覆盖率): the fixed choices. PATROL_RESULTS lives with the
 * inspections' vocabulary, beside the table.
 */

/** What a patrol without a place may name: an area someone can walk round. Streets are too big. */
export const PATROL_UNIT_KINDS = ['community', 'village', 'compound', 'building'] as const satisfies readonly OrgUnitKind[];

/** How far back a check-in may be dated (a phone offline for days catches up), and the clock skew forgiven. */
export const BACKDATE_DAYS = 7;
export const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The levels coverage is reported at. The org tree has no grid (网格) kind yet: a grid member is
 * assigned to a community, so `grid` is the community for now (the same rows as `community`).
 */
export const COVERAGE_LEVELS = ['grid', 'community', 'street'] as const;
export type CoverageLevel = (typeof COVERAGE_LEVELS)[number];

/**
 * Per level: the kinds of unit reported, and the depth they sit at. The tree is strict
 * (ORG_UNIT_PARENT_KINDS): street/town at depth 1, community/village at 2, compound at 3,
 * building at 4, so a unit's ancestor at depth d is segment d of its path ("/street/community/…/").
 */
export const COVERAGE_LEVEL_UNITS: Record<CoverageLevel, { kinds: readonly OrgUnitKind[]; depth: number }> = {
  grid: { kinds: ['community', 'village'], depth: 2 },
  community: { kinds: ['community', 'village'], depth: 2 },
  street: { kinds: ['street', 'town'], depth: 1 },
};

/** Depth of compounds: a compound or building's compound is segment 3 of its path. */
export const COMPOUND_DEPTH = 3;

/** Gaps listed per unit (the count is always complete). */
export const GAP_CAP = 200;
