import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type * as z from 'zod';
import {
  departments,
  evidence,
  hazardCategories,
  inspectionResults,
  inspections,
  inspectionTemplates,
  inspectionTemplateVersions,
  orgUnits,
  places,
} from '../../db/schema/index.ts';
import { hasPermission, type Principal, scopeOf } from '../../platform/authz/scope.ts';
import type { Db } from '../../platform/db/types.ts';
import { updateVersioned } from '../../platform/db/versioned.ts';
import { ApiError, type FieldError, fieldError, notFound, notFoundAt } from '../../platform/errors.ts';
import { evidenceUnusableAt } from '../evidence/attach.ts';
import { loadPolicy } from '../hazard-config/policy-store.ts';
import { reportHazard } from '../hazards/service.ts';
import { orgUnitInScope } from '../registry/scope-sql.ts';
import { ensureDefaultTemplates } from './defaults.ts';
import type {
  CancelInspection,
  ChecklistItemInput,
  CreateInspection,
  CreateInspectionTemplate,
  CreateTemplateVersion,
  RecordResult,
} from './schemas.ts';
import { inspectionInScope } from './scope-sql.ts';
import { inspectionScore, missingKeys } from './score.ts';
import { type InspectionRow, type ResultRow, resultsOf, templateInTenant, visibleInspection, visibleTemplate } from './store.ts';
import { type ChecklistItem, type InspectionStatus, OPEN_INSPECTION_STATUSES } from './vocabulary.ts';

/**
 * Writing templates and inspections. No Hono context: the routes audit what these return, and a
 * seeder or the plan generator can call the same functions inside its own transaction.
 */

const isOpen = (status: InspectionStatus) => (OPEN_INSPECTION_STATUSES as readonly InspectionStatus[]).includes(status);

/* Templates. */

/**
 * Every item's category must be an active hazard category of the district (by code): a failed item
 * is reported under it. One 400 naming each bad `items.<i>.category`.
 */
async function checkCategories(tx: Db, tenantId: string, items: readonly z.output<typeof ChecklistItemInput>[]): Promise<ChecklistItem[]> {
  const codes = [...new Set(items.map((i) => i.category))];
  const found = new Map(
    (
      await tx
        .select({ code: hazardCategories.code, active: hazardCategories.active })
        .from(hazardCategories)
        .where(and(eq(hazardCategories.tenantId, tenantId), inArray(hazardCategories.code, codes)))
    ).map((c) => [c.code, c.active]),
  );
  const errors: FieldError[] = items.flatMap((item, i) => {
    const active = found.get(item.category);
    if (active === undefined) return [fieldError(`items.${i}.category`, 'checklist_category_unknown', { code: item.category })];
    if (!active) return [fieldError(`items.${i}.category`, 'checklist_category_inactive', { code: item.category })];
    return [];
  });
  if (errors.length) {
    const categories = [...new Set(items.filter((i) => !found.get(i.category)).map((i) => i.category))];
    throw new ApiError('checklist_category_invalid', { params: { categories }, errors });
  }
  return items.map((i) => ({
    key: i.key,
    category: i.category,
    text: i.text,
    hint: i.hint,
    photoRequired: i.photoRequired,
    weight: i.weight,
    severity: i.severity,
  }));
}

/** Creates a template with its version 1. Returns its id. */
export async function createTemplate(
  tx: Db,
  principal: Principal,
  now: Date,
  input: z.output<typeof CreateInspectionTemplate>,
): Promise<string> {
  const tenantId = principal.tenantId;
  // The defaults first, so their codes are taken before a district picks its own.
  await ensureDefaultTemplates(tx, tenantId);
  const code = input.code ?? `custom-${crypto.randomUUID().slice(0, 8)}`;
  const [clash] = await tx
    .select({ id: inspectionTemplates.id })
    .from(inspectionTemplates)
    .where(and(eq(inspectionTemplates.tenantId, tenantId), eq(inspectionTemplates.code, code)));
  if (clash) throw new ApiError('already_exists', { params: { field: 'code', resource: 'inspection_template' }, field: 'code' });
  const items = await checkCategories(tx, tenantId, input.items);
  const [row] = await tx
    .insert(inspectionTemplates)
    .values({
      tenantId,
      code,
      name: input.name,
      target: input.target,
      description: input.description,
      currentVersion: 1,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: inspectionTemplates.id });
  await tx
    .insert(inspectionTemplateVersions)
    .values({ tenantId, templateId: row!.id, number: 1, items, createdBy: principal.userId, createdAt: now });
  return row!.id;
}

/**
 * A new checklist for a template: the next version number, which becomes current. Guarded by the
 * template's row version (stale → 409); inspections already made keep the version they used.
 */
export async function addTemplateVersion(
  tx: Db,
  principal: Principal,
  now: Date,
  templateId: string,
  input: z.output<typeof CreateTemplateVersion>,
): Promise<{ id: string; number: number }> {
  const tenantId = principal.tenantId;
  await visibleTemplate(tx, principal, templateId);
  const items = await checkCategories(tx, tenantId, input.items);
  const updated = await updateVersioned(
    tx,
    inspectionTemplates,
    and(templateInTenant(principal), eq(inspectionTemplates.id, templateId))!,
    input.version,
    { currentVersion: sql`${inspectionTemplates.currentVersion} + 1` },
    'inspection_template',
  );
  const [row] = await tx
    .insert(inspectionTemplateVersions)
    .values({ tenantId, templateId, number: updated.currentVersion, items, createdBy: principal.userId, createdAt: now })
    .returning({ id: inspectionTemplateVersions.id });
  return { id: row!.id, number: updated.currentVersion };
}

/* Inspections. */

/**
 * Where the caller may start an inspection: its own org subtrees for stations and communities;
 * anywhere in the district for the committee and for departments, which act by trade (行业), not
 * by area (they then see it as the department that ran it).
 */
function targetsAnywhere(principal: Principal): boolean {
  const scope = scopeOf(principal, 'inspections.run');
  return scope.kind === 'tenant' || (scope.kind === 'partial' && scope.departmentIds.length > 0);
}

async function targetUnit(
  tx: Db,
  principal: Principal,
  input: z.output<typeof CreateInspection>,
): Promise<{ orgUnitId: string; placeId: string | null }> {
  const tenantId = principal.tenantId;
  const reach = targetsAnywhere(principal) ? eq(orgUnits.tenantId, tenantId) : orgUnitInScope(principal, 'inspections.run');
  if (input.placeId) {
    const [place] = await tx
      .select({ id: places.id, orgUnitId: places.orgUnitId })
      .from(places)
      .innerJoin(orgUnits, eq(orgUnits.id, places.orgUnitId))
      .where(and(eq(places.tenantId, tenantId), eq(places.id, input.placeId), reach));
    if (!place) throw notFound('place', 'placeId');
    return { orgUnitId: place.orgUnitId, placeId: place.id };
  }
  const [unit] = await tx
    .select({ id: orgUnits.id, kind: orgUnits.kind })
    .from(orgUnits)
    .where(and(eq(orgUnits.id, input.orgUnitId!), reach));
  if (!unit) throw notFound('inspection_target', 'orgUnitId');
  if (unit.kind !== 'compound' && unit.kind !== 'building') {
    throw new ApiError('compound_or_building_required', { params: { kind: unit.kind }, field: 'orgUnitId' });
  }
  return { orgUnitId: unit.id, placeId: null };
}

/**
 * Starts an ad hoc inspection (临时检查 / 联合检查) led by the caller, on the template's current
 * version, in progress at once. Returns its id.
 */
export async function createInspection(tx: Db, principal: Principal, now: Date, input: z.output<typeof CreateInspection>): Promise<string> {
  const tenantId = principal.tenantId;
  const template = await visibleTemplate(tx, principal, input.templateId, 'templateId');
  if (!template.active) throw new ApiError('inspection_template_inactive', { field: 'templateId' });
  const target = await targetUnit(tx, principal, input);
  if (input.jointDepartmentIds.length) {
    const found = new Set(
      (
        await tx
          .select({ id: departments.id })
          .from(departments)
          .where(and(eq(departments.tenantId, tenantId), inArray(departments.id, input.jointDepartmentIds)))
      ).map((d) => d.id),
    );
    const missing = input.jointDepartmentIds.flatMap((id, i) =>
      found.has(id) ? [] : [{ path: `jointDepartmentIds.${i}`, resource: 'department' as const }],
    );
    if (missing.length) throw notFoundAt(missing);
  }
  const [row] = await tx
    .insert(inspections)
    .values({
      tenantId,
      templateVersionId: template.currentVersionId,
      kind: 'ad_hoc',
      placeId: target.placeId,
      orgUnitId: target.orgUnitId,
      status: 'in_progress',
      inspectorId: principal.userId,
      jointDepartmentIds: input.jointDepartmentIds,
      startedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: inspections.id });
  return row!.id;
}

const closedError = (row: InspectionRow) =>
  new ApiError('inspection_closed', { params: { status: row.status === 'completed' ? 'completed' : 'cancelled' } });

/**
 * Who conducts an inspection (records, completes, cancels): its inspector, a member of a
 * department taking part, or the committee; anyone of the area only while nobody leads it yet (a
 * planned inspection). Seeing an inspection is wider: a community sees the station's inspection
 * of its unmanaged compound, and must not be able to turn its failed items into passes.
 */
function conducts(principal: Principal, row: Pick<InspectionRow, 'inspectorId' | 'jointDepartmentIds'>): boolean {
  if (scopeOf(principal, 'inspections.run').kind === 'tenant') return true;
  if (row.inspectorId === null || row.inspectorId === principal.userId) return true;
  return principal.assignments.some((a) => a.departmentId !== null && row.jointDepartmentIds.includes(a.departmentId));
}

function requireConductor(principal: Principal, row: Pick<InspectionRow, 'inspectorId' | 'jointDepartmentIds'>): void {
  if (!conducts(principal, row)) throw new ApiError('inspection_not_conductor');
}

/**
 * Records (or replaces) one item's result. The inspection row is locked first, so results and
 * completion take turns. A failed item that needs a photo gets at least one; photos must be the
 * caller's confirmed uploads, attached nowhere and named by no other open result: they stay
 * unattached until completion, when they become the hazard's report photos.
 */
export async function recordResult(
  tx: Db,
  principal: Principal,
  now: Date,
  id: string,
  itemKey: string,
  input: z.output<typeof RecordResult>,
): Promise<{ row: InspectionRow; item: ChecklistItem }> {
  const tenantId = principal.tenantId;
  const row = await visibleInspection(tx, principal, id, 'inspections.run', true);
  requireConductor(principal, row);
  const item = row.items.find((i) => i.key === itemKey);
  if (!item) throw notFound('checklist_item');
  if (!isOpen(row.status)) throw closedError(row);
  if (input.result === 'fail' && item.photoRequired && !input.evidenceIds.length) {
    throw new ApiError('inspection_photo_required', { params: { itemKey }, field: 'evidenceIds' });
  }
  if (input.evidenceIds.length) {
    // The photos become the hazard's report photos on completion: check the district's limit now,
    // not when every item has been judged and completing would fail.
    const { maxFilesPerHazard } = await loadPolicy(tx, tenantId);
    if (input.evidenceIds.length > maxFilesPerHazard) {
      throw new ApiError('inspection_item_photos_over_limit', { params: { max: maxFilesPerHazard }, field: 'evidenceIds' });
    }
    const ids = input.evidenceIds;
    const usable = await tx
      .select({ id: evidence.id })
      .from(evidence)
      .where(
        and(
          eq(evidence.tenantId, tenantId),
          inArray(evidence.id, ids),
          eq(evidence.status, 'confirmed'),
          eq(evidence.uploadedBy, principal.userId),
          isNull(evidence.subjectId),
          sql`not exists (select 1 from ${inspectionResults} join ${inspections} on ${inspections.id} = ${inspectionResults.inspectionId}
            where ${inspectionResults.tenantId} = ${tenantId} and ${inspections.status} in ('planned', 'in_progress')
              and ${inspectionResults.evidenceIds} @> array[${evidence.id}]::uuid[]
              and not (${inspectionResults.inspectionId} = ${id} and ${inspectionResults.itemKey} = ${itemKey}))`,
        ),
      );
    const found = new Set(usable.map((e) => e.id));
    const bad = ids.flatMap((e, i) => (found.has(e) ? [] : [{ id: e, path: `evidenceIds.${i}` }]));
    if (bad.length) throw evidenceUnusableAt(bad);
  }
  const values = {
    result: input.result,
    note: input.note ?? null,
    evidenceIds: input.evidenceIds,
    recordedBy: principal.userId,
    recordedAt: now,
  };
  await tx
    .insert(inspectionResults)
    .values({ tenantId, inspectionId: id, itemKey, ...values })
    .onConflictDoUpdate({ target: [inspectionResults.inspectionId, inspectionResults.itemKey], set: values });
  if (row.status === 'planned') {
    // The first result starts a planned inspection; whoever records it leads it unless someone does.
    await tx
      .update(inspections)
      .set({
        status: 'in_progress',
        startedAt: now,
        inspectorId: row.inspectorId ?? principal.userId,
        version: sql`${inspections.version} + 1`,
        updatedAt: now,
      })
      .where(and(eq(inspections.tenantId, tenantId), eq(inspections.id, id)));
  }
  return { row, item };
}

export interface Completion {
  /** False when the inspection was completed already: nothing was done this time. */
  completed: boolean;
  score: number | null;
  hazardIds: string[];
}

/**
 * Completes an inspection, all in the caller's transaction: every item must have a result (400
 * naming each missing `results.<key>`); the score from the weights; and each failed item becomes
 * exactly one hazard through reportHazard — the item's category (by code; the district's `other`
 * if that category was removed or deactivated since) and severity, source `inspection`, the
 * inspection's place or org unit, the item's text and note as description, the item's photos as
 * its report photos — whose id is written to the result row.
 *
 * The hazard is reported in the name of whoever recorded the failure: they found it, and the
 * photos are their uploads (evidence attaches only by its uploader). The completion itself is
 * audited under the caller.
 *
 * Exactly once: the inspection row is locked first, so a second completion (a retry, a double
 * tap, another team member) waits, then finds it completed and does nothing; the result row is
 * updated only while its hazard_id is empty, and hazard_id is unique.
 */
export async function completeInspection(tx: Db, principal: Principal, now: Date, id: string): Promise<Completion> {
  const tenantId = principal.tenantId;
  const row = await visibleInspection(tx, principal, id, 'inspections.run', true);
  if (row.status === 'completed') return { completed: false, score: row.score, hazardIds: [] };
  requireConductor(principal, row);
  if (row.status === 'cancelled') throw closedError(row);

  const results = await resultsOf(tx, tenantId, id);
  const missing = missingKeys(
    row.items.map((i) => i.key),
    new Set(results.keys()),
  );
  if (missing.length) {
    const byKey = new Map(row.items.map((i) => [i.key, i]));
    throw new ApiError('inspection_results_missing', {
      params: { itemKeys: missing },
      errors: missing.map((key) => fieldError(`results.${key}`, 'inspection_item_not_recorded', { text: byKey.get(key)!.text })),
    });
  }

  const judged = row.items.map((item) => ({ item, result: results.get(item.key)! }));
  const score = inspectionScore(judged.map((j) => ({ weight: j.item.weight, result: j.result.result })));
  const failed = judged.filter((j) => j.result.result === 'fail');

  const hazardIds: string[] = [];
  if (failed.length) {
    const categoryOf = await categoriesFor(
      tx,
      tenantId,
      failed.map((f) => f.item),
    );
    await checkPhotosStillUsable(
      tx,
      tenantId,
      failed.map((f) => f.result),
    );
    for (const { item, result } of failed) {
      const reporter: Principal = { ...principal, userId: result.recordedBy ?? principal.userId };
      const hazardId = await reportHazard(tx, reporter, now, {
        categoryId: categoryOf.get(item.key)!,
        placeId: row.placeId,
        orgUnitId: row.orgUnitId,
        description: result.note ? `${item.text}：${result.note}` : item.text,
        severity: item.severity,
        source: 'inspection',
        evidenceIds: result.evidenceIds,
      });
      const linked = await tx
        .update(inspectionResults)
        .set({ hazardId })
        .where(
          and(
            eq(inspectionResults.tenantId, tenantId),
            eq(inspectionResults.inspectionId, id),
            eq(inspectionResults.itemKey, item.key),
            isNull(inspectionResults.hazardId),
          ),
        )
        .returning({ key: inspectionResults.itemKey });
      if (linked.length !== 1) throw new ApiError('concurrent_update');
      hazardIds.push(hazardId);
    }
  }

  const done = await tx
    .update(inspections)
    .set({
      status: 'completed',
      completedAt: now,
      score,
      failedCount: failed.length,
      version: sql`${inspections.version} + 1`,
      updatedAt: now,
    })
    .where(and(eq(inspections.tenantId, tenantId), eq(inspections.id, id), inArray(inspections.status, [...OPEN_INSPECTION_STATUSES])))
    .returning({ id: inspections.id });
  if (done.length !== 1) throw new ApiError('concurrent_update');
  return { completed: true, score, hazardIds };
}

/** The hazard category id for each failed item: by the item's code, else the district's active `other`. */
async function categoriesFor(tx: Db, tenantId: string, items: readonly ChecklistItem[]): Promise<Map<string, string>> {
  const codes = [...new Set([...items.map((i) => i.category), 'other'])];
  const active = new Map(
    (
      await tx
        .select({ id: hazardCategories.id, code: hazardCategories.code })
        .from(hazardCategories)
        .where(and(eq(hazardCategories.tenantId, tenantId), inArray(hazardCategories.code, codes), eq(hazardCategories.active, true)))
    ).map((c) => [c.code, c.id]),
  );
  const out = new Map<string, string>();
  const errors: FieldError[] = [];
  const gone = new Set<string>();
  for (const item of items) {
    const id = active.get(item.category) ?? active.get('other');
    if (id) out.set(item.key, id);
    else {
      gone.add(item.category);
      errors.push(fieldError(`items.${item.key}.category`, 'checklist_category_gone', { code: item.category }));
    }
  }
  if (errors.length) throw new ApiError('checklist_category_unavailable', { params: { categories: [...gone] }, errors });
  return out;
}

/** The failed items' photos are still their recorder's, confirmed and attached nowhere (else 409 naming them). */
async function checkPhotosStillUsable(tx: Db, tenantId: string, results: readonly ResultRow[]): Promise<void> {
  const ids = results.flatMap((r) => r.evidenceIds);
  if (!ids.length) return;
  const rows = await tx
    .select({ id: evidence.id, uploadedBy: evidence.uploadedBy })
    .from(evidence)
    .where(and(eq(evidence.tenantId, tenantId), inArray(evidence.id, ids), eq(evidence.status, 'confirmed'), isNull(evidence.subjectId)));
  const owner = new Map(rows.map((r) => [r.id, r.uploadedBy]));
  const errors = results.flatMap((r) =>
    r.evidenceIds.flatMap((e, i) =>
      owner.get(e) === r.recordedBy ? [] : [fieldError(`results.${r.itemKey}.evidenceIds.${i}`, 'inspection_photo_unusable')],
    ),
  );
  if (errors.length) {
    const itemKeys = results.filter((r) => r.evidenceIds.some((e) => owner.get(e) !== r.recordedBy)).map((r) => r.itemKey);
    throw new ApiError('inspection_photos_unusable', { params: { itemKeys }, errors });
  }
}

/** Cancels an open inspection (version-guarded). Its results stay, its photos go nowhere. */
export async function cancelInspection(tx: Db, principal: Principal, id: string, input: z.output<typeof CancelInspection>): Promise<void> {
  const row = await visibleInspection(tx, principal, id, 'inspections.run', true);
  requireConductor(principal, row);
  if (!isOpen(row.status)) throw closedError(row);
  await updateVersioned(
    tx,
    inspections,
    and(eq(inspections.tenantId, principal.tenantId), eq(inspections.id, id), ne(inspections.status, 'completed'))!,
    input.version,
    { status: 'cancelled' },
    'inspection',
  );
}

/** What the caller may do with an inspection now: record, complete (every item judged), cancel. */
export async function availableInspectionActions(
  tx: Db,
  principal: Principal,
  row: InspectionRow,
  recorded: number,
): Promise<('record' | 'complete' | 'cancel')[]> {
  if (!isOpen(row.status) || !hasPermission(principal, 'inspections.run') || !conducts(principal, row)) return [];
  const [mayRun] = await tx
    .select({ id: inspections.id })
    .from(inspections)
    .where(and(eq(inspections.id, row.id), inspectionInScope(principal, 'inspections.run')));
  if (!mayRun) return [];
  return recorded === row.items.length ? ['record', 'complete', 'cancel'] : ['record', 'cancel'];
}
