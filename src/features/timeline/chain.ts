import { sha256Hex } from '../../platform/crypto.ts';
import type { SubjectType } from './vocabulary.ts';

/**
 * The timeline's hash chain: each event's hash is SHA-256 over the previous hash and the event's
 * content in a canonical form (keys sorted at every depth), so the same event always hashes the
 * same, whichever driver read it back. Editing, deleting or reordering any event breaks every
 * later link; verifyChain says where.
 */
export const GENESIS = '0'.repeat(64);

export interface ChainedEvent {
  subjectType: SubjectType;
  subjectId: string;
  seq: number;
  at: Date;
  actorUserId: string | null;
  action: string;
  fromState: string | null;
  toState: string;
  note: string | null;
  data: Record<string, unknown>;
  evidenceIds: readonly string[];
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function canonicalContent(event: ChainedEvent): string {
  return JSON.stringify(
    canonical({
      // `hazardId` for hazards, `taskId` for tasks: hazard chains recorded before tasks existed
      // hash exactly as they did then.
      [`${event.subjectType}Id`]: event.subjectId,
      seq: event.seq,
      at: event.at.toISOString(),
      actorUserId: event.actorUserId,
      action: event.action,
      fromState: event.fromState,
      toState: event.toState,
      note: event.note,
      data: event.data,
      evidenceIds: [...event.evidenceIds],
    }),
  );
}

export async function eventHash(prevHash: string, event: ChainedEvent): Promise<string> {
  return sha256Hex(`${prevHash}\n${canonicalContent(event)}`);
}

export type ChainVerdict =
  | { valid: true; events: number; head: string }
  | { valid: false; events: number; brokenAtSeq: number; reason: string };

/** Recomputes the chain over events in seq order and checks it ends at the subject's recorded head. */
export async function verifyChain(
  events: readonly (ChainedEvent & { prevHash: string; hash: string })[],
  recordedHead: string,
): Promise<ChainVerdict> {
  let prev = GENESIS;
  for (const [i, event] of events.entries()) {
    if (event.seq !== i + 1) return { valid: false, events: events.length, brokenAtSeq: i + 1, reason: 'missing or reordered event' };
    if (event.prevHash !== prev)
      return { valid: false, events: events.length, brokenAtSeq: event.seq, reason: 'link to the previous event broken' };
    const expected = await eventHash(prev, event);
    if (expected !== event.hash) return { valid: false, events: events.length, brokenAtSeq: event.seq, reason: 'event content changed' };
    prev = event.hash;
  }
  if (prev !== recordedHead) {
    return { valid: false, events: events.length, brokenAtSeq: events.length + 1, reason: 'events after the last one are missing' };
  }
  return { valid: true, events: events.length, head: prev };
}
