import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/app.ts';
import { theContract } from '../support/contract.ts';
import { call, createWorld, type Json, login, type Session, type TestWorld, tenantId } from '../support/harness.ts';

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
type Operation = {
  requestBody?: { content?: Record<string, { schema?: Schema; example?: unknown }> };
  parameters?: { in: string; name: string; required?: boolean }[];
};

/**
 * The month every {month} route is called with: a month is not an object of a district (both have
 * an October), so it is the same month in attacker and victim, one both have computed, ended by now.
 */
const MONTH = '2026-10';
/** Query strings of routes that require one; a route requiring a query not listed here fails the test. */
const QUERIES: Record<string, string> = {
  '/assessments': `month=${MONTH}`,
  '/rankings': `kind=street&month=${MONTH}`,
  '/oversight/districts': `month=${MONTH}`,
};

let world: TestWorld;
let attacker: Session;
/**
 * Routes demo-b's committee may not call (a check-in, a maintenance record) are attacked by the
 * demo-b user who holds their permission, so they too must answer 404, not merely 403. Oversight
 * routes, which no district user may call, are attacked by the viewer of another jurisdiction
 * (office `other-city`, over district `demo-c`): demo-a is as foreign to it as to demo-b.
 */
const attackers: Record<string, Session> = {};
const victim: Record<string, string> = {};
let victimIds: string[] = [];
let victimNames: string[] = [];

/** Tables whose demo-a rows are fingerprinted before and after. */
const TABLES = [
  'org_units',
  'places',
  'companies',
  'company_compounds',
  'departments',
  'users',
  'role_assignments',
  'sessions',
  'refresh_tokens',
  'tenants',
  'evidence',
  'hazard_categories',
  'hazard_policies',
  'routing_rules',
  'lookbacks',
  'lookback_items',
  'hazards',
  'hazard_parties',
  'timeline_events',
  'idempotency_keys',
  'campaigns',
  'campaign_phases',
  'campaign_units',
  'duties',
  'task_assignments',
  'tasks',
  'inspection_templates',
  'inspection_template_versions',
  'inspection_plans',
  'inspections',
  'inspection_results',
  'patrols',
  'facilities',
  'maintenance_policies',
  'maintenance_records',
  'rubrics',
  'rubric_versions',
  'assessments',
  'assessment_scores',
  'assessment_items',
  'assessment_adjustments',
  'district_scores',
];

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
  const one = async (sql: string) => (await world.admin(sql, [a]))[0]!.id as string;
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
  // demo-a's month: computed, adjusted and published (its district score goes to demo-city), then
  // computed again, so an open draft carries the adjustment over; the fixtures come from that draft.
  const committeeA = await login(world, 'demo-a', 'committee_admin');
  const must = async (res: Promise<{ status: number; body: Json }>, status: number) => {
    const r = await res;
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(status);
    return r.body;
  };
  await must(call(world, committeeA, 'GET', '/api/v1/rubrics'), 200);
  const first = await must(call(world, committeeA, 'POST', `/api/v1/assessments/${MONTH}/compute`, {}), 201);
  const unit = (first.units as { unitId: string; unitKind: string }[]).find((u) => u.unitKind === 'street')!;
  await must(
    call(world, committeeA, 'POST', `/api/v1/assessments/${MONTH}/adjustments`, {
      unitId: unit.unitId,
      kind: 'bonus',
      points: 2,
      reason: '跨区测试加分理由',
    }),
    201,
  );
  const draft = await must(call(world, committeeA, 'GET', `/api/v1/assessments?month=${MONTH}`), 200);
  await must(
    call(world, committeeA, 'POST', `/api/v1/assessments/${MONTH}/publish`, {
      revision: draft.revision.revision,
      version: draft.revision.version,
    }),
    200,
  );
  await must(call(world, committeeA, 'POST', `/api/v1/assessments/${MONTH}/compute`, { note: '跨区测试修订' }), 201);
  victim.units = unit.unitId;
  victim.rubrics = await one("select id from rubrics where tenant_id = $1 and unit_kind = 'street'");
  victim.adjustments = await one(
    "select j.id from assessment_adjustments j join assessments s on s.id = j.assessment_id where j.tenant_id = $1 and s.status = 'draft'",
  );
  victim.districts = a;
  // demo-b has the month computed too, so its routes get past "not computed" to the object lookup.
  const committeeB = await login(world, 'demo-b', 'committee_admin');
  await must(call(world, committeeB, 'POST', `/api/v1/assessments/${MONTH}/compute`, {}), 201);
  // Another jurisdiction: an office over a district of its own, with the month published there.
  const operator = await login(world, 'firegrid', 'platform_operator');
  const password = 'a-long-initial-password';
  await must(
    call(world, operator, 'POST', '/api/v1/tenants', {
      slug: 'other-city',
      name: '另一市消安办',
      kind: 'oversight',
      admin: { username: 'oversight_viewer', password },
    }),
    201,
  );
  await must(
    call(world, operator, 'POST', '/api/v1/tenants', {
      slug: 'demo-c',
      name: '另一市示范区',
      kind: 'district',
      parentSlug: 'other-city',
      admin: { username: 'admin', password },
    }),
    201,
  );
  const committeeC = await login(world, 'demo-c', 'admin', password);
  const c = await must(call(world, committeeC, 'POST', `/api/v1/assessments/${MONTH}/compute`, {}), 201);
  await must(
    call(world, committeeC, 'POST', `/api/v1/assessments/${MONTH}/publish`, { revision: c.revision.revision, version: c.revision.version }),
    200,
  );
  attackers['oversight.read'] = await login(world, 'other-city', 'oversight_viewer', password);
  // Templates are product code, the same for every district: any code works as the {code} fixture.
  victim['campaign-templates'] = 'erqi-community';
  victimIds = (
    await world.admin(
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
     union all select id::text from facilities where tenant_id = $1 union all select id::text from maintenance_records where tenant_id = $1
     union all select id::text from rubrics where tenant_id = $1 union all select id::text from rubric_versions where tenant_id = $1
     union all select id::text from assessments where tenant_id = $1 union all select id::text from assessment_adjustments where tenant_id = $1
     union all select id::text from tenants where id = $1`,
      [a],
    )
  ).map((r) => r.id as string);
  victimNames = (
    await world.admin(
      `select name from places where tenant_id = $1 union all select name from tenants where id = $1
       union select unit_name from assessment_scores where tenant_id = $1 union select reason from assessment_adjustments where tenant_id = $1`,
      [a],
    )
  ).map((r) => r.name as string);
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
  const unitFixture = ({ org_unit: 'org-units', department: 'departments', company: 'companies' } as Record<string, string>)[
    String((value as { kind?: unknown }).kind)
  ];
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
    else if (key === 'unitId') out[key] = victim.units;
    else out[key] = poison(v);
  }
  return out;
}

const referencesObjects = (body: unknown) =>
  /"(orgUnitId|parentId|compoundIds|companyId|departmentId|categoryId|placeId|originalId|lookbackId|party\w*Id|assistDepartmentId|scopeOrgUnitId|leads|responsible|campaignId|phaseId|streetId|ids|templateId|jointDepartmentIds|facilityId|evidenceId|unitId)"/.test(
    JSON.stringify(body ?? {}),
  );

/** Every secured operation of the route table (the OpenAPI document of the app), in document order. */
const document = theContract().document as unknown as {
  paths: Record<string, Record<string, Operation & { security?: unknown[] }>>;
  components: { schemas: Record<string, Schema> };
};
const ROUTES = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods)
    .filter(([, op]) => op.security?.length) // public routes (login, refresh) take no object ids
    .map(([method, op]) => ({ path, method, op })),
);
const resolve = (schema?: Schema) =>
  schema?.$ref ? document.components.schemas[schema.$ref.replace('#/components/schemas/', '')] : schema;

/** The URL and body demo-b's caller sends to reach demo-a's objects through this route. */
function attackOn(path: string, method: string, op: Operation) {
  const resource = path.split('/')[1]!;
  let url = `/api/v1${path}`;
  // An object id ({id}, {unitId}, {tenantId}) gets the demo-a object of the collection it follows:
  // /rubrics/{id} a rubric, /assessments/{month}/adjustments/{id} an adjustment, /units/{unitId} a unit.
  const objectIds = [...path.matchAll(/\/([^/]+)\/\{(id|\w+Id)\}/g)];
  for (const [, collection, param] of objectIds) {
    const id = victim[collection!];
    expect(id, `no demo-a fixture for {${param}} of ${path}: add one to this test`).toBeDefined();
    url = url.replace(`{${param}}`, id!);
  }
  if (path.includes('{itemKey}')) url = url.replace('{itemKey}', 'exits');
  if (path.includes('{month}')) url = url.replace('{month}', MONTH);
  if (path.includes('{code}')) {
    const code = victim[resource];
    expect(code, `no fixture for ${path}: add one to this test`).toBeDefined();
    url = url.replace('{code}', code!);
  }
  expect(url, `${path} has a path parameter this test does not know`).not.toMatch(/[{}]/);
  const required = (op.parameters ?? []).filter((p) => p.in === 'query' && p.required);
  if (required.length) expect(QUERIES[path], `${method.toUpperCase()} ${path} requires a query: add it to QUERIES`).toBeDefined();
  if (method === 'get' && QUERIES[path]) url += `?${QUERIES[path]}`;
  const content = op.requestBody?.content?.['application/json'];
  const example = content?.example ?? resolve(content?.schema)?.example;
  if (op.requestBody) expect(example, `${method.toUpperCase()} ${path} documents no request example`).toBeDefined();
  const body = example === undefined ? undefined : poison(example);
  return { url, body, targetsObjects: objectIds.length > 0 || (method !== 'get' && referencesObjects(body)) };
}

/**
 * One test per route, so a failure names its route; the setup (fixtures in demo-a, a month
 * computed and published in three districts, another jurisdiction) runs once per layer.
 */
describe.each([
  { layer: 'code and RLS together', withRls: true },
  { layer: 'the code alone (RLS disabled)', withRls: false },
])('cross-tenant matrix: $layer', ({ withRls }) => {
  let before: Record<string, string>;
  // The setup computes and publishes assessments of three districts and creates two tenants:
  // a few dozen requests, each a transaction of many statements on a shared, busy machine.
  beforeAll(async () => {
    await setUp(withRls);
    before = await fingerprint(await tenantId(world, 'demo-a'));
  }, 300_000);
  afterAll(() => world.close());

  it('covers every secured operation the app registers', () => {
    const registered = createApi().openAPIRegistry.definitions.filter((d) => d.type === 'route');
    const secured = registered.filter((d) => (d as { route: { security?: unknown[] } }).route.security?.length);
    expect(ROUTES.length).toBe(secured.length);
    expect(ROUTES.length).toBeGreaterThan(100);
  });

  it.each(ROUTES.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))(
    '%s: 404 or nothing of demo-a',
    async (_name, { path, method, op }) => {
      const { url, body, targetsObjects } = attackOn(path, method, op);
      const permission = (op as { 'x-permission'?: string })['x-permission'];
      const caller = (permission && attackers[permission]) || attacker;
      if (path === '/assessments/{month}/publish') {
        // The draft demo-b's committee reviewed (its own revision and version), so publishing runs to
        // the end: a publish that superseded or froze demo-a's month would show in the fingerprint.
        const own = await call(world, caller, 'GET', `/api/v1/assessments?month=${MONTH}`);
        Object.assign(body as object, { revision: own.body.revision.revision, version: own.body.revision.version });
      }
      const res = await call(world, caller, method.toUpperCase(), url, body);
      const label = `${method.toUpperCase()} ${path} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
      // 404 for the object, never for the endpoint: a typo in this test's URL must not pass as a refusal.
      if (targetsObjects) {
        expect(res.status, label).toBe(404);
        expect(res.body.code, label).not.toBe('endpoint_not_found');
      } else expect([200, 201, 204, 403], label).toContain(res.status);
      let text = JSON.stringify(res.body);
      if (res.headers.get('content-type')?.includes('spreadsheetml')) {
        // A workbook is a zip: what it says is in its XML parts.
        const raw = await world.app.request(url, { headers: caller.headers });
        text = Object.values(unzipSync(new Uint8Array(await raw.arrayBuffer())))
          .map((part) => strFromU8(part))
          .join('\n');
        expect(text, label).toContain('<worksheet');
      }
      for (const id of victimIds) expect(text.includes(id), `${label} leaks ${id}`).toBe(false);
      for (const name of victimNames) expect(text.includes(name), `${label} leaks ${name}`).toBe(false);
      if (path === '/auth/logout') attacker = await login(world, 'demo-b', 'committee_admin');
    },
  );

  it('changed nothing of demo-a, and demo-b’s own month counted nothing of it', async () => {
    expect(await fingerprint(await tenantId(world, 'demo-a'))).toEqual(before);
    // What demo-b's own month counted and published (scores, drill-down lists, district figures)
    // holds nothing of demo-a either: computing reads the attacker's district only.
    const b = await tenantId(world, 'demo-b');
    const [snapshot] = await world.admin(
      `select (select count(*)::int from assessments where tenant_id = $1 and status = 'published') as published,
              concat_ws(',', (select string_agg(t::text, ',') from assessment_scores t where tenant_id = $1),
                             (select string_agg(t::text, ',') from assessment_items t where tenant_id = $1),
                             (select string_agg(t::text, ',') from district_scores t where tenant_id = $1)) as text`,
      [b],
    );
    expect(snapshot!.published, 'demo-b published its month through the matrix').toBe(1);
    for (const id of victimIds) expect((snapshot!.text as string).includes(id), `demo-b's assessment counts ${id} of demo-a`).toBe(false);
  });
});
