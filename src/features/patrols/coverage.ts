import { type SQL, sql } from 'drizzle-orm';
import { orgUnits, patrols, places } from '../../db/schema/index.ts';
import type { Principal } from '../../platform/authz/scope.ts';
import { type Db, queryRows } from '../../platform/db/types.ts';
import { type Period, periodAt, periodOfKey } from '../duties/recurrence.ts';
import type { CoverageReport } from './schemas.ts';
import { coverageArea, patrolInScope } from './scope-sql.ts';
import { COMPOUND_DEPTH, COVERAGE_LEVEL_UNITS, type CoverageLevel, GAP_CAP } from './vocabulary.ts';

interface UnitRow {
  orgUnitId: string;
  name: string;
  kind: string;
  total: number;
  visited: number;
  gaps: CoverageReport['units'][number]['gaps'] | string;
}

const rate = (visited: number, total: number) => (total ? Math.round((visited / total) * 10_000) / 10_000 : null);

/**
 * The district-local month of a YYYY-MM key (default: the one holding `now`). The request schema
 * (MonthKey) lets through only months of 2000–2099, each of which is a period in every time zone.
 */
export function coverageMonth(month: string | undefined, now: Date, timeZone: string): Period {
  return month ? periodOfKey('monthly', month, timeZone) : periodAt('monthly', now, timeZone);
}

/**
 * 巡查覆盖率: for each unit of `level` in the caller's area (coverageArea), the places and
 * compounds of the register below it, how many were patrolled at least once in the month
 * (patrols the caller may see: patrolInScope), the rate and the gaps. One statement, set-based:
 *
 * - targets: every place whose org unit is in the area, and every compound in the area;
 * - visits: a patrol naming a place visits that place; a patrol naming a compound or one of its
 *   buildings (no place) visits the compound. A patrol of a whole community visits neither;
 * - each target belongs to the unit at the level's depth on its path (the tree is strict, see
 *   COVERAGE_LEVEL_UNITS), so grouping is a split_part, not a join per unit. A place attached
 *   directly to a street belongs to no community and counts at street level only;
 * - gaps are ordered by name, at most GAP_CAP per unit; the count is complete.
 */
export async function computeCoverage(
  tx: Db,
  principal: Principal,
  query: { month?: string | undefined; level: CoverageLevel },
  now: Date,
  timeZone: string,
): Promise<CoverageReport> {
  const period = coverageMonth(query.month, now, timeZone);
  const { kinds, depth } = COVERAGE_LEVEL_UNITS[query.level];
  const tenantId = principal.tenantId;
  const visible = patrolInScope(principal);
  const inMonth = sql`${patrols.tenantId} = ${tenantId} and ${patrols.at} >= ${period.startsAt.toISOString()} and ${patrols.at} < ${period.endsAt.toISOString()}`;
  const unitOf = (path: SQL) => sql`split_part(${path}, '/', ${sql.raw(String(depth + 1))})`;

  const rows = await queryRows<UnitRow>(
    tx,
    sql`with area as (
      select ${orgUnits.id} as id, ${orgUnits.path} as path, ${orgUnits.kind}::text as kind, ${orgUnits.name} as name
      from ${orgUnits} where ${coverageArea(principal)}
    ), targets as (
      select 'place' as kind, p.id, p.name, a.path
      from ${places} p join area a on a.id = p.org_unit_id
      where p.tenant_id = ${tenantId}
      union all
      select 'compound', a.id, a.name, a.path from area a where a.kind = 'compound'
    ), visits as (
      select 'place' as kind, ${patrols.placeId} as id from ${patrols}
      where ${inMonth} and ${patrols.placeId} is not null and ${visible}
      union
      select 'compound', split_part(visit_unit.path, '/', ${sql.raw(String(COMPOUND_DEPTH + 1))})::uuid
      from ${patrols} join ${orgUnits} as visit_unit on visit_unit.id = ${patrols.orgUnitId}
      where ${inMonth} and ${patrols.placeId} is null and visit_unit.kind in ('compound', 'building') and ${visible}
    ), scored as (
      select ${unitOf(sql`t.path`)} as unit_key, t.kind, t.id, t.name, v.id is not null as visited,
             row_number() over (partition by ${unitOf(sql`t.path`)}, v.id is null order by t.name, t.id) as n
      from targets t left join visits v on v.kind = t.kind and v.id = t.id
    ), grouped as (
      select unit_key, count(*)::int as total, (count(*) filter (where visited))::int as visited,
             json_agg(json_build_object('kind', kind, 'id', id, 'name', name) order by name, id)
               filter (where not visited and n <= ${GAP_CAP}) as gaps
      from scored group by unit_key
    )
    select l.id as "orgUnitId", l.name, l.kind, coalesce(g.total, 0) as total, coalesce(g.visited, 0) as visited,
           coalesce(g.gaps, '[]'::json) as gaps
    from area l left join grouped g on g.unit_key = l.id::text
    where l.kind in ${[...kinds]}
    order by l.name, l.id`,
  );

  const units = rows.map((r) => {
    const gaps = typeof r.gaps === 'string' ? (JSON.parse(r.gaps) as CoverageReport['units'][number]['gaps']) : r.gaps;
    return {
      orgUnitId: r.orgUnitId,
      name: r.name,
      kind: r.kind,
      total: r.total,
      visited: r.visited,
      rate: rate(r.visited, r.total),
      gapCount: r.total - r.visited,
      gaps,
    };
  });
  const total = units.reduce((s, u) => s + u.total, 0);
  const visited = units.reduce((s, u) => s + u.visited, 0);
  return {
    month: period.key,
    level: query.level,
    timeZone,
    startsAt: period.startsAt.toISOString(),
    endsAt: period.endsAt.toISOString(),
    totals: { total, visited, rate: rate(visited, total) },
    units,
  };
}
