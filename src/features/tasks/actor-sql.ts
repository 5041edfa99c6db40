import { or, type SQL, sql } from 'drizzle-orm';
import { taskAssignments, tasks } from '../../db/schema/index.ts';
import { type Principal, scopeOf } from '../../platform/authz/scope.ts';
import { workAssignments } from './actor.ts';

/**
 * The SQL twins of the task actor rules (actor.ts), for the task lists: "assigned to me" and "for
 * me to review". Used with selectTasks' joins (store.ts).
 */

/** SQL twin of isAssigneeMember, for "my tasks" lists; used with selectTasks' joins. */
export function assignedToPrincipal(principal: Principal): SQL {
  const mine = workAssignments(principal);
  const companyIds = mine.flatMap((a) => (a.companyId ? [a.companyId] : []));
  const departmentIds = mine.flatMap((a) => (a.departmentId ? [a.departmentId] : []));
  const unitIds = mine.flatMap((a) => (a.orgUnitId ? [a.orgUnitId] : []));
  const parts = [
    companyIds.length ? sql`${tasks.companyId} in ${companyIds}` : undefined,
    departmentIds.length ? sql`${tasks.departmentId} in ${departmentIds}` : undefined,
    unitIds.length ? sql`${tasks.orgUnitId} in ${unitIds}` : undefined,
  ].filter((x): x is SQL => x !== undefined);
  return parts.length ? or(...parts)! : sql`false`;
}

/** SQL twin of isReviewer (minus independence, which the list adds with `not assignedToPrincipal`). */
export function reviewableBy(principal: Principal): SQL {
  const scope = scopeOf(principal, 'tasks.assign');
  if (scope.kind === 'tenant') return sql`true`;
  if (scope.kind === 'none') return sql`false`;
  return sql`${taskAssignments.createdBy} = ${principal.userId}`;
}
