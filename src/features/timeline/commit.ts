import type { Db } from '../../platform/db/types.ts';
import { ApiError } from '../../platform/errors.ts';
import { chainedRow, fileDigests, insertEvents, lastSeq } from './store.ts';
import type { Subject } from './vocabulary.ts';

/** One step in a subject's life, as its workflow decided it. */
export interface Step {
  subject: Subject;
  /** The subject's chain head as the caller read it. */
  prevHead: string;
  at: Date;
  actorUserId: string | null;
  action: string;
  fromState: string | null;
  toState: string;
  note: string | null;
  data: Record<string, unknown>;
  evidenceIds: readonly string[];
}

/**
 * Records a workflow step, all or nothing, the same way for hazards and tasks: the timeline event
 * (with the SHA-256 of every file it attaches) is chained to the head the caller read, and
 * `update` writes the subject's new state and head guarded by the version the caller read. When
 * that guard fails someone else acted first: 409, and the caller's transaction rolls back.
 */
export async function commitStep(
  tx: Db,
  tenantId: string,
  step: Step,
  update: (head: string) => Promise<boolean>,
  conflictMessage: string,
): Promise<string> {
  const { subject, prevHead, evidenceIds, ...rest } = step;
  const event = {
    ...rest,
    subjectType: subject.type,
    subjectId: subject.id,
    seq: (await lastSeq(tx, tenantId, subject)) + 1,
    data: evidenceIds.length ? { ...step.data, files: await fileDigests(tx, tenantId, evidenceIds) } : step.data,
    evidenceIds,
  };
  const row = await chainedRow(tenantId, event, prevHead);
  if (!(await update(row.hash))) throw new ApiError('version_conflict', conflictMessage);
  await insertEvents(tx, [row]);
  return row.hash;
}
