import { and, eq, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { timelineEvents } from '../../db/schema/index.ts';
import { type Db, queryRows } from '../../platform/db/types.ts';
import { insertFrom } from '../../platform/db/writes.ts';
import { ApiError } from '../../platform/errors.ts';
import type { ChainedEvent } from './chain.ts';
import { chainedRow, fileDigests, lastSeq } from './store.ts';
import { resourceOf } from './subjects.ts';
import type { Subject } from './vocabulary.ts';

/** One step in a subject's life, as its workflow decided it: the event to chain, minus what the chain adds. */
export type Step = Omit<ChainedEvent, 'subjectType' | 'subjectId' | 'seq'> & {
  subject: Subject;
  /** The subject's chain head as the caller read it. */
  prevHead: string;
  /**
   * The subject's last event number, when the caller read it with the row (one round trip less).
   * Safe: every event moves the row's version, so a read this old fails the version guard anyway.
   */
  lastSeq?: number;
};

/** A table whose rows are subjects with a timeline: a versioned row carrying its chain head. */
export type SubjectTable = PgTable & { id: PgColumn; tenantId: PgColumn; version: PgColumn; chainHead: PgColumn; updatedAt: PgColumn };

/**
 * Records a workflow step, all or nothing, the same way for hazards, tasks and maintenance
 * records: the timeline event (with the SHA-256 of every file it attaches) is chained to the head
 * the caller read, and the subject's row takes `values`, its new head and version, only if it
 * still has the version the caller read. Both in one statement: the event is inserted from what
 * the guarded UPDATE returns, so it exists exactly when the row moved. When the guard fails
 * someone else acted first: 409 version_conflict naming the subject (with its current version),
 * and the caller's transaction rolls back.
 */
export async function commitToRow(
  tx: Db,
  tenantId: string,
  table: SubjectTable,
  step: Step,
  expectedVersion: number,
  values: Record<string, unknown>,
): Promise<string> {
  const { subject, prevHead, evidenceIds, lastSeq: known, ...rest } = step;
  const event = {
    ...rest,
    subjectType: subject.type,
    subjectId: subject.id,
    seq: (known ?? (await lastSeq(tx, tenantId, subject))) + 1,
    data: evidenceIds.length ? { ...step.data, files: await fileDigests(tx, tenantId, evidenceIds) } : step.data,
    evidenceIds,
  };
  const row = await chainedRow(tenantId, event, prevHead);
  const ofSubject = and(eq(table.tenantId, tenantId), eq(table.id, subject.id));
  const moved = tx
    .update(table)
    .set({ ...values, chainHead: row.hash, version: sql`${table.version} + 1`, updatedAt: step.at } as never)
    .where(and(ofSubject, eq(table.version, expectedVersion)))
    .returning({ id: table.id });
  const written = await queryRows(tx, sql`with moved as (${moved.getSQL()}) ${insertFrom(timelineEvents, row, sql`moved`)} returning 1`);
  if (!written.length) {
    const [found] = await tx
      .select({ version: table.version })
      .from(table as PgTable)
      .where(ofSubject);
    const resource = resourceOf(subject.type);
    throw new ApiError('version_conflict', { params: found ? { resource, current: Number(found.version) } : { resource } });
  }
  return row.hash;
}
