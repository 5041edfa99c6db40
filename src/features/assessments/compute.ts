import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { assessmentAdjustments, assessmentScores, assessments } from '../../db/schema/index.ts';
import { listIn } from '../../platform/collections.ts';
import { tenantTimeZone } from '../../platform/db/time-zone.ts';
import type { Db } from '../../platform/db/types.ts';
import { ApiError } from '../../platform/errors.ts';
import { periodOfKey } from '../duties/recurrence.ts';
import { loadPolicy } from '../hazard-config/policy-store.ts';
import { loadFrequencies } from '../maintenance/due.ts';
import { OVERSIGHT_RUBRIC } from './district-score.ts';
import type { MonthToCount } from './facts.ts';
import { type FlaggedSubject, hazardFlags, jumpFlags, photoReuseFlag, QUICK_CLOSE_MINUTES } from './flags.ts';
import { hazardCounts, type ReusedPhotoHazard, reusedPhotoHazards } from './hazard-reads.ts';
import { maintenanceOwed, type ScoringWindow, type Totals } from './indicators.ts';
import { previousMonth } from './months.ts';
import { type Adjustment, applyAdjustments, rankScores, scoreIndicators } from './rubric.ts';
import { rubricsInForce } from './rubric-store.ts';
import { nothingCounted, tallyMonth } from './tally.ts';
import { scoredUnits } from './units.ts';
import type { IndicatorKey, UnitKind } from './vocabulary.ts';

/**
 * The month scored, in the district's calendar, judged at its end (or now, for the month under
 * way). `month` is a well-formed key (the request schema's MonthKey, or the scheduled job's).
 */
export function scoringWindow(month: string, now: Date, timeZone: string): ScoringWindow {
  const period = periodOfKey('monthly', month, timeZone);
  if (period.startsAt > now) throw new ApiError('assessment_month_not_begun', { params: { month } });
  return { startsAt: period.startsAt, endsAt: period.endsAt, asOf: period.endsAt < now ? period.endsAt : now };
}

/**
 * What counting the month needs from the district's settings: its response time (the deadline of
 * a hazard nobody routed) and, by its maintenance frequencies, the facility kinds owing a record.
 */
export async function monthToCount(tx: Db, tenantId: string, month: string, w: ScoringWindow): Promise<MonthToCount> {
  const { respondHours } = await loadPolicy(tx, tenantId);
  const maintenance = (await loadFrequencies(tx, tenantId)).flatMap(({ kind, frequency }) => {
    const due = maintenanceOwed(frequency, month);
    return due.owed ? [{ kind, startsOn: due.startsOn, endsOn: due.endsOn }] : [];
  });
  return { tenantId, w, respondHours, quickCloseMinutes: QUICK_CLOSE_MINUTES, maintenance };
}

/** The district as one unit on the standard oversight rubric, with the counts the oversight office sees. */
function districtFigures(district: ReadonlyMap<IndicatorKey, Totals>, hazards: { reported: number; overdue: number }) {
  const scored = scoreIndicators(OVERSIGHT_RUBRIC, district);
  return {
    districtScore: scored.base,
    districtIndicators: scored.indicators,
    districtCounts: {
      hazardsReported: hazards.reported,
      hazardsFixed: district.get('avg_days_to_fix')?.d ?? 0,
      hazardsOverdue: hazards.overdue,
      places: district.get('patrol_coverage')?.d ?? 0,
      placesPatrolled: district.get('patrol_coverage')?.n ?? 0,
      placesInspected: district.get('inspection_coverage')?.n ?? 0,
    },
  };
}

/** Reused-photo hazards by the units they count for. */
function reusedByUnit(hazards: readonly ReusedPhotoHazard[]): Map<string, FlaggedSubject[]> {
  const byUnit = new Map<string, FlaggedSubject[]>();
  for (const { streetId, communityId, companyId, ...subject } of hazards) {
    for (const unit of [streetId, communityId, companyId]) if (unit) listIn(byUnit, unit).push(subject);
  }
  return byUnit;
}

/** The totals each unit had in the previous month's published revision: the baseline of the jump flags. */
async function previousTotals(tx: Db, tenantId: string, month: string): Promise<Map<string, Map<IndicatorKey, Totals>>> {
  const rows = await tx
    .select({ unitId: assessmentScores.unitId, totals: assessmentScores.totals })
    .from(assessmentScores)
    .innerJoin(assessments, eq(assessments.id, assessmentScores.assessmentId))
    .where(and(eq(assessments.tenantId, tenantId), eq(assessments.month, previousMonth(month)), eq(assessments.status, 'published')));
  return new Map(rows.map((r) => [r.unitId, new Map(Object.entries(r.totals) as [IndicatorKey, Totals][])]));
}

export interface ComputeResult {
  assessmentId: string;
  revision: number;
  /** A new revision (the month's first, or a correction of a published one) rather than a recomputed draft. */
  created: boolean;
}

/**
 * Computes the month's draft: recomputes the open draft in place (its adjustments stay), or starts
 * the month's first revision, or — when the month is published — a new revision correcting it,
 * carrying the published revision's adjustments over for the committee to keep or withdraw. A
 * published revision itself is never touched (and the database refuses to, see migration 0017).
 * The month is counted in the database (tally.ts), which stores what it counted as the draft's
 * drill-down; each street, community and company is then scored here from its sums.
 */
export async function computeMonth(
  tx: Db,
  tenantId: string,
  month: string,
  now: Date,
  by: { userId: string | null; note?: string | undefined },
): Promise<ComputeResult> {
  const timeZone = await tenantTimeZone(tx, tenantId);
  const w = scoringWindow(month, now, timeZone);
  // Two computes of a month nobody computed yet would both insert revision 1: the second waits
  // here for the first to commit, then finds its draft and recomputes it.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`assessment:${tenantId}:${month}`}, 0))`);
  const revisions = await tx
    .select({ id: assessments.id, revision: assessments.revision, status: assessments.status })
    .from(assessments)
    .where(and(eq(assessments.tenantId, tenantId), eq(assessments.month, month)))
    .orderBy(desc(assessments.revision))
    .for('update');
  // What can refuse the month (no rubric version in force: 409) is read before anything is written.
  const rubrics = await rubricsInForce(tx, tenantId, month);
  const units = await scoredUnits(tx, tenantId);
  const toCount = await monthToCount(tx, tenantId, month, w);

  const open = revisions.find((r) => r.status === 'draft');
  // The drill-down is stored against the draft as the month is counted: the draft comes first.
  const draft = open ?? (await startRevision(tx, tenantId, month, revisions[0], w, now));
  const tally = await tallyMonth(tx, toCount, draft.id);
  const reused = reusedByUnit(await reusedPhotoHazards(tx, tenantId, w));
  await tx
    .update(assessments)
    .set({
      asOf: w.asOf,
      computedAt: now,
      computedBy: by.userId,
      ...districtFigures(tally.district.totals, await hazardCounts(tx, tenantId, w, toCount.respondHours)),
      ...(by.note ? { note: by.note } : {}),
      ...(open ? { version: sql`${assessments.version} + 1` } : {}),
    })
    .where(eq(assessments.id, draft.id));
  if (open) await tx.delete(assessmentScores).where(eq(assessmentScores.assessmentId, draft.id));

  const previous = await previousTotals(tx, tenantId, month);
  const adjustments = await activeAdjustments(tx, draft.id);
  const rows = units.map((unit) => {
    const rubric = rubrics[unit.kind];
    const { totals, flagged } = tally.units.get(unit.id) ?? nothingCounted();
    const { indicators, base } = scoreIndicators(rubric.indicators, totals);
    return {
      tenantId,
      assessmentId: draft.id,
      unitId: unit.id,
      unitKind: unit.kind,
      unitName: unit.name,
      parentName: unit.parentName,
      rubricVersionId: rubric.id,
      indicators,
      totals: Object.fromEntries(totals),
      base,
      flags: [...hazardFlags(flagged), ...photoReuseFlag(reused.get(unit.id) ?? []), ...jumpFlags(totals, previous.get(unit.id) ?? null)],
      ...applyAdjustments(base, adjustments.get(unit.id) ?? []),
      rank: null as number | null,
    };
  });
  rankWithinKinds(rows);
  await insertScores(tx, rows);
  return { assessmentId: draft.id, revision: draft.revision, created: !open };
}

/**
 * The draft's scores in one statement: the rows as one JSON parameter, expanded in the database.
 * A district's 250 rows as 3,750 bound values through drizzle's insert took ~50 ms, this ~40.
 */
async function insertScores(tx: Db, rows: readonly (typeof assessmentScores.$inferInsert)[]): Promise<void> {
  await tx.execute(sql`insert into assessment_scores (tenant_id, assessment_id, unit_id, unit_kind, unit_name, parent_name,
      rubric_version_id, indicators, totals, base, adjustment, vetoed, final, rank, flags)
    select "tenantId", "assessmentId", "unitId", "unitKind", "unitName", "parentName", "rubricVersionId", indicators, totals, base,
      adjustment, vetoed, final, rank, flags
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r("tenantId" uuid, "assessmentId" uuid, "unitId" uuid, "unitKind" text,
      "unitName" text, "parentName" text, "rubricVersionId" uuid, indicators jsonb, totals jsonb, base float8, adjustment float8,
      vetoed boolean, final float8, rank int, flags jsonb)`);
}

/**
 * The month's next revision: its first, or a correction of the published one, carrying over the
 * adjustments in force there. Born a draft with empty district figures, which computeMonth fills
 * in once the month is counted, in the same transaction.
 */
async function startRevision(
  tx: Db,
  tenantId: string,
  month: string,
  latest: { id: string; revision: number } | undefined,
  w: ScoringWindow,
  now: Date,
): Promise<{ id: string; revision: number }> {
  const [made] = await tx
    .insert(assessments)
    .values({
      tenantId,
      month,
      revision: (latest?.revision ?? 0) + 1,
      asOf: w.asOf,
      computedAt: now,
      districtIndicators: [],
      districtCounts: { hazardsReported: 0, hazardsFixed: 0, hazardsOverdue: 0, places: 0, placesPatrolled: 0, placesInspected: 0 },
    })
    .returning({ id: assessments.id, revision: assessments.revision });
  if (latest) await carryAdjustments(tx, tenantId, latest.id, made!.id);
  return made!;
}

export function rankWithinKinds<T extends { unitKind: UnitKind; final: number | null; rank: number | null }>(rows: T[]): void {
  for (const kind of ['street', 'community', 'company'] as const) {
    const ranks = rankScores(rows.filter((r) => r.unitKind === kind));
    for (const [row, rank] of ranks) row.rank = rank;
  }
}

/** The adjustments in force in a revision (not withdrawn), by unit. */
export async function activeAdjustments(tx: Db, assessmentId: string): Promise<Map<string, Adjustment[]>> {
  const rows = await tx
    .select({ unitId: assessmentAdjustments.unitId, kind: assessmentAdjustments.kind, points: assessmentAdjustments.points })
    .from(assessmentAdjustments)
    .where(and(eq(assessmentAdjustments.assessmentId, assessmentId), isNull(assessmentAdjustments.withdrawnAt)));
  const byUnit = new Map<string, Adjustment[]>();
  for (const r of rows) listIn(byUnit, r.unitId).push(r);
  return byUnit;
}

async function carryAdjustments(tx: Db, tenantId: string, fromId: string, toId: string): Promise<void> {
  const rows = await tx
    .select()
    .from(assessmentAdjustments)
    .where(and(eq(assessmentAdjustments.assessmentId, fromId), isNull(assessmentAdjustments.withdrawnAt)));
  if (!rows.length) return;
  await tx.insert(assessmentAdjustments).values(
    rows.map((r) => ({
      tenantId,
      assessmentId: toId,
      unitId: r.unitId,
      kind: r.kind,
      points: r.points,
      reason: r.reason,
      createdBy: r.createdBy,
      createdAt: r.createdAt,
      carriedFromId: r.carriedFromId ?? r.id,
    })),
  );
}

/** After an adjustment changes: every unit's final score and rank in the draft, from its base. */
export async function refreshFinals(tx: Db, assessmentId: string): Promise<void> {
  const rows = await tx
    .select({
      unitId: assessmentScores.unitId,
      unitKind: assessmentScores.unitKind,
      base: assessmentScores.base,
      final: assessmentScores.final,
      rank: assessmentScores.rank,
      adjustment: assessmentScores.adjustment,
      vetoed: assessmentScores.vetoed,
    })
    .from(assessmentScores)
    .where(eq(assessmentScores.assessmentId, assessmentId));
  const adjustments = await activeAdjustments(tx, assessmentId);
  const next = rows.map((r) => ({ ...r, ...applyAdjustments(r.base, adjustments.get(r.unitId) ?? []), rank: null as number | null }));
  rankWithinKinds(next);
  for (const [i, r] of next.entries()) {
    const before = rows[i]!;
    if (before.final === r.final && before.rank === r.rank && before.adjustment === r.adjustment && before.vetoed === r.vetoed) continue;
    await tx
      .update(assessmentScores)
      .set({ final: r.final, rank: r.rank, adjustment: r.adjustment, vetoed: r.vetoed })
      .where(and(eq(assessmentScores.assessmentId, assessmentId), eq(assessmentScores.unitId, r.unitId)));
  }
}
