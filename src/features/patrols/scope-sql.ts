import { and, eq, or, type SQL, sql } from 'drizzle-orm';
import { patrols } from '../../db/schema/index.ts';
import { type Principal, scopeOf } from '../../platform/authz/scope.ts';
import { orgUnitIdInScope, orgUnitInScope } from '../registry/scope-sql.ts';

/**
 * Object-level check for patrols, always including the tenant: the whole district for the
 * committee; otherwise the patrols in the org units of the caller's scope for patrols.read (a
 * station's street, a community, a property company's compounds) and, always, the caller's own.
 * Grid members and volunteers hold patrols.read for their own check-ins only (ownReportsOnly).
 */
export function patrolInScope(principal: Principal): SQL {
  const tenant = eq(patrols.tenantId, principal.tenantId);
  const scope = scopeOf(principal, 'patrols.read');
  if (scope.kind === 'tenant') return tenant;
  if (scope.kind === 'none') return sql`false`;
  const parts: SQL[] = [eq(patrols.patrolledBy, principal.userId)];
  if (scope.orgPaths.length || scope.companyIds.length) parts.push(orgUnitIdInScope(patrols.orgUnitId, principal, 'patrols.read'));
  return and(tenant, or(...parts))!;
}

/**
 * The area coverage is reported over, as a condition on `org_units`: where the caller may read
 * patrols, or may patrol. For every role but two these are the same area (the committee patrols
 * nowhere, so its area is its read scope, the district). Grid members and volunteers read only
 * their own check-ins: their area is where they patrol, and only their own visits count there
 * (patrolInScope), so coverage answers "which places of my grid have I not been to this month".
 */
export function coverageArea(principal: Principal): SQL {
  return or(orgUnitInScope(principal, 'patrols.read'), orgUnitInScope(principal, 'patrols.create'))!;
}
