import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import { assessmentAdjustments, assessmentScores, assessments, evidence, orgUnits, rubricVersions } from '../../db/schema/index.ts';
import { hasPermission, type Principal, pathInOrgScope, scopeOf } from '../../platform/authz/scope.ts';
import type { Db } from '../../platform/db/types.ts';
import { notFound } from '../../platform/errors.ts';
import type { IndicatorScore } from './rubric.ts';
import { countedItems } from './snapshot.ts';
import { INDICATORS, type UnitKind } from './vocabulary.ts';

/** Reads of the assessment, narrowed to what the caller may see. */

export type RevisionRow = typeof assessments.$inferSelect;
export type ScoreRow = typeof assessmentScores.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentRevision(r: RevisionRow) {
  return {
    id: r.id,
    revision: r.revision,
    status: r.status,
    asOf: r.asOf.toISOString(),
    computedAt: r.computedAt.toISOString(),
    computedBy: r.computedBy,
    publishedAt: iso(r.publishedAt),
    publishedBy: r.publishedBy,
    note: r.note,
    version: r.version,
  };
}

export const withLabels = (indicators: readonly IndicatorScore[]) => indicators.map((i) => ({ ...i, label: INDICATORS[i.key].label }));

/** The committee (assessments.manage) sees drafts; everyone else only what was published. */
export const seesDrafts = (principal: Principal) => hasPermission(principal, 'assessments.manage');

export async function revisionsOf(tx: Db, principal: Principal, month: string): Promise<RevisionRow[]> {
  const rows = await tx
    .select()
    .from(assessments)
    .where(and(eq(assessments.tenantId, principal.tenantId), eq(assessments.month, month)))
    .orderBy(asc(assessments.revision));
  return seesDrafts(principal) ? rows : rows.filter((r) => r.status !== 'draft');
}

/**
 * The revision shown: the one asked for, else the draft (committee) or the published one. A
 * revision the caller may not see (a draft, for a unit's own staff) is a 404 like a missing one.
 */
export function pickRevision(revisions: readonly RevisionRow[], principal: Principal, wanted?: number): RevisionRow | null {
  if (wanted !== undefined) {
    const r = revisions.find((x) => x.revision === wanted);
    if (!r) throw notFound('assessment_revision', 'query.revision');
    return r;
  }
  return (
    (seesDrafts(principal) ? revisions.find((r) => r.status === 'draft') : undefined) ??
    revisions.find((r) => r.status === 'published') ??
    null
  );
}

/**
 * Which units' scores the caller may read: the committee every unit; a station its street and the
 * communities below; a community itself; a property company itself.
 */
export async function unitVisibility(tx: Db, principal: Principal): Promise<(unitId: string, kind: UnitKind) => boolean> {
  const scope = scopeOf(principal, 'assessments.read');
  if (scope.kind === 'tenant') return () => true;
  if (scope.kind === 'none') return () => false;
  const paths = new Map(
    // Only streets and communities are scored: the tree's two top levels.
    (
      await tx
        .select({ id: orgUnits.id, path: orgUnits.path })
        .from(orgUnits)
        .where(and(eq(orgUnits.tenantId, principal.tenantId), lte(orgUnits.depth, 2)))
    ).map((r) => [r.id, r.path]),
  );
  return (unitId, kind) => {
    if (kind === 'company') return scope.companyIds.includes(unitId);
    const path = paths.get(unitId);
    return path !== undefined && pathInOrgScope(scope, path);
  };
}

export async function scoresOf(tx: Db, tenantId: string, assessmentId: string): Promise<ScoreRow[]> {
  return tx
    .select()
    .from(assessmentScores)
    .where(and(eq(assessmentScores.tenantId, tenantId), eq(assessmentScores.assessmentId, assessmentId)))
    .orderBy(asc(assessmentScores.unitKind), asc(assessmentScores.rank), asc(assessmentScores.unitName));
}

export function presentScore(s: ScoreRow) {
  return {
    unitId: s.unitId,
    unitKind: s.unitKind,
    unitName: s.unitName,
    parentName: s.parentName,
    base: s.base,
    adjustment: s.adjustment,
    vetoed: s.vetoed,
    final: s.final,
    rank: s.rank,
    indicators: withLabels(s.indicators),
    flags: s.flags,
  };
}

export async function adjustmentsOf(tx: Db, tenantId: string, assessmentId: string, unitId?: string) {
  const rows = await tx
    .select()
    .from(assessmentAdjustments)
    .where(
      and(
        eq(assessmentAdjustments.tenantId, tenantId),
        eq(assessmentAdjustments.assessmentId, assessmentId),
        unitId ? eq(assessmentAdjustments.unitId, unitId) : undefined,
      ),
    )
    .orderBy(asc(assessmentAdjustments.createdAt));
  const files = rows.length
    ? await tx
        .select({ id: evidence.id, fileName: evidence.fileName, contentType: evidence.contentType, subjectId: evidence.subjectId })
        .from(evidence)
        .where(
          and(
            eq(evidence.tenantId, tenantId),
            eq(evidence.subjectType, 'assessment_adjustment'),
            inArray(
              evidence.subjectId,
              rows.map((r) => r.carriedFromId ?? r.id),
            ),
          ),
        )
    : [];
  return rows.map((r) => ({
    id: r.id,
    unitId: r.unitId,
    kind: r.kind,
    points: r.points,
    reason: r.reason,
    // A carried-over adjustment shows the files attached where it was first made.
    evidence: files
      .filter((f) => f.subjectId === (r.carriedFromId ?? r.id))
      .map(({ id, fileName, contentType }) => ({ id, fileName, contentType })),
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    withdrawnAt: iso(r.withdrawnAt),
  }));
}

/** One unit's breakdown in a revision, with what each indicator counted (the frozen drill-down). */
export async function unitDetail(tx: Db, tenantId: string, revision: RevisionRow, unitId: string) {
  const [score] = await tx
    .select()
    .from(assessmentScores)
    .where(
      and(eq(assessmentScores.tenantId, tenantId), eq(assessmentScores.assessmentId, revision.id), eq(assessmentScores.unitId, unitId)),
    );
  if (!score) throw notFound('assessment_unit');
  const [version] = await tx
    .select({ id: rubricVersions.id, number: rubricVersions.number, effectiveFrom: rubricVersions.effectiveFrom })
    .from(rubricVersions)
    .where(eq(rubricVersions.id, score.rubricVersionId));
  const itemsOf = await countedItems(tx, tenantId, revision.id, unitId);
  return {
    month: revision.month,
    revision: presentRevision(revision),
    score: presentScore(score),
    rubricVersion: version!,
    indicators: score.indicators.map((i) => ({
      ...i,
      label: INDICATORS[i.key].label,
      formula: INDICATORS[i.key].formula,
      measure: INDICATORS[i.key].measure,
      items: itemsOf.get(i.key) ?? [],
    })),
    adjustments: await adjustmentsOf(tx, tenantId, revision.id, unitId),
  };
}
