import { and, asc, eq, inArray, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { evidence, timelineEvents, users } from '../../db/schema/index.ts';
import type { Db } from '../../platform/db/types.ts';
import { type ChainedEvent, eventHash } from './chain.ts';
import type { Subject, SubjectType } from './vocabulary.ts';

/** The row that records `event` after `prevHash`; its `hash` is the subject's new chain head. */
export async function chainedRow(tenantId: string, event: ChainedEvent, prevHash: string) {
  const hash = await eventHash(prevHash, event);
  return {
    tenantId,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    seq: event.seq,
    at: event.at,
    actorUserId: event.actorUserId,
    action: event.action,
    fromState: event.fromState,
    toState: event.toState,
    note: event.note,
    data: event.data,
    evidenceIds: [...event.evidenceIds],
    prevHash,
    hash,
  };
}

export type TimelineRow = Awaited<ReturnType<typeof chainedRow>>;

/** Many first events in one statement: a task fanned out to 500 units starts 500 timelines. */
export async function insertEvents(tx: Db, rows: readonly TimelineRow[]): Promise<void> {
  if (rows.length) await tx.insert(timelineEvents).values([...rows]);
}

const ofSubject = (tenantId: string, subject: Subject) =>
  and(eq(timelineEvents.tenantId, tenantId), eq(timelineEvents.subjectType, subject.type), eq(timelineEvents.subjectId, subject.id));

export async function lastSeq(tx: Db, tenantId: string, subject: Subject): Promise<number> {
  const [row] = await tx
    .select({ seq: sql<number>`coalesce(max(${timelineEvents.seq}), 0)::int` })
    .from(timelineEvents)
    .where(ofSubject(tenantId, subject));
  return row?.seq ?? 0;
}

/** Every event of a subject, oldest first, with who acted. */
export function eventsOf(tx: Db, tenantId: string, subject: Subject) {
  return tx
    .select({ event: timelineEvents, actorName: users.displayName })
    .from(timelineEvents)
    .leftJoin(users, eq(users.id, timelineEvents.actorUserId))
    .where(ofSubject(tenantId, subject))
    .orderBy(asc(timelineEvents.seq));
}

/**
 * The SHA-256 of each file an event attaches, recorded in the event so the hash chain covers the
 * files' contents too: a photo swapped in storage no longer matches its timeline.
 */
export async function fileDigests(tx: Db, tenantId: string, ids: readonly string[]): Promise<{ id: string; sha256: string }[]> {
  if (!ids.length) return [];
  const rows = await tx
    .select({ id: evidence.id, sha256: evidence.sha256 })
    .from(evidence)
    .where(and(eq(evidence.tenantId, tenantId), inArray(evidence.id, [...ids])));
  return ids.flatMap((id) => rows.filter((r) => r.id === id));
}

/** What an answer says of each file attached to a subject. */
export const evidenceFields = { id: evidence.id, fileName: evidence.fileName, contentType: evidence.contentType, stage: evidence.stage };

/** The confirmed files attached to a subject, oldest first. */
export function evidenceOf(tx: Db, tenantId: string, subject: Subject) {
  return tx
    .select(evidenceFields)
    .from(evidence)
    .where(
      and(
        eq(evidence.tenantId, tenantId),
        eq(evidence.subjectType, subject.type),
        eq(evidence.subjectId, subject.id),
        eq(evidence.status, 'confirmed'),
      ),
    )
    .orderBy(asc(evidence.createdAt));
}

/**
 * A subject's last seq (0 before its first event) as a column of its row, for a read of many
 * subjects at once: `id` and `tenantId` are the subject table's columns.
 */
export function lastSeqColumn(type: SubjectType, tenantId: SQLWrapper, id: SQLWrapper): SQL<number> {
  return sql<number>`(select coalesce(max(${timelineEvents.seq}), 0)::int from ${timelineEvents}
    where ${timelineEvents.tenantId} = ${tenantId} and ${timelineEvents.subjectType} = ${type} and ${timelineEvents.subjectId} = ${id})`;
}
