import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createWorld, login, tenantId, type Session, type TestWorld } from '../support/harness.ts';

/**
 * Runs twice: as deployed, and with row-level security switched off on every table, which proves
 * the code's own tenant + scope filters hold without Postgres' help (tenancy.test.ts proves the
 * reverse: RLS holds without the code's filters).
 *
 * Generated from the app's own route table (the OpenAPI document), not a hand list: every route
 * and method any feature registers is called by demo-b's committee admin with ids of demo-a
 * objects. Item routes must answer 404; creates that reference demo-a objects must answer 404;
 * lists must leak nothing of demo-a; and demo-a's data must be unchanged afterwards.
 * A new resource without a fixture below fails this test until one is added.
 */
type Schema = { example?: unknown; $ref?: string };
type Operation = { requestBody?: { content?: Record<string, { schema?: Schema; example?: unknown }> } };

let world: TestWorld;
let attacker: Session;
/**
 * Routes demo-b's committee may not call (a check-in, a maintenance record) are attacked by the
 * demo-b user who holds their permission, so they too must answer 404, not merely 403.
 */
const attackers: Record<string, Session> = {};
const victim: Record<string, string> = {};
let victimIds: string[] = [];
let victimNames: string[] = [];

/** Tables whose demo-a rows are fingerprinted before and after. */
const TABLES = ['org_units', 'places', 'companies', 'company_compounds', 'departments', 'users', 'role_assignments', 'sessions', 'refresh_tokens', 'tenants', 'evidence',
  'hazard_categories', 'hazard_policies', 'routing_rules', 'lookbacks', 'lookback_items', 'hazards', 'hazard_parties', 'timeline_events',
  'idempotency_keys', 'campaigns', 'campaign_phases', 'campaign_units', 'duties', 'task_assignments', 'tasks',
  'inspection_templates', 'inspection_template_versions', 'inspection_plans', 'inspections', 'inspection_results', 'patrols', 'facilities', 'maintenance_policies', 'maintenance_records'];

async function fingerprint(tenant: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    const column = table === 'tenants' ? 'id' : 'tenant_id';
    const [row] = await world.admin(
      `select count(*)::int || ':' || coalesce(md5(string_agg(t::text, ',' order by t::text)), '') as f from ${table} t where ${column} = $1`,
      [tenant],
    );
    out[table] = row!.f as string;
  }
  return out;
}

async function setUp(withRls: boolean) {
  world = await createWorld();
  if (!withRls) {
    const tables = await world.admin(
      "select table_name as t from information_schema.columns where table_schema = 'public' and column_name = 'tenant_id'",
    );
    for (const { t } of tables) {
      await world.admin(`alter table ${t as string} no force row level security`);
      await world.admin(`alter table ${t as string} disable row level security`);
    }
  }
  const a = await tenantId(world, 'demo-a');
  const one = async (sql: string) => ((await world.admin(sql, [a]))[0]!.id as string);
  victim['org-units'] = await one("select id from org_units where tenant_id = $1 and kind = 'street' limit 1");
  victim.compound = await one("select id from org_units where tenant_id = $1 and kind = 'compound' limit 1");
  victim.places = await one('select id from places where tenant_id = $1 limit 1');
  victim.companies = await one('select id from companies where tenant_id = $1 limit 1');
  victim.departments = await one('select id from departments where tenant_id = $1 limit 1');
  victim.users = await one('select id from users where tenant_id = $1 limit 1');
  victim['hazard-categories'] = await one('select id from hazard_categories where tenant_id = $1 limit 1');
  victim.hazards = await one(
    `insert into hazards (tenant_id, number, category_id, org_unit_id, description, severity, source, reporter_id, chain_head)
     select $1, 'YH-CROSS-0001', (select id from hazard_categories where tenant_id = $1 limit 1),
            (select id from org_units where tenant_id = $1 limit 1), '跨区测试隐患', 'general', 'grid',
            (select id from users where tenant_id = $1 limit 1), 'x' returning id`,
  );
  victim['routing-rules'] = await one("insert into routing_rules (tenant_id, party_kind) values ($1, 'place_owner') returning id");
  victim.lookbacks = await one(
    "insert into lookbacks (tenant_id, title, criteria, created_by) select $1, '回头看', '{}', id from users where tenant_id = $1 limit 1 returning id",
  );
  victim.evidence = await one(
    `insert into evidence (tenant_id, object_key, file_name, content_type, size, sha256, status, uploaded_by, confirmed_at)
     select $1::uuid, 'tenants/' || $1::text || '/evidence/2026/11/cross-tenant-fixture', '现场照片.jpg', 'image/jpeg', 1024, repeat('a', 64),
            'confirmed', (select id from users where tenant_id = $1::uuid order by username limit 1), now()
     returning id`,
  );
  victim.campaigns = await one(
    `with c as (
       insert into campaigns (tenant_id, name, goal, template_code, created_by)
       select $1, '跨区测试专项整治', '跨区测试', 'erqi-community', id from users where tenant_id = $1 limit 1 returning id
     ), p as (
       insert into campaign_phases (tenant_id, campaign_id, ordinal, name, starts_on, ends_on)
       select $1, c.id, 1, '集中排查整治', '2025-11-26', '2025-12-31' from c
     ), u as (
       insert into campaign_units (tenant_id, campaign_id, role, kind, department_id)
       select $1, c.id, 'lead', 'department', (select id from departments where tenant_id = $1 limit 1) from c
     ) select id from c`,
  );
  victim.phase = await one('select id from campaign_phases where tenant_id = $1 limit 1');
  victim.tasks = await one(
    `with a as (
       insert into task_assignments (tenant_id, campaign_id, title, description, due_at, done, assignees)
       values ($1, (select id from campaigns where tenant_id = $1 limit 1), '跨区测试任务', '', now() + interval '7 days',
               '{"checklist":[],"target":null,"evidence":[]}', '{"kind":"streets"}') returning id
     ) insert into tasks (tenant_id, assignment_id, kind, org_unit_id, progress, due_at, chain_head)
       select $1, a.id, 'org_unit', (select id from org_units where tenant_id = $1 and kind = 'street' limit 1),
              '{"checked":[],"count":0}', now() + interval '7 days', 'x' from a returning id`,
  );
  victim.duties = await one(
    `insert into duties (tenant_id, name, description, frequency, assignees, done, starts_on, created_by)
     select $1, '跨区测试周汇总', '', 'weekly', '{"kind":"streets"}', '{"checklist":[],"target":null,"evidence":[]}', '2026-11-01', id
     from users where tenant_id = $1 limit 1 returning id`,
  );
  victim['inspection-templates'] = await one(
    `with t as (
       insert into inspection_templates (tenant_id, code, name, target) values ($1, 'cross-tenant', '跨区测试检查表', 'nine_small') returning id
     ), v as (
       insert into inspection_template_versions (tenant_id, template_id, number, items)
       select $1, t.id, 1, '[{"key":"exits","category":"escape_route","text":"安全出口畅通","hint":"","photoRequired":false,"weight":10,"severity":"general"}]'::jsonb from t
     ) select id from t`,
  );
  victim['inspection-plans'] = await one(
    `insert into inspection_plans (tenant_id, name, template_id, frequency, org_unit_id, starts_on, created_by)
     select $1, '跨区测试检查计划', t.id, 'monthly', (select id from org_units where tenant_id = $1 and kind = 'community' limit 1), '2026-11-01',
            (select id from users where tenant_id = $1 limit 1)
     from inspection_templates t where t.tenant_id = $1 and t.code = 'cross-tenant' returning id`,
  );
  await world.admin(
    `insert into inspections (tenant_id, template_version_id, kind, plan_id, period_key, place_id, org_unit_id, status, due_on)
     select $1, v.id, 'planned', $2, '2026-11', p.id, p.org_unit_id, 'planned', '2026-11-30'
     from inspection_template_versions v, places p where v.tenant_id = $1 and p.tenant_id = $1 and p.type = 'nine_small' limit 1`,
    [a, victim['inspection-plans']],
  );
  victim.inspections = await one(
    `with i as (
       insert into inspections (tenant_id, template_version_id, kind, place_id, org_unit_id, status, inspector_id, started_at)
       select $1, v.id, 'ad_hoc', p.id, p.org_unit_id, 'in_progress', (select id from users where tenant_id = $1 limit 1), now()
       from inspection_template_versions v, places p where v.tenant_id = $1 and p.tenant_id = $1 limit 1 returning id
     ), r as (
       insert into inspection_results (tenant_id, inspection_id, item_key, result) select $1, i.id, 'exits', 'pass' from i
     ) select id from i`,
  );
  victim.patrols = await one(
    `insert into patrols (tenant_id, org_unit_id, place_id, patrolled_by, at, result, note)
     select $1, p.org_unit_id, p.id, (select id from users where tenant_id = $1 order by username limit 1), now(), 'issue', '跨区测试巡查'
     from places p where p.tenant_id = $1 order by p.id limit 1 returning id`,
  );
  victim.facilities = await one(
    `insert into facilities (tenant_id, org_unit_id, kind, location, count, status, expires_on)
     select $1, org_unit_id, 'extinguisher', '跨区测试', 4, 'working', '2027-06-30' from company_compounds where tenant_id = $1 limit 1
     returning id`,
  );
  victim['maintenance-records'] = await one(
    `insert into maintenance_records (tenant_id, company_id, org_unit_id, facility_id, kind, performed_on, checks, result, contractor, submitted_by, chain_head)
     select $1, f.company_id, f.org_unit_id, (select id from facilities where tenant_id = $1 limit 1), 'extinguisher', '2026-11-20',
            '[{"item":"跨区测试检查","result":"ok","note":null}]', 'normal', '跨区测试维保单位', (select id from users where tenant_id = $1 limit 1), 'x'
     from company_compounds f where f.tenant_id = $1 limit 1 returning id`,
  );
  await world.admin("insert into maintenance_policies (tenant_id, kind, frequency) values ($1, 'hydrant', 'quarterly')", [a]);
  // Templates are product code, the same for every district: any code works as the {code} fixture.
  victim['campaign-templates'] = 'erqi-community';
  victimIds = (await world.admin(
    `select id::text from org_units where tenant_id = $1 union all select id::text from places where tenant_id = $1
     union all select id::text from companies where tenant_id = $1 union all select id::text from departments where tenant_id = $1
     union all select id::text from users where tenant_id = $1 union all select id::text from evidence where tenant_id = $1
     union all select id::text from hazards where tenant_id = $1 union all select id::text from hazard_categories where tenant_id = $1
     union all select id::text from routing_rules where tenant_id = $1 union all select id::text from lookbacks where tenant_id = $1
     union all select id::text from campaigns where tenant_id = $1 union all select id::text from campaign_phases where tenant_id = $1
     union all select id::text from tasks where tenant_id = $1 union all select id::text from task_assignments where tenant_id = $1
     union all select id::text from duties where tenant_id = $1
     union all select id::text from inspection_templates where tenant_id = $1 union all select id::text from inspection_template_versions where tenant_id = $1
     union all select id::text from inspections where tenant_id = $1 union all select id::text from patrols where tenant_id = $1
     union all select id::text from inspection_plans where tenant_id = $1
     union all select id::text from facilities where tenant_id = $1 union all select id::text from maintenance_records where tenant_id = $1`,
    [a],
  )).map((r) => r.id as string);
  victimNames = (await world.admin('select name from places where tenant_id = $1', [a])).map((r) => r.name as string);
  attacker = await login(world, 'demo-b', 'committee_admin');
  attackers['patrols.create'] = await login(world, 'demo-b', 'grid_member');
  attackers['maintenance.submit'] = await login(world, 'demo-b', 'property_manager');
}

/** Body fields that reference other objects, and the demo-a object each gets. */
function poison(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(poison);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  // A unit reference {kind, id} (campaign leads / responsible): the demo-a object of that kind.
  const unitFixture = ({ org_unit: 'org-units', department: 'departments', company: 'companies' } as Record<string, string>)[String((value as { kind?: unknown }).kind)];
  for (const [key, v] of Object.entries(value)) {
    if (key === 'id' && unitFixture) out[key] = victim[unitFixture];
    else if (key === 'scopeOrgUnitId' || key === 'streetId') out[key] = victim['org-units'];
    else if (key === 'campaignId') out[key] = victim.campaigns;
    else if (key === 'templateId') out[key] = victim['inspection-templates'];
    else if (key === 'jointDepartmentIds') out[key] = [victim.departments];
    else if (key === 'facilityId') out[key] = victim.facilities;
    else if (key === 'evidenceId') out[key] = victim.evidence;
    else if (key === 'phaseId') out[key] = victim.phase;
    else if (key === 'ids' && Array.isArray(v)) out[key] = [victim['org-units']];
    else if (key === 'orgUnitId' || key === 'parentId') out[key] = victim['org-units'];
    else if (key === 'compoundIds') out[key] = [victim.compound];
    else if (key === 'companyId') out[key] = victim.companies;
    else if (key === 'departmentId' || key === 'partyDepartmentId' || key === 'assistDepartmentId') out[key] = victim.departments;
    else if (key === 'partyOrgUnitId') out[key] = victim['org-units'];
    else if (key === 'partyCompanyId') out[key] = victim.companies;
    else if (key === 'categoryId') out[key] = victim['hazard-categories'];
    else if (key === 'placeId') out[key] = victim.places;
    else if (key === 'evidenceIds') out[key] = [victim.evidence];
    else if (key === 'originalId') out[key] = victim.hazards;
    else if (key === 'lookbackId') out[key] = victim.lookbacks;
    else out[key] = poison(v);
  }
  return out;
}

const referencesObjects = (body: unknown) =>
  /"(orgUnitId|parentId|compoundIds|companyId|departmentId|categoryId|placeId|originalId|lookbackId|party\w*Id|assistDepartmentId|scopeOrgUnitId|leads|responsible|campaignId|phaseId|streetId|ids|templateId|jointDepartmentIds|facilityId|evidenceId)"/.test(
    JSON.stringify(body ?? {}),
  );

describe.each([
  { layer: 'code and RLS together', withRls: true },
  { layer: 'the code alone (RLS disabled)', withRls: false },
])('cross-tenant matrix: $layer', ({ withRls }) => {
  beforeAll(() => setUp(withRls));
  afterAll(() => world.close());

  it('answers 404 or leaks nothing for every route, and changes nothing of demo-a', async () => {
    const spec = (await call(world, null, 'GET', '/api/v1/openapi.json')).body as {
      paths: Record<string, Record<string, Operation & { security?: unknown[] }>>;
      components: { schemas: Record<string, Schema> };
    };
    const resolve = (schema?: Schema) =>
      schema?.$ref ? spec.components.schemas[schema.$ref.replace('#/components/schemas/', '')] : schema;
    const a = await tenantId(world, 'demo-a');
    const before = await fingerprint(a);
    const checked: string[] = [];
    for (const [path, methods] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (!op.security) continue; // public routes (login, refresh) take no object ids
        const resource = path.split('/')[1]!;
        let url = `/api/v1${path}`;
        if (path.includes('{id}')) {
          const id = victim[resource];
          expect(id, `no demo-a fixture for ${path}: add one to this test`).toBeDefined();
          url = url.replace('{id}', id!);
        }
        if (path.includes('{itemKey}')) url = url.replace('{itemKey}', 'exits');
        if (path.includes('{code}')) {
          const code = victim[resource];
          expect(code, `no fixture for ${path}: add one to this test`).toBeDefined();
          url = url.replace('{code}', code!);
        }
        const content = op.requestBody?.content?.['application/json'];
        const example = content?.example ?? resolve(content?.schema)?.example;
        if (op.requestBody) expect(example, `${method.toUpperCase()} ${path} documents no request example`).toBeDefined();
        const body = example === undefined ? undefined : poison(example);
        const permission = (op as { 'x-permission'?: string })['x-permission'];
        const res = await call(world, (permission && attackers[permission]) || attacker, method.toUpperCase(), url, body);
        const label = `${method.toUpperCase()} ${path} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
        if (path.includes('{id}') || (method !== 'get' && referencesObjects(body))) {
          expect(res.status, label).toBe(404);
        } else {
          expect([200, 201, 204, 403], label).toContain(res.status);
        }
        const text = JSON.stringify(res.body);
        for (const id of victimIds) expect(text.includes(id), `${label} leaks ${id}`).toBe(false);
        for (const name of victimNames) expect(text.includes(name), `${label} leaks ${name}`).toBe(false);
        checked.push(label);
        if (path === '/auth/logout') attacker = await login(world, 'demo-b', 'committee_admin');
      }
    }
    expect(checked.length).toBeGreaterThanOrEqual(12);
    expect(await fingerprint(a)).toEqual(before);
  });
});
