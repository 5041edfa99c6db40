import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { tasks } from '../../db/schema/index.ts';
import type { DatabaseProvider } from '../../platform/db/types.ts';
import { levelEarned } from '../hazards/policy.ts';
import { runSweep, type SweepResult } from '../timeline/sweep.ts';
import { TASK_SYSTEM_ACTOR } from './actor.ts';
import { applyTaskTransition } from './service.ts';
import { selectTasks } from './store.ts';
import { OPEN_TASK_STATES } from './vocabulary.ts';
import { escalationClock } from './workflow.ts';

/** Overdue tasks escalate like hazards: the same chain, interval, rule and sweep. */
export function runTaskEscalationSweep(
  provider: DatabaseProvider,
  now: Date,
  logError: (message: string, error: unknown) => void = (m, e) => console.error(m, e),
): Promise<SweepResult> {
  return runSweep(provider, now, logError, {
    what: 'task',
    due: (tx, district, policy) =>
      tx
        .select({ id: tasks.id })
        .from(tasks)
        .where(
          and(
            eq(tasks.tenantId, district.id),
            inArray(tasks.state, [...OPEN_TASK_STATES]),
            lt(tasks.dueAt, now),
            // levelEarned over escalationClock, in SQL.
            sql`${tasks.escalationLevel} < least(${policy.escalationChain.length}::int,
              1 + floor(extract(epoch from (${now.toISOString()}::timestamptz - greatest(${tasks.dueAt}, ${tasks.createdAt}))) / 3600
                / ${policy.escalationIntervalHours}::int)::int)`,
          ),
        ),
    load: async (tx, district, id) => (await selectTasks(tx, and(eq(tasks.tenantId, district.id), eq(tasks.id, id))))[0],
    earned: (row, policy) => levelEarned(escalationClock(row), now, policy),
    escalate: async (tx, row, note, district, policy) =>
      (
        await applyTaskTransition(
          tx,
          row,
          { action: 'escalate', version: row.version, note },
          { tenantId: district.id, actor: TASK_SYSTEM_ACTOR, now, policy },
        )
      ).head,
  });
}
