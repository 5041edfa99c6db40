import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Frequency } from '../../features/duties/recurrence.ts';
import type {
  FacilityKind,
  FacilityStatus,
  MaintenanceCheck,
  MaintenanceFrequency,
  MaintenanceResult,
  MaintenanceState,
} from '../../features/facilities/vocabulary.ts';
import type {
  ChecklistItem,
  InspectionKind,
  InspectionStatus,
  InspectionTarget,
  ItemResult,
  PatrolResult,
} from '../../features/inspections/vocabulary.ts';
import { id, tenantId, timestamps, version } from './columns.ts';
import { hazards } from './hazards.ts';
import { users } from './identity.ts';
import { companies, orgUnits, places } from './registry.ts';

const at = () => timestamp({ withTimezone: true, precision: 3 });
const inList = (column: unknown, values: readonly string[]) => sql`${column} in (${sql.raw(values.map((v) => `'${v}'`).join(', '))})`;

/** 检查表模板: a checklist per kind of target. Its items live in versions; an inspection keeps the version it used. */
export const inspectionTemplates = pgTable(
  'inspection_templates',
  {
    id: id(),
    tenantId: tenantId(),
    code: text().notNull(),
    name: text().notNull(),
    target: text().$type<InspectionTarget>().notNull(),
    description: text().notNull().default(''),
    active: boolean().notNull().default(true),
    /** The number of the version new inspections use. */
    currentVersion: integer().notNull().default(1),
    version: version(),
    ...timestamps(),
  },
  (t) => [index().on(t.tenantId), unique('inspection_templates_code_uq').on(t.tenantId, t.code)],
);

/** What a template said at one time: insert-only, so a finished inspection's checklist never changes. */
export const inspectionTemplateVersions = pgTable(
  'inspection_template_versions',
  {
    id: id(),
    tenantId: tenantId(),
    templateId: uuid()
      .notNull()
      .references(() => inspectionTemplates.id, { onDelete: 'restrict' }),
    number: integer().notNull(),
    items: jsonb().$type<ChecklistItem[]>().notNull(),
    createdBy: uuid().references(() => users.id, { onDelete: 'restrict' }),
    createdAt: at().notNull().defaultNow(),
  },
  (t) => [index().on(t.tenantId), unique('inspection_template_versions_number_uq').on(t.templateId, t.number)],
);

/** 检查计划: inspect every target of a kind (in an area) once per period, with a template. */
export const inspectionPlans = pgTable(
  'inspection_plans',
  {
    id: id(),
    tenantId: tenantId(),
    name: text().notNull(),
    templateId: uuid()
      .notNull()
      .references(() => inspectionTemplates.id, { onDelete: 'restrict' }),
    frequency: text().$type<Frequency>().notNull(),
    /** The area whose targets it covers (null = the whole district). */
    orgUnitId: uuid().references(() => orgUnits.id, { onDelete: 'restrict' }),
    startsOn: date({ mode: 'string' }).notNull(),
    active: boolean().notNull().default(true),
    createdBy: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    version: version(),
    ...timestamps(),
  },
  (t) => [index().on(t.tenantId)],
);

/** 检查 / 联合检查: one inspection of a place, compound or building, planned or ad hoc. */
export const inspections = pgTable(
  'inspections',
  {
    id: id(),
    tenantId: tenantId(),
    templateVersionId: uuid()
      .notNull()
      .references(() => inspectionTemplateVersions.id, { onDelete: 'restrict' }),
    kind: text().$type<InspectionKind>().notNull(),
    planId: uuid().references(() => inspectionPlans.id, { onDelete: 'restrict' }),
    periodKey: text(),
    /** Where: the place, or the compound/building; org_unit_id is always the area (the place's unit for a place). */
    placeId: uuid().references(() => places.id, { onDelete: 'restrict' }),
    orgUnitId: uuid()
      .notNull()
      .references(() => orgUnits.id, { onDelete: 'restrict' }),
    status: text().$type<InspectionStatus>().notNull(),
    /** Who leads it; a joint inspection (联合检查) names the departments taking part. */
    inspectorId: uuid().references(() => users.id, { onDelete: 'restrict' }),
    jointDepartmentIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    dueOn: date({ mode: 'string' }),
    startedAt: at(),
    completedAt: at(),
    /** 0–100 from the items' weights (not-applicable items left out); null until completed. */
    score: numeric({ precision: 5, scale: 2, mode: 'number' }),
    failedCount: integer().notNull().default(0),
    version: version(),
    ...timestamps(),
  },
  (t) => [
    index().on(t.tenantId),
    index().on(t.orgUnitId),
    index().on(t.placeId),
    index('inspections_tenant_completed_idx').on(t.tenantId, t.completedAt),
    // One planned inspection per (plan, period, target). A place target is unique here; a compound
    // target has place_id null, which this constraint counts as distinct every time, so…
    unique('inspections_plan_period_uq').on(t.planId, t.periodKey, t.orgUnitId, t.placeId),
    // …compound targets get their own key. Not NULLS NOT DISTINCT on the constraint above: that
    // would also make two ad hoc inspections of one place (plan and period null) collide.
    uniqueIndex('inspections_plan_period_unit_uq')
      .on(t.planId, t.periodKey, t.orgUnitId)
      .where(sql`${t.placeId} is null and ${t.planId} is not null`),
    check('inspections_kind', inList(t.kind, ['planned', 'ad_hoc'])),
    check('inspections_status', inList(t.status, ['planned', 'in_progress', 'completed', 'cancelled'])),
  ],
);

/** One item's result; a failed item points at the hazard it became (exactly one, made once). */
export const inspectionResults = pgTable(
  'inspection_results',
  {
    tenantId: tenantId(),
    inspectionId: uuid()
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    itemKey: text().notNull(),
    result: text().$type<ItemResult>().notNull(),
    note: text(),
    evidenceIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    hazardId: uuid()
      .unique()
      .references(() => hazards.id, { onDelete: 'restrict' }),
    recordedBy: uuid().references(() => users.id, { onDelete: 'restrict' }),
    recordedAt: at().notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.inspectionId, t.itemKey] }),
    index().on(t.tenantId),
    check('inspection_results_result', inList(t.result, ['pass', 'fail', 'na'])),
  ],
);

/** 巡查: a check-in at a place or compound — who, when, where, what was found. Many per day. */
export const patrols = pgTable(
  'patrols',
  {
    id: id(),
    tenantId: tenantId(),
    orgUnitId: uuid()
      .notNull()
      .references(() => orgUnits.id, { onDelete: 'restrict' }),
    placeId: uuid().references(() => places.id, { onDelete: 'restrict' }),
    patrolledBy: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    at: at().notNull(),
    result: text().$type<PatrolResult>().notNull(),
    note: text(),
    evidenceId: uuid(),
    latitude: doublePrecision(),
    longitude: doublePrecision(),
    createdAt: at().notNull().defaultNow(),
  },
  (t) => [
    index('patrols_tenant_at_idx').on(t.tenantId, t.at),
    // Grid members and volunteers list their own check-ins only.
    index('patrols_tenant_by_at_idx').on(t.tenantId, t.patrolledBy, t.at),
    index().on(t.orgUnitId),
    index().on(t.placeId),
    check('patrols_result', inList(t.result, ['normal', 'issue'])),
  ],
);

/** 消防设施台账: the shared facilities of a compound or building, with count, status and expiry. */
export const facilities = pgTable(
  'facilities',
  {
    id: id(),
    tenantId: tenantId(),
    orgUnitId: uuid()
      .notNull()
      .references(() => orgUnits.id, { onDelete: 'restrict' }),
    kind: text().$type<FacilityKind>().notNull(),
    location: text().notNull().default(''),
    count: integer().notNull(),
    status: text().$type<FacilityStatus>().notNull(),
    /** Extinguishers and the like: flagged ahead of this date. */
    expiresOn: date({ mode: 'string' }),
    lastMaintainedOn: date({ mode: 'string' }),
    version: version(),
    ...timestamps(),
  },
  (t) => [
    index().on(t.tenantId),
    index().on(t.orgUnitId),
    check('facilities_count', sql`${t.count} >= 0`),
    check('facilities_status', inList(t.status, ['working', 'faulty', 'missing'])),
  ],
);

/** How often each kind of facility must be maintained in a district (absent = the default). */
export const maintenancePolicies = pgTable(
  'maintenance_policies',
  {
    tenantId: tenantId(),
    kind: text().$type<FacilityKind>().notNull(),
    frequency: text().$type<MaintenanceFrequency>().notNull(),
    version: version(),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.kind] }),
    check('maintenance_policies_frequency', inList(t.frequency, ['monthly', 'quarterly'])),
  ],
);

/** 维保记录: a property company's maintenance record for a compound, reviewed by the station. */
export const maintenanceRecords = pgTable(
  'maintenance_records',
  {
    id: id(),
    tenantId: tenantId(),
    companyId: uuid()
      .notNull()
      .references(() => companies.id, { onDelete: 'restrict' }),
    orgUnitId: uuid()
      .notNull()
      .references(() => orgUnits.id, { onDelete: 'restrict' }),
    facilityId: uuid().references(() => facilities.id, { onDelete: 'restrict' }),
    kind: text().$type<FacilityKind>().notNull(),
    performedOn: date({ mode: 'string' }).notNull(),
    checks: jsonb().$type<MaintenanceCheck[]>().notNull(),
    result: text().$type<MaintenanceResult>().notNull(),
    contractor: text().notNull(),
    state: text().$type<MaintenanceState>().notNull().default('submitted'),
    /** Set when a "normal" record contradicts an open hazard or a failed inspection item: shown to the committee. */
    conflict: jsonb().$type<{ hazardIds: string[]; inspectionIds: string[] }>(),
    /** The hazard a reported fault opened. */
    hazardId: uuid().references(() => hazards.id, { onDelete: 'restrict' }),
    submittedBy: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    chainHead: text().notNull(),
    version: version(),
    ...timestamps(),
  },
  (t) => [
    index().on(t.tenantId),
    index().on(t.companyId),
    index().on(t.orgUnitId),
    index('maintenance_records_tenant_performed_idx').on(t.tenantId, t.performedOn),
    // The list's default order, and the conflict check's lookup by hazard.
    index('maintenance_records_tenant_created_idx').on(t.tenantId, t.createdAt, t.id),
    index().on(t.hazardId),
    check('maintenance_records_result', inList(t.result, ['normal', 'fault'])),
    check('maintenance_records_state', inList(t.state, ['submitted', 'accepted', 'returned'])),
  ],
);
