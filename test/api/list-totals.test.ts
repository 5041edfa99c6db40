import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PAGE } from '../../src/platform/http/pagination.ts';
import { theContract } from '../support/contract.ts';
import { call, createWorld, login, orgUnitId, type Session, type TestWorld, tenantId } from '../support/harness.ts';

/**
 * 共 N 条: every list of the document (each GET answering a `…Page`) reports on its first page how
 * many items match, counted in the same statement as the page. Checked against the items the list
 * itself hands out when paged through to the end, and null on every page asked for by cursor.
 */
let world: TestWorld;
const s: Record<string, Session> = {};

/** The district's calendar day, `days` from today. */
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

/** A write through the API that must succeed: its answer's body. */
async function made(session: Session, path: string, body: unknown) {
  const res = await call(world, session, 'POST', `/api/v1${path}`, body);
  expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(201);
  return res.body;
}

beforeAll(async () => {
  world = await createWorld();
  for (const role of ['committee_admin', 'grid_member', 'property_manager']) s[role] = await login(world, 'demo-a', role);
  const demoA = await tenantId(world, 'demo-a');
  const one = async (sql: string) => (await world.admin(sql, [demoA]))[0]!.id as string;
  const community = await orgUnitId(world, 'demo-a', '东湖社区');
  const street = await orgUnitId(world, 'demo-a', '示范东湖街道');
  const garden = await orgUnitId(world, 'demo-a', '东湖花园小区'); // managed by the demo property_manager's company
  const fire = await one("select id from departments where tenant_id = $1 and name = '示范消防救援大队'");
  const shop = await one(
    "select p.id from places p join org_units o on o.id = p.org_unit_id where p.tenant_id = $1 and o.name = '东湖社区' and p.type = 'nine_small' limit 1",
  );
  const existing = await world.admin('select id from hazard_categories where tenant_id = $1 limit 1', [demoA]);
  const category = existing[0]
    ? (existing[0].id as string)
    : await one("insert into hazard_categories (tenant_id, code, name) values ($1, 'ebike', '电动自行车') returning id");
  const admin = s.committee_admin!;

  // Three items at least in every list the demo district starts without (look-backs aside: they
  // sample closed hazards), so each list is counted across a cursor.
  for (const n of [1, 2, 3]) {
    await made(s.grid_member!, '/hazards', {
      categoryId: category,
      orgUnitId: community,
      description: `楼道堆物${n}`,
      severity: 'general',
    });
    await made(s.grid_member!, '/patrols', { orgUnitId: community, result: 'normal' });
    await made(admin, '/routing-rules', { partyKind: 'place_owner', priority: n, orgUnitId: garden });
    await made(s.property_manager!, '/facilities', { orgUnitId: garden, kind: 'hydrant', count: n });
    await made(s.property_manager!, '/maintenance-records', {
      orgUnitId: garden,
      kind: 'hydrant',
      performedOn: day(-n),
      checks: [{ item: '出水压力（≥0.14MPa）', result: 'ok', note: '0.25MPa' }],
      result: 'normal',
      contractor: '示范消防设施维保有限公司',
    });
    await made(admin, '/campaigns', {
      name: `专项检查${n}`,
      goal: '排查高层住宅消防设施和生命通道。',
      phases: [{ name: '排查', startsOn: day(1), endsOn: day(30) }],
      leads: [{ kind: 'department', id: fire }],
      responsible: [{ kind: 'org_unit', id: street }],
    });
    await made(admin, '/duties', {
      name: `每周学习${n}`,
      description: '组织学习消防法律法规。',
      frequency: 'weekly',
      assignees: { kind: 'org_units', ids: [street] },
      done: { checklist: ['组织学习'], target: null, evidence: [] },
      weight: 1,
      startsOn: day(1),
    });
  }
  await made(admin, '/companies', { name: '示范第三物业有限公司' }); // the demo district has two
  await made(admin, '/tasks', {
    title: '召开动员部署会',
    description: '印发会议纪要。',
    dueOn: day(30),
    done: { checklist: ['召开会议'], target: null, evidence: [] },
    weight: 1,
    assignees: { kind: 'streets' },
  });
  const templates = await call(world, admin, 'GET', '/api/v1/inspection-templates?limit=200');
  const nineSmall = templates.body.items.find((t: { code: string }) => t.code === 'nine-small').id as string;
  for (const n of [1, 2, 3]) {
    await made(admin, '/inspection-plans', { name: `九小场所月检${n}`, templateId: nineSmall, frequency: 'monthly', startsOn: day(1) });
    await made(admin, '/inspections', { templateId: nineSmall, placeId: shop });
  }
  // Two more versions of the template the versions list is asked about (the first by the default sort).
  const { id: templateId } = (await call(world, admin, 'GET', '/api/v1/inspection-templates?limit=1')).body.items[0];
  for (const n of [2, 3]) {
    const template = await call(world, admin, 'GET', `/api/v1/inspection-templates/${templateId}`);
    const extra = {
      key: `extra_${n}`,
      category: 'other',
      text: `补充检查项${n}`,
      hint: '',
      photoRequired: false,
      weight: 1,
      severity: 'general',
    };
    await made(admin, `/inspection-templates/${templateId}/versions`, {
      version: template.body.version,
      items: [...template.body.items, extra],
    });
  }
});
afterAll(() => world.close());

const doc = theContract().document as unknown as {
  paths: Record<
    string,
    Record<string, { operationId: string; responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> }>
  >;
};
const lists = Object.entries(doc.paths)
  .filter(([, item]) => item.get?.responses['200']?.content?.['application/json']?.schema?.$ref?.endsWith('Page'))
  .map(([path, item]) => ({ path, operationId: item.get!.operationId }));

/** A list path with its `{id}` filled from the first item of the list it hangs below. */
async function concrete(path: string): Promise<string> {
  const at = path.indexOf('/{id}');
  if (at < 0) return path;
  const parent = await call(world, s.committee_admin!, 'GET', `/api/v1${path.slice(0, at)}?limit=1`);
  expect(parent.body.items.length, `no item in ${path.slice(0, at)} to list ${path} of`).toBe(1);
  return path.replace('{id}', parent.body.items[0].id);
}

/** Every page of a list: the totals it reported, page by page, and the ids of every item. */
async function pageThrough(path: string, limit: number) {
  const totals: unknown[] = [];
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await call(
      world,
      s.committee_admin!,
      'GET',
      `/api/v1${path}?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(200);
    totals.push(res.body.total);
    ids.push(...res.body.items.map((i: { id: string }) => i.id));
    cursor = res.body.nextCursor;
  } while (cursor && totals.length < 10);
  return { totals, ids };
}

describe('every list carries its total', () => {
  it('finds the lists of the document', () => {
    expect(lists.map((l) => l.operationId).sort()).toEqual(
      [
        'listCampaigns',
        'listCompanies',
        'listDepartments',
        'listDuties',
        'listFacilities',
        'listHazards',
        'listInspectionPlans',
        'listInspectionTemplates',
        'listInspectionTemplateVersions',
        'listInspections',
        'listLookbacks',
        'listMaintenanceRecords',
        'listOrgUnits',
        'listPatrols',
        'listPlaces',
        'listRoutingRules',
        'listTasks',
        'listUsers',
      ].sort(),
    );
  });

  it.each(lists)('$operationId: the first page counts every item the list hands out; pages by cursor say null', async ({ path }) => {
    const url = await concrete(path);
    const whole = await pageThrough(url, MAX_PAGE);
    const n = whole.ids.length;
    expect(new Set(whole.ids).size).toBe(n);
    expect(whole.totals).toEqual([n, ...whole.totals.slice(1).map(() => null)]);
    // Every list but the look-backs has three items at least (see beforeAll): pages of one, only the first counts.
    if (path === '/lookbacks') return;
    expect(n).toBeGreaterThanOrEqual(3);
    const first = await call(world, s.committee_admin!, 'GET', `/api/v1${url}?limit=1`);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.total).toBe(n);
    const second = await call(
      world,
      s.committee_admin!,
      'GET',
      `/api/v1${url}?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    );
    expect(second.body.items).toHaveLength(1);
    expect(second.body.total).toBeNull();
  });
});
