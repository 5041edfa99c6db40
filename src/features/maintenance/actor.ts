import { ROLE_DEFINITIONS } from '../../platform/authz/roles.ts';
import { type Principal, pathInOrgScope, scopeOf } from '../../platform/authz/scope.ts';
import type { MaintenanceActor, MaintenanceActorContext } from './workflow.ts';

/** The companies the principal submits maintenance records for. */
export function submittingCompanies(principal: Principal): string[] {
  return principal.assignments.flatMap((a) =>
    a.companyId && ROLE_DEFINITIONS[a.role].permissions.includes('maintenance.submit') ? [a.companyId] : [],
  );
}

/**
 * Who the principal is to a record: a reviewer when maintenance.review reaches the record's compound
 * (the committee everywhere, a station over its street); the company when it submits for the
 * record's company. Anyone of the company, and the submitter, is involved: never its reviewer.
 */
export function maintenanceActorContext(
  principal: Principal,
  record: { companyId: string; compoundPath: string; submittedBy: string },
): MaintenanceActorContext {
  const roles = new Set<MaintenanceActor>();
  if (pathInOrgScope(scopeOf(principal, 'maintenance.review'), record.compoundPath)) roles.add('reviewer');
  if (submittingCompanies(principal).includes(record.companyId)) roles.add('company');
  const involved = record.submittedBy === principal.userId || principal.assignments.some((a) => a.companyId === record.companyId);
  return { userId: principal.userId, roles, involved };
}
