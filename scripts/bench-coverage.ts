import { computeCoverage } from '../src/features/patrols/coverage.ts';
import type { CoverageLevel } from '../src/features/patrols/vocabulary.ts';
import type { Principal } from '../src/platform/authz/scope.ts';
import { inTenant } from '../src/platform/db/tenancy.ts';
import { tenantTimeZone } from '../src/platform/db/time-zone.ts';
import { generateNovemberPatrols, generateTreeAndPlaces, openDemoDistrict, PLANNED_SCALE } from './lib/scale-district.ts';

/**
 * Issue 5's must-hold: the monthly patrol coverage (GET /api/v1/coverage) of a district at the
 * scale DOMAIN.md plans for — 20 streets, 200 communities, 600 compounds, 3,000 buildings,
 * 10,000 places — with 100,000 patrol check-ins in the month (a year's worth, crammed into one).
 * Measures the real path (computeCoverage inside the tenant transaction as the app role, RLS on,
 * the district's time zone looked up as the route does) against a baseline of the same aggregate
 * written by hand and sent straight to the database (superuser, no RLS, no scope) on the same
 * database. Figures are medians of several runs; compare the ratio, not the milliseconds.
 */
const PATROLS = 100_000;
const MONTH = '2026-11';
const RUNS = Number(process.env.BENCH_RUNS ?? 9);

const { client, provider, tenantId: t, adminId } = await openDemoDistrict();

const started = performance.now();
await generateTreeAndPlaces(client, t, PLANNED_SCALE);
await generateNovemberPatrols(client, t, PATROLS);
await client.query('analyze');
const counts = (
  await client.query<{ what: string; n: number }>(
    `select 'places' as what, count(*)::int as n from places where tenant_id = $1
   union all select 'compounds', count(*)::int from org_units where tenant_id = $1 and kind = 'compound'
   union all select 'patrols', count(*)::int from patrols where tenant_id = $1`,
    [t],
  )
).rows;
console.log(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s: ${counts.map((c) => `${c.n} ${c.what}`).join(', ')}`);

const {
  rows: [street],
} = await client.query<{ id: string; path: string }>("select id, path from org_units where tenant_id = $1 and name = '压测街道1'", [t]);
const committee: Principal = {
  userId: adminId,
  tenantId: t,
  sessionId: 'bench',
  username: 'committee_admin',
  assignments: [{ role: 'committee_admin', orgUnitId: null, orgUnitPath: null, departmentId: null, companyId: null }],
};
const station: Principal = {
  ...committee,
  username: 'station_staff',
  assignments: [{ role: 'station_staff', orgUnitId: street!.id, orgUnitPath: street!.path, departmentId: null, companyId: null }],
};
const now = new Date('2026-11-24T02:00:00Z');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** What GET /coverage does: the tenant transaction, the district's zone, the service. */
async function appRun(principal: Principal, level: CoverageLevel) {
  const handle = provider.acquire();
  const t0 = performance.now();
  const report = await inTenant(provider, handle.db, t, async (tx) =>
    computeCoverage(tx, principal, { month: MONTH, level }, now, await tenantTimeZone(tx, t)),
  );
  const ms = performance.now() - t0;
  await handle.release();
  return { ms, report };
}

/** The same numbers by hand-written SQL: no RLS, no role switch, no scope, month bounds inline. */
const BASELINE = `
  with targets as (
    select 'place' as kind, p.id, p.name, u.path from places p join org_units u on u.id = p.org_unit_id where p.tenant_id = $1
    union all
    select 'compound', c.id, c.name, c.path from org_units c where c.tenant_id = $1 and c.kind = 'compound'
  ), visits as (
    select 'place' as kind, place_id as id from patrols
    where tenant_id = $1 and at >= $2 and at < $3 and place_id is not null
    union
    select 'compound', split_part(u.path, '/', 4)::uuid from patrols pt join org_units u on u.id = pt.org_unit_id
    where pt.tenant_id = $1 and pt.at >= $2 and pt.at < $3 and pt.place_id is null and u.kind in ('compound', 'building')
  ), scored as (
    select split_part(t.path, '/', 3) as unit_key, t.kind, t.id, t.name, v.id is not null as visited,
           row_number() over (partition by split_part(t.path, '/', 3), v.id is null order by t.name, t.id) as n
    from targets t left join visits v on v.kind = t.kind and v.id = t.id
  ), grouped as (
    select unit_key, count(*)::int as total, (count(*) filter (where visited))::int as visited,
           json_agg(json_build_object('kind', kind, 'id', id, 'name', name) order by name, id) filter (where not visited and n <= 200) as gaps
    from scored group by unit_key
  )
  select l.id, l.name, coalesce(g.total, 0) as total, coalesce(g.visited, 0) as visited, coalesce(g.gaps, '[]'::json) as gaps
  from org_units l left join grouped g on g.unit_key = l.id::text
  where l.tenant_id = $1 and l.kind in ('community', 'village')
  order by l.name, l.id`;
async function sqlRun() {
  const t0 = performance.now();
  const { rows } = await client.query<{ total: number; visited: number }>(BASELINE, [t, '2026-10-31T16:00:00Z', '2026-11-30T16:00:00Z']);
  return { ms: performance.now() - t0, rows };
}

// Same answer first, then time: warm each path once, alternate so drift hits all alike.
const check = await appRun(committee, 'community');
const base = await sqlRun();
const sum = (xs: { total: number; visited: number }[]) => xs.reduce((s, r) => [s[0]! + r.total, s[1]! + r.visited], [0, 0]);
if (
  JSON.stringify(sum(base.rows)) !== JSON.stringify([check.report.totals.total, check.report.totals.visited]) ||
  base.rows.length !== check.report.units.length
) {
  throw new Error(`service and baseline disagree: ${JSON.stringify(sum(base.rows))} vs ${JSON.stringify(check.report.totals)}`);
}
await appRun(station, 'community');
await appRun(committee, 'street');
const runs: Record<string, number[]> = { district: [], street: [], station: [], base: [] };
for (let i = 0; i < RUNS; i++) {
  runs.district!.push((await appRun(committee, 'community')).ms);
  runs.street!.push((await appRun(committee, 'street')).ms);
  runs.station!.push((await appRun(station, 'community')).ms);
  runs.base!.push((await sqlRun()).ms);
}
const b = median(runs.base!);
const row = (label: string, xs: number[]) =>
  `| ${label} | ${median(xs).toFixed(1)} | ${Math.max(...xs).toFixed(1)} | ${(median(xs) / b).toFixed(2)} |`;
console.log(
  `\nmonthly patrol coverage (${MONTH}) on PGlite: ${counts.map((c) => `${c.n.toLocaleString('en')} ${c.what}`).join(', ')}; median of ${RUNS} runs`,
);
console.log(
  `district: ${check.report.units.length} communities, ${check.report.totals.visited}/${check.report.totals.total} visited (rate ${check.report.totals.rate})`,
);
console.log('| path | median ms | max ms | ratio |');
console.log('|---|---|---|---|');
console.log(row('firegrid computeCoverage, committee, level=community (tenant tx, app role, RLS)', runs.district!));
console.log(row('firegrid computeCoverage, committee, level=street', runs.street!));
console.log(row('firegrid computeCoverage, one street’s station, level=community', runs.station!));
console.log(row('baseline: the same aggregate by hand-written SQL (superuser, no RLS)', runs.base!));
await client.close();
