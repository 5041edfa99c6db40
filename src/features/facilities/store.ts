import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { alias, type SelectedFields } from 'drizzle-orm/pg-core';
import { facilities, orgUnits } from '../../db/schema/index.ts';
import type { Permission } from '../../platform/authz/roles.ts';
import type { Principal } from '../../platform/authz/scope.ts';
import type { Db, NoColumns } from '../../platform/db/types.ts';
import { orgUnitIdInScope } from '../registry/scope-sql.ts';
import { expiryOf } from './rules.ts';

/** The compound a facility belongs to: its own unit when that is a compound, else the building's parent. */
export const facilityCompound = alias(orgUnits, 'facility_compound');

export const facilityColumns = {
  id: facilities.id,
  orgUnitId: facilities.orgUnitId,
  orgUnitName: orgUnits.name,
  compoundId: facilityCompound.id,
  compoundName: facilityCompound.name,
  kind: facilities.kind,
  location: facilities.location,
  count: facilities.count,
  status: facilities.status,
  expiresOn: facilities.expiresOn,
  lastMaintainedOn: facilities.lastMaintainedOn,
  version: facilities.version,
  createdAt: facilities.createdAt,
  updatedAt: facilities.updatedAt,
};

export type FacilityRow = Awaited<ReturnType<typeof selectFacilities<NoColumns>>>[number];

/**
 * Facilities with their unit and compound; `where` must carry tenant and scope. `extra`: what a
 * list selects beside them (`{ total: ks.total }`); single-row reads pass nothing and compute
 * no window.
 */
export function selectFacilities<E extends SelectedFields = NoColumns>(tx: Db, where: SQL | undefined, extra = {} as E) {
  return tx
    .select({ ...facilityColumns, ...extra })
    .from(facilities)
    .innerJoin(orgUnits, eq(orgUnits.id, facilities.orgUnitId))
    .innerJoin(
      facilityCompound,
      sql`${facilityCompound.id} = case when ${orgUnits.kind} = 'compound' then ${orgUnits.id} else ${orgUnits.parentId} end`,
    )
    .where(where);
}

/** Object-level check for a facility: through the unit it stands in (a company reaches its compounds and their buildings). */
export const facilityInScope = (
  principal: Principal,
  permission: Extract<Permission, 'facilities.read' | 'facilities.write' | 'facilities.write_status'>,
): SQL => and(eq(facilities.tenantId, principal.tenantId), orgUnitIdInScope(facilities.orgUnitId, principal, permission))!;

/** Today's date in the district's calendar. */
export const localToday = (now: Date, timeZone: string): string => format(new TZDate(now.getTime(), timeZone), 'yyyy-MM-dd');

export function presentFacility(row: FacilityRow, today: string) {
  return {
    id: row.id,
    orgUnitId: row.orgUnitId,
    orgUnitName: row.orgUnitName,
    compoundId: row.compoundId,
    compoundName: row.compoundName,
    kind: row.kind,
    location: row.location,
    count: row.count,
    status: row.status,
    expiresOn: row.expiresOn,
    expiry: expiryOf(row.expiresOn, today),
    lastMaintainedOn: row.lastMaintainedOn,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
