import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/pg-core';
import {
  companies,
  departments,
  hazardCategories,
  hazardParties,
  hazards,
  lookbackItems,
  lookbacks,
  orgUnits,
  places,
} from '../../db/schema/index.ts';
import type { Db, NoColumns } from '../../platform/db/types.ts';
import type { PartyWithPath } from './actor.ts';
import { isOverdue } from './policy.ts';

/** The columns every hazard answer carries, with the names users read instead of ids. */
export const hazardColumns = {
  id: hazards.id,
  number: hazards.number,
  categoryId: hazards.categoryId,
  categoryName: hazardCategories.name,
  categoryRectifyDays: hazardCategories.rectifyDays,
  orgUnitId: hazards.orgUnitId,
  orgUnitName: orgUnits.name,
  orgUnitPath: orgUnits.path,
  placeId: hazards.placeId,
  placeName: places.name,
  description: hazards.description,
  severity: hazards.severity,
  source: hazards.source,
  latitude: hazards.latitude,
  longitude: hazards.longitude,
  state: hazards.state,
  outcome: hazards.outcome,
  reporterId: hazards.reporterId,
  reportedAt: hazards.reportedAt,
  routedAt: hazards.routedAt,
  respondBy: hazards.respondBy,
  dueAt: hazards.dueAt,
  submittedAt: hazards.submittedAt,
  closedAt: hazards.closedAt,
  escalationLevel: hazards.escalationLevel,
  reopenCount: hazards.reopenCount,
  rejectCount: hazards.rejectCount,
  extensionCount: hazards.extensionCount,
  pendingExtension: hazards.pendingExtension,
  duplicateOfId: hazards.duplicateOfId,
  chainHead: hazards.chainHead,
  version: hazards.version,
};

export type HazardRow = Awaited<ReturnType<typeof selectHazards<NoColumns>>>[number];

/**
 * Hazards joined with their category, area and place; `where` must carry tenant and scope. `extra`:
 * what a list selects beside them (`{ total: ks.total }`); single-row reads pass nothing and
 * compute no window.
 */
export function selectHazards<E extends SelectedFields = NoColumns>(tx: Db, where: SQL | undefined, extra = {} as E) {
  return tx
    .select({ ...hazardColumns, ...extra })
    .from(hazards)
    .innerJoin(hazardCategories, eq(hazardCategories.id, hazards.categoryId))
    .innerJoin(orgUnits, eq(orgUnits.id, hazards.orgUnitId))
    .leftJoin(places, eq(places.id, hazards.placeId))
    .where(where);
}

export type PartyRow = PartyWithPath & { hazardId: string; name: string };

/** The parties of some hazards, with the names of who they are and the org paths membership needs. */
export async function partiesOf(tx: Db, tenantId: string, hazardIds: readonly string[]): Promise<PartyRow[]> {
  if (!hazardIds.length) return [];
  const rows = await tx
    .select({
      hazardId: hazardParties.hazardId,
      lead: hazardParties.lead,
      kind: hazardParties.kind,
      orgUnitId: hazardParties.orgUnitId,
      companyId: hazardParties.companyId,
      departmentId: hazardParties.departmentId,
      orgUnitPath: orgUnits.path,
      orgUnitName: orgUnits.name,
      companyName: companies.name,
      departmentName: departments.name,
    })
    .from(hazardParties)
    .leftJoin(orgUnits, eq(orgUnits.id, hazardParties.orgUnitId))
    .leftJoin(companies, eq(companies.id, hazardParties.companyId))
    .leftJoin(departments, eq(departments.id, hazardParties.departmentId))
    .where(and(eq(hazardParties.tenantId, tenantId), inArray(hazardParties.hazardId, [...hazardIds])))
    .orderBy(sql`${hazardParties.lead} desc`, asc(hazardParties.id));
  return rows.map(({ orgUnitName, companyName, departmentName, ...p }) => ({
    ...p,
    name: orgUnitName ?? companyName ?? departmentName ?? '场所负责人',
  }));
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentHazard(row: HazardRow, parties: readonly PartyRow[], now: Date) {
  const { categoryRectifyDays: _d, orgUnitPath: _p, chainHead: _h, submittedAt: _s, ...rest } = row;
  return {
    ...rest,
    reportedAt: row.reportedAt.toISOString(),
    routedAt: iso(row.routedAt),
    respondBy: iso(row.respondBy),
    dueAt: iso(row.dueAt),
    closedAt: iso(row.closedAt),
    overdue: isOverdue(row, now),
    parties: parties
      .filter((p) => p.hazardId === row.id)
      .map(({ lead, kind, orgUnitId, companyId, departmentId, name }) => ({ lead, kind, orgUnitId, companyId, departmentId, name })),
  };
}

/** Look-back samples that still wait for this hazard's re-check. */
export function pendingLookbacksOf(tx: Db, tenantId: string, hazardId: string) {
  return tx
    .select({ id: lookbacks.id, title: lookbacks.title })
    .from(lookbackItems)
    .innerJoin(lookbacks, eq(lookbacks.id, lookbackItems.lookbackId))
    .where(and(eq(lookbackItems.tenantId, tenantId), eq(lookbackItems.hazardId, hazardId), eq(lookbackItems.result, 'pending')))
    .orderBy(asc(lookbacks.createdAt));
}
