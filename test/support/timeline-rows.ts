import type { ChainedEvent } from '../../src/features/timeline/chain.ts';
import type { SubjectType } from '../../src/features/timeline/vocabulary.ts';

/**
 * A timeline_events row as raw SQL returns it (snake_case), as the chain hashes it: for checks
 * that recompute chains from the table itself, behind the app's back (verifyChain, eventHash).
 * `at` may come as a Date (node-postgres) or a string (a JSON or PGlite text read).
 */
export function storedEvent(row: Record<string, unknown>, subjectType: SubjectType): ChainedEvent & { prevHash: string; hash: string } {
  return {
    subjectType,
    subjectId: row.subject_id as string,
    seq: row.seq as number,
    at: new Date(row.at as Date | string),
    actorUserId: row.actor_user_id as string | null,
    action: row.action as string,
    fromState: row.from_state as string | null,
    toState: row.to_state as string,
    note: row.note as string | null,
    data: row.data as Record<string, unknown>,
    evidenceIds: row.evidence_ids as string[],
    prevHash: row.prev_hash as string,
    hash: row.hash as string,
  };
}
