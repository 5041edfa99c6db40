import { eq, type SQL, sql } from 'drizzle-orm';
import { alias, type SelectedFields } from 'drizzle-orm/pg-core';
import {
  companies,
  departments,
  evidence,
  hazardCategories,
  hazardParties,
  hazards,
  lookbackItems,
  lookbacks,
  orgUnits,
  places,
} from '../../db/schema/index.ts';
import { jsonList } from '../../platform/db/json.ts';
import type { Db, NoColumns, RowOf } from '../../platform/db/types.ts';
import { evidenceFields } from '../timeline/store.ts';
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

const PARTY_UNIT = 'party_unit';
const partyUnit = alias(orgUnits, PARTY_UNIT);

/**
 * A hazard's parties as one JSON column of its row (`selectHazards(tx, where, { parties:
 * partiesColumn })`), lead first: who they are by name, and the org paths membership needs.
 */
export const partiesColumn = jsonList<PartyRow>(
  {
    hazardId: hazardParties.hazardId,
    lead: hazardParties.lead,
    kind: hazardParties.kind,
    orgUnitId: hazardParties.orgUnitId,
    companyId: hazardParties.companyId,
    departmentId: hazardParties.departmentId,
    orgUnitPath: partyUnit.path,
    name: sql`coalesce(${partyUnit.name}, ${companies.name}, ${departments.name}, '场所负责人')`,
  },
  sql`${hazardParties.lead} desc, ${hazardParties.id}`,
  sql`from ${hazardParties}
    left join ${orgUnits} as ${sql.identifier(PARTY_UNIT)} on ${partyUnit.id} = ${hazardParties.orgUnitId}
    left join ${companies} on ${companies.id} = ${hazardParties.companyId}
    left join ${departments} on ${departments.id} = ${hazardParties.departmentId}
    where ${hazardParties.tenantId} = ${hazards.tenantId} and ${hazardParties.hazardId} = ${hazards.id}`,
);

/** A hazard's confirmed evidence files as a JSON column (what evidenceOf answers), oldest first. */
export const evidenceColumn = jsonList<RowOf<typeof evidenceFields>>(
  evidenceFields,
  sql`${evidence.createdAt}`,
  sql`from ${evidence}
    where ${evidence.tenantId} = ${hazards.tenantId} and ${evidence.subjectType} = 'hazard'
      and ${evidence.subjectId} = ${hazards.id} and ${evidence.status} = 'confirmed'`,
);

/** The look-back samples still waiting for a hazard's re-check, as a JSON column, oldest first. */
export const pendingLookbacksColumn = jsonList<{ id: string; title: string }>(
  { id: lookbacks.id, title: lookbacks.title },
  sql`${lookbacks.createdAt}`,
  sql`from ${lookbackItems} join ${lookbacks} on ${lookbacks.id} = ${lookbackItems.lookbackId}
    where ${lookbackItems.tenantId} = ${hazards.tenantId} and ${lookbackItems.hazardId} = ${hazards.id}
      and ${lookbackItems.result} = 'pending'`,
);

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
