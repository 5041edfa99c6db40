import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/pg-core';
import { inspectionPlans, inspections, inspectionTemplates, orgUnits } from '../../db/schema/index.ts';
import type { Principal } from '../../platform/authz/scope.ts';
import { type Db, type NoColumns, queryRows } from '../../platform/db/types.ts';
import { notFound } from '../../platform/errors.ts';
import { FREQUENCY_LABELS } from '../duties/recurrence.ts';
import { type PlanPeriod, planPeriod } from './generate.ts';
import { PLAN_TARGETS, targetRows } from './plan-targets.ts';
import { inspectionInScope } from './scope-sql.ts';
import { INSPECTION_TARGET_LABELS } from './vocabulary.ts';

/**
 * The reads of inspection plans. Plans are district configuration, like templates: every
 * inspection reader of the district reads every plan; the inspections a plan made are scoped as
 * inspections always are.
 */

export const planColumns = {
  id: inspectionPlans.id,
  name: inspectionPlans.name,
  templateId: inspectionPlans.templateId,
  templateCode: inspectionTemplates.code,
  templateName: inspectionTemplates.name,
  templateTarget: inspectionTemplates.target,
  templateActive: inspectionTemplates.active,
  frequency: inspectionPlans.frequency,
  orgUnitId: inspectionPlans.orgUnitId,
  orgUnitName: orgUnits.name,
  startsOn: inspectionPlans.startsOn,
  active: inspectionPlans.active,
  createdBy: inspectionPlans.createdBy,
  version: inspectionPlans.version,
  createdAt: inspectionPlans.createdAt,
  updatedAt: inspectionPlans.updatedAt,
};

export type PlanRow = Awaited<ReturnType<typeof selectPlans<NoColumns>>>[number];

export const planInTenant = (principal: Principal) => eq(inspectionPlans.tenantId, principal.tenantId);

/**
 * Plans with their template and area; `where` must carry the tenant. `extra`: what a list selects
 * beside them (`{ total: ks.total }`); single-row reads pass nothing and compute no window.
 */
export function selectPlans<E extends SelectedFields = NoColumns>(tx: Db, where: SQL | undefined, extra = {} as E) {
  return tx
    .select({ ...planColumns, ...extra })
    .from(inspectionPlans)
    .innerJoin(inspectionTemplates, eq(inspectionTemplates.id, inspectionPlans.templateId))
    .leftJoin(orgUnits, eq(orgUnits.id, inspectionPlans.orgUnitId))
    .where(where);
}

/** A plan of the caller's district, or 404 (the same answer for another district's). */
export async function visiblePlan(tx: Db, principal: Principal, id: string): Promise<PlanRow> {
  const [row] = await selectPlans(tx, and(planInTenant(principal), eq(inspectionPlans.id, id)));
  if (!row) throw notFound('inspection_plan');
  return row;
}

/** The period running now, or null when the plan is inactive or starts after it. */
export function currentPlanPeriod(row: Pick<PlanRow, 'active' | 'frequency' | 'startsOn'>, now: Date, timeZone: string): PlanPeriod | null {
  if (!row.active) return null;
  const period = planPeriod(row.frequency, now, timeZone);
  return row.startsOn > period.dueOn ? null : period;
}

export function presentPlan(row: PlanRow, now: Date, timeZone: string) {
  return {
    id: row.id,
    name: row.name,
    template: {
      id: row.templateId,
      code: row.templateCode,
      name: row.templateName,
      target: row.templateTarget,
      targetLabel: INSPECTION_TARGET_LABELS[row.templateTarget],
      active: row.templateActive,
    },
    frequency: row.frequency,
    frequencyLabel: FREQUENCY_LABELS[row.frequency],
    orgUnitId: row.orgUnitId,
    orgUnitName: row.orgUnitName,
    startsOn: row.startsOn,
    active: row.active,
    createdBy: row.createdBy,
    currentPeriod: currentPlanPeriod(row, now, timeZone),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** How many targets the plan covers now (the same row source the generator inserts from). */
export async function countTargets(tx: Db, tenantId: string, row: PlanRow): Promise<number> {
  const target = PLAN_TARGETS[row.templateTarget];
  if (!target) return 0;
  const [counted] = await queryRows<{ n: number }>(
    tx,
    sql`with plan as (
        select pl.tenant_id, pl.org_unit_id as area_id, a.path as area_path
        from inspection_plans pl left join org_units a on a.id = pl.org_unit_id and a.tenant_id = pl.tenant_id
        where pl.tenant_id = ${tenantId} and pl.id = ${row.id}
      )
      select count(*)::int as n from plan cross join lateral (${targetRows(target)}) x`,
  );
  return counted?.n ?? 0;
}

/** The current period's inspections of the plan that the caller can see, by status. */
export async function periodProgress(tx: Db, principal: Principal, planId: string, period: PlanPeriod | null) {
  const progress = { total: 0, planned: 0, inProgress: 0, completed: 0, cancelled: 0 };
  if (!period) return progress;
  const rows = await tx
    .select({ status: inspections.status, n: sql<number>`count(*)::int` })
    .from(inspections)
    .where(and(inspectionInScope(principal, 'inspections.read'), eq(inspections.planId, planId), eq(inspections.periodKey, period.key)))
    .groupBy(inspections.status);
  for (const r of rows) {
    const n = Number(r.n);
    progress.total += n;
    if (r.status === 'in_progress') progress.inProgress += n;
    else progress[r.status] += n;
  }
  return progress;
}
