import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { assessmentAdjustments, assessmentItems, assessmentScores, assessments } from '../../db/schema/index.ts';
import { listIn } from '../../platform/collections.ts';
import { tenantTimeZone } from '../../platform/db/time-zone.ts';
import type { Db } from '../../platform/db/types.ts';
import { ApiError } from '../../platform/errors.ts';
import { periodOfKey } from '../duties/recurrence.ts';
import { loadPolicy } from '../hazard-config/policy-store.ts';
import { OVERSIGHT_RUBRIC } from './district-score.ts';
import * as source from './facts.ts';
import { type ClosedHazard, type Flag, hazardFlags, jumpFlags, photoReuseFlag } from './flags.ts';
import {
  type CountedItem,
  type Fact,
  facilityFacts,
  hazardFacts,
  lookbackFacts,
  maintenanceFacts,
  placeFacts,
  type ScoringWindow,
  type Totals,
  taskFacts,
  totalsOf,
} from './indicators.ts';
import { previousMonth } from './months.ts';
import { type Adjustment, applyAdjustments, rankScores, scoreIndicators } from './rubric.ts';
import { rubricsInForce } from './rubric-store.ts';
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

const DISTRICT = Symbol('district');
type Bucket = string | typeof DISTRICT;

/** Facts grouped by the unit they count for; each source row also counts once for the district. */
class Ledger {
  readonly byUnit = new Map<Bucket, Fact[]>();
  readonly closedByUnit = new Map<string, ClosedHazard[]>();
  readonly reusedByUnit = new Map<string, { id: string; number: string }[]>();

  add(units: readonly (string | null)[], facts: readonly Fact[]): void {
    if (!facts.length) return;
    for (const bucket of [DISTRICT, ...new Set(units.filter((u): u is string => u !== null))] as Bucket[]) {
      const list = listIn(this.byUnit, bucket);
      for (const f of facts) list.push(f);
    }
  }

  push<T>(map: Map<string, T[]>, units: readonly (string | null)[], row: T): void {
    for (const u of new Set(units)) if (u) listIn(map, u).push(row);
  }
}

/** Reads the district's month and scores every street, community and company. Pure after the reads. */
async function scoreMonth(tx: Db, tenantId: string, month: string, w: ScoringWindow) {
  // One after the other: a transaction is one connection.
  const directory = await source.loadDirectory(tx, tenantId);
  const rubrics = await rubricsInForce(tx, tenantId, month);
  const { respondHours } = await loadPolicy(tx, tenantId);
  const hazards = await source.loadHazards(tx, tenantId, w, respondHours);
  const reused = await source.loadReusedPhotos(tx, tenantId, w);
  const lookbacks = await source.loadLookbacks(tx, tenantId, w);
  const targets = await source.loadTargets(tx, tenantId, w);
  const facilities = await source.loadFacilities(tx, tenantId);
  const maintenance = await source.loadMaintenanceDue(tx, tenantId, month, w.asOf);
  const tasks = await source.loadTasks(tx, tenantId, w);
  const counts = await source.loadHazardCounts(tx, tenantId, w, respondHours);
  const ledger = new Ledger();
  const area = (orgUnitId: string) => {
    const a = directory.areaOf(orgUnitId);
    return [a.streetId, a.communityId];
  };
  for (const h of hazards) {
    const units = [...area(h.orgUnitId), h.companyId];
    ledger.add(units, hazardFacts(h, w));
    ledger.push(ledger.closedByUnit, units, h);
  }
  for (const h of reused) ledger.push(ledger.reusedByUnit, [...area(h.orgUnitId), h.companyId], h);
  for (const l of lookbacks) ledger.add([...area(l.orgUnitId), l.companyId], lookbackFacts(l, w));
  for (const t of targets) ledger.add(area(t.orgUnitId), placeFacts(t));
  for (const f of facilities) ledger.add([...area(f.orgUnitId), directory.companyOf(f.orgUnitId)], facilityFacts(f));
  for (const m of maintenance) ledger.add([...area(m.compoundId), m.companyId], maintenanceFacts(m));
  for (const t of tasks) ledger.add([t.orgUnitId ?? t.companyId], taskFacts(t, w));

  const district = totalsOf(ledger.byUnit.get(DISTRICT) ?? []);
  const districtScore = scoreIndicators(OVERSIGHT_RUBRIC, district);
  const units = directory.units.map((unit) => {
    const facts = ledger.byUnit.get(unit.id) ?? [];
    const rubric = rubrics[unit.kind];
    const totals = totalsOf(facts);
    const scored = scoreIndicators(rubric.indicators, totals);
    const flags: Flag[] = [
      ...hazardFlags(ledger.closedByUnit.get(unit.id) ?? [], w),
      ...photoReuseFlag(ledger.reusedByUnit.get(unit.id) ?? []),
    ];
    const items = rubric.indicators.map((r) => ({
      indicator: r.key,
      items: facts.filter((f) => f.indicator === r.key).map(({ indicator: _, ...item }): CountedItem => item),
    }));
    return { unit, rubricVersionId: rubric.id, totals, ...scored, flags, items };
  });
  return {
    units,
    district: {
      score: districtScore.base,
      indicators: districtScore.indicators,
      counts: {
        hazardsReported: counts.reported,
        hazardsFixed: district.get('avg_days_to_fix')?.d ?? 0,
        hazardsOverdue: counts.overdue,
        places: district.get('patrol_coverage')?.d ?? 0,
        placesPatrolled: district.get('patrol_coverage')?.n ?? 0,
        placesInspected: district.get('inspection_coverage')?.n ?? 0,
      },
    },
  };
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
  const scored = await scoreMonth(tx, tenantId, month, w);
  const district = {
    districtScore: scored.district.score,
    districtIndicators: scored.district.indicators,
    districtCounts: scored.district.counts,
  };

  let draft = revisions.find((r) => r.status === 'draft');
  let created = false;
  if (draft) {
    await tx.delete(assessmentScores).where(eq(assessmentScores.assessmentId, draft.id));
    await tx.delete(assessmentItems).where(eq(assessmentItems.assessmentId, draft.id));
    await tx
      .update(assessments)
      .set({
        asOf: w.asOf,
        computedAt: now,
        computedBy: by.userId,
        ...district,
        ...(by.note ? { note: by.note } : {}),
        version: sql`${assessments.version} + 1`,
      })
      .where(eq(assessments.id, draft.id));
  } else {
    const latest = revisions[0];
    const [made] = await tx
      .insert(assessments)
      .values({
        tenantId,
        month,
        revision: (latest?.revision ?? 0) + 1,
        asOf: w.asOf,
        computedAt: now,
        computedBy: by.userId,
        note: by.note ?? '',
        ...district,
      })
      .returning({ id: assessments.id, revision: assessments.revision, status: assessments.status });
    draft = made!;
    created = true;
    if (latest) await carryAdjustments(tx, tenantId, latest.id, draft.id);
  }

  const previous = await previousTotals(tx, tenantId, month);
  const adjustments = await activeAdjustments(tx, draft.id);
  const rows = scored.units.map(({ unit, rubricVersionId, indicators, base, flags, totals }) => ({
    tenantId,
    assessmentId: draft.id,
    unitId: unit.id,
    unitKind: unit.kind,
    unitName: unit.name,
    parentName: unit.parentName,
    rubricVersionId,
    indicators,
    totals: Object.fromEntries(totals),
    base,
    flags: [...flags, ...jumpFlags(totals, previous.get(unit.id) ?? null)],
    ...applyAdjustments(base, adjustments.get(unit.id) ?? []),
    rank: null as number | null,
  }));
  rankWithinKinds(rows);
  for (let i = 0; i < rows.length; i += 500) await tx.insert(assessmentScores).values(rows.slice(i, i + 500));
  const items = scored.units.flatMap(({ unit, items }) =>
    items.filter((x) => x.items.length).map((x) => ({ tenantId, assessmentId: draft.id, unitId: unit.id, ...x })),
  );
  for (let i = 0; i < items.length; i += 200) await tx.insert(assessmentItems).values(items.slice(i, i + 200));
  return { assessmentId: draft.id, revision: draft.revision, created };
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
