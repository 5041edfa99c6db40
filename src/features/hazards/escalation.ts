import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { hazards } from '../../db/schema/index.ts';
import type { DatabaseProvider } from '../../platform/db/types.ts';
import { runSweep, type SweepResult } from '../timeline/sweep.ts';
import { SYSTEM_ACTOR } from './actor.ts';
import { expectedEscalationLevel } from './policy.ts';
import { applyTransition } from './service.ts';
import { partiesColumn, selectHazards } from './store.ts';

/**
 * Overdue hazards rise one level per interval of lateness up the district's chain (跟踪督办); a
 * department answering for one gets its formal notice (函告) with the escalation event. Called by
 * the Workers cron trigger and the Node host's timer; see runSweep for the guarantees.
 */
export function runEscalationSweep(
  provider: DatabaseProvider,
  now: Date,
  logError: (message: string, error: unknown) => void = (m, e) => console.error(m, e),
): Promise<SweepResult> {
  const nowIso = now.toISOString();
  return runSweep(provider, now, logError, {
    what: 'hazard',
    due: (tx, district, policy) =>
      tx
        .select({ id: hazards.id })
        .from(hazards)
        .where(
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
        ),
    // Parties are read once with the hazard: escalating never changes them, however many levels.
    load: async (tx, district, id) => {
      const [row] = await selectHazards(tx, and(eq(hazards.tenantId, district.id), eq(hazards.id, id)), { parties: partiesColumn });
      return row;
    },
    earned: (row, policy) => expectedEscalationLevel(row, now, policy),
    escalate: async (tx, row, note, district, policy) => {
      const { head } = await applyTransition(
        tx,
        row,
        row.parties,
        { action: 'escalate', version: row.version, note },
        {
          tenantId: district.id,
          viewer: null,
          actor: SYSTEM_ACTOR,
          now,
          policy,
          timeZone: district.timeZone,
        },
      );
      return head;
    },
  });
}
