import { spawn } from 'node:child_process';
import { once } from 'node:events';
import autocannon from 'autocannon';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { createApp } from '../src/app.ts';
import { runEscalationSweep } from '../src/features/hazards/escalation.ts';
import { DEFAULT_POLICY, ESCALATION_LEVEL_LABELS } from '../src/features/hazards/policy.ts';
import { DEFAULT_CATEGORIES } from '../src/features/hazards/vocabulary.ts';
import { eventHash } from '../src/features/timeline/chain.ts';
import type { SweepResult } from '../src/features/timeline/sweep.ts';
import { nodeDeps } from '../src/node/deps.ts';
import { MIGRATIONS } from '../src/node/embedded.ts';
import { hashPassword } from '../src/platform/auth/password.ts';
import { generateJwtKey, parseConfig } from '../src/platform/config.ts';
import { nodePostgresProvider } from '../src/platform/db/node-postgres.ts';
import { freePort, startPostgres } from '../test/support/pg-cluster.ts';
import { storedEvent } from '../test/support/timeline-rows.ts';

/**
 * npm run bench (not in CI). On a throwaway PostgreSQL: three districts at the scale DOMAIN.md plans
 * for (20 streets, 600 compounds, 3,000 buildings, 10,000 places, 5,500 users each), the Node host
 * on it as the app role, and autocannon against GET /api/v1/places (filtered, paginated) and
 * GET /api/v1/me, and the hazard board (GET /api/v1/hazards, filtered) at 20,000 hazards in
 * bench-1 (3,000 in each other district, so RLS has something to hide). Next to each, in the same
 * run, the very statements the app sent for that request replayed straight to the database (same
 * role, same transactions) at the same concurrency: the ratio is what the HTTP layer, auth, query
 * building and JSON cost (goal ≤ 1.5×). Before that, the escalation sweep over
 * every overdue hazard, next to a set-based SQL equivalent (see sweepSql). Absolute figures vary
 * with the machine; ratios are what to compare. BENCH_SECONDS=3 for a quick run.
 */
const DISTRICTS = 3;
const STREETS = 20;
const COMMUNITIES_PER_STREET = 10;
const COMPOUNDS_PER_COMMUNITY = 3;
const BUILDINGS_PER_COMPOUND = 5;
const PLACES = 10_000;
const USERS = 5_500;
const HAZARDS = (d: number) => (d === 1 ? 20_000 : 3_000);
const COMPANIES = 8;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const APP_PASSWORD = 'bench-app-password';

const cluster = await startPostgres();
if ('skipped' in cluster) {
  console.error(`bench needs PostgreSQL: ${cluster.skipped}`);
  process.exit(2);
}
const benchStarted = Date.now();
// Everything is generated once into a template; firegrid_bench (the Node host's database, where the
// app's sweep also runs) and firegrid_bench_sweep_sql (the sweep's SQL baseline) are copies of it,
// so both sides of the sweep start from the same rows.
const TEMPLATE = 'firegrid_bench_template';
const SWEEP_SQL_DB = 'firegrid_bench_sweep_sql';
const admin = new pg.Client({ connectionString: cluster.url });
await admin.connect();
for (const db of ['firegrid_bench', SWEEP_SQL_DB, TEMPLATE]) await admin.query(`drop database if exists ${db}`);
await admin.query(
  `do $$ begin if not exists (select from pg_roles where rolname = 'bench_owner') then create role bench_owner login createrole password 'owner'; end if; end $$`,
);
await admin.query(`create database ${TEMPLATE} owner bench_owner`);
const dbUrl = (user: string, password: string, database = 'firegrid_bench') => {
  const u = new URL(cluster.url);
  u.username = user;
  u.password = password;
  u.pathname = `/${database}`;
  return u.toString();
};
/** The superuser on one database of the cluster (bypasses RLS; the app never does this). */
const superUrl = (database: string) => {
  const u = new URL(cluster.url);
  u.pathname = `/${database}`;
  return u.toString();
};
const owner = new pg.Client({ connectionString: dbUrl('bench_owner', 'owner', TEMPLATE) });
await owner.connect();
await migrate(drizzle({ client: owner }), { migrationsFolder: MIGRATIONS });
await owner.end();
await admin.query(`alter role firegrid_app login password '${APP_PASSWORD}'`);

// Generate as superuser in the template (bypasses RLS; the app never does this).
const gen = new pg.Client({ connectionString: superUrl(TEMPLATE) });
await gen.connect();
/** The moment the hazards are generated around, and the `now` both sweeps run at. */
const NOW = new Date();
const passwordHash = await hashPassword('bench-password-1');

/**
 * A district's hazard registry (隐患台账), set-based: categories (what createTenant would seed), a few
 * companies and departments, then `count` hazards over the last six months: ~35% closed (mostly
 * fixed), ~20% rectifying, ~15% routed, ~10% submitted, ~20% reported. About 55% of the routed and
 * rectifying ones are past their deadline (late by 1 hour to 30 days, most by a few days) and none
 * escalated yet, which is the backlog the sweep works through. Every routed-or-later hazard has a
 * lead party (company / the hazard's community / department) and some an assisting department.
 * Each hazard gets the timeline events its state implies (report, route, accept, submit, verify or
 * close-as) with seq, prev_hash (64 zeros first) and hash; the hashes are not the app's canonical
 * ones (the chain would not verify) but chain_head is the last event's hash, so appends work.
 */
async function generateHazards(t: string, count: number, seed: number) {
  await gen.query(
    `insert into hazard_categories (tenant_id, code, name, sort_order)
     select $1, c.code, c.name, c.ord * 10 from unnest($2::text[], $3::text[]) with ordinality as c(code, name, ord)`,
    [t, DEFAULT_CATEGORIES.map((c) => c.code), DEFAULT_CATEGORIES.map((c) => c.name)],
  );
  await gen.query(
    `insert into companies (tenant_id, name, contact_name) select $1, '压测物业' || n || '公司', '经理' || n from generate_series(1, ${COMPANIES}) n`,
    [t],
  );
  await gen.query(
    `insert into departments (tenant_id, name, kind)
     select $1, v.name, v.kind::department_kind from (values ('住建局', 'housing'), ('城管局', 'urban_management'),
       ('市场监管局', 'market_regulation'), ('民政局', 'civil_affairs'), ('应急管理局', 'emergency'), ('消防救援大队', 'fire_rescue')) v(name, kind)`,
    [t],
  );
  await gen.query('select setseed($1)', [seed]);
  await gen.query('drop table if exists bench_hazards');
  // One row per hazard with every column and draw it needs; the three inserts below read it.
  await gen.query(
    `create temp table bench_hazards as
     with pools as (
       select
         (select array_agg(id order by id) from org_units where tenant_id = $1 and kind in ('community', 'compound', 'building')) as units,
         (select array_agg(id order by id) from places where tenant_id = $1) as places,
         (select array_agg(org_unit_id order by id) from places where tenant_id = $1) as place_units,
         (select array_agg(id order by id) from users where tenant_id = $1) as users,
         (select array_agg(id order by username) from users where tenant_id = $1 and username in ('user1', 'user2')) as routers,
         (select array_agg(id order by sort_order) from hazard_categories where tenant_id = $1) as cats,
         (select array_agg(id order by name) from companies where tenant_id = $1) as cos,
         (select array_agg(id order by name) from departments where tenant_id = $1) as deps
     ),
     draws as (
       select n, random() as u_state, random() as u_age, random() as u_over, random() as u_late, random() as u_out,
              random() as u_rep, random() as u_acc, random() as u_where, random() as u_party, random() as u_pick,
              random() as u_sev, random() as u_cat, random() as u_user
       from generate_series(1, $2::int) n
     ),
     kinds as (
       select d.*,
         case when u_state < 0.35 then 'closed' when u_state < 0.55 then 'rectifying' when u_state < 0.70 then 'routed'
              when u_state < 0.80 then 'submitted' else 'reported' end as state,
         case when u_sev < 0.15 then 'major' else 'general' end as severity,
         u_over < 0.55 as overdue,
         u_late * u_late * interval '30 days' + interval '1 hour' as late
       from draws d
     ),
     shaped as (
       select k.*,
         case when state = 'closed' then (case when u_out < 0.80 then 'fixed' when u_out < 0.88 then 'duplicate'
                                                when u_out < 0.95 then 'not_a_hazard' else 'enforcement' end) end as outcome,
         case when severity = 'major' then interval '2 days' else interval '7 days' end as rect
       from kinds k
     ),
     routed as (
       select s.*,
         case
           when state = 'routed' and overdue then $3::timestamptz - late - interval '24 hours'
           when state = 'routed' then $3::timestamptz - interval '23 hours' + u_late * interval '22 hours'
           when state = 'rectifying' and overdue then $3::timestamptz - late - rect
           when state = 'rectifying' then $3::timestamptz - rect + interval '1 hour' + u_late * (rect - interval '2 hours')
           when state = 'submitted' then $3::timestamptz - rect - interval '1 day' - u_late * interval '40 days'
           when outcome = 'fixed' then $3::timestamptz - rect - interval '3 days' - u_age * interval '160 days'
         end as routed_at
       from shaped s
     ),
     timed as (
       select r.*,
         case
           when routed_at is not null then routed_at - u_rep * interval '2 days'
           when state = 'reported' then $3::timestamptz - interval '10 minutes' - u_age * u_age * interval '180 days'
           else $3::timestamptz - interval '5 days' - u_age * interval '175 days'
         end as reported_at,
         case when state in ('rectifying', 'submitted') or outcome = 'fixed'
              then least(routed_at + u_acc * interval '12 hours', $3::timestamptz - interval '1 minute') end as accepted_at
       from routed r
     ),
     full_rows as (
       select gen_random_uuid() as id, t.*,
         t.routed_at + interval '24 hours' as respond_by,
         t.routed_at + t.rect as due_at,
         case when state = 'submitted' or outcome = 'fixed' then accepted_at + u_over * rect end as submitted_at,
         case when outcome = 'fixed' then accepted_at + u_over * rect + u_late * interval '2 days'
              when state = 'closed' then reported_at + u_acc * interval '3 days' end as closed_at,
         case when state = 'reported' or (state = 'closed' and outcome <> 'fixed') then null
              else p.routers[1 + floor(u_pick * 2)::int] end as router_id,
         case when state = 'reported' then 1 when state = 'routed' then 2 when state = 'rectifying' then 3
              when state = 'submitted' then 4 when outcome = 'fixed' then 5 else 2 end as events,
         p.cats[1 + floor(u_cat * cardinality(p.cats))::int] as category_id,
         case when u_where < 0.6 then p.places[1 + floor(u_where / 0.6 * cardinality(p.places))::int] end as place_id,
         case when u_where < 0.6 then p.place_units[1 + floor(u_where / 0.6 * cardinality(p.places))::int]
              else p.units[1 + floor((u_where - 0.6) / 0.4 * cardinality(p.units))::int] end as org_unit_id,
         p.users[1 + floor(u_user * cardinality(p.users))::int] as reporter_id,
         p.cos[1 + floor(u_pick * cardinality(p.cos))::int] as company_id,
         p.deps[1 + floor(u_pick * cardinality(p.deps))::int] as department_id,
         p.deps[1 + floor(u_rep * cardinality(p.deps))::int] as assist_department_id
       from timed t cross join pools p
     )
     select f.*, 'YH-' || to_char(f.reported_at at time zone 'Asia/Shanghai', 'YYYYMMDD') || '-'
       || lpad(row_number() over (partition by (f.reported_at at time zone 'Asia/Shanghai')::date order by f.reported_at, f.id)::text, 4, '0') as number
     from full_rows f`,
    [t, count, NOW.toISOString()],
  );
  const hash = (seq: string) => `encode(sha256(convert_to(h.id::text || '/' || ${seq}, 'UTF8')), 'hex')`;
  await gen.query(
    `insert into hazards (id, tenant_id, number, category_id, org_unit_id, place_id, description, severity, source, state, outcome,
       reporter_id, router_id, reported_at, routed_at, respond_by, due_at, accepted_at, submitted_at, closed_at, chain_head, version,
       created_at, updated_at)
     select h.id, $1, h.number, h.category_id, h.org_unit_id, h.place_id, '压测隐患' || h.n || '：楼道堆放杂物，疏散通道不畅',
       h.severity::severity, (array['patrol', 'inspection', 'grid', 'citizen', 'sensor'])[1 + h.n % 5]::hazard_source,
       h.state::hazard_state, h.outcome::hazard_outcome, h.reporter_id, h.router_id, h.reported_at, h.routed_at,
       h.respond_by, h.due_at, h.accepted_at, h.submitted_at, h.closed_at, ${hash('h.events')}, h.events,
       h.reported_at, coalesce(h.closed_at, h.submitted_at, h.accepted_at, h.routed_at, h.reported_at)
     from bench_hazards h`,
    [t],
  );
  // Lead party: a company (40%), the hazard's community (35%: '/street/community/…'), a department
  // (25%); 15% (community-led) also have an assisting department (属地 + 行业).
  await gen.query(
    `insert into hazard_parties (tenant_id, hazard_id, lead, kind, org_unit_id, company_id, department_id)
     select $1::uuid, h.id, true, k.kind::party_kind,
       case when k.kind = 'org_unit' then split_part(o.path, '/', 3)::uuid end,
       case when k.kind = 'company' then h.company_id end,
       case when k.kind = 'department' then h.department_id end
     from bench_hazards h join org_units o on o.id = h.org_unit_id
     cross join lateral (select case when h.u_party < 0.40 then 'company' when h.u_party < 0.75 then 'org_unit' else 'department' end as kind) k
     where h.routed_at is not null
     union all
     select $1::uuid, h.id, false, 'department'::party_kind, null::uuid, null::uuid, h.assist_department_id
     from bench_hazards h where h.routed_at is not null and h.u_party >= 0.60 and h.u_party < 0.75`,
    [t],
  );
  await gen.query(
    `insert into timeline_events (tenant_id, subject_type, subject_id, seq, at, actor_user_id, action, from_state, to_state, note, data, evidence_ids, prev_hash, hash)
     select $1, 'hazard', h.id, e.seq, e.at, e.actor, e.action, e.from_state, e.to_state, e.note, e.data, '{}',
       case when e.seq = 1 then repeat('0', 64) else ${hash('(e.seq - 1)')} end, ${hash('e.seq')}
     from bench_hazards h cross join lateral (values
       (1, h.reported_at, h.reporter_id, 'report', null, 'reported', '压测隐患' || h.n,
        jsonb_build_object('number', h.number, 'categoryId', h.category_id, 'orgUnitId', h.org_unit_id, 'placeId', h.place_id, 'severity', h.severity)),
       (2, coalesce(h.routed_at, h.closed_at), h.router_id, case when h.routed_at is null then 'close-as' else 'route' end, 'reported',
        case when h.routed_at is null then 'closed' else 'routed' end, null,
        case when h.routed_at is null then jsonb_build_object('outcome', h.outcome)
             else jsonb_build_object('dueAt', h.due_at, 'respondBy', h.respond_by) end),
       (3, h.accepted_at, h.router_id, 'accept', 'routed', 'rectifying', null, '{}'::jsonb),
       (4, h.submitted_at, h.router_id, 'submit', 'rectifying', 'submitted', '已整改', '{}'::jsonb),
       (5, h.closed_at, h.router_id, 'verify', 'submitted', 'closed', null, '{"outcome":"fixed"}'::jsonb)
     ) e(seq, at, actor, action, from_state, to_state, note, data)
     where e.seq <= h.events`,
    [t],
  );
  await gen.query('drop table bench_hazards');
}

const started = Date.now();
for (let d = 1; d <= DISTRICTS; d++) {
  const slug = `bench-${d}`;
  const {
    rows: [tenant],
  } = await gen.query<{ id: string }>(`insert into tenants (slug, name, kind) values ($1, $2, 'district') returning id`, [
    slug,
    `压测${d}区`,
  ]);
  const t = tenant!.id;
  // (The path is computed in the INSERT: an UPDATE in the same statement as a CTE's INSERT does not
  // see the inserted rows, which once left every path relative to an empty street path.)
  await gen.query(
    `
    insert into org_units (id, tenant_id, kind, name, code, path, depth)
    select id, $1, 'street', '街道' || s, 'S' || s, '/' || id || '/', 1
    from (select gen_random_uuid() as id, s from generate_series(1, ${STREETS}) s) q`,
    [t],
  );
  await gen.query(
    `
    insert into org_units (id, tenant_id, parent_id, kind, name, path, depth)
    select id, $1, pid, 'community', name, ppath || id || '/', 2 from (
      select gen_random_uuid() as id, p.id as pid, p.name || '社区' || c as name, p.path as ppath
      from org_units p cross join generate_series(1, ${COMMUNITIES_PER_STREET}) c
      where p.tenant_id = $1 and p.kind = 'street') q`,
    [t],
  );
  await gen.query(
    `
    insert into org_units (id, tenant_id, parent_id, kind, name, path, depth)
    select id, $1, pid, 'compound', name, ppath || id || '/', 3 from (
      select gen_random_uuid() as id, p.id as pid, p.name || '小区' || k as name, p.path as ppath
      from org_units p cross join generate_series(1, ${COMPOUNDS_PER_COMMUNITY}) k
      where p.tenant_id = $1 and p.kind = 'community') q`,
    [t],
  );
  await gen.query(
    `
    insert into org_units (id, tenant_id, parent_id, kind, name, path, depth)
    select id, $1, pid, 'building', name, ppath || id || '/', 4 from (
      select gen_random_uuid() as id, p.id as pid, b || '号楼' as name, p.path as ppath
      from org_units p cross join generate_series(1, ${BUILDINGS_PER_COMPOUND}) b
      where p.tenant_id = $1 and p.kind = 'compound') q`,
    [t],
  );
  await gen.query(
    `
    insert into places (tenant_id, org_unit_id, name, type, key_unit_level, risk_level, address)
    select $1, u.id, '场所' || n,
      (array['nine_small','three_in_one','key_unit','high_rise','group_rental','elderly_care','other'])[1 + n % 7]::place_type,
      case when n % 7 = 2 then 1 + n % 3 end,
      (array['low','medium','high'])[1 + n % 3]::risk_level, '地址' || n
    from generate_series(1, ${PLACES}) n
    join lateral (select id from org_units where tenant_id = $1 and kind in ('community','compound') order by id offset (n % 800) limit 1) u on true`,
    [t],
  );
  await gen.query(
    `
    insert into users (tenant_id, username, display_name, password_hash)
    select $1, 'user' || n, '用户' || n, $2 from generate_series(1, ${USERS}) n`,
    [t, passwordHash],
  );
  await gen.query(
    `
    insert into role_assignments (tenant_id, user_id, role, org_unit_id)
    select $1, u.id, case when n = 1 then 'committee_admin' else 'grid_member' end::role,
      case when n = 1 then null else (select id from org_units where tenant_id = $1 and kind = 'community' order by id offset (n % 200) limit 1) end
    from users u join lateral (select substr(u.username, 5)::int as n) k on true where u.tenant_id = $1`,
    [t],
  );
  await gen.query(
    `
    insert into role_assignments (tenant_id, user_id, role, org_unit_id)
    select $1, u.id, 'station_staff', (select id from org_units where tenant_id = $1 and kind = 'street' order by name limit 1)
    from users u where u.tenant_id = $1 and u.username = 'user2'`,
    [t],
  );
  await generateHazards(t, HAZARDS(d), d / 10);
}
await gen.query('analyze');
const {
  rows: [counts],
} = await gen.query<{ places: number; units: number; users: number; hazards: number; events: number; overdue: number }>(
  `select (select count(*)::int from places) as places, (select count(*)::int from org_units) as units, (select count(*)::int from users) as users,
     (select count(*)::int from hazards) as hazards, (select count(*)::int from timeline_events) as events,
     (select count(*)::int from hazards where (state = 'routed' and respond_by < $1) or (state = 'rectifying' and due_at < $1)) as overdue`,
  [NOW.toISOString()],
);
console.log(
  `generated ${DISTRICTS} districts: ${counts!.units} org units, ${counts!.places} places, ${counts!.users} users, ` +
    `${counts!.hazards} hazards (${counts!.overdue} overdue), ${counts!.events} timeline events in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
await gen.end();
for (const db of ['firegrid_bench', SWEEP_SQL_DB]) await admin.query(`create database ${db} template ${TEMPLATE} owner bench_owner`);

/**
 * The escalation sweep, timed on firegrid_bench (which the Node host then serves) and its SQL
 * baseline on an identical copy. Both run at NOW, on one connection, as the app role.
 *
 * What the app does (runEscalationSweep, set-based per district): one transaction reads the due
 * hazards with their parties and last seq in one statement; the pure workflow decides each level
 * in JS and every event's SHA-256 is computed there over the canonical event and the previous
 * head, so the chain verifies; then one statement per 1,000 hazards writes the rows, each guarded
 * by the version read (a hazard someone is working on right now is left for the next run), and
 * the events of exactly the rows it changed. The baseline reaches the same end state in SQL alone
 * (one transaction per district: one INSERT … SELECT of all events, one UPDATE of all hazards,
 * level from the same formula as expectedEscalationLevel, one SQL sha256 per event) with no
 * version guard and a chain that would not verify: the floor for this work on this database, not
 * an alternative implementation. The ratio says how far above that floor the safe path is.
 */
async function sweepSql(url: string): Promise<{ hazards: number; events: number; seconds: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const t0 = performance.now();
  let hazardsDone = 0;
  let eventsDone = 0;
  await client.query('begin');
  await client.query(`select set_config('app.tenant_id', '', true)`);
  const { rows: districts } = await client.query<{ id: string }>(
    `select id, time_zone from tenants where kind = 'district' and status = 'active'`,
  );
  await client.query('commit');
  for (const { id } of districts) {
    await client.query('begin');
    await client.query(`select set_config('app.tenant_id', $1, true)`, [id]);
    const {
      rows: [stored],
    } = await client.query<{ escalation_chain: string[]; escalation_interval_hours: number }>(
      'select escalation_chain, escalation_interval_hours from hazard_policies where tenant_id = $1',
      [id],
    );
    const chain = stored?.escalation_chain ?? [...DEFAULT_POLICY.escalationChain];
    const interval = stored?.escalation_interval_hours ?? DEFAULT_POLICY.escalationIntervalHours;
    const {
      rows: [done],
    } = await client.query<{ hazards: number; events: number }>(
      `with due as (
         select h.id, h.state, h.escalation_level as level, h.chain_head,
           least(cardinality($3::text[]), 1 + floor(extract(epoch from ($2::timestamptz
             - case when h.state = 'routed' then h.respond_by else h.due_at end)) / 3600 / $4))::int as target
         from hazards h
         where h.tenant_id = $1 and h.state in ('routed', 'rectifying') and h.escalation_level < cardinality($3::text[])
           and ((h.state = 'routed' and h.respond_by < $2) or (h.state = 'rectifying' and h.due_at < $2))
       ),
       todo as (
         select d.*, (select max(e.seq) from timeline_events e where e.tenant_id = $1 and e.subject_id = d.id) as last_seq
         from due d where d.target > d.level
       ),
       ev as (
         insert into timeline_events (tenant_id, subject_type, subject_id, seq, at, actor_user_id, action, from_state, to_state, note, data, evidence_ids, prev_hash, hash)
         select $1, 'hazard', t.id, t.last_seq + k, $2, null, 'escalate', t.state::text, t.state::text,
           '逾期自动升级至' || ($5::text[])[t.level + k] || ' / overdue: escalated to ' || ($3::text[])[t.level + k],
           jsonb_build_object('level', t.level + k, 'to', ($3::text[])[t.level + k]), '{}',
           case when k = 1 then t.chain_head else encode(sha256(convert_to(t.chain_head || '/' || (k - 1), 'UTF8')), 'hex') end,
           encode(sha256(convert_to(t.chain_head || '/' || k, 'UTF8')), 'hex')
         from todo t cross join generate_series(1, t.target - t.level) k
         returning subject_id, seq, hash
       ),
       heads as (select distinct on (subject_id) subject_id, hash from ev order by subject_id, seq desc),
       upd as (
         update hazards h set escalation_level = t.target, escalated_at = $2, chain_head = heads.hash,
           version = h.version + (t.target - t.level), updated_at = now()
         from todo t join heads on heads.subject_id = t.id
         where h.tenant_id = $1 and h.id = t.id
         returning h.id
       )
       select (select count(*) from upd)::int as hazards, (select count(*) from ev)::int as events`,
      [id, NOW.toISOString(), chain, interval, chain.map((c) => ESCALATION_LEVEL_LABELS[c] ?? c)],
    );
    await client.query('commit');
    hazardsDone += done!.hazards;
    eventsDone += done!.events;
  }
  const seconds = (performance.now() - t0) / 1000;
  await client.end();
  return { hazards: hazardsDone, events: eventsDone, seconds };
}

/** What both sides must agree on after the sweep: every hazard's level and version, and the event count. */
async function sweepState(database: string) {
  const c = new pg.Client({ connectionString: superUrl(database) });
  await c.connect();
  const {
    rows: [row],
  } = await c.query<{ digest: string; events: number; below: number }>(
    `select md5(string_agg(id::text || ':' || escalation_level || ':' || version, ',' order by id)) as digest,
       (select count(*)::int from timeline_events) as events,
       (select count(*)::int from hazards where escalation_level < $2
          and ((state = 'routed' and respond_by < $1) or (state = 'rectifying' and due_at < $1))) as below
     from hazards`,
    [NOW.toISOString(), DEFAULT_POLICY.escalationChain.length],
  );
  await c.end();
  return row!;
}

/**
 * The escalate events the app's sweep wrote, each recomputed: linked to the event before it, its
 * hash over its canonical content (what verifyChain checks), the last one its hazard's head. The
 * generated history before them does not verify (see generateHazards), so only they are checked.
 */
async function sweptChains(database: string): Promise<{ events: number; broken: number }> {
  const c = new pg.Client({ connectionString: superUrl(database) });
  await c.connect();
  const { rows } = await c.query<Record<string, unknown>>(
    `select * from (
       select e.*, lag(e.hash) over (partition by e.subject_id order by e.seq) as before,
         max(e.seq) over (partition by e.subject_id) as last_seq, h.chain_head
       from timeline_events e join hazards h on h.id = e.subject_id) x
     where action = 'escalate'`,
  );
  await c.end();
  let broken = 0;
  for (const e of rows) {
    const event = storedEvent(e, 'hazard');
    const linked = e.before === e.prev_hash && (await eventHash(e.prev_hash as string, event)) === e.hash;
    if (!linked || (e.seq === e.last_seq && e.hash !== e.chain_head)) broken++;
  }
  return { events: rows.length, broken };
}

console.log(`escalation sweep over ${counts!.overdue} overdue hazards (at the generation's now)…`);
const sweepLines: string[] = [];
{
  // Every statement the app sends, BEGIN and COMMIT included (on Workers, each a round trip to Neon).
  let sent = 0;
  const provider = nodePostgresProvider(dbUrl('firegrid_app', APP_PASSWORD), { max: 2, observe: () => sent++ });
  const timed = async () => {
    sent = 0;
    const t0 = performance.now();
    const result = await runEscalationSweep(provider, NOW);
    return { ...result, seconds: (performance.now() - t0) / 1000, statements: sent };
  };
  const first = await timed();
  const afterFirst = await sweepState('firegrid_bench');
  const chains = await sweptChains('firegrid_bench');
  const second: SweepResult & { seconds: number; statements: number } = await timed();
  await provider.pool.end();
  const sqlFirst = await sweepSql(dbUrl('firegrid_app', APP_PASSWORD, SWEEP_SQL_DB));
  const sqlSecond = await sweepSql(dbUrl('firegrid_app', APP_PASSWORD, SWEEP_SQL_DB));
  const sqlState = await sweepState(SWEEP_SQL_DB);
  const rate = (n: number, s: number) => (n / s).toFixed(0);
  sweepLines.push(
    `escalation sweep: ${counts!.overdue} overdue hazards in ${DISTRICTS} districts, one connection each side`,
    `  ${'app (runEscalationSweep)'.padEnd(31)}${String(first.items).padStart(6)} hazards escalated, ${String(first.events).padStart(6)} events in ${first.seconds.toFixed(2).padStart(6)} s = ${rate(first.items, first.seconds).padStart(6)} hazards/s` +
      (first.conflicts ? ` (${first.conflicts} conflicts)` : ''),
    `  ${'SQL (set-based, 1 tx/district)'.padEnd(31)}${String(sqlFirst.hazards).padStart(6)} hazards escalated, ${String(sqlFirst.events).padStart(6)} events in ${sqlFirst.seconds.toFixed(2).padStart(6)} s = ${rate(sqlFirst.hazards, sqlFirst.seconds).padStart(6)} hazards/s`,
    `  app/SQL time: ${(first.seconds / sqlFirst.seconds).toFixed(1)}× (goal ≤ 5×); end states ${afterFirst.digest === sqlState.digest && afterFirst.events === sqlState.events ? 'identical (levels, versions, event count)' : 'DIFFER'}`,
    `  app statements: ${first.statements} in all (${(first.statements / DISTRICTS).toFixed(1)} per district, ${(first.statements / first.items).toFixed(2)} per hazard); ` +
      `its ${chains.events} escalate events ${chains.broken ? `: ${chains.broken} BROKEN links` : 'all verify (linked, hashed, heads)'}`,
    `  second pass, same now: app ${second.events} events, ${second.items} hazards, ${second.statements} statements in ${second.seconds.toFixed(2)} s ` +
      `(${afterFirst.below} overdue hazards are below the top level but none below the level it has earned: one query); SQL ${sqlSecond.events} events in ${sqlSecond.seconds.toFixed(3)} s`,
  );
  if (second.events !== 0 || sqlSecond.events !== 0) sweepLines.push('  !! the second pass wrote events: the sweep is not idempotent');
  console.log(`  app ${first.seconds.toFixed(1)} s, SQL ${sqlFirst.seconds.toFixed(2)} s (figures at the end)`);
}
await admin.query(`drop database ${SWEEP_SQL_DB}`);
{
  // The sweep left dead row versions behind; settle before the HTTP figures.
  const c = new pg.Client({ connectionString: superUrl('firegrid_bench') });
  await c.connect();
  await c.query('vacuum analyze hazards, timeline_events, hazard_parties');
  await c.end();
}

// The Node host on that database, as the app role.
const port = await freePort();
const serverStarted = Date.now();
/** The host's configuration; the statements the baseline replays are captured with the same. */
const HOST_ENV = {
  DATABASE_URL: dbUrl('firegrid_app', APP_PASSWORD),
  JWT_KEYS: JSON.stringify([generateJwtKey('bench')]),
  S3_BUCKET: 'bench-unused',
  S3_ACCESS_KEY_ID: 'x',
  S3_SECRET_ACCESS_KEY: 'x',
  S3_ENDPOINT: 'http://127.0.0.1:9',
};
const server = spawn('npx', ['tsx', 'src/node/main.ts'], {
  env: {
    ...process.env,
    ...HOST_ENV,
    PORT: String(port),
    HOST: '127.0.0.1',
    // The host's timer (the sweep above, among others) must not fire during the figures; its
    // start-up run (5 s after start) is waited for below.
    FIREGRID_SCHEDULE_MS: String(3_600_000),
  },
  stdio: ['ignore', 'inherit', 'inherit'],
  detached: true, // its own process group: npx → tsx → node all stop together below
});
const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/readyz`)).ok) break;
  } catch {
    // not up yet
  }
  if (i > 120) throw new Error('the Node host did not become ready');
  await new Promise((r) => setTimeout(r, 500));
}
async function login(username: string) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'bench-1', username, password: 'bench-password-1' }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}
const committeeToken = await login('user1');
const stationToken = await login('user2');

// The host runs its scheduled jobs once 5 s after start (a no-op sweep here, re-reading the overdue
// hazards below the top level): wait until its connections have been idle for a second.
{
  const c = new pg.Client({ connectionString: superUrl('firegrid_bench') });
  await c.connect();
  await new Promise((r) => setTimeout(r, Math.max(0, serverStarted + 6_000 - Date.now())));
  for (let i = 0; i < 600; i++) {
    const {
      rows: [busy],
    } = await c.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity
       where datname = 'firegrid_bench' and usename = 'firegrid_app' and (state <> 'idle' or state_change > now() - interval '1 second')`,
    );
    if (!busy!.n) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  await c.end();
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function http(path: string, token: string): Promise<Figures> {
  const result = await autocannon({
    url: `${base}${path}`,
    connections: CONNECTIONS,
    duration: DURATION,
    headers: { authorization: `Bearer ${token}` },
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.non2xx + result.errors };
}

/**
 * The baseline: the very statements the app sends for the request (BEGIN, set_config and COMMIT
 * included), captured once in this process from the same code on the same database as the same
 * role, then replayed as they were sent by `connections` loops. The ratio is then what the HTTP
 * layer, auth, validation, query building and JSON cost, and it follows the app as its SQL changes.
 */
interface Sent {
  text: string;
  params?: readonly unknown[];
}
const captured: Sent[] = [];
const capturing = nodePostgresProvider(HOST_ENV.DATABASE_URL, { max: 1, observe: (text, params) => captured.push({ text, params }) });
const capturingApp = createApp(nodeDeps(parseConfig(HOST_ENV), capturing));
async function statementsOf(path: string, token: string): Promise<Sent[]> {
  captured.length = 0;
  const res = await capturingApp.request(path, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`capturing ${path}: ${res.status} ${await res.text()}`);
  await res.text();
  return [...captured];
}

async function direct(statements: readonly Sent[]): Promise<Figures> {
  const pool = new pg.Pool({ connectionString: HOST_ENV.DATABASE_URL, max: CONNECTIONS });
  const latencies: number[] = [];
  const deadline = Date.now() + DURATION * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      const client = await pool.connect();
      while (Date.now() < deadline) {
        const t0 = performance.now();
        for (const { text, params } of statements) {
          // Drizzle's statements as the driver got them (values bound, rows as arrays); the
          // transaction's own BEGIN … set_config and COMMIT as the simple queries they are.
          await (params ? client.query({ text, values: [...params], rowMode: 'array' }) : client.query(text));
        }
        latencies.push(performance.now() - t0);
      }
      client.release();
    }),
  );
  await pool.end();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { rps: latencies.length / DURATION, p50: at(0.5), p99: at(0.99), errors: 0 };
}

const {
  rows: [ids],
} = await (async () => {
  const c = new pg.Client({ connectionString: superUrl('firegrid_bench') });
  await c.connect();
  const r = await c.query<{ street: string }>(`
    select s.id as street from tenants t join org_units s on s.tenant_id = t.id and s.kind = 'street'
    where t.slug = 'bench-1' order by s.name limit 1`);
  await c.end();
  return r;
})();

const cases: { name: string; path: string; token: string }[] = [
  { name: 'GET /places (committee, filtered)', path: '/api/v1/places?type=nine_small&limit=50', token: committeeToken },
  { name: 'GET /places (station scope)', path: '/api/v1/places?type=nine_small&limit=50', token: stationToken },
  { name: 'GET /me', path: '/api/v1/me', token: committeeToken },
  {
    name: 'GET /hazards (open, overdue, area filter)',
    path: `/api/v1/hazards?open=true&overdue=true&orgUnitId=${ids!.street}&limit=50`,
    token: committeeToken,
  },
  { name: 'GET /hazards (station scope, open)', path: '/api/v1/hazards?open=true&limit=50', token: stationToken },
];

const fmt = (n: number) => n.toFixed(1).padStart(8);
console.log(`\n${CONNECTIONS} connections, ${DURATION} s each\n`);
console.log(
  'case                                       │ stmts │   HTTP req/s  p50 ms  p99 ms │     DB req/s  p50 ms  p99 ms │ DB/HTTP time',
);
// Warm the host up first (JIT, pool connections, plan caches): the first case should not pay for it.
for (const c of cases)
  await autocannon({ url: `${base}${c.path}`, connections: CONNECTIONS, duration: 1, headers: { authorization: `Bearer ${c.token}` } });
for (const c of cases) {
  const statements = await statementsOf(c.path, c.token);
  const viaHttp = await http(c.path, c.token);
  const viaDb = await direct(statements);
  if (viaHttp.errors) console.warn(`  ${c.name}: ${viaHttp.errors} non-2xx or errors`);
  // Time per request of the full app over that of its SQL alone (goal ≤ 1.5×).
  console.log(
    `${c.name.padEnd(42)} │ ${String(statements.length).padStart(5)} │ ${fmt(viaHttp.rps)}    ${fmt(viaHttp.p50)}${fmt(viaHttp.p99)} │ ${fmt(viaDb.rps)}    ${fmt(viaDb.p50)}${fmt(viaDb.p99)} │ ${(viaDb.rps / viaHttp.rps).toFixed(2)}×`,
  );
}
await capturing.pool.end();

console.log(`\n${sweepLines.join('\n')}`);

const exited = once(server, 'exit');
process.kill(-server.pid!, 'SIGTERM');
await exited;
await admin.query(`drop database ${TEMPLATE}`);
await admin.end();
await cluster.stop();
console.log(`\nbench took ${((Date.now() - benchStarted) / 1000).toFixed(0)} s`);
