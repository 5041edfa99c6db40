import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { tasks } from '../../db/schema/index.ts';
import type { DatabaseProvider } from '../../platform/db/types.ts';
import { logError as logLine } from '../../platform/log.ts';
import { levelEarned } from '../hazards/policy.ts';
import { lastSeqColumn } from '../timeline/store.ts';
import { type Escalating, runSweep, type SweepOptions, type SweepResult } from '../timeline/sweep.ts';
import { TASK_SYSTEM_ACTOR } from './actor.ts';
import { selectTasks, type TaskRow } from './store.ts';
import { OPEN_TASK_STATES } from './vocabulary.ts';
import { escalationClock, transitionTask } from './workflow.ts';

/** Tasks through the sweep, decided by the task workflow. */
const TASKS: Escalating<TaskRow & { lastSeq: number }> = {
  type: 'task',
  table: tasks,
  due: (tx, district, policy, now) =>
    selectTasks(
      tx,
      and(
        eq(tasks.tenantId, district.id),
        inArray(tasks.state, [...OPEN_TASK_STATES]),
        lt(tasks.dueAt, now),
        // levelEarned over escalationClock, in SQL.
        sql`${tasks.escalationLevel} < least(${policy.escalationChain.length}::int,
          1 + floor(extract(epoch from (${now.toISOString()}::timestamptz - greatest(${tasks.dueAt}, ${tasks.createdAt}))) / 3600
            / ${policy.escalationIntervalHours}::int)::int)`,
      ),
      { lastSeq: lastSeqColumn('task', tasks.tenantId, tasks.id) },
    ),
  earned: (row, policy, now) => levelEarned(escalationClock(row), now, policy),
  // Escalating looks at no evidence: the kinds attached do not matter to it.
  decide: (row, note, _district, policy, now) =>
    transitionTask({ ...row, evidenceKinds: new Set() }, { action: 'escalate', note }, TASK_SYSTEM_ACTOR, now, policy),
};

/** Overdue tasks escalate like hazards: the same chain, interval, rule and sweep. */
export function runTaskEscalationSweep(
  provider: DatabaseProvider,
  now: Date,
  logError: (message: string, error: unknown) => void = logLine,
  options: SweepOptions = {},
): Promise<SweepResult> {
  return runSweep(provider, now, logError, TASKS, options);
}
