import { and, eq, exists, or, type SQL, sql } from 'drizzle-orm';
import { evidence, hazards, maintenanceRecords, patrols, tasks } from '../../db/schema/index.ts';
import { type Principal, scopeOf } from '../../platform/authz/scope.ts';
import type { Db } from '../../platform/db/types.ts';
import { hazardInScope } from '../hazards/scope-sql.ts';
import { recordInScope } from '../maintenance/scope-sql.ts';
import { patrolInScope } from '../patrols/scope-sql.ts';
import { taskInScope } from '../tasks/scope-sql.ts';

/**
 * An attached file is exactly as visible as what it is attached to: true when the caller may see
 * the evidence row's hazard, task, maintenance record or patrol. Used inside a query on `evidence`.
 */
export function subjectVisible(tx: Db, principal: Principal): SQL {
  const hazard = exists(
    tx
      .select({ one: sql`1` })
      .from(hazards)
      .where(and(eq(evidence.subjectType, 'hazard'), eq(hazards.id, evidence.subjectId), hazardInScope(principal))),
  );
  const task = exists(
    tx
      .select({ one: sql`1` })
      .from(tasks)
      .where(and(eq(evidence.subjectType, 'task'), eq(tasks.id, evidence.subjectId), taskInScope(principal))),
  );
  const record = exists(
    tx
      .select({ one: sql`1` })
      .from(maintenanceRecords)
      .where(and(eq(evidence.subjectType, 'maintenance_record'), eq(maintenanceRecords.id, evidence.subjectId), recordInScope(principal))),
  );
  const patrol = exists(
    tx
      .select({ one: sql`1` })
      .from(patrols)
      .where(and(eq(evidence.subjectType, 'patrol'), eq(patrols.id, evidence.subjectId), patrolInScope(principal))),
  );
  // An adjustment's evidence is the committee's: only those who read every unit's assessment see it.
  const adjustment =
    scopeOf(principal, 'assessments.manage').kind === 'tenant' ? eq(evidence.subjectType, 'assessment_adjustment') : sql`false`;
  return or(hazard, task, record, patrol, adjustment)!;
}
