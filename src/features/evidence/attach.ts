import { and, count, eq, inArray, isNull } from 'drizzle-orm';
import { evidence } from '../../db/schema/index.ts';
import type { Db } from '../../platform/db/types.ts';
import { ApiError, type FieldError, fieldError } from '../../platform/errors.ts';
import { PROBLEMS, type ProblemCode } from '../../platform/problems/catalog.ts';
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

/**
 * The codes attachEvidence answers, for the `errors` of every route that attaches files: an id
 * listed twice, a file that is not usable (unknown, not confirmed, someone else's, attached
 * already), too many files for the subject, and the subject itself gone (not_found).
 */
export const ATTACH_ERRORS = [
  'evidence_listed_twice',
  'evidence_unusable',
  'evidence_too_many_files',
  'not_found',
] as const satisfies readonly ProblemCode[];

/** 404 evidence_unusable, one errors[] entry per unusable file at `evidenceIds.<i>`. */
const unusable = (ids: readonly string[], usable: ReadonlySet<string>): ApiError =>
  evidenceUnusableAt(ids.flatMap((id, i) => (usable.has(id) ? [] : [{ id, path: `evidenceIds.${i}` }])));

/**
 * Attaches confirmed evidence to a hazard or task at a stage of its life, inside the caller's
 * transaction (the transition that the files document). Each file must be a confirmed upload of
 * this tenant by this user and attached nowhere yet (else 404 evidence_unusable naming
 * `evidenceIds.<i>`); the subject may hold at most `maxFiles` files in all (else 400
 * evidence_too_many_files). Once attached, a file is never moved.
 */
export async function attachEvidence(tx: Db, input: AttachInput): Promise<void> {
  const ids = input.evidenceIds;
  if (!ids.length) return;

  const duplicates: FieldError[] = ids.flatMap((id, i) => (ids.indexOf(id) !== i ? [fieldError(`evidenceIds.${i}`, 'listed_twice')] : []));
  if (duplicates.length) throw new ApiError('evidence_listed_twice', { errors: duplicates });

  await lockSubject(tx, input.tenantId, input.subject);

  const usable = and(
    eq(evidence.tenantId, input.tenantId),
    inArray(evidence.id, [...ids]),
    eq(evidence.status, 'confirmed'),
    eq(evidence.uploadedBy, input.userId),
    isNull(evidence.subjectId),
  );
  const found = new Set((await tx.select({ id: evidence.id }).from(evidence).where(usable)).map((r) => r.id));
  if (found.size !== ids.length) throw unusable(ids, found);

  const [attached] = await tx
    .select({ n: count() })
    .from(evidence)
    .where(
      and(eq(evidence.tenantId, input.tenantId), eq(evidence.subjectType, input.subject.type), eq(evidence.subjectId, input.subject.id)),
    );
  const already = attached?.n ?? 0;
  if (already + ids.length > input.maxFiles) {
    throw new ApiError('evidence_too_many_files', {
      params: { subject: input.subject.type, max: input.maxFiles, attached: already },
      field: 'evidenceIds',
    });
  }

  // The same conditions again: a file attached elsewhere meanwhile is not taken over.
  const updated = await tx
    .update(evidence)
    .set({ subjectType: input.subject.type, subjectId: input.subject.id, stage: input.stage })
    .where(usable)
    .returning({ id: evidence.id });
  if (updated.length !== ids.length) throw unusable(ids, new Set(updated.map((r) => r.id)));
}

/**
 * 404 evidence_unusable, one errors[] entry per listed file that is not a confirmed, unattached
 * upload of the caller (as attachEvidence answers, for the places that check files themselves).
 */
export function evidenceUnusableAt(bad: readonly { id: string; path: string }[]): ApiError {
  const params = { evidenceIds: bad.map((b) => b.id) };
  const message = PROBLEMS.evidence_unusable.detail(params);
  return new ApiError('evidence_unusable', { params, errors: bad.map(({ path }) => ({ path, code: 'evidence_unusable', message })) });
}
