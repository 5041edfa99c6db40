import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/pg-core';
import type { Context } from 'hono';
import type * as z from 'zod';
import {
  companyCompounds,
  facilities,
  hazardCategories,
  hazards,
  inspectionResults,
  inspections,
  inspectionTemplateVersions,
  maintenanceRecords,
  orgUnits,
  timelineEvents,
} from '../../db/schema/index.ts';
import type { Principal } from '../../platform/authz/scope.ts';
import { tenantTimeZone } from '../../platform/db/time-zone.ts';
import type { Db, NoColumns } from '../../platform/db/types.ts';
import { ApiError, notFound } from '../../platform/errors.ts';
import type { AppEnv } from '../../platform/http/env.ts';
import { attachEvidence } from '../evidence/attach.ts';
import { addDaysIso, HAZARD_CATEGORY_OF_KIND, RELATED_CATEGORIES } from '../facilities/rules.ts';
import { localToday } from '../facilities/store.ts';
import { FACILITY_KIND_LABELS, type FacilityKind, type MaintenanceResult } from '../facilities/vocabulary.ts';
import { loadPolicy } from '../hazard-config/policy-store.ts';
import type { CreateHazard } from '../hazards/schemas.ts';
import { reportHazard } from '../hazards/service.ts';
import { GENESIS } from '../timeline/chain.ts';
import { commitToRow } from '../timeline/commit.ts';
import { refusalError } from '../timeline/refusal.ts';
import { chainedRow, fileDigests, insertEvents, lastSeqColumn } from '../timeline/store.ts';
import { maintenanceActorContext, submittingCompanies } from './actor.ts';
import type { CreateMaintenanceRecord, MaintenanceTransitionRequest } from './schemas.ts';
import { recordInScope } from './scope-sql.ts';
import { type RecordRow, selectRecords } from './store.ts';
import { type MaintenanceActorContext, type MaintenanceDecision, transitionRecord } from './workflow.ts';

/** How far back a record's performedOn may lie (the district's calendar). */
export const PERFORMED_ON_MAX_AGE_DAYS = 366;

/** A failed inspection item counts against a "normal" record for this many days after the inspection. */
export const INSPECTION_CONFLICT_DAYS = 30;

export interface Conflict {
  hazardIds: string[];
  inspectionIds: string[];
}

const under = (path: string) => sql`${orgUnits.path} like ${`${path}%`}`;

/**
 * What contradicts a "normal" record of `kind` in a compound: open hazards (not closed) there of a
 * related category, or opened by a fault record of the same kind there; and inspections completed
 * there in the last 30 days with a failed item of a related category (the item's category in the
 * template version the inspection used, or the category of the hazard the item became).
 * Null when nothing does.
 */
export async function findConflict(
  tx: Db,
  tenantId: string,
  compoundPath: string,
  kind: FacilityKind,
  now: Date,
): Promise<Conflict | null> {
  const categories = [...RELATED_CATEGORIES[kind]];
  const openHazards = await tx
    .select({ id: hazards.id })
    .from(hazards)
    .innerJoin(hazardCategories, eq(hazardCategories.id, hazards.categoryId))
    .innerJoin(orgUnits, eq(orgUnits.id, hazards.orgUnitId))
    .where(
      and(
        eq(hazards.tenantId, tenantId),
        sql`${hazards.state} <> 'closed'`,
        // Only what was already reported when the record was made: a late entry is not
        // contradicted by a hazard found after it.
        sql`${hazards.reportedAt} <= ${now.toISOString()}`,
        under(compoundPath),
        or(
          categories.length ? inArray(hazardCategories.code, categories) : undefined,
          sql`exists (select 1 from ${maintenanceRecords} where ${maintenanceRecords.tenantId} = ${tenantId}
            and ${maintenanceRecords.hazardId} = ${hazards.id} and ${maintenanceRecords.kind} = ${kind})`,
        ),
      ),
    )
    .orderBy(hazards.reportedAt, hazards.id);
  let failed: { id: string }[] = [];
  if (categories.length) {
    const since = new Date(now.getTime() - INSPECTION_CONFLICT_DAYS * 86_400_000).toISOString();
    failed = await tx
      .selectDistinct({ id: inspections.id })
      .from(inspections)
      .innerJoin(orgUnits, eq(orgUnits.id, inspections.orgUnitId))
      .innerJoin(inspectionResults, and(eq(inspectionResults.inspectionId, inspections.id), eq(inspectionResults.result, 'fail')))
      .innerJoin(inspectionTemplateVersions, eq(inspectionTemplateVersions.id, inspections.templateVersionId))
      .leftJoin(hazards, eq(hazards.id, inspectionResults.hazardId))
      .leftJoin(hazardCategories, eq(hazardCategories.id, hazards.categoryId))
      .where(
        and(
          eq(inspections.tenantId, tenantId),
          eq(inspections.status, 'completed'),
          sql`${inspections.completedAt} >= ${since}`,
          sql`${inspections.completedAt} <= ${now.toISOString()}`,
          under(compoundPath),
          or(
            sql`exists (select 1 from jsonb_array_elements(${inspectionTemplateVersions.items}) as item
              where item->>'key' = ${inspectionResults.itemKey} and item->>'category' in ${categories})`,
            inArray(hazardCategories.code, categories),
          ),
        ),
      );
  }
  if (!openHazards.length && !failed.length) return null;
  return { hazardIds: openHazards.map((h) => h.id), inspectionIds: failed.map((i) => i.id).sort() };
}

/** The category a fault of this kind is reported under: its own, else 其他; the district may have switched both off. */
async function faultCategory(tx: Db, tenantId: string, kind: FacilityKind): Promise<string> {
  const wanted = HAZARD_CATEGORY_OF_KIND[kind];
  const rows = await tx
    .select({ id: hazardCategories.id, code: hazardCategories.code })
    .from(hazardCategories)
    .where(
      and(eq(hazardCategories.tenantId, tenantId), eq(hazardCategories.active, true), inArray(hazardCategories.code, [wanted, 'other'])),
    );
  const pick = rows.find((r) => r.code === wanted) ?? rows.find((r) => r.code === 'other');
  if (!pick) throw new ApiError('fault_category_unavailable', { params: { category: wanted } });
  return pick.id;
}

/**
 * A record feeds the register: the facility named, or every facility of the kind in the compound
 * (its buildings included), becomes working (a "normal" record, once the station or the committee
 * accepted it) or faulty (a fault, as soon as it is reported: pessimistic is safe), and remembers
 * the day it was maintained. A record older than the facility's last maintenance changes neither,
 * and a `missing` entry stays missing: only the register's keepers (facilities.write_status) say
 * it is back.
 */
async function feedRegister(
  tx: Db,
  tenantId: string,
  target: { compoundPath: string; facilityId: string | null; kind: FacilityKind; performedOn: string; result: MaintenanceResult },
): Promise<void> {
  const where = target.facilityId
    ? eq(facilities.id, target.facilityId)
    : and(
        eq(facilities.kind, target.kind),
        sql`${facilities.orgUnitId} in (select ${orgUnits.id} from ${orgUnits} where ${orgUnits.tenantId} = ${tenantId} and ${under(target.compoundPath)})`,
      );
  await tx
    .update(facilities)
    .set({
      status: target.result === 'normal' ? 'working' : 'faulty',
      lastMaintainedOn: target.performedOn,
      version: sql`${facilities.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(facilities.tenantId, tenantId),
        where,
        sql`${facilities.status} <> 'missing'`,
        sql`(${facilities.lastMaintainedOn} is null or ${facilities.lastMaintainedOn} <= ${target.performedOn})`,
      ),
    );
}

/**
 * POST /maintenance-records: a property manager's record of a compound its company manages, in one
 * transaction: the record and its first timeline event (`submit`, chained from genesis like a
 * task's `assign`), its files, a hazard opened and the register marked faulty for a fault, a
 * conflict flagged for a "normal" that something else contradicts (a "normal" feeds the register
 * only when accepted: see applyRecordTransition).
 */
export async function createRecord(
  tx: Db,
  principal: Principal,
  now: Date,
  input: z.output<typeof CreateMaintenanceRecord>,
): Promise<string> {
  const tenantId = principal.tenantId;
  const companyIds = submittingCompanies(principal);
  const [link] = companyIds.length
    ? await tx
        .select({ companyId: companyCompounds.companyId, path: orgUnits.path, name: orgUnits.name })
        .from(companyCompounds)
        .innerJoin(orgUnits, eq(orgUnits.id, companyCompounds.orgUnitId))
        .where(
          and(
            eq(companyCompounds.tenantId, tenantId),
            eq(companyCompounds.orgUnitId, input.orgUnitId),
            inArray(companyCompounds.companyId, companyIds),
          ),
        )
    : [];
  if (!link) throw notFound('managed_compound', 'orgUnitId');

  const today = localToday(now, await tenantTimeZone(tx, tenantId));
  if (input.performedOn > today) throw new ApiError('date_after_today', { params: { today }, field: 'performedOn' });
  const earliest = addDaysIso(today, -PERFORMED_ON_MAX_AGE_DAYS);
  if (input.performedOn < earliest) {
    throw new ApiError('maintenance_date_too_old', { params: { days: PERFORMED_ON_MAX_AGE_DAYS, earliest }, field: 'performedOn' });
  }

  let facility: { id: string; orgUnitId: string; location: string } | null = null;
  if (input.facilityId) {
    const [found] = await tx
      .select({ id: facilities.id, kind: facilities.kind, orgUnitId: facilities.orgUnitId, location: facilities.location })
      .from(facilities)
      .innerJoin(orgUnits, eq(orgUnits.id, facilities.orgUnitId))
      .where(and(eq(facilities.tenantId, tenantId), eq(facilities.id, input.facilityId), under(link.path)));
    if (!found) throw notFound('facility', 'facilityId');
    if (found.kind !== input.kind) throw new ApiError('facility_kind_mismatch', { params: { kind: found.kind }, field: 'kind' });
    facility = found;
  }

  let hazardId: string | null = null;
  let conflict: Conflict | null = null;
  if (input.result === 'fault') {
    const faults = input.checks.filter((c) => c.result === 'fault').map((c) => (c.note ? `${c.item}（${c.note}）` : c.item));
    const where = facility?.location ? `${link.name}${facility.location}` : link.name;
    const hazardInput: z.output<typeof CreateHazard> = {
      categoryId: await faultCategory(tx, tenantId, input.kind),
      orgUnitId: facility?.orgUnitId ?? input.orgUnitId,
      placeId: null,
      description:
        `维保发现故障：${where}${FACILITY_KIND_LABELS[input.kind]}，${faults.join('；')}（${input.performedOn}，${input.contractor}）`.slice(
          0,
          2000,
        ),
      severity: 'general',
      source: 'maintenance',
      evidenceIds: [],
    };
    hazardId = await reportHazard(tx, principal, now, hazardInput);
  } else {
    conflict = await findConflict(tx, tenantId, link.path, input.kind, now);
  }

  const id = crypto.randomUUID();
  const event = await chainedRow(
    tenantId,
    {
      subjectType: 'maintenance_record',
      subjectId: id,
      seq: 1,
      at: now,
      actorUserId: principal.userId,
      action: 'submit',
      fromState: null,
      toState: 'submitted',
      note: input.note ?? null,
      data: {
        companyId: link.companyId,
        orgUnitId: input.orgUnitId,
        facilityId: input.facilityId ?? null,
        kind: input.kind,
        performedOn: input.performedOn,
        result: input.result,
        contractor: input.contractor,
        checks: input.checks,
        hazardId,
        conflict,
        files: await fileDigests(tx, tenantId, input.evidenceIds),
      },
      evidenceIds: input.evidenceIds,
    },
    GENESIS,
  );
  await tx.insert(maintenanceRecords).values({
    id,
    tenantId,
    companyId: link.companyId,
    orgUnitId: input.orgUnitId,
    facilityId: input.facilityId ?? null,
    kind: input.kind,
    performedOn: input.performedOn,
    checks: input.checks,
    result: input.result,
    contractor: input.contractor,
    conflict,
    hazardId,
    submittedBy: principal.userId,
    chainHead: event.hash,
    createdAt: now,
    updatedAt: now,
  });
  await insertEvents(tx, [event]);
  if (input.evidenceIds.length) {
    const policy = await loadPolicy(tx, tenantId);
    const subject = { type: 'maintenance_record' as const, id };
    await attachEvidence(tx, {
      tenantId,
      userId: principal.userId,
      subject,
      evidenceIds: input.evidenceIds,
      stage: 'work',
      maxFiles: policy.maxFilesPerHazard,
    });
  }
  if (input.result === 'fault') {
    await feedRegister(tx, tenantId, {
      compoundPath: link.path,
      facilityId: input.facilityId ?? null,
      kind: input.kind,
      performedOn: input.performedOn,
      result: 'fault',
    });
  }
  return id;
}

/** Loads a record the caller can see, or 404; with `extra` columns read in the same statement. */
export async function visibleRecord<E extends SelectedFields = NoColumns>(tx: Db, principal: Principal, id: string, extra = {} as E) {
  const [row] = await selectRecords(tx, and(eq(maintenanceRecords.id, id), recordInScope(principal)), extra);
  if (!row) throw notFound('maintenance_record');
  return row;
}

/** Why the record was returned, while it is. */
export async function returnReason(tx: Db, tenantId: string, row: RecordRow): Promise<string | null> {
  if (row.state !== 'returned') return null;
  const [event] = await tx
    .select({ note: timelineEvents.note })
    .from(timelineEvents)
    .where(
      and(
        eq(timelineEvents.tenantId, tenantId),
        eq(timelineEvents.subjectType, 'maintenance_record'),
        eq(timelineEvents.subjectId, row.id),
        eq(timelineEvents.action, 'return'),
      ),
    )
    .orderBy(desc(timelineEvents.seq))
    .limit(1);
  return event?.note ?? null;
}

/** One review step, all or nothing, through the same commit as hazards and tasks. */
export async function applyRecordTransition(
  tx: Db,
  /** With its last event number when the caller read it along (lastSeqColumn). */
  row: RecordRow & { lastSeq?: number },
  input: MaintenanceTransitionRequest,
  ctx: { tenantId: string; actor: MaintenanceActorContext; now: Date },
): Promise<{ decision: MaintenanceDecision; head: string }> {
  const { tenantId, actor, now } = ctx;
  const outcome = transitionRecord(row.state, input, actor);
  if (!outcome.ok) throw refusalError(outcome.refusal);
  const decision = outcome.decision;
  const evidenceIds = input.action === 'resubmit' ? (input.evidenceIds ?? []) : [];
  const subject = { type: 'maintenance_record' as const, id: row.id };
  const head = await commitToRow(
    tx,
    tenantId,
    maintenanceRecords,
    {
      subject,
      prevHead: row.chainHead,
      at: now,
      actorUserId: actor.userId,
      action: input.action,
      fromState: row.state,
      toState: decision.to,
      note: decision.note,
      data: decision.data,
      evidenceIds,
      lastSeq: row.lastSeq,
    },
    input.version,
    { state: decision.to },
  );
  if (evidenceIds.length) {
    const policy = await loadPolicy(tx, tenantId);
    await attachEvidence(tx, { tenantId, userId: actor.userId, subject, evidenceIds, stage: 'work', maxFiles: policy.maxFilesPerHazard });
  }
  // The reviewer's word, not the company's, puts a facility back in working order.
  if (decision.to === 'accepted' && row.result === 'normal') {
    await feedRegister(tx, tenantId, {
      compoundPath: row.compoundPath,
      facilityId: row.facilityId,
      kind: row.kind,
      performedOn: row.performedOn,
      result: 'normal',
    });
  }
  return { decision, head };
}

/** The transition endpoint's whole job, for a signed-in caller. */
export async function transitionRecordAsCaller(c: Context<AppEnv>, id: string, input: MaintenanceTransitionRequest): Promise<void> {
  const principal = c.get('principal');
  const tx = c.get('tx');
  const row = await visibleRecord(tx, principal, id, {
    lastSeq: lastSeqColumn('maintenance_record', maintenanceRecords.tenantId, maintenanceRecords.id),
  });
  await applyRecordTransition(tx, row, input, {
    tenantId: principal.tenantId,
    actor: maintenanceActorContext(principal, row),
    now: c.get('deps').clock(),
  });
}
