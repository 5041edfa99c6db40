import { type SQL, sql } from 'drizzle-orm';
import type { PlaceType } from '../registry/vocabulary.ts';
import type { InspectionTarget } from './vocabulary.ts';

/**
 * What a plan inspects, by its template's target: the register's places of a type, or compounds
 * (org units of kind compound) of a sort. Each target is one planned inspection per period.
 */
export type PlanTarget = { kind: 'place'; placeType: PlaceType } | { kind: 'compound'; which: 'unmanaged' | 'high_rise' };

/** null: the register holds no such targets, so no plan can be made for the target (400 inspection_target_not_plannable says why). */
export const PLAN_TARGETS: Record<InspectionTarget, PlanTarget | null> = {
  nine_small: { kind: 'place', placeType: 'nine_small' },
  three_in_one: { kind: 'place', placeType: 'three_in_one' },
  key_unit: { kind: 'place', placeType: 'key_unit' },
  // 无物业小区: compounds no property company manages (no company_compounds row).
  unmanaged_compound: { kind: 'compound', which: 'unmanaged' },
  // 高层住宅小区: compounds with a place of type high_rise in them or in one of their buildings.
  high_rise_compound: { kind: 'compound', which: 'high_rise' },
  // The register has no e-bike charging areas (neither a place type nor an org unit kind).
  ebike_charging: null,
};

/**
 * The targets of a plan as a row source of (place_id, org_unit_id), for `from plan cross join
 * lateral (…) x`: `plan` must expose tenant_id, area_id (the plan's org unit, null = whole
 * district) and area_path. A place's org_unit_id is the unit it stands in; a compound's is itself.
 */
export function targetRows(target: PlanTarget): SQL {
  if (target.kind === 'place') {
    return sql`select p.id as place_id, p.org_unit_id
      from places p join org_units u on u.id = p.org_unit_id
      where p.tenant_id = plan.tenant_id and p.type = ${target.placeType}::place_type
        and (plan.area_id is null or u.path like plan.area_path || '%')`;
  }
  const which =
    target.which === 'unmanaged'
      ? sql`not exists (select 1 from company_compounds cc where cc.org_unit_id = u.id)`
      : sql`exists (select 1 from places hp join org_units hu on hu.id = hp.org_unit_id
          where hp.tenant_id = u.tenant_id and hp.type = 'high_rise' and hu.path like u.path || '%')`;
  return sql`select null::uuid as place_id, u.id as org_unit_id
    from org_units u
    where u.tenant_id = plan.tenant_id and u.kind = 'compound'
      and (plan.area_id is null or u.path like plan.area_path || '%')
      and ${which}`;
}

/**
 * The arbiter of a target's unique key: (plan, period, unit, place) for places; for compounds,
 * whose place_id is null, the partial index on (plan, period, unit) (see the schema).
 */
export function conflictTarget(target: PlanTarget): SQL {
  return target.kind === 'place'
    ? sql`on conflict on constraint inspections_plan_period_uq do nothing`
    : sql`on conflict (plan_id, period_key, org_unit_id) where place_id is null and plan_id is not null do nothing`;
}
