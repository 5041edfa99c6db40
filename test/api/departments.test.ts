import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../support/checks.ts';
import { call, createWorld, login, type Session, type TestWorld, tenantId } from '../support/harness.ts';

/** Functional departments (职能部门): district-wide, read by every registry reader, written by the committee. */
let world: TestWorld;
let demoA: string;
const dept: Record<string, string> = {};
const sessions = new Map<string, Session>();

/** One login per demo user per file: hashing a password is deliberately slow. */
async function as(username: string, tenant = 'demo-a'): Promise<Session> {
  const key = `${tenant}/${username}`;
  if (!sessions.has(key)) sessions.set(key, await login(world, tenant, username));
  return sessions.get(key)!;
}

async function deptRow(id: string) {
  const [row] = await world.admin('select * from departments where id = $1', [id]);
  return row;
}

const countDepts = async () =>
  (await world.admin('select count(*)::int as n from departments where tenant_id = $1', [demoA]))[0]!.n as number;

beforeAll(async () => {
  world = await createWorld();
  demoA = await tenantId(world, 'demo-a');
  for (const r of await world.admin('select id, name from departments where tenant_id = $1', [demoA]))
    dept[r.name as string] = r.id as string;
});
afterAll(() => world.close());

describe('GET /departments', () => {
  it('shows every department of the district to any registry reader, sorted and filtered', async () => {
    const dbNames = (await world.admin('select name from departments where tenant_id = $1 order by name, id', [demoA])).map((r) => r.name);
    expect(dbNames).toHaveLength(7);
    for (const role of ['committee_admin', 'station_staff', 'grid_member', 'department_staff', 'property_manager']) {
      const res = await call(world, await as(role), 'GET', '/api/v1/departments?sort=name');
      expect(res.status, role).toBe(200);
      expect(
        res.body.items.map((d: { name: string }) => d.name),
        role,
      ).toEqual(dbNames);
    }
    const kind = await call(world, await as('grid_member'), 'GET', '/api/v1/departments?kind=market_regulation');
    expect(kind.body.items).toEqual([
      expect.objectContaining({ id: dept.示范市场监督管理局, kind: 'market_regulation', name: '示范市场监督管理局' }),
    ]);
    const q = await call(world, await as('grid_member'), 'GET', `/api/v1/departments?q=${encodeURIComponent('应急')}`);
    expect(q.body.items.map((d: { name: string }) => d.name)).toEqual(['示范应急管理局']);

    const first = await call(world, await as('grid_member'), 'GET', '/api/v1/departments?limit=4&order=desc&sort=name');
    const rest = await call(
      world,
      await as('grid_member'),
      'GET',
      `/api/v1/departments?limit=4&order=desc&sort=name&cursor=${first.body.nextCursor}`,
    );
    expect([...first.body.items, ...rest.body.items].map((d: { name: string }) => d.name)).toEqual([...dbNames].reverse());
    expect(rest.body.nextCursor).toBeNull();
  });

  it('rejects an unknown kind and an unknown parameter', async () => {
    const res = await call(world, await as('grid_member'), 'GET', '/api/v1/departments?kind=army&color=red');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['query.color', 'query.kind']);
  });

  it('shows demo-b only its own departments and refuses an oversight office', async () => {
    const other = await call(world, await as('committee_admin', 'demo-b'), 'GET', '/api/v1/departments?limit=200');
    expect(other.body.items).toHaveLength(7);
    const ours = new Set(Object.values(dept));
    for (const d of other.body.items) expect(ours.has(d.id)).toBe(false);
    // Oversight offices read published aggregates only, never a district's registry.
    const office = await call(world, await as('oversight_viewer', 'demo-city'), 'GET', '/api/v1/departments');
    expect(office.status).toBe(403);
    expect(office.body.detail).toContain('registry.read');
  });
});

describe('GET /departments/{id}', () => {
  it('returns the department as stored', async () => {
    const id = dept.示范公安分局!;
    const res = await call(world, await as('station_staff'), 'GET', `/api/v1/departments/${id}`);
    expect(res.status).toBe(200);
    const row = (await deptRow(id))!;
    expect(res.body).toEqual({
      id,
      name: '示范公安分局',
      kind: 'police',
      contactName: null,
      contactPhone: null,
      version: 1,
      createdAt: new Date(row.created_at as string).toISOString(),
      updatedAt: new Date(row.updated_at as string).toISOString(),
    });
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    const missing = await call(world, await as('committee_admin'), 'GET', `/api/v1/departments/${crypto.randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toContain('职能部门不存在');
    const bad = await call(world, await as('committee_admin'), 'GET', '/api/v1/departments/42');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('param.id');
  });

  it('answers 404 to another district', async () => {
    const res = await call(world, await as('committee_admin', 'demo-b'), 'GET', `/api/v1/departments/${dept.示范民政局}`);
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).not.toContain('民政局');
  });
});

describe('POST /departments', () => {
  it('registers a department with an audit event', async () => {
    const res = await call(world, await as('committee_staff'), 'POST', '/api/v1/departments', {
      name: ' 示范城运中心 ',
      kind: 'city_operations',
      contactName: '钱主任',
      contactPhone: '0510-12345',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: '示范城运中心',
      kind: 'city_operations',
      contactName: '钱主任',
      contactPhone: '0510-12345',
      version: 1,
    });
    expect(await deptRow(res.body.id)).toMatchObject({ tenant_id: demoA, name: '示范城运中心', kind: 'city_operations' });
    const audit = await world.admin(
      'select a.action, u.username from audit_events a join users u on u.id = a.actor_user_id where a.target_id = $1',
      [res.body.id],
    );
    expect(audit).toEqual([{ action: 'department.created', username: 'committee_staff' }]);
  });

  it('rejects bad fields by name and a duplicate name with 409, writing nothing', async () => {
    const admin = await as('committee_admin');
    const before = await countDepts();
    const bad = await call(world, admin, 'POST', '/api/v1/departments', { name: '', kind: 'army', contactPhone: '12' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['contactPhone', 'kind', 'name']);
    const missingKind = await call(world, admin, 'POST', '/api/v1/departments', { name: '示范无类别局' });
    expect(missingKind.status).toBe(400);
    expect(missingKind.body.errors.map((e: { path: string }) => e.path)).toEqual(['kind']);
    const duplicate = await call(world, admin, 'POST', '/api/v1/departments', { name: '示范民政局', kind: 'civil_affairs' });
    expectProblem(duplicate, 409, 'already_exists');
    expect(duplicate.body.params).toEqual({ field: 'name', resource: 'department' });
    expect(duplicate.body.errors).toEqual([{ path: 'name', code: 'already_exists', message: '已有相同名称的职能部门' }]);
    expect(await countDepts()).toBe(before);
  });

  it('is refused to stations, departments and grid members', async () => {
    const before = await countDepts();
    for (const role of ['station_staff', 'department_staff', 'grid_member']) {
      const res = await call(world, await as(role), 'POST', '/api/v1/departments', { name: `示范${role}局`, kind: 'other' });
      expect(res.status, role).toBe(403);
    }
    expect(await countDepts()).toBe(before);
  });
});

describe('PATCH /departments/{id}', () => {
  it('updates contact details and bumps the version', async () => {
    const id = dept.示范城市管理局!;
    const res = await call(world, await as('committee_admin'), 'PATCH', `/api/v1/departments/${id}`, {
      version: 1,
      contactName: '赵科长',
      contactPhone: '13800001111',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, name: '示范城市管理局', contactName: '赵科长', contactPhone: '13800001111', version: 2 });
    expect(res.body).not.toHaveProperty('tenantId');
    expect(await deptRow(id)).toMatchObject({ contact_name: '赵科长', version: 2 });
    const [audit] = await world.admin("select detail from audit_events where target_id = $1 and action = 'department.updated'", [id]);
    expect(audit!.detail).toEqual({ contactName: '赵科长', contactPhone: '13800001111' });
  });

  it('answers 409 for a stale version and 400 for an unknown field, changing nothing', async () => {
    const id = dept.示范住房和城乡建设局!;
    const admin = await as('committee_admin');
    const before = await deptRow(id);
    const stale = await call(world, admin, 'PATCH', `/api/v1/departments/${id}`, { version: 3, name: '改名' });
    expectProblem(stale, 409, 'version_conflict');
    expect(stale.body.params).toEqual({ resource: 'department', current: 1 });
    expect(stale.body.detail).toBe('职能部门已被他人修改（当前版本 1），请刷新后重试');
    const unknown = await call(world, admin, 'PATCH', `/api/v1/departments/${id}`, { version: 1, tenantId: demoA });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ path: 'tenantId', code: 'unrecognized_keys', message: expect.stringContaining('tenantId') }]);
    const noVersion = await call(world, admin, 'PATCH', `/api/v1/departments/${id}`, { name: '改名' });
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.errors.map((e: { path: string }) => e.path)).toEqual(['version']);
    expect(await deptRow(id)).toEqual(before);
  });

  it('is refused to a department user and 404 across districts', async () => {
    const id = dept.示范市场监督管理局!;
    const before = await deptRow(id);
    const own = await call(world, await as('department_staff'), 'PATCH', `/api/v1/departments/${id}`, { version: 1, contactName: '自改' });
    expect(own.status).toBe(403);
    const other = await call(world, await as('committee_admin', 'demo-b'), 'PATCH', `/api/v1/departments/${id}`, {
      version: 1,
      name: '外区改',
    });
    expect(other.status).toBe(404);
    expect(await deptRow(id)).toEqual(before);
  });
});

describe('DELETE /departments/{id}', () => {
  it('deletes a department nobody is scoped to', async () => {
    const admin = await as('committee_admin');
    const created = await call(world, admin, 'POST', '/api/v1/departments', { name: '示范临时专班', kind: 'other' });
    const res = await call(world, admin, 'DELETE', `/api/v1/departments/${created.body.id}`);
    expect(res.status).toBe(204);
    expect(await deptRow(created.body.id)).toBeUndefined();
    const audit = await world.admin('select action from audit_events where target_id = $1 order by id', [created.body.id]);
    expect(audit.map((a) => a.action)).toEqual(['department.created', 'department.deleted']);
  });

  it('refuses while users are scoped to it', async () => {
    const id = dept.示范市场监督管理局!;
    const res = await call(world, await as('committee_admin'), 'DELETE', `/api/v1/departments/${id}`);
    expectProblem(res, 409, 'still_referenced');
    expect(res.body.params).toEqual({ resource: 'department', by: ['users'] });
    expect(res.body.detail).toBe('该职能部门仍有用户，不能删除；请先解除');
    expect(await deptRow(id)).toMatchObject({ name: '示范市场监督管理局' });
  });

  it('is refused to a grid member and 404 across districts', async () => {
    const id = dept.示范消防救援大队!;
    expect((await call(world, await as('grid_member'), 'DELETE', `/api/v1/departments/${id}`)).status).toBe(403);
    expect((await call(world, await as('committee_admin', 'demo-b'), 'DELETE', `/api/v1/departments/${id}`)).status).toBe(404);
    expect(await deptRow(id)).toMatchObject({ name: '示范消防救援大队' });
    expect(await countDepts()).toBe(7 + 1); // the seven demo departments and 示范城运中心
  });
});
