import { and, count, eq, inArray, isNull } from 'drizzle-orm';
import { evidence } from '../../db/schema/index.ts';
import type { Db } from '../../platform/db/types.ts';
import { ApiError, type FieldError } from '../../platform/errors.ts';
import type { EvidenceStage } from '../hazards/vocabulary.ts';
import { lockSubject } from '../timeline/subjects.ts';
import type { Subject } from '../timeline/vocabulary.ts';

export interface AttachInput {
  tenantId: string;
  /** The acting user: only files this user uploaded can be attached by this user. */
  userId: string;
  subject: Subject;
  evidenceIds: readonly string[];
  stage: EvidenceStage;
  /** The district's per-subject limit (hazard_policies.max_files_per_hazard or its default). */
  maxFiles: number;
}

const UNUSABLE = '附件不存在、尚未确认上传或已被使用 / evidence not found, not confirmed, or already attached';

/**
 * Attaches confirmed evidence to a hazard or task at a stage of its life, inside the caller's
 * transaction (the transition that the files document). Each file must be a confirmed upload of
 * this tenant by this user and attached nowhere yet (else 404 naming `evidenceIds.<i>`); the
 * subject may hold at most `maxFiles` files in all (else 400). Once attached, a file is never moved.
 */
export async function attachEvidence(tx: Db, input: AttachInput): Promise<void> {
  const ids = input.evidenceIds;
  if (!ids.length) return;

  const duplicates: FieldError[] = ids.flatMap((id, i) =>
    ids.indexOf(id) !== i ? [{ path: `evidenceIds.${i}`, message: '重复的附件 / listed twice' }] : [],
  );
  if (duplicates.length)
    throw new ApiError('validation_failed', '附件列表中有重复 / an evidence id is listed twice', { errors: duplicates });

  await lockSubject(tx, input.tenantId, input.subject);

  const usable = and(
    eq(evidence.tenantId, input.tenantId),
    inArray(evidence.id, [...ids]),
    eq(evidence.status, 'confirmed'),
    eq(evidence.uploadedBy, input.userId),
    isNull(evidence.subjectId),
  );
  const found = new Set((await tx.select({ id: evidence.id }).from(evidence).where(usable)).map((r) => r.id));
  const missing: FieldError[] = ids.flatMap((id, i) => (found.has(id) ? [] : [{ path: `evidenceIds.${i}`, message: UNUSABLE }]));
  if (missing.length) throw new ApiError('not_found', UNUSABLE, { errors: missing });

  const [attached] = await tx
    .select({ n: count() })
    .from(evidence)
    .where(
      and(eq(evidence.tenantId, input.tenantId), eq(evidence.subjectType, input.subject.type), eq(evidence.subjectId, input.subject.id)),
    );
  if ((attached?.n ?? 0) + ids.length > input.maxFiles) {
    const what = {
      hazard: '每条隐患',
      task: '每项任务',
      maintenance_record: '每条维保记录',
      patrol: '每次巡查',
      assessment_adjustment: '每项加减分',
    }[input.subject.type];
    const detail = `${what}最多 ${input.maxFiles} 个附件（已有 ${attached?.n ?? 0} 个）/ at most ${input.maxFiles} files per ${input.subject.type}`;
    throw new ApiError('validation_failed', detail, { errors: [{ path: 'evidenceIds', message: detail }] });
  }

  // The same conditions again: a file attached elsewhere meanwhile is not taken over.
  const updated = await tx
    .update(evidence)
    .set({ subjectType: input.subject.type, subjectId: input.subject.id, stage: input.stage })
    .where(usable)
    .returning({ id: evidence.id });
  if (updated.length !== ids.length) {
    const done = new Set(updated.map((r) => r.id));
    throw new ApiError('not_found', UNUSABLE, {
      errors: ids.flatMap((id, i) => (done.has(id) ? [] : [{ path: `evidenceIds.${i}`, message: UNUSABLE }])),
    });
  }
}
