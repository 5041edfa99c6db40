import { and, eq, or, type SQL, sql } from 'drizzle-orm';
import { orgUnits, tasks } from '../../db/schema/index.ts';
import { type Principal, scopeOf } from '../../platform/authz/scope.ts';

/**
 * Object-level check for tasks, always including the tenant: the whole district for committee
 * roles; otherwise the tasks given to an org unit of the caller's subtree (a station sees its
 * street's and its communities' tasks), to the caller's department or to the caller's company.
 */
export function taskInScope(principal: Principal): SQL {
  const tenant = eq(tasks.tenantId, principal.tenantId);
  const scope = scopeOf(principal, 'tasks.read');
  if (scope.kind === 'tenant') return tenant;
  if (scope.kind === 'none') return sql`false`;
  const parts = [
    scope.orgPaths.length
      ? sql`${tasks.orgUnitId} in (select ${orgUnits.id} from ${orgUnits}
          where ${orgUnits.tenantId} = ${principal.tenantId} and (${or(...scope.orgPaths.map((p) => sql`${orgUnits.path} like ${`${p}%`}`))}))`
      : undefined,
    scope.companyIds.length ? sql`${tasks.companyId} in ${scope.companyIds}` : undefined,
    scope.departmentIds.length ? sql`${tasks.departmentId} in ${scope.departmentIds}` : undefined,
  ].filter((x): x is SQL => x !== undefined);
  return and(tenant, parts.length ? or(...parts) : sql`false`)!;
}
