import { and, eq } from 'drizzle-orm';
import type * as z from 'zod';
import { inspectionPlans, orgUnits } from '../../db/schema/index.ts';
import type { Principal } from '../../platform/authz/scope.ts';
import { tenantTimeZone } from '../../platform/db/time-zone.ts';
import type { Db } from '../../platform/db/types.ts';
import { updateVersioned } from '../../platform/db/versioned.ts';
import { ApiError, notFound } from '../../platform/errors.ts';
import { orgUnitInScope } from '../registry/scope-sql.ts';
import { generatePlanPeriod } from './generate.ts';
import type { CreateInspectionPlan, UpdateInspectionPlan } from './plan-schemas.ts';
import { planInTenant, visiblePlan } from './plan-store.ts';
import { PLAN_TARGETS } from './plan-targets.ts';
import { visibleTemplate } from './store.ts';

/** Writing inspection plans (检查计划). No Hono context: the routes audit what these return. */

export interface Generated {
  periodKey: string;
  dueOn: string;
  created: number;
}

/** The plan's area: an org unit of the district within the caller's reach, or 404 naming `orgUnitId`. */
async function checkArea(tx: Db, principal: Principal, orgUnitId: string): Promise<void> {
  const [unit] = await tx
    .select({ id: orgUnits.id })
    .from(orgUnits)
    .where(and(eq(orgUnits.id, orgUnitId), orgUnitInScope(principal, 'inspections.configure')));
  if (!unit) throw notFound('org_unit', 'orgUnitId');
}

/**
 * Creates a plan and, in the same transaction, its current period's planned inspections (unless
 * it starts after the current period). The template must be the district's (404), active, and
 * for a target the register holds (400 for e-bike charging areas, saying why).
 */
export async function createPlan(
  tx: Db,
  principal: Principal,
  now: Date,
  input: z.output<typeof CreateInspectionPlan>,
): Promise<{ id: string; generated: Generated | null }> {
  const tenantId = principal.tenantId;
  const template = await visibleTemplate(tx, principal, input.templateId, 'templateId');
  if (input.orgUnitId) await checkArea(tx, principal, input.orgUnitId);
  if (!PLAN_TARGETS[template.target]) {
    throw new ApiError('inspection_target_not_plannable', { params: { target: template.target }, field: 'templateId' });
  }
  if (!template.active) throw new ApiError('inspection_template_inactive', { field: 'templateId' });
  const [row] = await tx
    .insert(inspectionPlans)
    .values({
      tenantId,
      name: input.name,
      templateId: template.id,
      frequency: input.frequency,
      orgUnitId: input.orgUnitId,
      startsOn: input.startsOn,
      createdBy: principal.userId,
      // The app's clock, like every instant generation compares with.
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: inspectionPlans.id });
  const timeZone = await tenantTimeZone(tx, tenantId);
  const generated = await generatePlanPeriod(
    tx,
    tenantId,
    { id: row!.id, frequency: input.frequency, startsOn: input.startsOn, target: template.target },
    now,
    timeZone,
  );
  return { id: row!.id, generated };
}

/**
 * Renames, (de)activates, re-scopes or re-times a plan (version-guarded; stale → 409). Inspections
 * already generated stay as they are; when the plan is active afterwards, its current period (of
 * the new frequency, in the new area) is generated at once.
 */
export async function updatePlan(
  tx: Db,
  principal: Principal,
  now: Date,
  id: string,
  input: z.output<typeof UpdateInspectionPlan>,
): Promise<{ changes: Record<string, unknown>; generated: Generated | null }> {
  const tenantId = principal.tenantId;
  const { version, ...changes } = input;
  await visiblePlan(tx, principal, id);
  if (changes.orgUnitId) await checkArea(tx, principal, changes.orgUnitId);
  const row = await updateVersioned(
    tx,
    inspectionPlans,
    and(planInTenant(principal), eq(inspectionPlans.id, id))!,
    version,
    changes,
    'inspection_plan',
  );
  if (!row.active) return { changes, generated: null };
  const plan = await visiblePlan(tx, principal, id);
  const timeZone = await tenantTimeZone(tx, tenantId);
  const generated = await generatePlanPeriod(
    tx,
    tenantId,
    { id, frequency: row.frequency, startsOn: row.startsOn, target: plan.templateTarget },
    now,
    timeZone,
  );
  return { changes, generated };
}
