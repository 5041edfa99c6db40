import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../support/checks.ts';
import { call, createWorld, login, orgUnitId, type Session, type TestWorld, tenantId } from '../support/harness.ts';

/**
 * Property companies (物业企业): the compounds they manage, who sees which company, and the
 * field-level rule that a property company may only keep its own contact details up to date.
 */
let world: TestWorld;
let demoA: string;
const unit: Record<string, string> = {};
const company: Record<string, string> = {};
const sessions = new Map<string, Session>();

const ANJU = '示范安居物业服务有限公司';
const HUATING = '示范华庭物业管理有限公司';

/** One login per demo user per file: hashing a password is deliberately slow. */
async function as(username: string, tenant = 'demo-a'): Promise<Session> {
  const key = `${tenant}/${username}`;
  if (!sessions.has(key)) sessions.set(key, await login(world, tenant, username));
  return sessions.get(key)!;
}

async function companyRow(id: string) {
  const [row] = await world.admin('select * from companies where id = $1', [id]);
  return row;
}

/** The compounds a company manages, sorted as the API sorts them. */
async function compoundsOf(id: string): Promise<string[]> {
  const rows = await world.admin('select org_unit_id from company_compounds where company_id = $1', [id]);
  return rows.map((r) => r.org_unit_id as string).sort();
}

const countCompanies = async () =>
  (await world.admin('select count(*)::int as n from companies where tenant_id = $1', [demoA]))[0]!.n as number;
const sorted = (ids: (string | undefined)[]) => (ids as string[]).slice().sort();

beforeAll(async () => {
  world = await createWorld();
  demoA = await tenantId(world, 'demo-a');
  for (const name of [
    '东湖社区',
    '东湖花园小区',
    '东湖家园小区',
    '青桐花园小区',
    '青桐家园小区',
    '西山花园小区',
    '西山家园小区',
    '南溪花园小区',
  ]) {
    unit[name] = await orgUnitId(world, 'demo-a', name);
  }
  for (const r of await world.admin('select id, name from companies where tenant_id = $1', [demoA]))
    company[r.name as string] = r.id as string;
});
afterAll(() => world.close());

describe('GET /companies', () => {
  it('lists the district’s companies with the compounds each manages, and filters by name', async () => {
    const res = await call(world, await as('committee_admin'), 'GET', '/api/v1/companies?sort=name');
    expect(res.status).toBe(200);
    expect(res.body.items.map((c: { name: string }) => c.name).sort()).toEqual([ANJU, HUATING].sort());
    const anju = res.body.items.find((c: { name: string }) => c.name === ANJU);
    expect(anju).toMatchObject({
      id: company[ANJU],
      creditCode: '91320100MA00000000',
      contactName: '李经理',
      contactPhone: '13900000000',
      version: 1,
    });
    expect(anju.compoundIds).toEqual(sorted([unit.东湖花园小区, unit.西山花园小区, unit.南溪花园小区]));
    expect(anju.compoundIds).toEqual(await compoundsOf(company[ANJU]!));

    const q = await call(world, await as('committee_admin'), 'GET', `/api/v1/companies?q=${encodeURIComponent('华庭')}`);
    expect(q.body.items.map((c: { id: string }) => c.id)).toEqual([company[HUATING]]);
    const page1 = await call(world, await as('committee_admin'), 'GET', '/api/v1/companies?limit=1&sort=createdAt');
    const page2 = await call(
      world,
      await as('committee_admin'),
      'GET',
      `/api/v1/companies?limit=1&sort=createdAt&cursor=${page1.body.nextCursor}`,
    );
    expect(new Set([page1.body.items[0].id, page2.body.items[0].id])).toEqual(new Set([company[ANJU], company[HUATING]]));
    expect(page2.body.nextCursor).toBeNull();
  });

  it('rejects a bad sort and a forged cursor', async () => {
    const sort = await call(world, await as('committee_admin'), 'GET', '/api/v1/companies?sort=creditCode');
    expect(sort.status).toBe(400);
    expect(sort.body.errors.map((e: { path: string }) => e.path)).toEqual(['query.sort']);
    const cursor = await call(world, await as('committee_admin'), 'GET', '/api/v1/companies?cursor=garbage');
    expect(cursor.status).toBe(400);
    expectProblem(cursor, 400, 'cursor_invalid');
    expect(cursor.body.errors).toEqual([{ path: 'query.cursor', code: 'cursor_invalid', message: cursor.body.detail }]);
  });

  it('shows a property company only itself, a community only the companies of its compounds, demo-b none', async () => {
    const own = await call(world, await as('property_manager'), 'GET', '/api/v1/companies');
    expect(own.body.items.map((c: { id: string }) => c.id)).toEqual([company[ANJU]]);
    expect(own.body.items[0].compoundIds).toEqual(await compoundsOf(company[ANJU]!));

    // 东湖社区 holds 东湖花园小区 (安居) only: 华庭 manages nothing there.
    const community = await call(world, await as('community_staff'), 'GET', '/api/v1/companies');
    expect(community.body.items.map((c: { id: string }) => c.id)).toEqual([company[ANJU]]);
    expect(community.body.items[0].compoundIds).toEqual([unit.东湖花园小区]);

    const station = await call(world, await as('station_staff'), 'GET', '/api/v1/companies?sort=name');
    expect(sorted(station.body.items.map((c: { id: string }) => c.id))).toEqual(sorted([company[ANJU], company[HUATING]]));
    const huating = station.body.items.find((c: { id: string }) => c.id === company[HUATING]);
    expect(huating.compoundIds).toEqual([unit.青桐花园小区]);

    const other = await call(world, await as('committee_admin', 'demo-b'), 'GET', '/api/v1/companies');
    expect(other.body.items.map((c: { name: string }) => c.name).sort()).toEqual(
      ['示范恒信物业有限公司', '示范锦绣物业服务有限公司'].sort(),
    );
  });
});

describe('GET /companies/{id}', () => {
  it('returns the company as stored', async () => {
    const res = await call(world, await as('department_staff'), 'GET', `/api/v1/companies/${company[HUATING]}`);
    expect(res.status).toBe(200);
    const row = (await companyRow(company[HUATING]!))!;
    expect(res.body).toEqual({
      id: company[HUATING],
      name: HUATING,
      creditCode: row.credit_code,
      contactName: '李经理',
      contactPhone: '13900000001',
      address: null,
      compoundIds: await compoundsOf(company[HUATING]!),
      version: 1,
      createdAt: new Date(row.created_at as string).toISOString(),
      updatedAt: new Date(row.updated_at as string).toISOString(),
    });
    expect(res.body.compoundIds).toHaveLength(3);
  });

  it('answers 404 for an unknown id', async () => {
    const res = await call(world, await as('committee_admin'), 'GET', `/api/v1/companies/${crypto.randomUUID()}`);
    expect(res.status).toBe(404);
    expect(res.body.detail).toContain('物业企业不存在');
  });

  it('answers 404 for another company, one outside the community, and across districts', async () => {
    expect((await call(world, await as('property_manager'), 'GET', `/api/v1/companies/${company[HUATING]}`)).status).toBe(404);
    expect((await call(world, await as('community_staff'), 'GET', `/api/v1/companies/${company[HUATING]}`)).status).toBe(404);
    expect((await call(world, await as('committee_admin', 'demo-b'), 'GET', `/api/v1/companies/${company[ANJU]}`)).status).toBe(404);
    expect((await call(world, await as('volunteer'), 'GET', `/api/v1/companies/${company[HUATING]}`)).status).toBe(404);
  });
});

describe('POST /companies', () => {
  it('registers a company with unmanaged compounds and normalises the credit code', async () => {
    const admin = await as('committee_admin');
    const res = await call(world, admin, 'POST', '/api/v1/companies', {
      name: '示范新城物业有限公司',
      creditCode: '91320100ma1abcd00y',
      contactName: '孙经理',
      contactPhone: '0510-6666 8888',
      address: '东湖路 2 号',
      compoundIds: [unit.东湖家园小区, unit.青桐家园小区],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: '示范新城物业有限公司', creditCode: '91320100MA1ABCD00Y', address: '东湖路 2 号', version: 1 });
    expect(res.body.compoundIds).toEqual(sorted([unit.东湖家园小区, unit.青桐家园小区]));
    expect(await compoundsOf(res.body.id)).toEqual(res.body.compoundIds);
    expect(await companyRow(res.body.id)).toMatchObject({
      tenant_id: demoA,
      credit_code: '91320100MA1ABCD00Y',
      contact_phone: '0510-6666 8888',
    });
    const [audit] = await world.admin('select action, detail from audit_events where target_id = $1', [res.body.id]);
    expect(audit).toMatchObject({ action: 'company.created', detail: { name: '示范新城物业有限公司' } });

    const bare = await call(world, admin, 'POST', '/api/v1/companies', { name: '示范空壳物业有限公司' });
    expect(bare.status).toBe(201);
    expect(bare.body).toMatchObject({ compoundIds: [], creditCode: null });
    // A partial-scope reader sees a company only through its compounds: none yet.
    const station = await call(world, await as('station_staff'), 'GET', `/api/v1/companies/${bare.body.id}`);
    expect(station.status).toBe(404);
  });

  it('rejects bad fields, unknown and taken compounds, and duplicates, writing nothing', async () => {
    const admin = await as('committee_admin');
    const before = await countCompanies();
    const fields = await call(world, admin, 'POST', '/api/v1/companies', {
      name: '',
      creditCode: '91320100MA1ABCD00I',
      contactPhone: '电话',
      compoundIds: [unit.西山家园小区, unit.西山家园小区],
    });
    expect(fields.status).toBe(400);
    expect(fields.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['compoundIds', 'contactPhone', 'creditCode', 'name']);
    expect(fields.body.errors.find((e: { path: string }) => e.path === 'creditCode')).toEqual({
      path: 'creditCode',
      code: 'credit_code_format',
      message: '统一社会信用代码应为 18 位数字或大写字母（不含 I、O、S、V、Z）',
    });
    expect(fields.body.errors.find((e: { path: string }) => e.path === 'compoundIds')).toEqual({
      path: 'compoundIds',
      code: 'listed_twice',
      message: '列表中有重复',
    });

    // A community is not a compound: 404 naming the position in the list.
    const notCompound = await call(world, admin, 'POST', '/api/v1/companies', {
      name: '示范错误物业',
      compoundIds: [unit.西山家园小区, unit.东湖社区],
    });
    expectProblem(notCompound, 404, 'not_found');
    expect(notCompound.body.params).toEqual({ resource: 'compound' });
    expect(notCompound.body.errors).toEqual([{ path: 'compoundIds.1', code: 'not_found', message: '小区不存在或不在您的管辖范围内' }]);

    const taken = await call(world, admin, 'POST', '/api/v1/companies', {
      name: '示范抢占物业',
      compoundIds: [unit.西山家园小区, unit.青桐花园小区],
    });
    expectProblem(taken, 409, 'compound_managed_by_other_company');
    expect(taken.body.detail).toContain(`青桐花园小区（${HUATING}）`);
    expect(taken.body.params).toEqual({
      compounds: [{ compoundId: unit.青桐花园小区, compoundName: '青桐花园小区', companyId: company[HUATING], companyName: HUATING }],
    });
    expect(taken.body.errors).toEqual([
      { path: 'compoundIds.1', code: 'compound_managed_elsewhere', message: `青桐花园小区已由${HUATING}管理` },
    ]);

    const duplicate = await call(world, admin, 'POST', '/api/v1/companies', { name: ANJU });
    expectProblem(duplicate, 409, 'already_exists');
    expect(duplicate.body.params).toEqual({ field: 'name', resource: 'company' });
    expect(duplicate.body.errors).toEqual([{ path: 'name', code: 'already_exists', message: '已有相同名称的物业企业' }]);

    expect(await countCompanies()).toBe(before);
    expect(await compoundsOf(company[HUATING]!)).toContain(unit.青桐花园小区);
    const [orphans] = await world.admin('select count(*)::int as n from company_compounds where org_unit_id = $1', [unit.西山家园小区]);
    expect(orphans!.n).toBe(0);
  });

  it('is for the committee only, and 404s a demo-a compound for demo-b', async () => {
    const before = await countCompanies();
    for (const role of ['station_staff', 'property_manager', 'grid_member']) {
      const res = await call(world, await as(role), 'POST', '/api/v1/companies', { name: `示范${role}物业` });
      expect(res.status, role).toBe(403);
    }
    const other = await call(world, await as('committee_admin', 'demo-b'), 'POST', '/api/v1/companies', {
      name: '示范跨区物业',
      compoundIds: [unit.西山家园小区],
    });
    expect(other.status).toBe(404);
    expect(other.body.errors[0].path).toBe('compoundIds.0');
    expect(await countCompanies()).toBe(before);
    const [leak] = await world.admin("select count(*)::int as n from companies where name = '示范跨区物业'");
    expect(leak!.n).toBe(0);
  });
});

describe('PATCH /companies/{id}', () => {
  it('lets the committee rename a company and replace its compounds', async () => {
    const admin = await as('committee_admin');
    const created = await call(world, admin, 'POST', '/api/v1/companies', { name: '示范换区物业', compoundIds: [unit.西山家园小区] });
    const res = await call(world, admin, 'PATCH', `/api/v1/companies/${created.body.id}`, {
      version: 1,
      name: '示范换区物业（更名）',
      compoundIds: [],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: '示范换区物业（更名）', compoundIds: [], version: 2 });
    expect(await compoundsOf(created.body.id)).toEqual([]);

    const moved = await call(world, admin, 'PATCH', `/api/v1/companies/${created.body.id}`, {
      version: 2,
      compoundIds: [unit.西山家园小区],
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ compoundIds: [unit.西山家园小区], version: 3 });
    expect(await companyRow(created.body.id)).toMatchObject({ name: '示范换区物业（更名）', version: 3 });
  });

  it('answers 409 for a stale version or a compound of another company, changing nothing', async () => {
    const admin = await as('committee_admin');
    const before = await companyRow(company[HUATING]!);
    const stale = await call(world, admin, 'PATCH', `/api/v1/companies/${company[HUATING]}`, { version: 9, contactName: '改' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('version_conflict');

    const steal = await call(world, admin, 'PATCH', `/api/v1/companies/${company[HUATING]}`, {
      version: 1,
      contactName: '改',
      compoundIds: [unit.青桐花园小区, unit.东湖花园小区],
    });
    expectProblem(steal, 409, 'compound_managed_by_other_company');
    expect(steal.body.detail).toContain(`东湖花园小区（${ANJU}）`);
    expect(steal.body.errors.map((e: { path: string }) => e.path)).toEqual(['compoundIds.1']);
    // the same in English, for a client that asked for it
    const res = await world.app.request(`/api/v1/companies/${company[HUATING]}`, {
      method: 'PATCH',
      headers: { ...admin.headers, 'content-type': 'application/json', 'accept-language': 'en' },
      body: JSON.stringify({ version: 1, compoundIds: [unit.东湖花园小区] }),
    });
    const inEn = expectProblem(
      { status: res.status, headers: res.headers, body: await res.json() },
      409,
      'compound_managed_by_other_company',
    );
    expect(inEn.detail).toBe(`Already managed by another company: 东湖花园小区 (${ANJU}). Remove it from that company first`);
    expect(inEn.errors).toEqual([
      { path: 'compoundIds.0', code: 'compound_managed_elsewhere', message: `东湖花园小区 is managed by ${ANJU}` },
    ]);

    expect(await companyRow(company[HUATING]!)).toEqual(before);
    expect(await compoundsOf(company[ANJU]!)).toContain(unit.东湖花园小区);
    expect(await compoundsOf(company[HUATING]!)).toHaveLength(3);
  });

  it('lets a property company edit only its own contact fields', async () => {
    const pm = await as('property_manager');
    const before = await companyRow(company[ANJU]!);
    const version = before!.version as number;

    const disallowed = await call(world, pm, 'PATCH', `/api/v1/companies/${company[ANJU]}`, {
      version,
      name: '自改名称',
      compoundIds: [],
      contactName: '王经理',
    });
    expectProblem(disallowed, 400, 'validation_failed');
    expect(disallowed.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['compoundIds', 'name']);
    for (const e of disallowed.body.errors) {
      expect(e).toMatchObject({ code: 'company_contact_fields_only', message: '物业企业只能修改联系人、联系电话和地址' });
    }

    const unknown = await call(world, pm, 'PATCH', `/api/v1/companies/${company[ANJU]}`, { version, score: 100 });
    expectProblem(unknown, 400, 'validation_failed');
    expect(unknown.body.errors).toEqual([{ path: 'score', code: 'unrecognized_keys', message: expect.stringContaining('score') }]);

    const otherCompany = await call(world, pm, 'PATCH', `/api/v1/companies/${company[HUATING]}`, { version: 1, contactName: '王经理' });
    expect(otherCompany.status).toBe(404);
    expect(await companyRow(company[ANJU]!)).toEqual(before);

    const ok = await call(world, pm, 'PATCH', `/api/v1/companies/${company[ANJU]}`, {
      version,
      contactName: '王经理',
      contactPhone: '13911112222',
      address: '西山路 9 号',
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      name: ANJU,
      contactName: '王经理',
      contactPhone: '13911112222',
      address: '西山路 9 号',
      version: version + 1,
    });
    expect(ok.body.compoundIds).toEqual(await compoundsOf(company[ANJU]!));
    expect(await companyRow(company[ANJU]!)).toMatchObject({ name: ANJU, contact_name: '王经理', credit_code: before!.credit_code });

    for (const [role, status] of [
      ['grid_member', 403],
      ['station_staff', 403],
    ] as const) {
      const res = await call(world, await as(role), 'PATCH', `/api/v1/companies/${company[ANJU]}`, {
        version: version + 1,
        contactName: '越权',
      });
      expect(res.status, role).toBe(status);
    }
    const demoB = await call(world, await as('committee_admin', 'demo-b'), 'PATCH', `/api/v1/companies/${company[ANJU]}`, {
      version: version + 1,
      contactName: '外区',
    });
    expect(demoB.status).toBe(404);
    expect(await companyRow(company[ANJU]!)).toMatchObject({ contact_name: '王经理', version: version + 1 });
  });
});

describe('DELETE /companies/{id}', () => {
  it('deletes a company that manages nothing and has no users', async () => {
    const admin = await as('committee_admin');
    const created = await call(world, admin, 'POST', '/api/v1/companies', { name: '示范待注销物业' });
    const res = await call(world, admin, 'DELETE', `/api/v1/companies/${created.body.id}`);
    expect(res.status).toBe(204);
    expect(await companyRow(created.body.id)).toBeUndefined();
    const audit = await world.admin('select action from audit_events where target_id = $1 order by id', [created.body.id]);
    expect(audit.map((a) => a.action)).toEqual(['company.created', 'company.deleted']);
  });

  it('refuses while the company manages compounds or users are scoped to it', async () => {
    const admin = await as('committee_admin');
    const anju = await call(world, admin, 'DELETE', `/api/v1/companies/${company[ANJU]}`);
    expectProblem(anju, 409, 'still_referenced');
    expect(anju.body.params).toEqual({ resource: 'company', by: ['compounds', 'users'] });
    expect(anju.body.detail).toBe('该物业企业仍有所管小区、用户，不能删除；请先解除');

    const huating = await call(world, admin, 'DELETE', `/api/v1/companies/${company[HUATING]}`);
    expectProblem(huating, 409, 'still_referenced');
    expect(huating.body.params).toEqual({ resource: 'company', by: ['compounds'] });
    expect(huating.body.detail).not.toContain('用户');

    expect(await companyRow(company[ANJU]!)).toBeDefined();
    expect(await compoundsOf(company[HUATING]!)).toHaveLength(3);
  });

  it('is refused to a property company and a station, and 404 across districts', async () => {
    const created = await call(world, await as('committee_admin'), 'POST', '/api/v1/companies', { name: '示范留存物业' });
    expect((await call(world, await as('property_manager'), 'DELETE', `/api/v1/companies/${company[ANJU]}`)).status).toBe(403);
    expect((await call(world, await as('station_staff'), 'DELETE', `/api/v1/companies/${created.body.id}`)).status).toBe(403);
    const other = await call(world, await as('committee_admin', 'demo-b'), 'DELETE', `/api/v1/companies/${created.body.id}`);
    expect(other.status).toBe(404);
    expect(await companyRow(created.body.id)).toMatchObject({ name: '示范留存物业' });
    expect(await companyRow(company[ANJU]!)).toBeDefined();
  });
});
