import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns';
import { eq, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type * as z from 'zod';
import { hazardParties, hazards, orgUnits } from '../../db/schema/index.ts';
import { ROLE_DEFINITIONS } from '../../platform/authz/roles.ts';
import type { Principal } from '../../platform/authz/scope.ts';
import { containsText } from '../../platform/http/pagination.ts';
import type { HazardListQuery } from './schemas.ts';

const partyUnit = alias(orgUnits, 'party_unit');
const area = alias(orgUnits, 'filter_area');

/** Hazards whose lead party the principal answers for (the SQL twin of actor.ts's isPartyMember). */
export function assignedTo(principal: Principal): SQL {
  const mine = principal.assignments.filter((a) => {
    const def = ROLE_DEFINITIONS[a.role];
    return def.scope !== 'tenant' && def.permissions.includes('hazards.rectify');
  });
  const companyIds = mine.flatMap((a) => (a.companyId ? [a.companyId] : []));
  const departmentIds = mine.flatMap((a) => (a.departmentId ? [a.departmentId] : []));
  const paths = mine.flatMap((a) => (a.orgUnitPath ? [a.orgUnitPath] : []));
  const under = (column: SQL | typeof partyUnit.path) => or(...paths.map((p) => sql`${column} like ${`${p}%`}`));
  const conditions = [
    companyIds.length ? sql`(${hazardParties.kind} = 'company' and ${hazardParties.companyId} in ${companyIds})` : undefined,
    departmentIds.length ? sql`(${hazardParties.kind} = 'department' and ${hazardParties.departmentId} in ${departmentIds})` : undefined,
    paths.length
      ? sql`(${hazardParties.kind} = 'org_unit' and exists (select 1 from ${orgUnits} as ${sql.identifier('party_unit')}
          where ${partyUnit.id} = ${hazardParties.orgUnitId} and (${under(partyUnit.path)})))`
      : undefined,
    paths.length
      ? sql`(${hazardParties.kind} = 'place_owner' and exists (select 1 from ${orgUnits} as ${sql.identifier('party_unit')}
          where ${partyUnit.id} = ${hazards.orgUnitId} and (${under(partyUnit.path)})))`
      : undefined,
  ].filter((x): x is SQL => x !== undefined);
  if (!conditions.length) return sql`false`;
  return sql`exists (select 1 from ${hazardParties} where ${hazardParties.hazardId} = ${hazards.id}
    and ${hazardParties.tenantId} = ${principal.tenantId} and ${hazardParties.lead} and (${or(...conditions)}))`;
}

/** The board's filters as SQL; dates are the tenant's calendar days. */
export function listFilters(query: z.output<typeof HazardListQuery>, principal: Principal, now: Date, timeZone: string): SQL[] {
  const out: (SQL | undefined)[] = [
    query.state ? eq(hazards.state, query.state) : undefined,
    query.open === true ? sql`${hazards.state} <> 'closed'` : query.open === false ? eq(hazards.state, 'closed') : undefined,
    query.categoryId ? eq(hazards.categoryId, query.categoryId) : undefined,
    query.placeId ? eq(hazards.placeId, query.placeId) : undefined,
    query.severity ? eq(hazards.severity, query.severity) : undefined,
    query.source ? eq(hazards.source, query.source) : undefined,
    query.orgUnitId
      ? // The subtree as one set of ids (the shape hazardInScope uses): the planner gets it right,
        // where a correlated EXISTS per hazard made it loop (measured by npm run bench).
        sql`${hazards.orgUnitId} in (select ${orgUnits.id} from ${orgUnits} where ${orgUnits.tenantId} = ${principal.tenantId}
          and ${orgUnits.path} like (select ${area.path} from ${orgUnits} as ${sql.identifier('filter_area')}
            where ${area.id} = ${query.orgUnitId} and ${area.tenantId} = ${principal.tenantId}) || '%')`
      : undefined,
    query.overdue === undefined
      ? undefined
      : sql`${query.overdue ? sql`` : sql`not `}coalesce(
          (${hazards.state} = 'routed' and ${hazards.respondBy} < ${now.toISOString()})
          or (${hazards.state} = 'rectifying' and ${hazards.dueAt} < ${now.toISOString()}), false)`,
    query.assigneeCompanyId
      ? sql`exists (select 1 from ${hazardParties} where ${hazardParties.tenantId} = ${principal.tenantId}
          and ${hazardParties.hazardId} = ${hazards.id} and ${hazardParties.companyId} = ${query.assigneeCompanyId})`
      : undefined,
    query.assigneeDepartmentId
      ? sql`exists (select 1 from ${hazardParties} where ${hazardParties.tenantId} = ${principal.tenantId}
          and ${hazardParties.hazardId} = ${hazards.id} and ${hazardParties.departmentId} = ${query.assigneeDepartmentId})`
      : undefined,
    query.assignedToMe ? assignedTo(principal) : undefined,
    query.reportedByMe ? eq(hazards.reporterId, principal.userId) : undefined,
    query.reportedFrom ? sql`${hazards.reportedAt} >= ${localDayStart(query.reportedFrom, timeZone).toISOString()}` : undefined,
    query.reportedTo ? sql`${hazards.reportedAt} < ${localDayStart(query.reportedTo, timeZone, 1).toISOString()}` : undefined,
    containsText(query.q, hazards.number, hazards.description),
  ];
  return out.filter((x): x is SQL => x !== undefined);
}

/** 00:00 of a calendar day (YYYY-MM-DD) in the tenant's zone, plus `days`. */
export function localDayStart(date: string, timeZone: string, days = 0): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(addDays(new TZDate(y, m - 1, d, timeZone), days).getTime());
}
