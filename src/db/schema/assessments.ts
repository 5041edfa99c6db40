import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { DistrictAggregates } from '../../features/assessments/district-score.ts';
import type { Flag } from '../../features/assessments/flags.ts';
import type { Totals } from '../../features/assessments/indicators.ts';
import type { IndicatorScore, RubricIndicator } from '../../features/assessments/rubric.ts';
import type { AdjustmentKind, AssessmentStatus, CountedSubject, IndicatorKey, UnitKind } from '../../features/assessments/vocabulary.ts';
import { id, tenantId, version } from './columns.ts';
import { users } from './identity.ts';

const at = () => timestamp({ withTimezone: true, precision: 3 });
const inList = (column: unknown, values: readonly string[]) => sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(', '))})`;
const MONTH = sql.raw(`'^[0-9]{4}-(0[1-9]|1[0-2])$'`);

/** 考核细则: one rubric per kind of unit in a district. Its weights live in insert-only versions. */
export const rubrics = pgTable(
  'rubrics',
  {
    id: id(),
    tenantId: tenantId(),
    unitKind: text().$type<UnitKind>().notNull(),
    name: text().notNull(),
    createdAt: at().notNull().defaultNow(),
  },
  (t) => [
    index().on(t.tenantId),
    unique('rubrics_kind_uq').on(t.tenantId, t.unitKind),
    check('rubrics_unit_kind', inList(t.unitKind, ['street', 'community', 'company'])),
  ],
);

/** A rubric as it stood from a month on: a month is scored with the newest version not starting after it. */
export const rubricVersions = pgTable(
  'rubric_versions',
  {
    id: id(),
    tenantId: tenantId(),
    rubricId: uuid()
      .notNull()
      .references(() => rubrics.id, { onDelete: 'restrict' }),
    number: integer().notNull(),
    /** YYYY-MM: the first month scored with this version. */
    effectiveFrom: text().notNull(),
    indicators: jsonb().$type<RubricIndicator[]>().notNull(),
    note: text().notNull().default(''),
    /** null for the shipped default. */
    createdBy: uuid().references(() => users.id, { onDelete: 'restrict' }),
    createdAt: at().notNull().defaultNow(),
  },
  (t) => [
    index().on(t.tenantId),
    unique('rubric_versions_number_uq').on(t.rubricId, t.number),
    check('rubric_versions_month', sql`${t.effectiveFrom} ~ ${MONTH}`),
  ],
);

/**
 * 月度考核: one row per computed revision of a district's month. A draft is recomputed in place;
 * publishing freezes it; recomputing a published month makes a new revision (a visible correction)
 * that supersedes it when published.
 */
export const assessments = pgTable(
  'assessments',
  {
    id: id(),
    tenantId: tenantId(),
    month: text().notNull(),
    revision: integer().notNull(),
    status: text().$type<AssessmentStatus>().notNull().default('draft'),
    /** The instant the figures were judged at: the month's end, or the compute time if earlier. */
    asOf: at().notNull(),
    computedAt: at().notNull(),
    /** null when the scheduled job computed it. */
    computedBy: uuid().references(() => users.id, { onDelete: 'restrict' }),
    publishedAt: at(),
    publishedBy: uuid().references(() => users.id, { onDelete: 'restrict' }),
    /** Why this revision was made (corrections of a published month). */
    note: text().notNull().default(''),
    /** The district as one unit on the standard oversight rubric; copied to district_scores on publishing. */
    districtScore: doublePrecision(),
    districtIndicators: jsonb().$type<IndicatorScore[]>().notNull(),
    districtCounts: jsonb().$type<Omit<DistrictAggregates, 'unitsAssessed' | 'vetoes'>>().notNull(),
    version: version(),
    createdAt: at().notNull().defaultNow(),
  },
  (t) => [
    index().on(t.tenantId),
    unique('assessments_revision_uq').on(t.tenantId, t.month, t.revision),
    uniqueIndex('assessments_one_draft_uq').on(t.tenantId, t.month).where(sql`${t.status} = 'draft'`),
    uniqueIndex('assessments_one_published_uq').on(t.tenantId, t.month).where(sql`${t.status} = 'published'`),
    check('assessments_month', sql`${t.month} ~ ${MONTH}`),
    check('assessments_status', inList(t.status, ['draft', 'published', 'superseded'])),
    check('assessments_published', sql`(${t.status} = 'draft') = (${t.publishedAt} is null)`),
  ],
);

/** One unit's score in one revision: indicators with their points, adjustments, rank and flags. */
export const assessmentScores = pgTable(
  'assessment_scores',
  {
    tenantId: tenantId(),
    assessmentId: uuid()
      .notNull()
      .references(() => assessments.id, { onDelete: 'cascade' }),
    unitId: uuid().notNull(),
    unitKind: text().$type<UnitKind>().notNull(),
    /** Names as they were: a unit renamed later keeps its name in a published month. */
    unitName: text().notNull(),
    parentName: text(),
    rubricVersionId: uuid()
      .notNull()
      .references(() => rubricVersions.id, { onDelete: 'restrict' }),
    indicators: jsonb().$type<IndicatorScore[]>().notNull(),
    /** Σn and Σd of every indicator, in the rubric or not: next month's jump flags compare with them. */
    totals: jsonb().$type<Partial<Record<IndicatorKey, Totals>>>().notNull(),
    base: doublePrecision(),
    adjustment: doublePrecision().notNull().default(0),
    vetoed: boolean().notNull().default(false),
    final: doublePrecision(),
    rank: integer(),
    flags: jsonb().$type<Flag[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.assessmentId, t.unitId] }), index().on(t.tenantId)],
);

/**
 * What a revision counted (the drill-down of a frozen month): one row per revision holding every
 * subject it counted, column-wise — element i of each array describes subject i: what it is, the
 * scored units it counts for (null: none of that kind) and, as JSON text, its [n, d] per indicator
 * ({"rectification_rate":[1,1],…}). Written by one insert … select in the database as the month is
 * computed (tally.ts) — 20k subjects (100k hazards) are ~1 MB compressed, tens of milliseconds as
 * one row where a row each took 70–140 ms and JSON sent from JS ~0.5 s; a unit's drill-down
 * unnests it (snapshot.ts).
 */
export const assessmentItems = pgTable(
  'assessment_items',
  {
    tenantId: tenantId(),
    assessmentId: uuid()
      .primaryKey()
      .references(() => assessments.id, { onDelete: 'cascade' }),
    subjectTypes: text().array().$type<CountedSubject[]>().notNull(),
    subjectIds: text().array().notNull(),
    labels: text().array().notNull(),
    streetIds: uuid().array().notNull(),
    communityIds: uuid().array().notNull(),
    companyIds: uuid().array().notNull(),
    counts: text().array().notNull(),
  },
  (t) => [index().on(t.tenantId)],
);

/** 加分 / 扣分 / 一票否决, with the committee's written reason; withdrawn, never deleted. */
export const assessmentAdjustments = pgTable(
  'assessment_adjustments',
  {
    id: id(),
    tenantId: tenantId(),
    assessmentId: uuid()
      .notNull()
      .references(() => assessments.id, { onDelete: 'cascade' }),
    unitId: uuid().notNull(),
    kind: text().$type<AdjustmentKind>().notNull(),
    points: doublePrecision().notNull(),
    reason: text().notNull(),
    createdBy: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    createdAt: at().notNull().defaultNow(),
    withdrawnAt: at(),
    withdrawnBy: uuid().references(() => users.id, { onDelete: 'restrict' }),
    /** The adjustment of the revision this one was carried over from (a correction): its evidence is shared. */
    carriedFromId: uuid(),
  },
  (t) => [
    index().on(t.tenantId),
    index().on(t.assessmentId),
    check('assessment_adjustments_kind', inList(t.kind, ['bonus', 'deduction', 'veto'])),
    check('assessment_adjustments_points', sql`${t.points} >= 0 and ${t.points} <= 100 and (${t.kind} <> 'veto' or ${t.points} = 0)`),
  ],
);

/**
 * The district's own score on the standard oversight rubric, written when a month is published.
 * The only rows an oversight office reads: besides the district's tenant_isolation policy, an
 * oversight_read policy (migration 0017) lets the offices above the district SELECT them.
 */
export const districtScores = pgTable(
  'district_scores',
  {
    tenantId: tenantId(),
    assessmentId: uuid()
      .primaryKey()
      .references(() => assessments.id, { onDelete: 'restrict' }),
    month: text().notNull(),
    revision: integer().notNull(),
    /** false once a later revision of the month is published. */
    current: boolean().notNull().default(true),
    rubricVersion: text().notNull(),
    score: doublePrecision(),
    indicators: jsonb().$type<IndicatorScore[]>().notNull(),
    aggregates: jsonb().$type<DistrictAggregates>().notNull(),
    publishedAt: at().notNull(),
  },
  (t) => [
    index().on(t.tenantId),
    index('district_scores_month_idx').on(t.month, t.current),
    uniqueIndex('district_scores_one_current_uq').on(t.tenantId, t.month).where(sql`${t.current}`),
  ],
);
