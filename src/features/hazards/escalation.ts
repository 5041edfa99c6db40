import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { hazards, tenants } from '../../db/schema/index.ts';
import { inTenant } from '../../platform/db/tenancy.ts';
import type { DatabaseProvider } from '../../platform/db/types.ts';
import { ApiError } from '../../platform/errors.ts';
import { loadPolicy } from '../hazard-config/policy-store.ts';
import { SYSTEM_ACTOR } from './actor.ts';
import { ESCALATION_LEVEL_LABELS, expectedEscalationLevel } from './policy.ts';
import { applyTransition } from './service.ts';
import { partiesOf, selectHazards } from './store.ts';

export interface SweepResult {
  tenants: number;
  hazards: number;
  events: number;
  conflicts: number;
  failures: number;
}

/**
 * The escalation sweep (跟踪督办): every overdue hazard of every district is raised to the level its
 * lateness has earned, one recorded `escalate` event per level, by the system. Each hazard goes in
 * its own transaction, guarded by its version like any user action, so a hazard someone is working
 * on right now is simply left for the next run. Running it twice at the same moment changes
 * nothing the second time. Called by the Workers cron trigger and the Node host's timer.
 */
export async function runEscalationSweep(
  provider: DatabaseProvider,
  now: Date,
  logError: (message: string, error: unknown) => void = (m, e) => console.error(m, e),
): Promise<SweepResult> {
  const handle = provider.acquire();
  const result: SweepResult = { tenants: 0, hazards: 0, events: 0, conflicts: 0, failures: 0 };
  try {
    const districts = await inTenant(provider, handle.db, null, (tx) =>
      tx
        .select({ id: tenants.id, timeZone: tenants.timeZone })
        .from(tenants)
        .where(and(eq(tenants.kind, 'district'), eq(tenants.status, 'active'))),
    );
    const nowIso = now.toISOString();
    for (const district of districts) {
      result.tenants++;
      const { policy, due } = await inTenant(provider, handle.db, district.id, async (tx) => {
        const policy = await loadPolicy(tx, district.id);
        const due = await tx
          .select({ id: hazards.id })
          .from(hazards)
          .where(
            and(
              eq(hazards.tenantId, district.id),
              inArray(hazards.state, ['routed', 'rectifying']),
              lt(hazards.escalationLevel, policy.escalationChain.length),
              sql`((${hazards.state} = 'routed' and ${hazards.respondBy} < ${nowIso})
                or (${hazards.state} = 'rectifying' and ${hazards.dueAt} < ${nowIso}))`,
              // Only hazards below the level they have earned (expectedEscalationLevel in SQL),
              // so a run with nothing to do is one query, not a transaction per overdue hazard.
              sql`${hazards.escalationLevel} < least(${policy.escalationChain.length}::int, 1 + floor(extract(epoch from
                (${nowIso}::timestamptz - case when ${hazards.state} = 'routed' then ${hazards.respondBy} else ${hazards.dueAt} end))
                / 3600 / ${policy.escalationIntervalHours}::int)::int)`,
            ),
          );
        return { policy, due };
      });
      for (const { id } of due) {
        try {
          const events = await inTenant(provider, handle.db, district.id, async (tx) => {
            const [first] = await selectHazards(tx, and(eq(hazards.tenantId, district.id), eq(hazards.id, id)));
            if (!first) return 0;
            let row = first;
            let written = 0;
            const parties = await partiesOf(tx, district.id, [id]); // escalating never changes them
            const target = expectedEscalationLevel(row, now, policy);
            while (row.escalationLevel < target) {
              const level = row.escalationLevel + 1;
              const name = policy.escalationChain[level - 1] ?? '';
              const { head } = await applyTransition(
                tx,
                row,
                parties,
                { action: 'escalate', version: row.version, note: `逾期自动升级至${ESCALATION_LEVEL_LABELS[name] ?? name} / overdue: escalated to ${name}` },
                { tenantId: district.id, viewer: null, actor: SYSTEM_ACTOR, now, policy, timeZone: district.timeZone },
              );
              row = { ...row, escalationLevel: level, version: row.version + 1, chainHead: head };
              written++;
            }
            return written;
          });
          if (events) result.hazards++;
          result.events += events;
        } catch (error) {
          // Someone was working on it: next run. Anything else: logged, and the sweep goes on, so
          // one broken hazard never stops the escalation of every other.
          if (error instanceof ApiError && (error.code === 'version_conflict' || error.code === 'conflict')) result.conflicts++;
          else {
            result.failures++;
            logError(`escalation of hazard ${id} failed`, error);
          }
        }
      }
    }
    return result;
  } finally {
    await handle.release();
  }
}
