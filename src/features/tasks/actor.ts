import { ROLE_DEFINITIONS } from '../../platform/authz/roles.ts';
import { type Assignment, type Principal, scopeOf } from '../../platform/authz/scope.ts';
import type { TaskActor, TaskActorContext } from './workflow.ts';

/** The principal's own units, as far as working on tasks goes (never the committee: it assigns). */
export function workAssignments(principal: Principal): Assignment[] {
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
