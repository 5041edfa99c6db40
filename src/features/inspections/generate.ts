import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { and, eq, sql } from 'drizzle-orm';
import { inspectionPlans, inspectionTemplates } from '../../db/schema/index.ts';
import { inTenant } from '../../platform/db/tenancy.ts';
import { type DatabaseProvider, type Db, queryRows } from '../../platform/db/types.ts';
import { logError as logLine } from '../../platform/log.ts';
import { type Frequency, periodAt } from '../duties/recurrence.ts';
import { activeDistricts } from '../tenants/districts.ts';
import { conflictTarget, PLAN_TARGETS, targetRows } from './plan-targets.ts';
import type { InspectionTarget } from './vocabulary.ts';

/**
 * 计划检查的生成: for each active plan of each active district, the current period (day, ISO week,
 * month or quarter in the district's calendar) gets one planned inspection per target the plan
 * covers now, by the Workers cron trigger and the Node host's timer. One INSERT … SELECT per plan,
 * ON CONFLICT on the (plan, period, unit, place) key DO NOTHING: repeated and overlapping runs add
 * nothing twice, and a target registered in the middle of a period gets its inspection at the
 * next run. Only the current period: a period missed while the scheduler was down is not made up
 * afterwards (an inspection due yesterday is no plan any more).
 */

/** The current period of a plan, with its first and last local days (YYYY-MM-DD). */
export function planPeriod(frequency: Frequency, now: Date, timeZone: string) {
  const period = periodAt(frequency, now, timeZone);
  const day = (d: Date) => format(new TZDate(d.getTime(), timeZone), 'yyyy-MM-dd');
  return { key: period.key, startsOn: day(period.startsAt), dueOn: day(period.dueAt) };
}

export type PlanPeriod = ReturnType<typeof planPeriod>;

/** What generation needs of a plan; the statement re-reads the rest from the row itself. */
export interface PlanForGeneration {
  id: string;
  frequency: Frequency;
  startsOn: string;
  target: InspectionTarget;
}

/**
 * The current period of one plan, in the caller's transaction: null when the plan has not started
 * yet (its start date is after this period), else how many planned inspections this call made.
 *
 * One statement, which re-checks at insert time what the caller read: the plan still active and
 * of this frequency, its template still active, with the template's current version; the area
 * (null = the whole district) as it is now. Each inspection: status and kind planned, no
 * inspector yet (the first recorded result starts it, led by whoever records), due on the period's
 * last local day.
 */
export async function generatePlanPeriod(tx: Db, tenantId: string, plan: PlanForGeneration, now: Date, timeZone: string) {
  const target = PLAN_TARGETS[plan.target];
  const period = planPeriod(plan.frequency, now, timeZone);
  if (!target || plan.startsOn > period.dueOn) return null;
  const at = now.toISOString();
  const made = await queryRows<{ id: string }>(
    tx,
    sql`with plan as (
        select pl.id, pl.tenant_id, v.id as version_id, pl.org_unit_id as area_id, a.path as area_path
        from inspection_plans pl
        join inspection_templates t on t.id = pl.template_id and t.tenant_id = pl.tenant_id and t.active
        join inspection_template_versions v on v.template_id = t.id and v.number = t.current_version
        left join org_units a on a.id = pl.org_unit_id and a.tenant_id = pl.tenant_id
        where pl.tenant_id = ${tenantId} and pl.id = ${plan.id} and pl.active
          and pl.frequency = ${plan.frequency} and pl.starts_on <= ${period.dueOn}::date
      )
      insert into inspections (tenant_id, template_version_id, kind, plan_id, period_key, place_id, org_unit_id, status, due_on, created_at, updated_at)
      select plan.tenant_id, plan.version_id, 'planned', plan.id, ${period.key}, x.place_id, x.org_unit_id, 'planned', ${period.dueOn}::date,
             ${at}::timestamptz, ${at}::timestamptz
      from plan cross join lateral (${targetRows(target)}) x
      ${conflictTarget(target)}
      returning id`,
  );
  return { periodKey: period.key, dueOn: period.dueOn, created: made.length };
}

export interface PlannedInspectionResult {
  /** Active districts looked at. */
  tenants: number;
  /** Active plans looked at. */
  plans: number;
  /** Planned inspections made by this run. */
  inspections: number;
  /** Plans (or districts) that could not be generated: logged, and tried again next run. */
  failures: number;
}

/**
 * The scheduled job: every active district (one transaction to list its active plans), then one
 * transaction per plan, so one broken plan never holds up another.
 */
export async function generatePlannedInspections(
  provider: DatabaseProvider,
  now: Date,
  logError: (message: string, error: unknown) => void = logLine,
): Promise<PlannedInspectionResult> {
  const handle = provider.acquire();
  const result: PlannedInspectionResult = { tenants: 0, plans: 0, inspections: 0, failures: 0 };
  try {
    const districts = await activeDistricts(provider, handle.db);
    for (const district of districts) {
      result.tenants++;
      let plans: PlanForGeneration[];
      try {
        plans = await inTenant(provider, handle.db, district.id, (tx) =>
          tx
            .select({
              id: inspectionPlans.id,
              frequency: inspectionPlans.frequency,
              startsOn: inspectionPlans.startsOn,
              target: inspectionTemplates.target,
            })
            .from(inspectionPlans)
            .innerJoin(inspectionTemplates, eq(inspectionTemplates.id, inspectionPlans.templateId))
            .where(and(eq(inspectionPlans.tenantId, district.id), eq(inspectionPlans.active, true), eq(inspectionTemplates.active, true))),
        );
      } catch (error) {
        result.failures++;
        logError(`planned inspections for district ${district.id} failed`, error);
        continue;
      }
      result.plans += plans.length;
      for (const plan of plans) {
        try {
          const made = await inTenant(provider, handle.db, district.id, (tx) =>
            generatePlanPeriod(tx, district.id, plan, now, district.timeZone),
          );
          result.inspections += made?.created ?? 0;
        } catch (error) {
          result.failures++;
          logError(`inspection plan ${plan.id} of district ${district.id}: generating the current period failed`, error);
        }
      }
    }
    return result;
  } finally {
    await handle.release();
  }
}
