import { and, count, eq, sql } from 'drizzle-orm';
import { assessmentScores, assessments, districtScores } from '../../db/schema/index.ts';
import { tenantTimeZone } from '../../platform/db/time-zone.ts';
import type { Db } from '../../platform/db/types.ts';
import { ApiError } from '../../platform/errors.ts';
import { periodOfKey } from '../duties/recurrence.ts';
import { OVERSIGHT_RUBRIC_VERSION } from './district-score.ts';
import { rubricsInForce } from './rubric-store.ts';
import { UNIT_KINDS } from './vocabulary.ts';

/**
 * Publishes the month's draft: it becomes the month's published revision, frozen (migration 0017
 * refuses any later change to it, its scores, items and adjustments), the revision it corrects
 * is marked superseded, and the district's score on the standard oversight rubric goes to the
 * oversight office. `version` is the draft the committee reviewed: a recompute or an adjustment
 * since then is a 409 (assessment_draft_changed), so nobody publishes figures they have not seen.
 */
export async function publishMonth(
  tx: Db,
  tenantId: string,
  month: string,
  reviewed: { revision: number; version: number },
  userId: string,
  now: Date,
): Promise<{ assessmentId: string; revision: number }> {
  const [draft] = await tx
    .select()
    .from(assessments)
    .where(and(eq(assessments.tenantId, tenantId), eq(assessments.month, month), eq(assessments.status, 'draft')))
    .for('update');
  if (!draft) throw new ApiError('assessment_no_draft', { params: { month } });
  if (draft.revision !== reviewed.revision || draft.version !== reviewed.version) {
    throw new ApiError('assessment_draft_changed', {
      params: {
        month,
        reviewedRevision: reviewed.revision,
        reviewedVersion: reviewed.version,
        currentRevision: draft.revision,
        currentVersion: draft.version,
      },
    });
  }
  // A draft computed while the month was under way stops at its compute time: not a month's result.
  const monthEndsAt = periodOfKey('monthly', month, await tenantTimeZone(tx, tenantId)).endsAt;
  if (draft.asOf.getTime() !== monthEndsAt.getTime()) {
    throw new ApiError('assessment_computed_before_month_end', {
      params: { month, asOf: draft.asOf.toISOString(), monthEndsAt: monthEndsAt.toISOString() },
    });
  }

  // A rubric version added for this month after the draft was computed: the draft no longer says
  // what the month is scored with.
  const inForce = await rubricsInForce(tx, tenantId, month);
  const used = await tx
    .selectDistinct({ kind: assessmentScores.unitKind, id: assessmentScores.rubricVersionId })
    .from(assessmentScores)
    .where(and(eq(assessmentScores.tenantId, tenantId), eq(assessmentScores.assessmentId, draft.id)));
  const changed = [...new Set(used.filter((u) => inForce[u.kind].id !== u.id).map((u) => u.kind))].sort(
    (a, b) => UNIT_KINDS.indexOf(a) - UNIT_KINDS.indexOf(b),
  );
  if (changed.length) throw new ApiError('assessment_rubric_changed', { params: { month, unitKinds: changed } });

  await tx
    .update(assessments)
    .set({ status: 'superseded' })
    .where(and(eq(assessments.tenantId, tenantId), eq(assessments.month, month), eq(assessments.status, 'published')));
  await tx
    .update(districtScores)
    .set({ current: false })
    .where(and(eq(districtScores.tenantId, tenantId), eq(districtScores.month, month), eq(districtScores.current, true)));
  await tx
    .update(assessments)
    .set({ status: 'published', publishedAt: now, publishedBy: userId, version: sql`${assessments.version} + 1` })
    .where(eq(assessments.id, draft.id));

  const [tally] = await tx
    .select({
      assessed: count(sql`case when ${assessmentScores.final} is not null then 1 end`),
      vetoes: count(sql`case when ${assessmentScores.vetoed} then 1 end`),
    })
    .from(assessmentScores)
    .where(and(eq(assessmentScores.tenantId, tenantId), eq(assessmentScores.assessmentId, draft.id)));
  await tx.insert(districtScores).values({
    tenantId,
    assessmentId: draft.id,
    month,
    revision: draft.revision,
    rubricVersion: OVERSIGHT_RUBRIC_VERSION,
    score: draft.districtScore,
    indicators: draft.districtIndicators,
    aggregates: { ...draft.districtCounts, unitsAssessed: tally?.assessed ?? 0, vetoes: tally?.vetoes ?? 0 },
    publishedAt: now,
  });
  return { assessmentId: draft.id, revision: draft.revision };
}
