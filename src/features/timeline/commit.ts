import { and, eq, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../platform/db/types.ts';
import { ApiError } from '../../platform/errors.ts';
import type { ChainedEvent } from './chain.ts';
import { chainedRow, fileDigests, insertEvents, lastSeq } from './store.ts';
import { resourceOf } from './subjects.ts';
import type { Subject } from './vocabulary.ts';

/** One step in a subject's life, as its workflow decided it: the event to chain, minus what the chain adds. */
export type Step = Omit<ChainedEvent, 'subjectType' | 'subjectId' | 'seq'> & {
  subject: Subject;
  /** The subject's chain head as the caller read it. */
  prevHead: string;
};

/**
 * Records a workflow step, all or nothing, the same way for every subject: the timeline event
 * (with the SHA-256 of every file it attaches) is chained to the head the caller read, and
 * `update` writes the subject's new state and head guarded by the version the caller read. When
 * that guard fails someone else acted first: 409 version_conflict naming the subject (with its
 * current version when `current` can tell it), and the caller's transaction rolls back.
 */
async function commitStep(
  tx: Db,
  tenantId: string,
  step: Step,
  update: (head: string) => Promise<boolean>,
  current: () => Promise<number | undefined>,
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
  if (!(await update(row.hash))) {
    const version = await current();
    const resource = resourceOf(subject.type);
    throw new ApiError('version_conflict', { params: version === undefined ? { resource } : { resource, current: version } });
  }
  await insertEvents(tx, [row]);
  return row.hash;
}

/** A table whose rows are subjects with a timeline: a versioned row carrying its chain head. */
export type SubjectTable = PgTable & { id: PgColumn; tenantId: PgColumn; version: PgColumn; chainHead: PgColumn; updatedAt: PgColumn };

/**
 * commitStep for the usual case, the same for hazards, tasks and maintenance records: the new
 * values go to the subject's row, with the new head and version, only if the row still has the
 * version the caller read.
 */
export function commitToRow(
  tx: Db,
  tenantId: string,
  table: SubjectTable,
  step: Step,
  expectedVersion: number,
  values: Record<string, unknown>,
): Promise<string> {
  const row = and(eq(table.tenantId, tenantId), eq(table.id, step.subject.id));
  return commitStep(
    tx,
    tenantId,
    step,
    async (chainHead) => {
      const updated = await tx
        .update(table)
        .set({ ...values, chainHead, version: sql`${table.version} + 1`, updatedAt: step.at } as never)
        .where(and(row, eq(table.version, expectedVersion)))
        .returning({ id: table.id });
      return updated.length > 0;
    },
    async () => {
      const [found] = await tx
        .select({ version: table.version })
        .from(table as PgTable)
        .where(row);
      return found ? Number(found.version) : undefined;
    },
  );
}
