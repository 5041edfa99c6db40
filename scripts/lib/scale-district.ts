import { PGlite } from '@electric-sql/pglite';
import { MIGRATIONS } from '../../src/node/embedded.ts';
import { migratePglite, pgliteProvider } from '../../src/platform/db/pglite.ts';
import { seedDemo } from '../../src/seed/demo.ts';

/**
 * A district at the scale DOMAIN.md plans for, generated set-based into an existing tenant (the
 * benches' shared ground): the org tree level by level, places, and a month of patrols. Names
 * carry the 压测 prefix so the benches can tell generated rows from the demo's.
 */
export interface Scale {
  streets: number;
  communitiesPerStreet: number;
  compoundsPerCommunity: number;
  buildingsPerCompound: number;
  places: number;
}

/** DOMAIN.md's planned district: 20 streets, 200 communities, 600 compounds, 3,000 buildings, 10,000 places. */
export const PLANNED_SCALE: Scale = {
  streets: 20,
  communitiesPerStreet: 10,
  compoundsPerCommunity: 3,
  buildingsPerCompound: 5,
  places: 10_000,
};

/** A migrated, demo-seeded PGlite in memory, and demo-a's id and committee admin: where the benches generate. */
export async function openDemoDistrict() {
  const client = new PGlite();
  await migratePglite(client, MIGRATIONS);
  const provider = pgliteProvider(client);
  await seedDemo(provider, provider.db);
  const {
    rows: [tenant],
  } = await client.query<{ id: string }>("select id from tenants where slug = 'demo-a'");
  const {
    rows: [admin],
  } = await client.query<{ id: string }>("select id from users where tenant_id = $1 and username = 'committee_admin'", [tenant!.id]);
  return { client, provider, tenantId: tenant!.id, adminId: admin!.id };
}

/** The tree (names unique among siblings, ids made once per row) and the places: two thirds in communities, one third in compounds. */
export async function generateTreeAndPlaces(client: PGlite, tenantId: string, scale: Scale): Promise<void> {
  const level = (parentWhere: string, kind: string, per: number, label: string, depth: number) =>
    client.query(
      `insert into org_units (id, tenant_id, parent_id, kind, name, path, depth)
       select x.id, $1, x.parent_id, '${kind}', x.name, x.ppath || x.id || '/', ${depth}
       from (select gen_random_uuid() as id, p.id as parent_id, p.path as ppath, '${label}' || k as name
             from ${parentWhere === '' ? "(select null::uuid as id, '/' as path) p" : 'org_units p'} cross join generate_series(1, ${per}) k
             where ${parentWhere === '' ? '$1::uuid is not null' : `p.tenant_id = $1 and ${parentWhere}`}) x`,
      [tenantId],
    );
  await level('', 'street', scale.streets, '压测街道', 1);
  await level("p.kind = 'street' and p.name like '压测街道%'", 'community', scale.communitiesPerStreet, '压测社区', 2);
  await level("p.kind = 'community' and p.name like '压测社区%'", 'compound', scale.compoundsPerCommunity, '压测小区', 3);
  await level("p.kind = 'compound' and p.name like '压测小区%'", 'building', scale.buildingsPerCompound, '号楼', 4);
  await client.query(
    `with pools as (
       select (select array_agg(id order by id) from org_units where tenant_id = $1 and kind = 'community' and name like '压测社区%') as communities,
              (select array_agg(id order by id) from org_units where tenant_id = $1 and kind = 'compound' and name like '压测小区%') as compounds)
     insert into places (tenant_id, org_unit_id, name, type)
     select $1, case when n % 3 = 0 then compounds[1 + n % cardinality(compounds)] else communities[1 + n % cardinality(communities)] end,
            '压测场所' || n, 'nine_small'
     from pools, generate_series(1, ${scale.places}) n`,
    [tenantId],
  );
}

/**
 * Patrols across November 2026 (Shanghai): 70% at places drawn from 85% of them, 30% at compounds
 * or buildings drawn from 90% of them, so every unit has gaps; ~10% found an issue. Seeded: the
 * same rows on every run.
 */
export async function generateNovemberPatrols(client: PGlite, tenantId: string, count: number): Promise<void> {
  await client.query('select setseed(0.42)');
  await client.query(
    `with pools as (
       select (select array_agg(id order by id) from places where tenant_id = $1 and name like '压测场所%') as places,
              (select array_agg(org_unit_id order by id) from places where tenant_id = $1 and name like '压测场所%') as place_units,
              (select array_agg(id order by id) from org_units where tenant_id = $1 and kind in ('compound', 'building') and name ~ '^(压测小区|号楼)') as units,
              (select array_agg(id order by id) from users where tenant_id = $1) as users)
     insert into patrols (tenant_id, org_unit_id, place_id, patrolled_by, at, result)
     select $1,
            case when g.r < 0.7 then place_units[1 + floor(g.a * 0.85 * cardinality(places))::int] else units[1 + floor(g.a * 0.9 * cardinality(units))::int] end,
            case when g.r < 0.7 then places[1 + floor(g.a * 0.85 * cardinality(places))::int] end,
            users[1 + floor(g.b * cardinality(users))::int],
            timestamptz '2026-10-31 16:00:00+00' + g.c * interval '29 days 23 hours',
            case when g.d < 0.1 then 'issue' else 'normal' end
     from pools, (select random() as r, random() as a, random() as b, random() as c, random() as d from generate_series(1, ${count})) g`,
    [tenantId],
  );
}

/** Property companies: each manages some compounds; every other compound stays unmanaged (无物业小区). */
export async function generateCompanies(client: PGlite, tenantId: string, count: number): Promise<void> {
  await client.query(
    `insert into companies (tenant_id, name) select $1, '压测物业' || k || '有限公司' from generate_series(1, ${count}) k`,
    [tenantId],
  );
  await client.query(
    `with c as (select array_agg(id order by id) as ids from companies where tenant_id = $1 and name like '压测物业%'),
          k as (select id, row_number() over (order by id) as n from org_units where tenant_id = $1 and kind = 'compound' and name like '压测小区%')
     insert into company_compounds (tenant_id, company_id, org_unit_id)
     select $1, c.ids[1 + (k.n / 2) % cardinality(c.ids)], k.id from c, k where k.n % 2 = 0`,
    [tenantId],
  );
}

/**
 * Hazards numbered first..last, reported over 13 months up to the measured month's end, so about
 * one in thirteen falls due in it. Fates: ~62% fixed on time, ~14% fixed late (some still open),
 * ~14% closed without a fix (not a hazard, duplicate, enforcement), ~10% open (most overdue by
 * now); ~1% closed within minutes, ~13% reworked, ~10% extended (each extension a week). A lead
 * party for every routed hazard: the managing company for hazards in a managed compound (~35%), the
 * community otherwise. Timeline: a report event for each, a verify event for each fixed one (3%
 * verified by the reporter). Closures never after `now`: those stay open (rectifying / submitted).
 */
export async function generateHazards(client: PGlite, tenantId: string, first: number, last: number, now: string): Promise<void> {
  await client.query(
    `with pools as (
       select (select array_agg(id order by id) from hazard_categories where tenant_id = $1) as cats,
              (select array_agg(id order by id) from org_units where tenant_id = $1 and kind in ('community', 'compound', 'building') and name ~ '^(压测社区|压测小区|号楼)') as units,
              (select array_agg(id order by id) from places where tenant_id = $1 and name like '压测场所%') as places,
              (select array_agg(org_unit_id order by id) from places where tenant_id = $1 and name like '压测场所%') as place_units,
              (select array_agg(id order by id) from users where tenant_id = $1) as users,
              (select array_agg(s order by s) from unnest(enum_range(null::hazard_source)) s) as sources),
     g as (
       select n, random() as r_where, random() as r_unit, random() as fate, random() as r_close, random() as r_rework,
              random() as r_ext, random() as r_user, random() as r_cat, random() as r_state, random() as r_src,
              random() < 0.1 as major,
              timestamptz '2025-11-01 00:00:00+00' + random() * interval '394 days' as reported_at
       from generate_series(${first}, ${last}) n),
     d as (
       select g.*, case when g.r_ext < 0.08 then 1 when g.r_ext < 0.10 then 2 else 0 end as extensions,
              case when g.r_rework < 0.10 then 1 when g.r_rework < 0.13 then 2 else 0 end as rejects
       from g),
     e as (
       select d.*, d.reported_at + interval '2 hours' + case when d.major then interval '2 days' else interval '7 days' end + d.extensions * interval '7 days' as due_at
       from d),
     f as (
       select e.*,
              case when e.fate < 0.01 then e.reported_at + interval '12 minutes'
                   when e.fate < 0.62 then e.reported_at + interval '3 hours' + e.r_close * (e.due_at - e.reported_at - interval '3 hours')
                   when e.fate < 0.76 then e.due_at + interval '1 hour' + e.r_close * interval '40 days'
                   when e.fate < 0.82 then e.reported_at + interval '1 day'
                   when e.fate < 0.86 then e.reported_at + interval '2 hours'
                   when e.fate < 0.90 then e.reported_at + interval '10 days'
              end as closes_at,
              case when e.fate < 0.76 then 'fixed' when e.fate < 0.82 then 'not_a_hazard' when e.fate < 0.86 then 'duplicate' when e.fate < 0.90 then 'enforcement' end as ends
       from e),
     h as (
       select f.*, f.closes_at is not null and f.closes_at <= timestamptz '${now}' as closed from f)
     insert into hazards (tenant_id, number, category_id, org_unit_id, place_id, description, severity, source, state, outcome,
                          reporter_id, reported_at, routed_at, due_at, submitted_at, closed_at, reject_count, extension_count, chain_head, created_at, updated_at)
     select $1, 'YH-B' || lpad(h.n::text, 6, '0'), cats[1 + floor(h.r_cat * cardinality(cats))::int],
            case when h.r_where < 0.4 then place_units[1 + floor(h.r_unit * cardinality(places))::int] else units[1 + floor(h.r_unit * cardinality(units))::int] end,
            case when h.r_where < 0.4 then places[1 + floor(h.r_unit * cardinality(places))::int] end,
            '压测隐患' || h.n, case when h.major then 'major' else 'general' end::severity, sources[1 + floor(h.r_src * cardinality(sources))::int],
            case when h.closed then 'closed' when h.ends = 'fixed' and h.r_state < 0.5 then 'submitted' when h.r_state < 0.15 then 'routed' else 'rectifying' end::hazard_state,
            case when h.closed then h.ends end::hazard_outcome,
            users[1 + floor(h.r_user * cardinality(users))::int], h.reported_at, h.reported_at + interval '1 hour', h.due_at,
            case when h.closed and h.ends = 'fixed' then h.closes_at - interval '1 hour' end,
            case when h.closed then h.closes_at end, h.rejects, h.extensions, md5(h.n::text),
            h.reported_at, coalesce(case when h.closed then h.closes_at end, h.reported_at)
     from pools, h`,
    [tenantId],
  );
  const batch = `h.tenant_id = $1 and h.number between 'YH-B${String(first).padStart(6, '0')}' and 'YH-B${String(last).padStart(6, '0')}'`;
  await client.query(
    `insert into hazard_parties (tenant_id, hazard_id, lead, kind, org_unit_id, company_id)
     select $1, h.id, true, case when cc.company_id is null then 'org_unit' else 'company' end::party_kind,
            case when cc.company_id is null then split_part(u.path, '/', 3)::uuid end, cc.company_id
     from hazards h join org_units u on u.id = h.org_unit_id
     left join company_compounds cc on cc.org_unit_id = case when u.kind = 'building' then u.parent_id else u.id end
     where ${batch} and h.state <> 'reported'`,
    [tenantId],
  );
  await client.query(
    `with pools as (select array_agg(id order by id) as users from users where tenant_id = $1)
     insert into timeline_events (tenant_id, subject_type, subject_id, seq, at, actor_user_id, action, from_state, to_state, data, evidence_ids, prev_hash, hash)
     select $1::uuid, 'hazard'::text, h.id, 1, h.reported_at, h.reporter_id, 'report'::text, null::text, 'reported'::text, '{}'::jsonb, '{}'::uuid[], ''::text, md5(h.id::text)
     from hazards h where ${batch}
     union all
     select $1, 'hazard', h.id, 2, h.closed_at,
            case when random() < 0.03 then h.reporter_id else users[1 + floor(random() * cardinality(users))::int] end,
            'verify', 'submitted', 'closed', '{}', '{}', md5(h.id::text), md5(h.id::text || 'verify')
     from pools, hazards h where ${batch} and h.outcome = 'fixed'`,
    [tenantId],
  );
  await client.query('analyze');
}
