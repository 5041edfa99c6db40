import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, expectProblem, fingerprint } from '../support/checks.ts';
import { call, createWorld, login, orgUnitId, type Session, type TestWorld, tenantId } from '../support/harness.ts';

/** The org tree of a district: kinds and levels, scope of stations, versions, deletion, the list. */
let world: TestWorld;
let admin: Session;
let station: Session;
let demoA: string;
let east: string;
let west: string;
const ORG_TABLES = ['org_units', 'places', 'company_compounds', 'role_assignments'] as const;

beforeAll(async () => {
  world = await createWorld();
  admin = await login(world, 'demo-a', 'committee_admin');
  station = await login(world, 'demo-a', 'station_staff');
  demoA = await tenantId(world, 'demo-a');
  east = await orgUnitId(world, 'demo-a', '示范东湖街道');
  west = await orgUnitId(world, 'demo-a', '示范西山街道');
});
afterAll(() => world.close());

const create = (session: Session, body: Record<string, unknown>) => call(world, session, 'POST', '/api/v1/org-units', body);
/** A request in English (Accept-Language: en). */
async function inEnglish(session: Session, method: string, path: string, body?: unknown) {
  const res = await world.app.request(path, {
    method,
    headers: { ...session.headers, 'accept-language': 'en', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
}
const unitRow = async (id: string) => (await world.admin('select * from org_units where id = $1', [id]))[0];

type Node = { id: string; name: string; kind: string; children: Node[] };
const names = (nodes: Node[]) => nodes.map((n) => n.name);

describe('creating the tree', () => {
  it('a committee admin builds street → community → compound → building, each one level deeper', async () => {
    const street = await create(admin, { parentId: null, kind: 'street', name: '测试街道', code: 'T1', address: '测试路 1 号' });
    expect(street.status, JSON.stringify(street.body)).toBe(201);
    expect(street.body).toMatchObject({
      parentId: null,
      kind: 'street',
      name: '测试街道',
      code: 'T1',
      address: '测试路 1 号',
      depth: 1,
      version: 1,
    });
    const community = await create(admin, { parentId: street.body.id, kind: 'community', name: '测试社区' });
    expect(community.status).toBe(201);
    const compound = await create(admin, { parentId: community.body.id, kind: 'compound', name: '测试花园小区' });
    expect(compound.status).toBe(201);
    const building = await create(admin, { parentId: compound.body.id, kind: 'building', name: '1号楼' });
    expect(building.status).toBe(201);
    expect([street, community, compound, building].map((r) => r.body.depth)).toEqual([1, 2, 3, 4]);
    expect(building.body).toMatchObject({ parentId: compound.body.id, code: null, address: null });

    const row = await unitRow(building.body.id);
    expect(row).toMatchObject({ tenant_id: demoA, depth: 4 });
    expect(row!.path).toBe(`/${street.body.id}/${community.body.id}/${compound.body.id}/${building.body.id}/`);
    const events = await auditEvents(world, 'org_unit.created');
    expect(events.map((e) => e.target_id)).toEqual([building, compound, community, street].map((r) => r.body.id));

    const got = await call(world, admin, 'GET', `/api/v1/org-units/${building.body.id}`);
    expect(got.body).toEqual(building.body);
  });

  it('refuses a kind at the wrong level (building under a street, community at the top) with 400, writing nothing', async () => {
    const before = await fingerprint(world, ORG_TABLES);
    const cases = [
      { parentId: east, kind: 'building', name: '错位楼', parentKind: 'street' },
      { parentId: east, kind: 'street', name: '街道下的街道', parentKind: 'street' },
      { parentId: null, kind: 'community', name: '顶层社区', parentKind: null },
      { parentId: null, kind: 'building', name: '顶层楼栋', parentKind: null },
    ];
    for (const { parentKind, ...body } of cases) {
      const problem = expectProblem(await create(admin, body), 400, 'org_unit_level_mismatch');
      expect(problem.params, JSON.stringify(body)).toEqual({ kind: body.kind, parentKind });
      expect(problem.errors, JSON.stringify(body)).toEqual([{ path: 'kind', code: 'org_unit_level_mismatch', message: problem.detail }]);
    }
    const { parentKind: _, ...buildingUnderStreet } = cases[0]!;
    expect(expectProblem(await create(admin, buildingUnderStreet), 400, 'org_unit_level_mismatch').detail).toBe('楼栋不能建在街道之下');
    const inEn = expectProblem(await inEnglish(admin, 'POST', '/api/v1/org-units', buildingUnderStreet), 400, 'org_unit_level_mismatch');
    expect(inEn.detail).toBe('A building cannot be placed below a street');
    const topCommunity = await inEnglish(admin, 'POST', '/api/v1/org-units', { parentId: null, kind: 'community', name: '顶层社区' });
    expect(topCommunity.body.detail).toBe('A community cannot be placed at the top level, below the district');
    expect(await fingerprint(world, ORG_TABLES)).toEqual(before);
  });

  it('refuses unknown fields, a bad kind and an unknown or foreign parent', async () => {
    const [foreign] = await world.admin(
      "select o.id from org_units o join tenants t on t.id = o.tenant_id where t.slug = 'demo-b' and o.kind = 'street' limit 1",
    );
    const before = await fingerprint(world, ORG_TABLES);
    const unknown = expectProblem(
      await create(admin, { parentId: east, kind: 'community', name: 'x', tenantId: demoA }),
      400,
      'validation_failed',
    );
    expect(unknown.errors!.map((e) => e.path)).toEqual(['tenantId']);
    expectProblem(await create(admin, { parentId: east, kind: 'district', name: 'x' }), 400, 'validation_failed');
    expectProblem(await create(admin, { parentId: east, kind: 'community', name: '   ' }), 400, 'validation_failed');
    const foreignParent = expectProblem(
      await create(admin, { parentId: foreign!.id, kind: 'community', name: '越界社区' }),
      404,
      'not_found',
    );
    expect(foreignParent.params).toEqual({ resource: 'parent_unit' });
    expect(foreignParent.errors).toEqual([{ path: 'parentId', code: 'not_found', message: '上级单位不存在或不在您的管辖范围内' }]);
    expectProblem(
      await create(admin, { parentId: '00000000-0000-4000-8000-000000000000', kind: 'community', name: '无父社区' }),
      404,
      'not_found',
    );
    expect(await fingerprint(world, ORG_TABLES)).toEqual(before);
  });

  it('a sibling with the same name is 409', async () => {
    const before = await fingerprint(world, ORG_TABLES);
    const sibling = expectProblem(await create(admin, { parentId: east, kind: 'community', name: '东湖社区' }), 409, 'already_exists');
    expect(sibling.params).toEqual({ field: 'name', resource: 'org_unit' });
    expect(sibling.errors).toEqual([{ path: 'name', code: 'already_exists', message: '已有相同名称的单位' }]);
    // Top-level units have no parent (NULL): they must not share a name either.
    const top = expectProblem(await create(admin, { parentId: null, kind: 'street', name: '示范东湖街道' }), 409, 'already_exists');
    expect(top.params).toEqual({ field: 'name', resource: 'org_unit' });
    // and a rename into a sibling's name is refused the same way
    const [lake] = await world.admin("select id, version from org_units where parent_id = $1 and name = '青桐社区'", [east]);
    const renamed = await call(world, admin, 'PATCH', `/api/v1/org-units/${lake!.id}`, { version: lake!.version, name: '东湖社区' });
    expect(expectProblem(renamed, 409, 'already_exists').params).toEqual({ field: 'name', resource: 'org_unit' });
    expect(await fingerprint(world, ORG_TABLES)).toEqual(before);
  });
});

describe('a station’s scope', () => {
  it('the station of 示范东湖街道 can create a community below its street', async () => {
    const res = await create(station, { parentId: east, kind: 'community', name: '站点新建社区' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((await unitRow(res.body.id))!.path).toMatch(new RegExp(`^/${east}/`));
    const below = await create(station, { parentId: res.body.id, kind: 'compound', name: '站点新建小区' });
    expect(below.status).toBe(201);
  });

  it('but not below 示范西山街道 (404, nothing written) nor a top-level street (403, nothing written)', async () => {
    const before = await fingerprint(world, ORG_TABLES);
    expectProblem(await create(station, { parentId: west, kind: 'community', name: '越权社区' }), 404, 'not_found');
    const westCommunity = await orgUnitId(world, 'demo-a', '西山社区');
    expectProblem(await create(station, { parentId: westCommunity, kind: 'compound', name: '越权小区' }), 404, 'not_found');
    const top = expectProblem(
      await create(station, { parentId: null, kind: 'street', name: '越权街道' }),
      403,
      'org_unit_top_level_district_only',
    );
    expect(top.params).toEqual({});
    expect(top.errors).toEqual([{ path: 'parentId', code: 'org_unit_top_level_district_only', message: top.detail }]);
    expect(top.detail).toContain('区级人员');
    expect(await fingerprint(world, ORG_TABLES)).toEqual(before);
    expect(await world.admin("select id from org_units where name like '越权%'")).toEqual([]);
  });

  it('cannot read, rename or delete units of another street (404)', async () => {
    const [westRow] = await world.admin('select version from org_units where id = $1', [west]);
    const before = await fingerprint(world, ORG_TABLES);
    expectProblem(await call(world, station, 'GET', `/api/v1/org-units/${west}`), 404, 'not_found');
    expectProblem(
      await call(world, station, 'PATCH', `/api/v1/org-units/${west}`, { version: westRow!.version, name: '被改名' }),
      404,
      'not_found',
    );
    expectProblem(await call(world, station, 'DELETE', `/api/v1/org-units/${west}`), 404, 'not_found');
    expect(await fingerprint(world, ORG_TABLES)).toEqual(before);
  });

  it('the tree of a station has exactly one root: its street, with its communities below', async () => {
    const res = await call(world, station, 'GET', '/api/v1/org-units/tree?maxDepth=4');
    expect(res.status).toBe(200);
    const roots = res.body.items as Node[];
    expect(roots).toHaveLength(1);
    expect(roots[0]).toMatchObject({ id: east, name: '示范东湖街道', kind: 'street' });
    expect(names(roots[0]!.children)).toEqual(expect.arrayContaining(['东湖社区', '青桐社区', '站点新建社区']));
    const all: Node[] = [];
    const walk = (ns: Node[]): void => {
      for (const n of ns) {
        all.push(n);
        walk(n.children);
      }
    };
    walk(roots);
    const expected = await world.admin('select id from org_units where path like $1', [`/${east}/%`]);
    expect(all.map((n) => n.id).sort()).toEqual(expected.map((r) => r.id as string).sort());
    // maxDepth cuts levels off
    const shallow = await call(world, station, 'GET', '/api/v1/org-units/tree?maxDepth=1');
    expect(shallow.body.items).toEqual([{ id: east, parentId: null, kind: 'street', name: '示范东湖街道', code: 'S1', children: [] }]);
  });

  it('a community member’s tree is rooted at their community; a property manager’s at the compounds it manages', async () => {
    const community = await login(world, 'demo-a', 'community_staff');
    const res = await call(world, community, 'GET', '/api/v1/org-units/tree?maxDepth=4');
    expect(res.status).toBe(200);
    expect((res.body.items as Node[]).map((n) => n.name)).toEqual(['东湖社区']);
    expect(res.body.items[0].parentId).toBe(east);
    expect(names(res.body.items[0].children).sort()).toEqual(['东湖家园小区', '东湖花园小区']);

    const pm = await login(world, 'demo-a', 'property_manager');
    const managed = await world.admin(
      `select o.name from company_compounds cc join org_units o on o.id = cc.org_unit_id
       join users u on u.tenant_id = cc.tenant_id join role_assignments r on r.user_id = u.id and r.company_id = cc.company_id
       where u.username = 'property_manager' and u.tenant_id = $1`,
      [demoA],
    );
    expect(managed.length).toBeGreaterThan(0);
    const pmTree = await call(world, pm, 'GET', '/api/v1/org-units/tree?maxDepth=4');
    const roots = pmTree.body.items as Node[];
    expect(roots.map((n) => n.name).sort()).toEqual(managed.map((m) => m.name as string).sort());
    for (const root of roots) {
      expect(root.kind).toBe('compound');
      expect(root.children.map((b) => b.kind)).toEqual(['building', 'building', 'building']);
    }
  });

  it('the tree of a committee admin has every street as a root; a volunteer’s is its community', async () => {
    const res = await call(world, admin, 'GET', '/api/v1/org-units/tree?maxDepth=1');
    const streets = await world.admin('select name from org_units where tenant_id = $1 and depth = 1', [demoA]);
    expect(names(res.body.items).sort()).toEqual(streets.map((s) => s.name as string).sort());
    const volunteer = await login(world, 'demo-a', 'volunteer');
    expect(names((await call(world, volunteer, 'GET', '/api/v1/org-units/tree')).body.items)).toEqual(['东湖社区']);
  });
});

describe('changing and deleting', () => {
  it('PATCH with a stale version is 409 and changes nothing', async () => {
    const unit = await create(admin, { parentId: east, kind: 'community', name: '版本社区' });
    const first = await call(world, admin, 'PATCH', `/api/v1/org-units/${unit.body.id}`, {
      version: 1,
      name: '版本社区（更名）',
      code: 'V1',
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ name: '版本社区（更名）', code: 'V1', version: 2 });
    const before = await fingerprint(world, ORG_TABLES);
    const stale = await call(world, admin, 'PATCH', `/api/v1/org-units/${unit.body.id}`, { version: 1, name: '旧版本覆盖' });
    const conflict = expectProblem(stale, 409, 'version_conflict');
    expect(conflict.detail).toContain('当前版本 2');
    expect(conflict.params).toEqual({ resource: 'org_unit', current: 2 });
    expect(await fingerprint(world, ORG_TABLES)).toEqual(before);
    // the parent and kind are not writable
    const moved = await call(world, admin, 'PATCH', `/api/v1/org-units/${unit.body.id}`, { version: 2, parentId: west });
    expectProblem(moved, 400, 'validation_failed');
    expect(await fingerprint(world, ORG_TABLES)).toEqual(before);
  });

  it('DELETE of a unit with children is 409 still_referenced naming what refers to it; a leaf is deleted', async () => {
    const before = await fingerprint(world, ORG_TABLES);
    const res = await call(world, admin, 'DELETE', `/api/v1/org-units/${east}`);
    const problem = expectProblem(res, 409, 'still_referenced');
    expect(problem.params).toEqual({ resource: 'org_unit', by: expect.arrayContaining(['child_units', 'users']) });
    expect((problem.params.by as string[])[0]).toBe('child_units');
    expect(problem.detail).toMatch(/^该单位仍有下级单位/);
    const inEn = expectProblem(await inEnglish(admin, 'DELETE', `/api/v1/org-units/${east}`), 409, 'still_referenced');
    expect(inEn.detail).toMatch(/^This org unit still has units below it, .*: remove those first$/);
    expect(await fingerprint(world, ORG_TABLES)).toEqual(before);

    // a community a company manages compounds of, with a community user's scope on it: both named
    const community = await orgUnitId(world, 'demo-a', '东湖社区');
    const scoped = expectProblem(await call(world, admin, 'DELETE', `/api/v1/org-units/${community}`), 409, 'still_referenced');
    expect(scoped.params.by).toContain('users');
    expect(scoped.detail).toContain('用户');
    // a compound a company manages: the management link is named
    const compound = await orgUnitId(world, 'demo-a', '东湖花园小区');
    const managed = expectProblem(await call(world, admin, 'DELETE', `/api/v1/org-units/${compound}`), 409, 'still_referenced');
    expect(managed.params.by).toContain('managing_companies');
    expect(managed.detail).toContain('物业企业的管理关系');
    expect(await fingerprint(world, ORG_TABLES)).toEqual(before);

    const leaf = await create(admin, { parentId: east, kind: 'community', name: '待删社区' });
    expect((await call(world, admin, 'DELETE', `/api/v1/org-units/${leaf.body.id}`)).status).toBe(204);
    expect(await unitRow(leaf.body.id)).toBeUndefined();
    expect((await auditEvents(world, 'org_unit.deleted'))[0]).toMatchObject({ target_id: leaf.body.id });
    expectProblem(await call(world, admin, 'DELETE', `/api/v1/org-units/${leaf.body.id}`), 404, 'not_found');
  });
});

describe('the list', () => {
  const list = async (session: Session, qs: string) => {
    const res = await call(world, session, 'GET', `/api/v1/org-units?${qs}`);
    expect(res.status, `${qs}: ${JSON.stringify(res.body).slice(0, 200)}`).toBe(200);
    return res.body as { items: { id: string; name: string; kind: string; parentId: string | null }[]; nextCursor: string | null };
  };

  it('filters by kind', async () => {
    const res = await list(admin, 'kind=street&limit=200');
    const expected = await world.admin("select id from org_units where tenant_id = $1 and kind = 'street'", [demoA]);
    expect(res.items.map((u) => u.id).sort()).toEqual(expected.map((r) => r.id as string).sort());
    expect(res.items.every((u) => u.kind === 'street')).toBe(true);
    expect(res.items.map((u) => u.name)).not.toContain('示范南溪镇'); // a town is not a street
  });

  it('filters by parentId', async () => {
    const res = await list(admin, `parentId=${east}&limit=200`);
    const expected = await world.admin('select id from org_units where parent_id = $1', [east]);
    expect(expected.length).toBeGreaterThanOrEqual(3);
    expect(res.items.map((u) => u.id).sort()).toEqual(expected.map((r) => r.id as string).sort());
    // a station asking for a parent outside its scope gets nothing
    expect((await list(station, `parentId=${west}`)).items).toEqual([]);
  });

  it('filters by text in the name or code, case-insensitively, with wildcards taken literally', async () => {
    const res = await list(admin, `q=${encodeURIComponent('东湖')}&limit=200`);
    expect(res.items.length).toBeGreaterThanOrEqual(2);
    expect(res.items.every((u) => u.name.includes('东湖'))).toBe(true);
    const byCode = await list(admin, 'q=s1c1k&limit=200'); // codes like S1C1K1
    expect(byCode.items.length).toBe(2);
    expect((await list(admin, `q=${encodeURIComponent('%')}`)).items).toEqual([]);
    // a station's text search stays in its scope
    const scoped = await list(station, `q=${encodeURIComponent('社区')}&limit=200`);
    const westNames = (await world.admin('select name from org_units where path like $1', [`/${west}/%`])).map((r) => r.name);
    expect(scoped.items.length).toBeGreaterThan(0);
    for (const u of scoped.items) expect(westNames).not.toContain(u.name);
  });

  it('sorts by name descending, and pages through with the cursor in that order', async () => {
    const res = await list(admin, `parentId=${east}&sort=name&order=desc&limit=200`);
    const got = res.items.map((u) => u.name);
    expect(got.length).toBeGreaterThanOrEqual(3);
    const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    expect(got).toEqual([...got].sort(byCodePoint).reverse());
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(
        admin,
        `parentId=${east}&sort=name&order=desc&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      paged.push(...page.items.map((u) => u.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(got);
  });
});
