import { type SQL, sql } from 'drizzle-orm';
import type { ScoringWindow } from './indicators.ts';
import type { FlagCode, IndicatorKey } from './vocabulary.ts';

/**
 * The indicator formulas, in SQL (tally.ts sums them per unit in the database: a month of 100k
 * hazards read row by row and counted in JS was most of the assessment's time). Each source is one
 * select of the month's counted subjects (a hazard, a look-back item, a place or compound, a
 * facility, a (compound, kind) owing maintenance, a task), one row each, with
 * - subject_type, subject_id and label: what the drill-down lists;
 * - street_id, community_id, company_id: the scored units it counts for (null: none of that kind);
 *   every subject also counts once for the district;
 * - per indicator it feeds, `<key>_n` and `<key>_d`: its share of the numerator and the denominator,
 *   both null where it is not counted for that indicator. An indicator is Σn ÷ Σd over its subjects,
 *   "no data" when none was counted, never a division by zero.
 * A month is judged as of `asOf` (its end, or the compute time for the month under way): nothing
 * at or after it counts, so a draft of the month under way counts only what is already due.
 */
export interface CountingSource {
  indicators: readonly IndicatorKey[];
  /** The anti-gaming flags it marks its subjects with. */
  flags?: readonly HazardFlag[];
  rows: SQL;
}

/** The flags the hazards source marks, a boolean column each named by its code (flags.ts builds them). */
export const HAZARD_FLAGS = ['quick_close', 'self_verified'] as const satisfies readonly FlagCode[];
export type HazardFlag = (typeof HAZARD_FLAGS)[number];

/** A (facility kind, period) owing a maintenance record in the month (indicators.ts maintenanceOwed). */
export interface OwedMaintenance {
  kind: string;
  startsOn: string;
  endsOn: string;
}

export interface MonthToCount {
  tenantId: string;
  w: ScoringWindow;
  /** The district's response time: a hazard nobody routed is due this long after its report. */
  respondHours: number;
  /** Closed this soon after the report: flagged quick_close. */
  quickCloseMinutes: number;
  maintenance: readonly OwedMaintenance[];
}

/** The street (镇街, the tree's top) and the community (社区/村, below it) of an org unit's path "/a/b/…/". */
export const streetOf = (path: SQL) => sql`nullif(split_part(${path}, '/', 2), '')::uuid`;
export const communityOf = (path: SQL) => sql`nullif(split_part(${path}, '/', 3), '')::uuid`;

/**
 * Joins `lead`: the company leading a hazard, if one does (a company answers for the hazards it
 * leads). Routing gives a hazard one lead party, but no key in the database says so: the lateral
 * LIMIT 1 keeps a hazard one row (counted once) even if a second lead row ever appeared.
 */
export const leadCompany = (hazard: SQL) =>
  sql`left join lateral (select p.company_id from hazard_parties p
    where p.tenant_id = ${hazard}.tenant_id and p.hazard_id = ${hazard}.id and p.lead and p.kind = 'company'
    order by p.id limit 1) lead on true`;

/** Both ends and the moment judged, as bound timestamps. */
function bounds(w: ScoringWindow) {
  return {
    starts: sql`${w.startsAt.toISOString()}::timestamptz`,
    ends: sql`${w.endsAt.toISOString()}::timestamptz`,
    asOf: sql`${w.asOf.toISOString()}::timestamptz`,
  };
}

/**
 * Hazards due or fixed in the month. Due = its deadline (or, nobody routed it, its 24-hour response
 * deadline, so leaving hazards unrouted cannot keep them out of 整改率) fell in the month before the
 * moment judged, unless it was closed as a duplicate or as no hazard by then (never was one to fix).
 * A due hazard counts for 整改率 (fixed by then), 按期 (fixed by its deadline) and 延期率 (extended);
 * a hazard fixed in the month for the days it took and its rework (each rejection was a submission
 * sent back; the last one was accepted). Closed-not-fixed (enforcement…) is never a fix.
 */
function hazards(m: MonthToCount): CountingSource {
  const { starts, ends, asOf } = bounds(m.w);
  return {
    indicators: ['rectification_rate', 'on_time_rate', 'extension_rate', 'avg_days_to_fix', 'rework_rate'],
    flags: HAZARD_FLAGS,
    rows: sql`select 'hazard' as subject_type, h.id::text as subject_id, h.number as label,
        ${streetOf(sql`u.path`)} as street_id, ${communityOf(sql`u.path`)} as community_id, lead.company_id,
        case when c.due then c.fixed::int end as rectification_rate_n, case when c.due then 1 end as rectification_rate_d,
        case when c.due then (c.fixed and h.closed_at <= c.due_at)::int end as on_time_rate_n, case when c.due then 1 end as on_time_rate_d,
        case when c.due then (h.extension_count > 0)::int end as extension_rate_n, case when c.due then 1 end as extension_rate_d,
        -- Milliseconds over a day's, as exact as the same division in JS.
        case when c.fixed_in then ((extract(epoch from h.closed_at) - extract(epoch from h.reported_at)) * 1000)::float8 / 86400000 end as avg_days_to_fix_n,
        case when c.fixed_in then 1 end as avg_days_to_fix_d,
        case when c.fixed_in then h.reject_count end as rework_rate_n, case when c.fixed_in then h.reject_count + 1 end as rework_rate_d,
        c.fixed_in and h.closed_at - h.reported_at < make_interval(mins => ${m.quickCloseMinutes}::int) as quick_close,
        -- Verified by whoever reported it: the actor of its last verify event (only looked up for fixes of the month).
        c.fixed_in and coalesce(h.reporter_id = case when c.fixed_in then
          (select e.actor_user_id from timeline_events e
            where e.tenant_id = h.tenant_id and e.subject_type = 'hazard' and e.subject_id = h.id and e.action = 'verify'
            order by e.seq desc limit 1) end, false) as self_verified
      from hazards h join org_units u on u.id = h.org_unit_id
      ${leadCompany(sql`h`)}
      cross join lateral (select coalesce(h.due_at, h.reported_at + make_interval(hours => ${m.respondHours}::int)) as due_at) d
      cross join lateral (select d.due_at,
          (d.due_at >= ${starts} and d.due_at < ${ends} and d.due_at < ${asOf}
            and not coalesce(h.outcome in ('duplicate', 'not_a_hazard') and h.closed_at < ${asOf}, false)) as due,
          coalesce(h.outcome = 'fixed' and h.closed_at < ${asOf}, false) as fixed,
          coalesce(h.outcome = 'fixed' and h.closed_at < ${asOf} and h.closed_at >= ${starts} and h.closed_at < ${ends}, false) as fixed_in) c
      where h.tenant_id = ${m.tenantId} and ((d.due_at >= ${starts} and d.due_at < ${ends}) or (h.closed_at >= ${starts} and h.closed_at < ${ends}))
        and (c.due or c.fixed_in)`,
  };
}

/** Look-back re-checks (回头看) made in the month: 反弹率 = rebounds ÷ re-checks. A look-back item has no id of its own. */
function lookbacks(m: MonthToCount): CountingSource {
  const { starts, ends, asOf } = bounds(m.w);
  return {
    indicators: ['rebound_rate'],
    rows: sql`select 'lookback_item' as subject_type, li.lookback_id || ':' || li.hazard_id as subject_id, h.number as label,
        ${streetOf(sql`u.path`)} as street_id, ${communityOf(sql`u.path`)} as community_id, lead.company_id,
        (li.result = 'rebound')::int as rebound_rate_n, 1 as rebound_rate_d
      from lookback_items li join hazards h on h.id = li.hazard_id and h.tenant_id = li.tenant_id join org_units u on u.id = h.org_unit_id
      ${leadCompany(sql`h`)}
      where li.tenant_id = ${m.tenantId} and li.result <> 'pending' and li.checked_at >= ${starts} and li.checked_at < ${ends} and li.checked_at < ${asOf}`,
  };
}

/**
 * Coverage targets as on the coverage page: every place, and every compound; a patrol or a
 * completed inspection in the month naming a place covers it, one naming a compound or its
 * building (no place) covers the compound. Counted for the area, not for a company.
 */
function targets(m: MonthToCount): CountingSource {
  const { starts, ends } = bounds(m.w);
  const t = m.tenantId;
  return {
    indicators: ['inspection_coverage', 'patrol_coverage'],
    rows: sql`with patrolled_places as (
          select distinct place_id from patrols where tenant_id = ${t} and at >= ${starts} and at < ${ends} and place_id is not null
        ), inspected_places as (
          select distinct place_id from inspections
          where tenant_id = ${t} and status = 'completed' and completed_at >= ${starts} and completed_at < ${ends} and place_id is not null
        ), patrolled_compounds as (
          select distinct case when u.kind = 'compound' then u.id else u.parent_id end as id
          from patrols pa join org_units u on u.id = pa.org_unit_id
          where pa.tenant_id = ${t} and pa.at >= ${starts} and pa.at < ${ends} and pa.place_id is null and u.kind in ('compound', 'building')
        ), inspected_compounds as (
          select distinct case when u.kind = 'compound' then u.id else u.parent_id end as id
          from inspections i join org_units u on u.id = i.org_unit_id
          where i.tenant_id = ${t} and i.status = 'completed' and i.completed_at >= ${starts} and i.completed_at < ${ends}
            and i.place_id is null and u.kind in ('compound', 'building')
        )
        select 'place' as subject_type, p.id::text as subject_id, p.name as label,
               ${streetOf(sql`u.path`)} as street_id, ${communityOf(sql`u.path`)} as community_id, null::uuid as company_id,
               (ip.place_id is not null)::int as inspection_coverage_n, 1 as inspection_coverage_d,
               (pp.place_id is not null)::int as patrol_coverage_n, 1 as patrol_coverage_d
        from places p join org_units u on u.id = p.org_unit_id
        left join patrolled_places pp on pp.place_id = p.id left join inspected_places ip on ip.place_id = p.id
        where p.tenant_id = ${t}
        union all
        select 'compound', u.id::text, u.name, ${streetOf(sql`u.path`)}, ${communityOf(sql`u.path`)}, null,
               (ic.id is not null)::int, 1, (pc.id is not null)::int, 1
        from org_units u left join patrolled_compounds pc on pc.id = u.id left join inspected_compounds ic on ic.id = u.id
        where u.tenant_id = ${t} and u.kind = 'compound'`,
  };
}

/**
 * The facility register as it stands when computed (facilities have no history), weighed by count:
 * a compound's 40 extinguishers weigh 40 times its one alarm panel. Counted for the area and for
 * the company managing the compound (or the building's compound).
 */
function facilities(m: MonthToCount): CountingSource {
  return {
    indicators: ['facility_integrity'],
    rows: sql`select 'facility' as subject_type, f.id::text as subject_id, u.name || ' · ' || f.kind as label,
        ${streetOf(sql`u.path`)} as street_id, ${communityOf(sql`u.path`)} as community_id,
        coalesce(cc.company_id, case when u.kind = 'building' then pc.company_id end) as company_id,
        case when f.status = 'working' then f.count else 0 end as facility_integrity_n, f.count as facility_integrity_d
      from facilities f join org_units u on u.id = f.org_unit_id
      left join company_compounds cc on cc.org_unit_id = u.id left join company_compounds pc on pc.org_unit_id = u.parent_id
      where f.tenant_id = ${m.tenantId} and f.count > 0`,
  };
}

/**
 * The (managed compound, facility kind) pairs registered by the moment judged that owe a record in
 * the month by the district's frequencies, and whether an ACCEPTED record of the managing company
 * covers the period: a submitted or returned record does not count (the company cannot score
 * itself by uploading).
 */
function maintenance(m: MonthToCount): CountingSource {
  const { asOf } = bounds(m.w);
  const t = m.tenantId;
  return {
    indicators: ['maintenance_on_time'],
    rows: sql`with owed as (
          select * from jsonb_to_recordset(${JSON.stringify(m.maintenance)}::jsonb) as o(kind text, "startsOn" date, "endsOn" date)
        ), pairs as (
          select distinct c.id as compound_id, c.name as compound_name, c.path, cc.company_id, f.kind
          from facilities f join org_units u on u.id = f.org_unit_id
          join org_units c on c.id = case when u.kind = 'compound' then u.id else u.parent_id end
          join company_compounds cc on cc.org_unit_id = c.id
          where f.tenant_id = ${t} and f.created_at < ${asOf}
        )
        select 'maintenance_due' as subject_type, p.compound_id || ':' || p.kind as subject_id, p.compound_name || ' · ' || p.kind as label,
               ${streetOf(sql`p.path`)} as street_id, ${communityOf(sql`p.path`)} as community_id, p.company_id,
               exists (select 1 from maintenance_records r join org_units ru on ru.id = r.org_unit_id
                       where r.tenant_id = ${t} and r.state = 'accepted' and r.company_id = p.company_id and r.kind = p.kind
                         and case when ru.kind = 'compound' then ru.id else ru.parent_id end = p.compound_id
                         and r.performed_on between o."startsOn" and o."endsOn")::int as maintenance_on_time_n,
               1 as maintenance_on_time_d
        from pairs p join owed o on o.kind = p.kind`,
  };
}

/**
 * Tasks due in the month before the moment judged, given to a street, a community or a company
 * (departments are not scored; a task given to another org unit counts for the district only),
 * cancelled ones left out. A duty's task (会议、学习、总结…) counts for 日常职责 only; any other for
 * completion (done by the moment judged) and on time (done by its deadline).
 */
function tasks(m: MonthToCount): CountingSource {
  const { starts, ends, asOf } = bounds(m.w);
  return {
    indicators: ['task_completion', 'task_on_time', 'duties_done'],
    rows: sql`select 'task' as subject_type, t.id::text as subject_id, a.title as label,
        case when u.depth = 1 then u.id end as street_id, case when u.depth = 2 then u.id end as community_id, t.company_id,
        case when a.duty_id is null then coalesce(t.completed_at < ${asOf}, false)::int end as task_completion_n,
        case when a.duty_id is null then 1 end as task_completion_d,
        case when a.duty_id is null then coalesce(t.completed_at < ${asOf} and t.completed_at <= t.due_at, false)::int end as task_on_time_n,
        case when a.duty_id is null then 1 end as task_on_time_d,
        case when a.duty_id is not null then coalesce(t.completed_at < ${asOf}, false)::int end as duties_done_n,
        case when a.duty_id is not null then 1 end as duties_done_d
      from tasks t join task_assignments a on a.id = t.assignment_id left join org_units u on u.id = t.org_unit_id
      where t.tenant_id = ${m.tenantId} and t.kind in ('org_unit', 'company') and t.state <> 'cancelled'
        and t.due_at >= ${starts} and t.due_at < ${ends} and t.due_at < ${asOf}`,
  };
}

/** Every source of the month; each indicator is fed by exactly one. */
export function countingSources(m: MonthToCount): CountingSource[] {
  return [hazards(m), lookbacks(m), targets(m), facilities(m), maintenance(m), tasks(m)];
}
