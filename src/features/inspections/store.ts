import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/pg-core';
import {
  departments,
  inspectionResults,
  inspections,
  inspectionTemplates,
  inspectionTemplateVersions,
  orgUnits,
  places,
  users,
} from '../../db/schema/index.ts';
import type { Principal } from '../../platform/authz/scope.ts';
import type { Db, NoColumns } from '../../platform/db/types.ts';
import { notFound } from '../../platform/errors.ts';
import { type InspectionAccess, inspectionInScope } from './scope-sql.ts';
import { type ChecklistItem, INSPECTION_TARGET_LABELS } from './vocabulary.ts';

/** The reads of templates and inspections, shared by their routes and the inspection service. */

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/* Templates: district-wide (every inspection reader of the district reads every template). */

export const templateColumns = {
  id: inspectionTemplates.id,
  code: inspectionTemplates.code,
  name: inspectionTemplates.name,
  target: inspectionTemplates.target,
  description: inspectionTemplates.description,
  active: inspectionTemplates.active,
  currentVersion: inspectionTemplates.currentVersion,
  version: inspectionTemplates.version,
  createdAt: inspectionTemplates.createdAt,
  updatedAt: inspectionTemplates.updatedAt,
  currentVersionId: inspectionTemplateVersions.id,
  items: inspectionTemplateVersions.items,
};

export type TemplateRow = Awaited<ReturnType<typeof selectTemplates<NoColumns>>>[number];

export const templateInTenant = (principal: Principal) => eq(inspectionTemplates.tenantId, principal.tenantId);

/**
 * Templates with their current version's items; `where` must carry the tenant. `extra`: what a list
 * selects beside them (`{ total: ks.total }`); single-row reads pass nothing and compute no
 * window.
 */
export function selectTemplates<E extends SelectedFields = NoColumns>(tx: Db, where: SQL | undefined, extra = {} as E) {
  return tx
    .select({ ...templateColumns, ...extra })
    .from(inspectionTemplates)
    .innerJoin(
      inspectionTemplateVersions,
      and(
        eq(inspectionTemplateVersions.templateId, inspectionTemplates.id),
        eq(inspectionTemplateVersions.number, inspectionTemplates.currentVersion),
      ),
    )
    .where(where);
}

/** A template of the caller's district, or 404 (the same answer for another district's). */
export async function visibleTemplate(tx: Db, principal: Principal, id: string, field?: string): Promise<TemplateRow> {
  const [row] = await selectTemplates(tx, and(templateInTenant(principal), eq(inspectionTemplates.id, id)));
  if (!row) throw notFound('inspection_template', field);
  return row;
}

export function presentTemplate(row: TemplateRow) {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    target: row.target,
    targetLabel: INSPECTION_TARGET_LABELS[row.target],
    description: row.description,
    active: row.active,
    currentVersion: row.currentVersion,
    itemCount: row.items.length,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export const presentTemplateDetail = (row: TemplateRow) => ({
  ...presentTemplate(row),
  currentVersionId: row.currentVersionId,
  items: row.items.map(presentItem),
});

export const presentItem = (i: ChecklistItem): ChecklistItem => ({
  key: i.key,
  category: i.category,
  text: i.text,
  hint: i.hint,
  photoRequired: i.photoRequired,
  weight: i.weight,
  severity: i.severity,
});

/* Inspections. */

export const inspectionColumns = {
  id: inspections.id,
  tenantId: inspections.tenantId,
  kind: inspections.kind,
  status: inspections.status,
  templateId: inspectionTemplates.id,
  templateCode: inspectionTemplates.code,
  templateName: inspectionTemplates.name,
  templateTarget: inspectionTemplates.target,
  templateVersionId: inspections.templateVersionId,
  templateVersionNumber: inspectionTemplateVersions.number,
  items: inspectionTemplateVersions.items,
  planId: inspections.planId,
  periodKey: inspections.periodKey,
  placeId: inspections.placeId,
  placeName: places.name,
  orgUnitId: inspections.orgUnitId,
  orgUnitName: orgUnits.name,
  inspectorId: inspections.inspectorId,
  inspectorName: users.displayName,
  jointDepartmentIds: inspections.jointDepartmentIds,
  dueOn: inspections.dueOn,
  startedAt: inspections.startedAt,
  completedAt: inspections.completedAt,
  score: inspections.score,
  failedCount: inspections.failedCount,
  version: inspections.version,
  createdAt: inspections.createdAt,
  updatedAt: inspections.updatedAt,
};

export type InspectionRow = Awaited<ReturnType<typeof selectInspections<NoColumns>>>[number];

/**
 * Inspections with their template version, place, area and inspector; `where` must carry tenant and
 * scope. `extra`: what a list selects beside them (`{ total: ks.total }`); single-row reads
 * pass nothing and compute no window.
 */
export function selectInspections<E extends SelectedFields = NoColumns>(tx: Db, where: SQL | undefined, extra = {} as E) {
  return tx
    .select({ ...inspectionColumns, ...extra })
    .from(inspections)
    .innerJoin(inspectionTemplateVersions, eq(inspectionTemplateVersions.id, inspections.templateVersionId))
    .innerJoin(inspectionTemplates, eq(inspectionTemplates.id, inspectionTemplateVersions.templateId))
    .innerJoin(orgUnits, eq(orgUnits.id, inspections.orgUnitId))
    .leftJoin(places, eq(places.id, inspections.placeId))
    .leftJoin(users, eq(users.id, inspections.inspectorId))
    .where(where);
}

/**
 * An inspection within the caller's scope for `access`, or 404. `lock` takes the row for update
 * for the rest of the transaction: recording, completing and cancelling one inspection take turns.
 */
export async function visibleInspection(
  tx: Db,
  principal: Principal,
  id: string,
  access: InspectionAccess,
  lock = false,
): Promise<InspectionRow> {
  const where = and(eq(inspections.id, id), inspectionInScope(principal, access));
  if (lock) {
    const [locked] = await tx.select({ id: inspections.id }).from(inspections).where(where).for('update');
    if (!locked) throw notFound('inspection');
  }
  const [row] = await selectInspections(tx, where);
  if (!row) throw notFound('inspection');
  return row;
}

/** The names of the departments some inspections name, by id. */
export async function departmentNames(tx: Db, tenantId: string, rows: readonly InspectionRow[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.flatMap((r) => r.jointDepartmentIds))];
  if (!ids.length) return new Map();
  const found = await tx
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .where(and(eq(departments.tenantId, tenantId), inArray(departments.id, ids)));
  return new Map(found.map((d) => [d.id, d.name]));
}

export type ResultRow = typeof inspectionResults.$inferSelect;

/** The recorded results of one inspection, by item key. */
export async function resultsOf(tx: Db, tenantId: string, inspectionId: string): Promise<Map<string, ResultRow>> {
  const rows = await tx
    .select()
    .from(inspectionResults)
    .where(and(eq(inspectionResults.tenantId, tenantId), eq(inspectionResults.inspectionId, inspectionId)))
    .orderBy(asc(inspectionResults.itemKey));
  return new Map(rows.map((r) => [r.itemKey, r]));
}

export function presentInspection(row: InspectionRow, names: ReadonlyMap<string, string>) {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    template: {
      id: row.templateId,
      code: row.templateCode,
      name: row.templateName,
      target: row.templateTarget,
      versionId: row.templateVersionId,
      versionNumber: row.templateVersionNumber,
    },
    planId: row.planId,
    periodKey: row.periodKey,
    placeId: row.placeId,
    placeName: row.placeName,
    orgUnitId: row.orgUnitId,
    orgUnitName: row.orgUnitName,
    inspector: row.inspectorId ? { id: row.inspectorId, name: row.inspectorName ?? '' } : null,
    jointDepartments: row.jointDepartmentIds.map((id) => ({ id, name: names.get(id) ?? '' })),
    dueOn: row.dueOn,
    startedAt: iso(row.startedAt),
    completedAt: iso(row.completedAt),
    score: row.score,
    failedCount: row.failedCount,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export const presentResult = (r: ResultRow) => ({
  result: r.result,
  note: r.note,
  evidenceIds: r.evidenceIds,
  hazardId: r.hazardId,
  recordedBy: r.recordedBy,
  recordedAt: r.recordedAt.toISOString(),
});
