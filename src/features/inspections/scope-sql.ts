import { and, eq, or, type SQL, sql } from 'drizzle-orm';
import { inspections, roleAssignments } from '../../db/schema/index.ts';
import type { Permission } from '../../platform/authz/roles.ts';
import { type Principal, scopeOf } from '../../platform/authz/scope.ts';
import { orgUnitIdInScope } from '../registry/scope-sql.ts';

/** The two inspection permissions an existing inspection is checked against. */
export type InspectionAccess = Extract<Permission, 'inspections.read' | 'inspections.run'>;

/**
 * Object-level check for inspections, always including the tenant: the whole district for
 * committee roles; otherwise the union of
 * - inspections in the caller's org subtrees (a station: its street; a community: its own), and of
 *   the compounds its company manages and what is below them (a property company reads the
 *   inspections of its compounds, their buildings and the places in them);
 * - for a department: the inspections it took part in (`joint_department_ids`) or ran (the
 *   inspector works for it);
 * - always: the inspections the caller leads as inspector.
 */
export function inspectionInScope(principal: Principal, permission: InspectionAccess): SQL {
  const tenant = eq(inspections.tenantId, principal.tenantId);
  const scope = scopeOf(principal, permission);
  if (scope.kind === 'tenant') return tenant;
  if (scope.kind === 'none') return sql`false`;
  const parts: SQL[] = [eq(inspections.inspectorId, principal.userId)];
  if (scope.orgPaths.length || scope.companyIds.length) parts.push(orgUnitIdInScope(inspections.orgUnitId, principal, permission));
  if (scope.departmentIds.length) {
    const ids = sql.join(
      scope.departmentIds.map((id) => sql`${id}`),
      sql`, `,
    );
    parts.push(sql`${inspections.jointDepartmentIds} && array[${ids}]::uuid[]`);
    parts.push(sql`exists (select 1 from ${roleAssignments} where ${roleAssignments.tenantId} = ${principal.tenantId}
      and ${roleAssignments.userId} = ${inspections.inspectorId} and ${roleAssignments.departmentId} in (${ids}))`);
  }
  return and(tenant, or(...parts))!;
}
