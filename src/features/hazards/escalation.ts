import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { hazards } from '../../db/schema/index.ts';
import type { DatabaseProvider } from '../../platform/db/types.ts';
import { logError as logLine } from '../../platform/log.ts';
import { lastSeqColumn } from '../timeline/store.ts';
import { type Escalating, runSweep, type SweepOptions, type SweepResult } from '../timeline/sweep.ts';
import { SYSTEM_ACTOR } from './actor.ts';
import { expectedEscalationLevel } from './policy.ts';
import { decide } from './service.ts';
import { type HazardRow, type PartyRow, partiesColumn, selectHazards } from './store.ts';

type DueHazard = HazardRow & { parties: PartyRow[]; lastSeq: number };

/** Hazards through the sweep: read with their parties, decided by the hazard workflow. */
const HAZARDS: Escalating<DueHazard> = {
  type: 'hazard',
  table: hazards,
  due: (tx, district, policy, now) => {
    const nowIso = now.toISOString();
    return selectHazards(
      tx,
      and(
        eq(hazards.tenantId, district.id),
        inArray(hazards.state, ['routed', 'rectifying']),
        lt(hazards.escalationLevel, policy.escalationChain.length),
        sql`((${hazards.state} = 'routed' and ${hazards.respondBy} < ${nowIso})
          or (${hazards.state} = 'rectifying' and ${hazards.dueAt} < ${nowIso}))`,
        // Only hazards below the level they have earned (expectedEscalationLevel in SQL).
        sql`${hazards.escalationLevel} < least(${policy.escalationChain.length}::int, 1 + floor(extract(epoch from
          (${nowIso}::timestamptz - case when ${hazards.state} = 'routed' then ${hazards.respondBy} else ${hazards.dueAt} end))
          / 3600 / ${policy.escalationIntervalHours}::int)::int)`,
      ),
      // Parties are read with the hazard: escalating never changes them, however many levels.
      { parties: partiesColumn, lastSeq: lastSeqColumn('hazard', hazards.tenantId, hazards.id) },
    );
  },
  earned: (row, policy, now) => expectedEscalationLevel(row, now, policy),
  decide: (row, note, district, policy, now) => {
    return decide(row, row.parties, { action: 'escalate', note }, SYSTEM_ACTOR, now, policy, district.timeZone);
  },
};

/**
 * Overdue hazards rise one level per interval of lateness up the district's chain (跟踪督办); a
 * department answering for one gets its formal notice (函告) with the escalation event. Called by
 * the Workers cron trigger and the Node host's timer; see runSweep for the guarantees.
 */
export function runEscalationSweep(
  provider: DatabaseProvider,
  now: Date,
  logError: (message: string, error: unknown) => void = logLine,
  options: SweepOptions = {},
): Promise<SweepResult> {
  return runSweep(provider, now, logError, HAZARDS, options);
}
