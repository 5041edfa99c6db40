import { and, eq, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { hazardParties, hazards, orgUnits } from '../../db/schema/index.ts';
import { type Principal, scopeOf } from '../../platform/authz/scope.ts';

const partyUnit = alias(orgUnits, 'scope_party_unit');

/**
 * Object-level check for hazards, always including the tenant: the whole district for committee
 * roles; for others the union of: hazards in their org subtrees, hazards where their company,
 * department or an org unit of their subtree is a party (lead or assisting: a community made
 * responsible for a hazard on the street sees it), and — always — the hazards they reported.
 */
export function hazardInScope(principal: Principal): SQL {
  const tenant = eq(hazards.tenantId, principal.tenantId);
  const scope = scopeOf(principal, 'hazards.read');
  if (scope.kind === 'tenant') return tenant;
  if (scope.kind === 'none') return sql`false`;
  const parts: SQL[] = [eq(hazards.reporterId, principal.userId)];
  if (scope.orgPaths.length) {
    parts.push(sql`${hazards.orgUnitId} in (select ${orgUnits.id} from ${orgUnits}
      where ${orgUnits.tenantId} = ${principal.tenantId} and (${or(...scope.orgPaths.map((p) => sql`${orgUnits.path} like ${`${p}%`}`))}))`);
  }
  if (scope.companyIds.length || scope.departmentIds.length || scope.orgPaths.length) {
    const party = or(
      scope.companyIds.length ? sql`${hazardParties.companyId} in ${scope.companyIds}` : undefined,
      scope.departmentIds.length ? sql`${hazardParties.departmentId} in ${scope.departmentIds}` : undefined,
      scope.orgPaths.length
        ? sql`${hazardParties.orgUnitId} in (select ${partyUnit.id} from ${orgUnits} as ${sql.identifier('scope_party_unit')}
            where ${partyUnit.tenantId} = ${principal.tenantId} and (${or(...scope.orgPaths.map((p) => sql`${partyUnit.path} like ${`${p}%`}`))}))`
        : undefined,
    );
    parts.push(sql`exists (select 1 from ${hazardParties} where ${hazardParties.hazardId} = ${hazards.id}
      and ${hazardParties.tenantId} = ${principal.tenantId} and (${party}))`);
  }
  return and(tenant, or(...parts))!;
}
