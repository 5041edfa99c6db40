import { eq, type SQL } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/pg-core';
import { companies, maintenanceRecords, orgUnits } from '../../db/schema/index.ts';
import type { Db, NoColumns } from '../../platform/db/types.ts';

export const recordColumns = {
  id: maintenanceRecords.id,
  companyId: maintenanceRecords.companyId,
  companyName: companies.name,
  orgUnitId: maintenanceRecords.orgUnitId,
  compoundName: orgUnits.name,
  compoundPath: orgUnits.path,
  facilityId: maintenanceRecords.facilityId,
  kind: maintenanceRecords.kind,
  performedOn: maintenanceRecords.performedOn,
  checks: maintenanceRecords.checks,
  result: maintenanceRecords.result,
  contractor: maintenanceRecords.contractor,
  state: maintenanceRecords.state,
  conflict: maintenanceRecords.conflict,
  hazardId: maintenanceRecords.hazardId,
  submittedBy: maintenanceRecords.submittedBy,
  chainHead: maintenanceRecords.chainHead,
  version: maintenanceRecords.version,
  createdAt: maintenanceRecords.createdAt,
  updatedAt: maintenanceRecords.updatedAt,
};

export type RecordRow = Awaited<ReturnType<typeof selectRecords<NoColumns>>>[number];

/**
 * Records with their company and compound; `where` must carry tenant and scope. `extra`: what a
 * list selects beside them (`{ total: ks.total }`); single-row reads pass nothing and compute
 * no window.
 */
export function selectRecords<E extends SelectedFields = NoColumns>(tx: Db, where: SQL | undefined, extra = {} as E) {
  return tx
    .select({ ...recordColumns, ...extra })
    .from(maintenanceRecords)
    .innerJoin(companies, eq(companies.id, maintenanceRecords.companyId))
    .innerJoin(orgUnits, eq(orgUnits.id, maintenanceRecords.orgUnitId))
    .where(where);
}

export function presentRecord(row: RecordRow) {
  return {
    id: row.id,
    companyId: row.companyId,
    companyName: row.companyName,
    orgUnitId: row.orgUnitId,
    compoundName: row.compoundName,
    facilityId: row.facilityId,
    kind: row.kind,
    performedOn: row.performedOn,
    checks: row.checks,
    result: row.result,
    contractor: row.contractor,
    state: row.state,
    conflict: row.conflict,
    hazardId: row.hazardId,
    submittedBy: row.submittedBy,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
