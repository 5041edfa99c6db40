import { and, eq, getTableName, inArray, or, type SQL, sql } from 'drizzle-orm';
import { alias, type PgTable } from 'drizzle-orm/pg-core';
import { companies, companyCompounds, orgUnits } from '../../db/schema/index.ts';
import type { Permission } from '../../platform/authz/roles.ts';
import { type Principal, scopeOf } from '../../platform/authz/scope.ts';

/**
 * Inside sql`` drizzle renders an aliased table as its bare alias name, which is no FROM item
 * ("relation managed_compound does not exist"): spell out "table AS alias" there; the alias's
 * columns then render as "alias"."column".
 */
const fromItem = (table: PgTable, aliased: PgTable) => sql`${table} as ${sql.identifier(getTableName(aliased))}`;

const managed = alias(orgUnits, 'managed_compound');
const scopeLink = alias(companyCompounds, 'scope_link');
const scopeCompound = alias(orgUnits, 'scope_compound');

/**
 * Object-level check for everything that hangs off the org tree: the condition an `org_units`
 * row must meet to be within the caller's scope for `permission`, always including the tenant.
 * Org-unit scopes reach their subtree; company scopes reach the compounds the company manages
 * and what is below them. Use it in every query of org units, and through `orgUnitIdInScope`
 * for rows that point at an org unit (places, ...).
 */
export function orgUnitInScope(principal: Principal, permission: Permission): SQL {
  const tenant = eq(orgUnits.tenantId, principal.tenantId);
  const scope = scopeOf(principal, permission);
  if (scope.kind === 'tenant') return tenant;
  if (scope.kind === 'none') return sql`false`;
  const parts: SQL[] = scope.orgPaths.map((p) => sql`${orgUnits.path} like ${`${p}%`}`);
  if (scope.companyIds.length) {
    parts.push(sql`exists (
      select 1 from ${companyCompounds}
      join ${fromItem(orgUnits, managed)} on ${managed.id} = ${companyCompounds.orgUnitId}
      where ${companyCompounds.companyId} in ${scope.companyIds}
        and ${orgUnits.path} like ${managed.path} || '%')`);
  }
  return and(tenant, parts.length ? or(...parts) : sql`false`)!;
}

/** For tables with an org_unit_id column: that org unit is within scope. */
export function orgUnitIdInScope(column: SQL.Aliased | Parameters<typeof eq>[0], principal: Principal, permission: Permission): SQL {
  return sql`${column} in (select ${orgUnits.id} from ${orgUnits} where ${orgUnitInScope(principal, permission)})`;
}

/**
 * Object-level check for property companies (a `companies` row), always including the tenant.
 * Company scopes reach their own company (even before it manages any compound); org-unit scopes
 * reach the companies managing at least one compound in their subtrees, so a station can see who
 * answers for the compounds of its street.
 */
export function companyInScope(principal: Principal, permission: Permission): SQL {
  const tenant = eq(companies.tenantId, principal.tenantId);
  const scope = scopeOf(principal, permission);
  if (scope.kind === 'tenant') return tenant;
  if (scope.kind === 'none') return sql`false`;
  const parts: SQL[] = [];
  if (scope.companyIds.length) parts.push(inArray(companies.id, [...scope.companyIds]));
  if (scope.orgPaths.length) {
    parts.push(sql`exists (
      select 1 from ${fromItem(companyCompounds, scopeLink)}
      join ${fromItem(orgUnits, scopeCompound)} on ${scopeCompound.id} = ${scopeLink.orgUnitId}
      where ${scopeLink.companyId} = ${companies.id}
        and (${or(...scope.orgPaths.map((p) => sql`${scopeCompound.path} like ${`${p}%`}`))}))`);
  }
  return and(tenant, parts.length ? or(...parts) : sql`false`)!;
}
