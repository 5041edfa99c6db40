import { sql } from 'drizzle-orm';
import { listIn } from '../../platform/collections.ts';
import { type Db, queryRows } from '../../platform/db/types.ts';
import type { MaintenanceFrequency } from '../facilities/vocabulary.ts';
import { loadFrequencies } from '../maintenance/due.ts';
import type { ClosedHazard } from './flags.ts';
import type { FacilityRow, LookbackRow, PlaceRow, ScoringWindow, TaskRow } from './indicators.ts';
import { maintenanceOwed } from './indicators.ts';
import type { UnitKind } from './vocabulary.ts';

/**
 * The SQL side of the assessment: one statement per source, each reading the month's candidate
 * rows of the whole district with the keys that say which units they count for. The formulas
 * (indicators.ts) decide what each row counts as; nothing here is scored.
 */

export interface ScoredUnit {
  id: string;
  kind: UnitKind;
  name: string;
  parentName: string | null;
}

/** Where an org unit lies: its street (镇街, the tree's top) and community (社区/村, below it). */
export interface Directory {
  units: ScoredUnit[];
  areaOf: (orgUnitId: string) => { streetId: string | null; communityId: string | null };
  /** The company managing a compound (or the compound of a building). */
  companyOf: (orgUnitId: string) => string | null;
}

export async function loadDirectory(tx: Db, tenantId: string): Promise<Directory> {
  const rows = await queryRows<{ id: string; parentId: string | null; kind: string; name: string; companyId: string | null }>(
    tx,
    sql`select u.id, u.parent_id as "parentId", u.kind::text as kind, u.name, cc.company_id as "companyId"
        from org_units u left join company_compounds cc on cc.org_unit_id = u.id
        where u.tenant_id = ${tenantId}`,
  );
  const companies = await queryRows<{ id: string; name: string }>(
    tx,
    sql`select id, name from companies where tenant_id = ${tenantId} order by name`,
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const chainOf = (id: string): string[] => {
    const chain: string[] = [];
    for (let u = byId.get(id); u; u = u.parentId ? byId.get(u.parentId) : undefined) chain.unshift(u.id);
    return chain;
  };
  const areas = new Map<string, { streetId: string | null; communityId: string | null }>();
  const areaOf = (id: string) => {
    let area = areas.get(id);
    if (!area) {
      const chain = chainOf(id);
      area = { streetId: chain[0] ?? null, communityId: chain[1] ?? null };
      areas.set(id, area);
    }
    return area;
  };
  const companyOf = (id: string): string | null => {
    const u = byId.get(id);
    if (!u) return null;
    if (u.companyId) return u.companyId;
    return u.kind === 'building' && u.parentId ? (byId.get(u.parentId)?.companyId ?? null) : null;
  };
  const units: ScoredUnit[] = [];
  for (const r of rows) {
    const depth = chainOf(r.id).length - 1;
    if (depth === 0) units.push({ id: r.id, kind: 'street', name: r.name, parentName: null });
    if (depth === 1)
      units.push({ id: r.id, kind: 'community', name: r.name, parentName: r.parentId ? (byId.get(r.parentId)?.name ?? null) : null });
  }
  for (const c of companies) units.push({ id: c.id, kind: 'company', name: c.name, parentName: null });
  return { units, areaOf, companyOf };
}

const range = (column: string, w: ScoringWindow) =>
  sql`${sql.raw(column)} >= ${w.startsAt.toISOString()} and ${sql.raw(column)} < ${w.endsAt.toISOString()}`;

/**
 * A hazard's deadline: its rectification deadline, or — nobody routed it — when it should have been
 * routed (the Erqi plan's 24-hour response), so leaving hazards unrouted cannot keep them out of 整改率.
 */
const dueAt = (alias: string, respondHours: number) =>
  sql`coalesce(${sql.raw(alias)}.due_at, ${sql.raw(alias)}.reported_at + make_interval(hours => ${respondHours}::int))`;

export interface HazardSourceRow extends ClosedHazard {
  orgUnitId: string;
  companyId: string | null;
}

/**
 * Hazards due or closed in the month, with the lead company (a company answers for the hazards it
 * leads) and, for those fixed in the month, who verified the closure.
 */
export async function loadHazards(tx: Db, tenantId: string, w: ScoringWindow, respondHours: number): Promise<HazardSourceRow[]> {
  const due = dueAt('h', respondHours);
  const rows = await queryRows<HazardSourceRow>(
    tx,
    sql`select h.id, h.number, h.org_unit_id as "orgUnitId", h.reported_at as "reportedAt", ${due} as "dueAt",
          h.closed_at as "closedAt", h.outcome::text as outcome, h.reject_count as "rejectCount",
          h.extension_count as "extensionCount", h.reporter_id as "reporterId",
          (select p.company_id from hazard_parties p where p.tenant_id = h.tenant_id and p.hazard_id = h.id and p.lead and p.kind = 'company' limit 1) as "companyId",
          case when h.outcome = 'fixed' and ${range('h.closed_at', w)} then
            (select e.actor_user_id from timeline_events e
              where e.tenant_id = h.tenant_id and e.subject_type = 'hazard' and e.subject_id = h.id and e.action = 'verify' order by e.seq desc limit 1)
          end as "verifierId"
        from hazards h
        where h.tenant_id = ${tenantId} and ((${due} >= ${w.startsAt.toISOString()} and ${due} < ${w.endsAt.toISOString()}) or (${range('h.closed_at', w)}))`,
  );
  return rows.map((r) => ({
    ...r,
    reportedAt: new Date(r.reportedAt),
    dueAt: r.dueAt ? new Date(r.dueAt) : null,
    closedAt: r.closedAt ? new Date(r.closedAt) : null,
  }));
}

/** Hazards reported or closed in the month whose photo (same SHA-256) is also on another hazard. */
export async function loadReusedPhotos(
  tx: Db,
  tenantId: string,
  w: ScoringWindow,
): Promise<{ id: string; number: string; orgUnitId: string; companyId: string | null }[]> {
  return queryRows(
    tx,
    sql`select h.id, h.number, h.org_unit_id as "orgUnitId",
          (select p.company_id from hazard_parties p where p.tenant_id = h.tenant_id and p.hazard_id = h.id and p.lead and p.kind = 'company' limit 1) as "companyId"
        from hazards h
        where h.tenant_id = ${tenantId} and ((${range('h.reported_at', w)}) or (${range('h.closed_at', w)}))
          and exists (
            select 1 from evidence e join evidence o on o.tenant_id = e.tenant_id and o.sha256 = e.sha256
            where e.tenant_id = ${tenantId} and e.subject_type = 'hazard' and e.subject_id = h.id
              and o.subject_type = 'hazard' and o.subject_id <> h.id)`,
  );
}

export async function loadLookbacks(
  tx: Db,
  tenantId: string,
  w: ScoringWindow,
): Promise<(LookbackRow & { orgUnitId: string; companyId: string | null })[]> {
  const rows = await queryRows<LookbackRow & { orgUnitId: string; companyId: string | null }>(
    tx,
    sql`select li.lookback_id || ':' || li.hazard_id as id, h.number as "hazardNumber", li.result, li.checked_at as "checkedAt",
          h.org_unit_id as "orgUnitId",
          (select p.company_id from hazard_parties p where p.tenant_id = h.tenant_id and p.hazard_id = h.id and p.lead and p.kind = 'company' limit 1) as "companyId"
        from lookback_items li join hazards h on h.id = li.hazard_id and h.tenant_id = li.tenant_id
        where li.tenant_id = ${tenantId} and ${range('li.checked_at', w)}`,
  );
  return rows.map((r) => ({ ...r, checkedAt: r.checkedAt ? new Date(r.checkedAt) : null }));
}

/**
 * Coverage targets as on the coverage page: every place, and every compound; a patrol or a
 * completed inspection naming a place covers it, one naming a compound or its building (no place)
 * covers the compound.
 */
export async function loadTargets(tx: Db, tenantId: string, w: ScoringWindow): Promise<(PlaceRow & { orgUnitId: string })[]> {
  return queryRows(
    tx,
    sql`with patrolled_places as (
          select distinct place_id from patrols where tenant_id = ${tenantId} and ${range('at', w)} and place_id is not null
        ), inspected_places as (
          select distinct place_id from inspections where tenant_id = ${tenantId} and status = 'completed' and ${range('completed_at', w)} and place_id is not null
        ), patrolled_compounds as (
          select distinct case when u.kind = 'compound' then u.id else u.parent_id end as id
          from patrols pa join org_units u on u.id = pa.org_unit_id
          where pa.tenant_id = ${tenantId} and ${range('pa.at', w)} and pa.place_id is null and u.kind in ('compound', 'building')
        ), inspected_compounds as (
          select distinct case when u.kind = 'compound' then u.id else u.parent_id end as id
          from inspections i join org_units u on u.id = i.org_unit_id
          where i.tenant_id = ${tenantId} and i.status = 'completed' and ${range('i.completed_at', w)} and i.place_id is null and u.kind in ('compound', 'building')
        )
        select 'place' as kind, p.id, p.name, p.org_unit_id as "orgUnitId",
               ip.place_id is not null as inspected, pp.place_id is not null as patrolled
        from places p left join patrolled_places pp on pp.place_id = p.id left join inspected_places ip on ip.place_id = p.id
        where p.tenant_id = ${tenantId}
        union all
        select 'compound', u.id, u.name, u.id, ic.id is not null, pc.id is not null
        from org_units u left join patrolled_compounds pc on pc.id = u.id left join inspected_compounds ic on ic.id = u.id
        where u.tenant_id = ${tenantId} and u.kind = 'compound'`,
  );
}

/** The register as it stands (facilities have no history): a snapshot taken when computed. */
export async function loadFacilities(tx: Db, tenantId: string): Promise<(FacilityRow & { orgUnitId: string })[]> {
  return queryRows(
    tx,
    sql`select f.id, u.name || ' · ' || f.kind as label, f.count, f.status, f.org_unit_id as "orgUnitId"
        from facilities f join org_units u on u.id = f.org_unit_id where f.tenant_id = ${tenantId}`,
  );
}

export interface MaintenanceSourceRow {
  id: string;
  label: string;
  done: boolean;
  compoundId: string;
  companyId: string;
}

/**
 * The (managed compound, facility kind) pairs that owe a record in the month by the district's
 * frequencies, and whether an ACCEPTED record of the managing company covers the period: a
 * submitted or returned record does not count (the company cannot score itself by uploading).
 */
export async function loadMaintenanceDue(tx: Db, tenantId: string, month: string, registeredBy: Date): Promise<MaintenanceSourceRow[]> {
  const frequencies = new Map<string, MaintenanceFrequency>((await loadFrequencies(tx, tenantId)).map((f) => [f.kind, f.frequency]));
  const pairs = await queryRows<{ compoundId: string; compoundName: string; companyId: string; kind: string }>(
    tx,
    sql`select distinct c.id as "compoundId", c.name as "compoundName", cc.company_id as "companyId", f.kind
        from facilities f join org_units u on u.id = f.org_unit_id
        join org_units c on c.id = case when u.kind = 'compound' then u.id else u.parent_id end
        join company_compounds cc on cc.org_unit_id = c.id
        where f.tenant_id = ${tenantId} and f.created_at < ${registeredBy.toISOString()}`,
  );
  const quarterStart = maintenanceOwed('quarterly', month).startsOn;
  const records = await queryRows<{ compoundId: string; companyId: string; kind: string; performedOn: string }>(
    tx,
    sql`select case when u.kind = 'compound' then u.id else u.parent_id end as "compoundId", r.company_id as "companyId", r.kind,
               to_char(r.performed_on, 'YYYY-MM-DD') as "performedOn"
        from maintenance_records r join org_units u on u.id = r.org_unit_id
        where r.tenant_id = ${tenantId} and r.state = 'accepted'
          and r.performed_on >= ${quarterStart}::date and r.performed_on <= ${maintenanceOwed('monthly', month).endsOn}::date`,
  );
  const done = new Map<string, string[]>();
  for (const r of records) listIn(done, `${r.compoundId}:${r.companyId}:${r.kind}`).push(r.performedOn);
  const rows: MaintenanceSourceRow[] = [];
  for (const p of pairs) {
    const due = maintenanceOwed(frequencies.get(p.kind) ?? 'monthly', month);
    if (!due.owed) continue;
    const dates = done.get(`${p.compoundId}:${p.companyId}:${p.kind}`) ?? [];
    rows.push({
      id: `${p.compoundId}:${p.kind}`,
      label: `${p.compoundName} · ${p.kind}`,
      done: dates.some((d) => d >= due.startsOn && d <= due.endsOn),
      compoundId: p.compoundId,
      companyId: p.companyId,
    });
  }
  return rows;
}

export interface TaskSourceRow extends TaskRow {
  orgUnitId: string | null;
  companyId: string | null;
}

/** Tasks due in the month given to a street, community or company (departments are not scored). */
export async function loadTasks(tx: Db, tenantId: string, w: ScoringWindow): Promise<TaskSourceRow[]> {
  const rows = await queryRows<TaskSourceRow>(
    tx,
    sql`select t.id, a.title, t.due_at as "dueAt", t.completed_at as "completedAt", t.state = 'cancelled' as cancelled,
          a.duty_id is not null as duty, t.org_unit_id as "orgUnitId", t.company_id as "companyId"
        from tasks t join task_assignments a on a.id = t.assignment_id
        where t.tenant_id = ${tenantId} and t.kind in ('org_unit', 'company') and ${range('t.due_at', w)}`,
  );
  return rows.map((r) => ({ ...r, dueAt: new Date(r.dueAt), completedAt: r.completedAt ? new Date(r.completedAt) : null }));
}

/** Counts for the oversight office: hazards reported in the month, and open past their deadline at its end. */
export async function loadHazardCounts(
  tx: Db,
  tenantId: string,
  w: ScoringWindow,
  respondHours: number,
): Promise<{ reported: number; overdue: number }> {
  const [row] = await queryRows<{ reported: number; overdue: number }>(
    tx,
    sql`select count(*) filter (where ${range('h.reported_at', w)})::int as reported,
               count(*) filter (where h.reported_at < ${w.asOf.toISOString()} and ${dueAt('h', respondHours)} < ${w.asOf.toISOString()}
                                  and (h.closed_at is null or h.closed_at >= ${w.asOf.toISOString()}))::int as overdue
        from hazards h where h.tenant_id = ${tenantId}`,
  );
  return row ?? { reported: 0, overdue: 0 };
}
