import { and, eq, or, type SQL, sql } from 'drizzle-orm';
import { companyCompounds, maintenanceRecords, orgUnits } from '../../db/schema/index.ts';
import type { Permission } from '../../platform/authz/roles.ts';
import { type Principal, scopeOf } from '../../platform/authz/scope.ts';

/**
 * Object-level check for maintenance records, always including the tenant: the whole district for
 * committee (and trade-wide) scopes; the records of compounds in the caller's org subtrees; and for
 * a property company, its own records of the compounds it manages now: never another company's,
 * not even in a compound both have managed.
 */
export function recordInScope(principal: Principal, permission: Permission = 'facilities.read'): SQL {
  const tenant = eq(maintenanceRecords.tenantId, principal.tenantId);
  const scope = scopeOf(principal, permission);
  if (scope.kind === 'tenant') return tenant;
  if (scope.kind === 'none') return sql`false`;
  const parts: SQL[] = [];
  if (scope.orgPaths.length) {
    parts.push(sql`${maintenanceRecords.orgUnitId} in (select ${orgUnits.id} from ${orgUnits}
      where ${orgUnits.tenantId} = ${principal.tenantId} and (${or(...scope.orgPaths.map((p) => sql`${orgUnits.path} like ${`${p}%`}`))}))`);
  }
  if (scope.companyIds.length) {
    parts.push(sql`(${maintenanceRecords.companyId} in ${scope.companyIds} and exists (
      select 1 from ${companyCompounds} where ${companyCompounds.tenantId} = ${principal.tenantId}
        and ${companyCompounds.orgUnitId} = ${maintenanceRecords.orgUnitId} and ${companyCompounds.companyId} = ${maintenanceRecords.companyId}))`);
  }
  return and(tenant, parts.length ? or(...parts) : sql`false`)!;
}
