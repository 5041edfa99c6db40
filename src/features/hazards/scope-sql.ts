import { and, eq, or, sql, type SQL } from 'drizzle-orm';
import { hazardParties, hazards, orgUnits } from '../../db/schema/index.ts';
import type { Permission } from '../../platform/authz/roles.ts';
import { scopeOf, type Principal } from '../../platform/authz/scope.ts';

/**
 * Object-level check for hazards, always including the tenant: the whole district for committee
 * roles; for others the union of: hazards in their org subtrees, hazards where their company or
 * department is a party (lead or assisting), and — always — the hazards they reported themselves.
 */
export function hazardInScope(principal: Principal, permission: Permission = 'hazards.read'): SQL {
  const tenant = eq(hazards.tenantId, principal.tenantId);
  const scope = scopeOf(principal, permission);
  if (scope.kind === 'tenant') return tenant;
  if (scope.kind === 'none') return sql`false`;
  const parts: SQL[] = [eq(hazards.reporterId, principal.userId)];
  if (scope.orgPaths.length) {
    parts.push(sql`${hazards.orgUnitId} in (select ${orgUnits.id} from ${orgUnits}
      where ${orgUnits.tenantId} = ${principal.tenantId} and (${or(...scope.orgPaths.map((p) => sql`${orgUnits.path} like ${`${p}%`}`))}))`);
  }
  if (scope.companyIds.length || scope.departmentIds.length) {
    const party = or(
      scope.companyIds.length ? sql`${hazardParties.companyId} in ${scope.companyIds}` : undefined,
      scope.departmentIds.length ? sql`${hazardParties.departmentId} in ${scope.departmentIds}` : undefined,
    );
    parts.push(sql`exists (select 1 from ${hazardParties} where ${hazardParties.hazardId} = ${hazards.id}
      and ${hazardParties.tenantId} = ${principal.tenantId} and (${party}))`);
  }
  return and(tenant, or(...parts))!;
}
