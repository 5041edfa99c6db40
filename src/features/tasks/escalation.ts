import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { tasks, tenants } from '../../db/schema/index.ts';
import { inTenant } from '../../platform/db/tenancy.ts';
import type { DatabaseProvider } from '../../platform/db/types.ts';
import { ApiError } from '../../platform/errors.ts';
import { loadPolicy } from '../hazard-config/policy-store.ts';
import { ESCALATION_LEVEL_LABELS, levelEarned } from '../hazards/policy.ts';
import { TASK_SYSTEM_ACTOR } from './actor.ts';
import { applyTaskTransition } from './service.ts';
import { selectTasks } from './store.ts';
import { OPEN_TASK_STATES } from './vocabulary.ts';
import { escalationClock } from './workflow.ts';

export interface TaskSweepResult {
  tenants: number;
  tasks: number;
  events: number;
  conflicts: number;
  failures: number;
}

/**
 * Overdue tasks escalate like hazards (same chain, same interval, same rule): each is raised to
 * the level its lateness has earned, one `escalate` event per level, by the system, in its own
 * transaction guarded by its version. Idempotent; called with the hazard sweep.
 */
export async function runTaskEscalationSweep(
  provider: DatabaseProvider,
  now: Date,
  logError: (message: string, error: unknown) => void = (m, e) => console.error(m, e),
): Promise<TaskSweepResult> {
  const handle = provider.acquire();
  const result: TaskSweepResult = { tenants: 0, tasks: 0, events: 0, conflicts: 0, failures: 0 };
  try {
    const districts = await inTenant(provider, handle.db, null, (tx) =>
      tx.select({ id: tenants.id }).from(tenants).where(and(eq(tenants.kind, 'district'), eq(tenants.status, 'active'))),
    );
    const nowIso = now.toISOString();
    for (const district of districts) {
      result.tenants++;
      const { policy, due } = await inTenant(provider, handle.db, district.id, async (tx) => {
        const policy = await loadPolicy(tx, district.id);
        const due = await tx
          .select({ id: tasks.id })
          .from(tasks)
          .where(
            and(
              eq(tasks.tenantId, district.id),
              inArray(tasks.state, [...OPEN_TASK_STATES]),
              lt(tasks.dueAt, now),
              // Only tasks below the level they have earned (levelEarned over escalationClock, in SQL).
              sql`${tasks.escalationLevel} < least(${policy.escalationChain.length}::int,
                1 + floor(extract(epoch from (${nowIso}::timestamptz - greatest(${tasks.dueAt}, ${tasks.createdAt}))) / 3600
                  / ${policy.escalationIntervalHours}::int)::int)`,
            ),
          );
        return { policy, due };
      });
      for (const { id } of due) {
        try {
          const events = await inTenant(provider, handle.db, district.id, async (tx) => {
            const [first] = await selectTasks(tx, and(eq(tasks.tenantId, district.id), eq(tasks.id, id)));
            if (!first) return 0;
            let row = first;
            let written = 0;
            const target = levelEarned(escalationClock(row), now, policy);
            while (row.escalationLevel < target) {
              const level = row.escalationLevel + 1;
              const name = policy.escalationChain[level - 1] ?? '';
              const { head } = await applyTaskTransition(
                tx,
                row,
                { action: 'escalate', version: row.version, note: `逾期自动升级至${ESCALATION_LEVEL_LABELS[name] ?? name} / overdue: escalated to ${name}` },
                { tenantId: district.id, actor: TASK_SYSTEM_ACTOR, now, policy },
              );
              row = { ...row, escalationLevel: level, version: row.version + 1, chainHead: head };
              written++;
            }
            return written;
          });
          if (events) result.tasks++;
          result.events += events;
        } catch (error) {
          if (error instanceof ApiError && (error.code === 'version_conflict' || error.code === 'conflict')) result.conflicts++;
          else {
            result.failures++;
            logError(`escalation of task ${id} failed`, error);
          }
        }
      }
    }
    return result;
  } finally {
    await handle.release();
  }
}
