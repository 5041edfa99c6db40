import { inTenant } from '../../platform/db/tenancy.ts';
import type { DatabaseProvider, Db } from '../../platform/db/types.ts';
import { loadPolicy } from '../hazard-config/policy-store.ts';
import { ESCALATION_LEVEL_LABELS, type HazardPolicy } from '../hazards/policy.ts';
import { activeDistricts, type District } from '../tenants/districts.ts';
import type { SubjectTable } from './commit.ts';
import { commitToRows, type RowSteps } from './commit-rows.ts';
import { refusalError } from './refusal.ts';
import type { Refusal } from './rules.ts';
import { chainedRow } from './store.ts';

export interface SweepResult {
  tenants: number;
  /** Hazards or tasks raised at least one level. */
  items: number;
  events: number;
  /** Left for the next run: someone was acting on them at the same moment. */
  conflicts: number;
  failures: number;
}

/** A subject as the sweep reads it: what its workflow decides on, its version and head, and its timeline's last seq. */
export interface DueSubject {
  id: string;
  state: string;
  escalationLevel: number;
  version: number;
  chainHead: string;
  lastSeq: number;
}

/** One `escalate` step as a subject's pure workflow decides it. */
export type EscalateOutcome =
  | { ok: true; decision: { to: string; patch: object; data: Record<string, unknown>; note: string | null; count?: string } }
  | { ok: false; refusal: Refusal };

/** What the sweep needs of one kind of subject (hazards, tasks). */
export interface Escalating<Row extends DueSubject> {
  type: 'hazard' | 'task';
  table: SubjectTable;
  /**
   * The district's subjects below the level their lateness has earned, with everything deciding
   * needs: one statement, so an idle run is cheap and a backlog costs no more round trips.
   */
  due(tx: Db, district: District, policy: HazardPolicy, now: Date): Promise<Row[]>;
  /** The level the subject has earned at `now`. */
  earned(row: Row, policy: HazardPolicy, now: Date): number;
  /** One `escalate` step as the system, with the note it records. */
  decide(row: Row, note: string, district: District, policy: HazardPolicy, now: Date): EscalateOutcome;
}

export interface SweepOptions {
  /** Runs between a district's read and its write: where a test lets a person act in that window. */
  afterRead?: (district: District) => Promise<void>;
}

/** Subjects per write statement: a transaction and a JSON parameter of ~1.5 MB at most. */
const CHUNK = 1000;

/**
 * The escalation sweep (跟踪督办), one mechanism for hazards and tasks: every overdue subject of
 * every active district is raised to the level its lateness has earned, one recorded `escalate`
 * event per level, by the system. Set-based per district: one transaction reads the due subjects,
 * the pure workflow decides each level and the events are chained in memory, then one statement
 * per 1,000 subjects writes rows and events, each row guarded by the version read (commitToRows).
 * A subject someone acted on in between is dropped with its events and left for the next run
 * (a conflict); a subject the workflow refuses, or a district that fails, is logged without
 * stopping the others. Running it twice changes nothing the second time.
 */
export async function runSweep<Row extends DueSubject>(
  provider: DatabaseProvider,
  now: Date,
  logError: (message: string, error: unknown) => void,
  kind: Escalating<Row>,
  options: SweepOptions = {},
): Promise<SweepResult> {
  const handle = provider.acquire();
  const result: SweepResult = { tenants: 0, items: 0, events: 0, conflicts: 0, failures: 0 };
  try {
    for (const district of await activeDistricts(provider, handle.db)) {
      result.tenants++;
      let planned: RowSteps[];
      try {
        const { policy, due } = await inTenant(provider, handle.db, district.id, async (tx) => {
          const policy = await loadPolicy(tx, district.id);
          return { policy, due: await kind.due(tx, district, policy, now) };
        });
        const decided = await Promise.all(due.map((row) => stepsOf(kind, row, district, policy, now)));
        planned = [];
        for (const [i, steps] of decided.entries()) {
          if (!('refusal' in steps)) {
            if (steps.events.length) planned.push(steps);
          } else {
            result.failures++;
            logError(`escalation of ${kind.type} ${due[i]!.id} failed`, refusalError(steps.refusal));
          }
        }
        await options.afterRead?.(district);
      } catch (error) {
        result.failures++;
        logError(`escalation of the ${kind.type}s of district ${district.id} failed`, error);
        continue;
      }
      for (let i = 0; i < planned.length; i += CHUNK) {
        const chunk = planned.slice(i, i + CHUNK);
        try {
          const written = await inTenant(provider, handle.db, district.id, (tx) =>
            commitToRows(tx, district.id, kind.type, kind.table, chunk),
          );
          result.items += written.subjects;
          result.events += written.events;
          result.conflicts += chunk.length - written.subjects;
        } catch (error) {
          result.failures += chunk.length;
          logError(`escalation of ${chunk.length} ${kind.type}s of district ${district.id} failed`, error);
        }
      }
    }
    return result;
  } finally {
    await handle.release();
  }
}

/**
 * A subject's levels from the one it has to the one it earned, each decided by its workflow on
 * the subject as the previous level left it, and chained from the head that was read.
 */
async function stepsOf<Row extends DueSubject>(
  kind: Escalating<Row>,
  row: Row,
  district: District,
  policy: HazardPolicy,
  now: Date,
): Promise<RowSteps | { refusal: Refusal }> {
  const target = kind.earned(row, policy, now);
  const events: RowSteps['events'][number][] = [];
  let values: Record<string, unknown> = {};
  let current = row;
  while (current.escalationLevel < target) {
    const level = current.escalationLevel + 1;
    const name = policy.escalationChain[level - 1] ?? '';
    const note = `逾期自动升级至${ESCALATION_LEVEL_LABELS[name] ?? name} / overdue: escalated to ${name}`;
    const outcome = kind.decide(current, note, district, policy, now);
    if (!outcome.ok) return { refusal: outcome.refusal };
    const { decision } = outcome;
    // commitToRows writes patches only: an escalation that counted something would lose the count.
    if (decision.count) throw new Error(`the ${kind.type} workflow's escalate counts ${decision.count}: the sweep cannot write that`);
    const event = await chainedRow(
      district.id,
      {
        subjectType: kind.type,
        subjectId: row.id,
        seq: row.lastSeq + events.length + 1,
        at: now,
        actorUserId: null,
        action: 'escalate',
        fromState: current.state,
        toState: decision.to,
        note: decision.note,
        data: decision.data,
        evidenceIds: [],
      },
      current.chainHead,
    );
    events.push(event);
    values = { ...values, ...decision.patch };
    current = { ...current, ...decision.patch, version: current.version + 1, chainHead: event.hash };
  }
  return { id: row.id, version: row.version, events, values };
}
