import { and, eq, isNull, sql } from 'drizzle-orm';
import { assessmentAdjustments, assessmentScores, assessments } from '../../db/schema/index.ts';
import type { Principal } from '../../platform/authz/scope.ts';
import type { Db } from '../../platform/db/types.ts';
import { ApiError, notFound } from '../../platform/errors.ts';
import { attachEvidence } from '../evidence/attach.ts';
import { refreshFinals } from './compute.ts';
import type { AdjustmentKind } from './vocabulary.ts';

/** 加分 / 扣分 / 一票否决 on the month's draft: a published month takes none (recompute it to correct it). */

const MAX_FILES_PER_ADJUSTMENT = 10;

async function lockedDraft(tx: Db, tenantId: string, month: string) {
  const rows = await tx
    .select({ id: assessments.id, status: assessments.status })
    .from(assessments)
    .where(and(eq(assessments.tenantId, tenantId), eq(assessments.month, month)))
    .for('update');
  const draft = rows.find((r) => r.status === 'draft');
  if (draft) return draft;
  if (rows.length) throw new ApiError('assessment_frozen', { params: { month } });
  throw new ApiError('assessment_not_computed', { params: { month } });
}

const bumpVersion = (tx: Db, id: string) =>
  tx
    .update(assessments)
    .set({ version: sql`${assessments.version} + 1` })
    .where(eq(assessments.id, id));

export async function addAdjustment(
  tx: Db,
  principal: Principal,
  month: string,
  input: { unitId: string; kind: AdjustmentKind; points: number; reason: string; evidenceIds: string[] },
): Promise<{ id: string; assessmentId: string }> {
  const draft = await lockedDraft(tx, principal.tenantId, month);
  const [unit] = await tx
    .select({ unitId: assessmentScores.unitId })
    .from(assessmentScores)
    .where(and(eq(assessmentScores.assessmentId, draft.id), eq(assessmentScores.unitId, input.unitId)));
  if (!unit) throw notFound('assessment_unit', 'unitId');
  const [made] = await tx
    .insert(assessmentAdjustments)
    .values({
      tenantId: principal.tenantId,
      assessmentId: draft.id,
      unitId: input.unitId,
      kind: input.kind,
      points: input.points,
      reason: input.reason,
      createdBy: principal.userId,
    })
    .returning({ id: assessmentAdjustments.id });
  await attachEvidence(tx, {
    tenantId: principal.tenantId,
    userId: principal.userId,
    subject: { type: 'assessment_adjustment', id: made!.id },
    evidenceIds: input.evidenceIds,
    stage: 'verification',
    maxFiles: MAX_FILES_PER_ADJUSTMENT,
  });
  await refreshFinals(tx, draft.id);
  await bumpVersion(tx, draft.id);
  return { id: made!.id, assessmentId: draft.id };
}

/** Withdrawn, not deleted: the draft's history of adjustments stays readable. */
export async function withdrawAdjustment(
  tx: Db,
  principal: Principal,
  month: string,
  id: string,
  now: Date,
): Promise<{ assessmentId: string }> {
  const draft = await lockedDraft(tx, principal.tenantId, month);
  // The adjustment among the month's revisions: one of a published revision is frozen with it (its
  // copy in the draft, carried over, has its own id), a withdrawn one stays withdrawn.
  const [found] = await tx
    .select({ assessmentId: assessmentAdjustments.assessmentId, withdrawnAt: assessmentAdjustments.withdrawnAt })
    .from(assessmentAdjustments)
    .innerJoin(assessments, eq(assessments.id, assessmentAdjustments.assessmentId))
    .where(and(eq(assessmentAdjustments.tenantId, principal.tenantId), eq(assessments.month, month), eq(assessmentAdjustments.id, id)));
  if (!found) throw notFound('adjustment');
  if (found.assessmentId !== draft.id) throw new ApiError('assessment_frozen', { params: { month } });
  if (found.withdrawnAt) throw new ApiError('adjustment_already_withdrawn');
  const [row] = await tx
    .update(assessmentAdjustments)
    .set({ withdrawnAt: now, withdrawnBy: principal.userId })
    .where(
      and(
        eq(assessmentAdjustments.tenantId, principal.tenantId),
        eq(assessmentAdjustments.assessmentId, draft.id),
        eq(assessmentAdjustments.id, id),
        isNull(assessmentAdjustments.withdrawnAt),
      ),
    )
    .returning({ id: assessmentAdjustments.id });
  if (!row) throw notFound('adjustment');
  await refreshFinals(tx, draft.id);
  await bumpVersion(tx, draft.id);
  return { assessmentId: draft.id };
}
