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
