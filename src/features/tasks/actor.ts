import { or, type SQL, sql } from 'drizzle-orm';
import { taskAssignments, tasks } from '../../db/schema/index.ts';
import { ROLE_DEFINITIONS } from '../../platform/authz/roles.ts';
import { type Assignment, type Principal, scopeOf } from '../../platform/authz/scope.ts';
import type { TaskActor, TaskActorContext } from './workflow.ts';

/** The principal's own units, as far as working on tasks goes (never the committee: it assigns). */
function workAssignments(principal: Principal): Assignment[] {
  return principal.assignments.filter((a) => {
    const def = ROLE_DEFINITIONS[a.role];
    return def.scope !== 'tenant' && def.permissions.includes('tasks.work');
  });
}

/**
 * Is the principal one of the people who answer for this task's unit? Exactly that unit: a station
 * reads its communities' tasks but does not do them, so it can review what it gave them (unlike
 * hazards, where the staff of an area act for its place owners).
 */
export function isAssigneeMember(
  principal: Principal,
  task: { kind: string; orgUnitId: string | null; departmentId: string | null; companyId: string | null },
): boolean {
  return workAssignments(principal).some((a) => {
    switch (task.kind) {
      case 'company':
        return a.companyId !== null && a.companyId === task.companyId;
      case 'department':
        return a.departmentId !== null && a.departmentId === task.departmentId;
      default:
        return a.orgUnitId !== null && a.orgUnitId === task.orgUnitId;
    }
  });
}

/**
 * Who reviews a task: the committee (district-wide assigners) for every task, and whoever gave it
 * for the tasks they gave. A member of the assignee is never its reviewer (the workflow's gate).
 */
export function isReviewer(principal: Principal, task: { assignedBy: string | null }): boolean {
  const scope = scopeOf(principal, 'tasks.assign');
  if (scope.kind === 'tenant') return true;
  return scope.kind === 'partial' && task.assignedBy === principal.userId;
}

export function taskActorContext(
  principal: Principal,
  task: { kind: string; orgUnitId: string | null; departmentId: string | null; companyId: string | null; assignedBy: string | null },
): TaskActorContext {
  const roles = new Set<TaskActor>();
  const isAssignee = isAssigneeMember(principal, task);
  if (isAssignee) roles.add('assignee');
  if (isReviewer(principal, task)) roles.add('reviewer');
  return { userId: principal.userId, roles, isAssignee };
}

export const TASK_SYSTEM_ACTOR: TaskActorContext = { userId: null, roles: new Set<TaskActor>(['system']), isAssignee: false };

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
