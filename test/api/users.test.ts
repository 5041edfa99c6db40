import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo.ts';
import { auditEvents, expectProblem, fingerprint } from '../support/checks.ts';
import { call, createWorld, login, orgUnitId, type Session, type TestWorld, tenantId } from '../support/harness.ts';

/** The user register of a district: roles with scopes, versions, sessions, deletion rules, the list. */
let world: TestWorld;
let admin: Session;
let demoA: string;
let eastStreet: string;
const USER_TABLES = ['users', 'role_assignments', 'sessions'] as const;

beforeAll(async () => {
  world = await createWorld();
  admin = await login(world, 'demo-a', 'committee_admin');
  demoA = await tenantId(world, 'demo-a');
  eastStreet = await orgUnitId(world, 'demo-a', '示范东湖街道');
});
afterAll(() => world.close());

const userId = async (username: string, slug = 'demo-a') =>
  (
    await world.admin('select u.id from users u join tenants t on t.id = u.tenant_id where t.slug = $1 and u.username = $2', [
      slug,
      username,
    ])
  )[0]?.id as string | undefined;
const newUser = (username: string, roles: unknown[], extra: Record<string, unknown> = {}) => ({
  username,
  displayName: `测试${username}`,
  password: 'a-long-test-password',
  roles,
  ...extra,
});
const loginRaw = (username: string, password: string) =>
  call(world, null, 'POST', '/api/v1/auth/login', { tenant: 'demo-a', username, password });

describe('creating users', () => {
  it('a committee admin creates a station user scoped to a street, who can log in and sees the role', async () => {
    const res = await call(
      world,
      admin,
      'POST',
      '/api/v1/users',
      newUser('station_li', [{ role: 'station_staff', orgUnitId: eastStreet }], { phone: '13800001111' }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      username: 'station_li',
      displayName: '测试station_li',
      phone: '13800001111',
      status: 'active',
      version: 1,
      roles: [{ role: 'station_staff', orgUnitId: eastStreet, departmentId: null, companyId: null }],
    });
    expect(res.body).not.toHaveProperty('passwordHash');
    const [row] = await world.admin('select tenant_id, password_hash from users where id = $1', [res.body.id]);
    expect(row!.tenant_id).toBe(demoA);
    expect(row!.password_hash).toMatch(/^scrypt\$ln=14,r=8,p=5\$/);
    expect(await auditEvents(world, 'user.created')).toHaveLength(1);

    const session = await login(world, 'demo-a', 'station_li', 'a-long-test-password');
    const me = await call(world, session, 'GET', '/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ id: res.body.id, username: 'station_li' });
    expect(me.body.roles).toEqual([{ role: 'station_staff', orgUnitId: eastStreet, departmentId: null, companyId: null }]);
    expect(me.body.permissions).toEqual([
      'assessments.read',
      'evidence.upload',
      'facilities.read',
      'facilities.write',
      'facilities.write_status',
      'hazards.read',
      'hazards.rectify',
      'hazards.report',
      'hazards.route',
      'hazards.verify',
      'inspections.read',
      'inspections.run',
      'maintenance.review',
      'org_units.write',
      'patrols.create',
      'patrols.read',
      'places.write',
      'registry.read',
      'tasks.assign',
      'tasks.read',
      'tasks.work',
    ]);
  });

  it('refuses roles whose scope has the wrong shape, naming each field, and writes nothing', async () => {
    const [company] = await world.admin('select id from companies where tenant_id = $1 limit 1', [demoA]);
    const before = await fingerprint(world, USER_TABLES);
    // Each wrong field by path and code: role_scope_required (missing), not_applicable (given, not wanted), listed_twice.
    const cases: { roles: unknown[]; errors: string[] }[] = [
      { roles: [{ role: 'station_staff' }], errors: ['roles.0.orgUnitId:role_scope_required'] },
      { roles: [{ role: 'committee_staff', orgUnitId: eastStreet }], errors: ['roles.0.orgUnitId:not_applicable'] },
      {
        roles: [{ role: 'property_manager', orgUnitId: eastStreet }],
        errors: ['roles.0.orgUnitId:not_applicable', 'roles.0.companyId:role_scope_required'],
      },
      {
        roles: [{ role: 'department_staff', companyId: company!.id }],
        errors: ['roles.0.departmentId:role_scope_required', 'roles.0.companyId:not_applicable'],
      },
      { roles: [{ role: 'grid_member', orgUnitId: eastStreet }, { role: 'volunteer' }], errors: ['roles.1.orgUnitId:role_scope_required'] },
      {
        roles: [
          { role: 'grid_member', orgUnitId: eastStreet },
          { role: 'grid_member', orgUnitId: eastStreet },
        ],
        errors: ['roles:listed_twice'],
      },
    ];
    for (const { roles, errors } of cases) {
      const res = await call(world, admin, 'POST', '/api/v1/users', newUser('shape_test', roles));
      const body = expectProblem(res, 400, 'validation_failed');
      expect(body.errors!.map((e) => `${e.path}:${e.code}`).sort(), JSON.stringify(roles)).toEqual([...errors].sort());
    }
    const missing = expectProblem(
      await call(world, admin, 'POST', '/api/v1/users', newUser('shape_test', cases[0]!.roles)),
      400,
      'validation_failed',
    );
    expect(missing.errors).toEqual([{ path: 'roles.0.orgUnitId', code: 'role_scope_required', message: '该角色必须指定管辖范围' }]);
    expect(await userId('shape_test')).toBeUndefined();
    expect(await fingerprint(world, USER_TABLES)).toEqual(before);
  });

  it('a district admin cannot hand out oversight_viewer or platform_operator', async () => {
    const before = await fingerprint(world, USER_TABLES);
    for (const role of ['oversight_viewer', 'platform_operator']) {
      const res = await call(world, admin, 'POST', '/api/v1/users', newUser('escalate_me', [{ role }]));
      const body = expectProblem(res, 400, 'validation_failed');
      expect(body.errors).toEqual([{ path: 'roles.0.role', code: 'role_not_for_districts', message: '该角色不能在区级单位中分配' }]);
      // nor through an update of an existing user
      const id = (await userId('volunteer'))!;
      const patched = await call(world, admin, 'PATCH', `/api/v1/users/${id}`, { version: 1, roles: [{ role }] });
      expect(expectProblem(patched, 400, 'validation_failed').errors!.map((e) => `${e.path}:${e.code}`)).toEqual([
        'roles.0.role:role_not_for_districts',
      ]);
    }
    expect(await fingerprint(world, USER_TABLES)).toEqual(before);
  });

  it('refuses a scope that does not exist in the district (404), a taken username (409) and a short password (400)', async () => {
    const [otherStreet] = await world.admin(
      "select o.id from org_units o join tenants t on t.id = o.tenant_id where t.slug = 'demo-b' limit 1",
    );
    const before = await fingerprint(world, USER_TABLES);
    const foreign = expectProblem(
      await call(world, admin, 'POST', '/api/v1/users', newUser('scope_test', [{ role: 'grid_member', orgUnitId: otherStreet!.id }])),
      404,
      'not_found',
    );
    expect(foreign.params).toEqual({ resource: 'org_unit' });
    expect(foreign.errors).toEqual([{ path: 'roles.0.orgUnitId', code: 'not_found', message: '单位不存在或不在您的管辖范围内' }]);
    const [department] = await world.admin('select id from departments where tenant_id = $1 limit 1', [demoA]);
    const nowhere = expectProblem(
      await call(
        world,
        admin,
        'POST',
        '/api/v1/users',
        newUser('scope_test', [
          { role: 'department_staff', departmentId: department!.id },
          { role: 'grid_member', orgUnitId: '00000000-0000-4000-8000-000000000000' },
          { role: 'property_manager', companyId: '00000000-0000-4000-8000-000000000000' },
        ]),
      ),
      404,
      'not_found',
    );
    expect(nowhere.params).toEqual({ resource: 'org_unit' });
    expect(nowhere.errors!.map((e) => e.path)).toEqual(['roles.1.orgUnitId', 'roles.2.companyId']);
    expect(nowhere.errors![1]!.message).toBe('物业企业不存在或不在您的管辖范围内');
    const taken = expectProblem(
      await call(world, admin, 'POST', '/api/v1/users', newUser('volunteer', [{ role: 'volunteer', orgUnitId: eastStreet }])),
      409,
      'already_exists',
    );
    expect(taken.params).toEqual({ field: 'username', resource: 'user' });
    expect(taken.errors).toEqual([{ path: 'username', code: 'already_exists', message: '已有相同账号的用户' }]);
    const short = await call(
      world,
      admin,
      'POST',
      '/api/v1/users',
      newUser('scope_test', [{ role: 'committee_staff' }], { password: 'short' }),
    );
    expect(expectProblem(short, 400, 'validation_failed').errors).toEqual([
      { path: 'password', code: 'password_too_short', message: '密码至少 12 位' },
    ]);
    const badName = await call(world, admin, 'POST', '/api/v1/users', newUser('x!', [{ role: 'committee_staff' }]));
    expect(expectProblem(badName, 400, 'validation_failed').errors).toEqual([
      { path: 'username', code: 'username_format', message: '账号须为 3–32 位字母、数字、下划线、点或连字符' },
    ]);
    const unknown = await call(
      world,
      admin,
      'POST',
      '/api/v1/users',
      newUser('scope_test', [{ role: 'committee_staff' }], { status: 'active', tenantId: demoA }),
    );
    expect(
      expectProblem(unknown, 400, 'validation_failed')
        .errors!.map((e) => e.path)
        .sort(),
    ).toEqual(['status', 'tenantId']);
    expect(await fingerprint(world, USER_TABLES)).toEqual(before);
  });

  it('committee staff (users.read only) can list but not create or change users', async () => {
    const staff = await login(world, 'demo-a', 'committee_staff');
    expect((await call(world, staff, 'GET', '/api/v1/users')).status).toBe(200);
    const before = await fingerprint(world, USER_TABLES);
    expectProblem(
      await call(world, staff, 'POST', '/api/v1/users', newUser('staff_made', [{ role: 'committee_admin' }])),
      403,
      'forbidden',
    );
    const id = (await userId('committee_admin'))!;
    expectProblem(await call(world, staff, 'PATCH', `/api/v1/users/${id}`, { version: 1, status: 'disabled' }), 403, 'forbidden');
    expectProblem(await call(world, staff, 'DELETE', `/api/v1/users/${id}`), 403, 'forbidden');
    expect(await fingerprint(world, USER_TABLES)).toEqual(before);
    // a station user cannot even read the register
    const station = await login(world, 'demo-a', 'station_staff');
    expectProblem(await call(world, station, 'GET', '/api/v1/users'), 403, 'forbidden');
  });
});

describe('updating users', () => {
  it('a stale version is 409 version_conflict and changes nothing', async () => {
    const id = (await userId('community_staff'))!;
    const current = (await call(world, admin, 'GET', `/api/v1/users/${id}`)).body;
    const first = await call(world, admin, 'PATCH', `/api/v1/users/${id}`, { version: current.version, displayName: '社区张' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ displayName: '社区张', version: current.version + 1 });
    const before = await fingerprint(world, USER_TABLES);
    const stale = await call(world, admin, 'PATCH', `/api/v1/users/${id}`, { version: current.version, displayName: '社区李' });
    expectProblem(stale, 409, 'version_conflict');
    expect(await fingerprint(world, USER_TABLES)).toEqual(before);
    const [row] = await world.admin('select display_name, version from users where id = $1', [id]);
    expect(row).toEqual({ display_name: '社区张', version: current.version + 1 });
  });

  it('an admin cannot disable themselves or change their own roles', async () => {
    const id = (await userId('committee_admin'))!;
    const before = await fingerprint(world, USER_TABLES);
    const disable = expectProblem(
      await call(world, admin, 'PATCH', `/api/v1/users/${id}`, { version: 1, status: 'disabled' }),
      403,
      'cannot_change_own_account',
    );
    expect(disable.params).toEqual({ action: 'disable' });
    expect(disable.errors).toEqual([{ path: 'status', code: 'cannot_change_own_account', message: disable.detail }]);
    expect(disable.detail).toBe('不能停用自己的账号，请由其他管理员操作');
    const roles = expectProblem(
      await call(world, admin, 'PATCH', `/api/v1/users/${id}`, { version: 1, roles: [{ role: 'committee_staff' }] }),
      403,
      'cannot_change_own_account',
    );
    expect(roles.params).toEqual({ action: 'change_roles' });
    expect(roles.errors!.map((e) => e.path)).toEqual(['roles']);
    const remove = expectProblem(await call(world, admin, 'DELETE', `/api/v1/users/${id}`), 403, 'cannot_change_own_account');
    expect(remove.params).toEqual({ action: 'delete' });
    expect(await fingerprint(world, USER_TABLES)).toEqual(before);
  });

  it('a role change applies to the next request of an existing session', async () => {
    const created = await call(
      world,
      admin,
      'POST',
      '/api/v1/users',
      newUser('role_change', [{ role: 'station_staff', orgUnitId: eastStreet }]),
    );
    const session = await login(world, 'demo-a', 'role_change', 'a-long-test-password');
    expect(
      (await call(world, session, 'POST', '/api/v1/org-units', { parentId: eastStreet, kind: 'community', name: '角色测试社区' })).status,
    ).toBe(201);
    const changed = await call(world, admin, 'PATCH', `/api/v1/users/${created.body.id}`, {
      version: created.body.version,
      roles: [{ role: 'grid_member', orgUnitId: eastStreet }],
    });
    expect(changed.status).toBe(200);
    const me = await call(world, session, 'GET', '/api/v1/me');
    expect(me.body.roles.map((r: { role: string }) => r.role)).toEqual(['grid_member']);
    const before = await fingerprint(world, ['org_units']);
    expectProblem(
      await call(world, session, 'POST', '/api/v1/org-units', { parentId: eastStreet, kind: 'community', name: '角色测试社区二' }),
      403,
      'forbidden',
    );
    expect(await fingerprint(world, ['org_units'])).toEqual(before);
  });

  it('resetting a password ends every session of the user; only the new password works', async () => {
    const id = (await userId('grid_member'))!;
    const phone = await login(world, 'demo-a', 'grid_member');
    const laptop = await login(world, 'demo-a', 'grid_member');
    const current = (await call(world, admin, 'GET', `/api/v1/users/${id}`)).body;
    const reset = await call(world, admin, 'PATCH', `/api/v1/users/${id}`, { version: current.version, password: 'a-brand-new-password' });
    expect(reset.status).toBe(200);
    for (const s of [phone, laptop]) {
      expectProblem(await call(world, s, 'GET', '/api/v1/me'), 401, 'unauthenticated');
      expectProblem(await call(world, null, 'POST', '/api/v1/auth/refresh', { refreshToken: s.refreshToken }), 401, 'unauthenticated');
    }
    const reasons = await world.admin('select revoked_at is not null as revoked, revoke_reason from sessions where user_id = $1', [id]);
    expect(reasons.length).toBe(2);
    expect(reasons.every((r) => r.revoked === true && r.revoke_reason === 'password_reset')).toBe(true);
    const [audit] = await auditEvents(world, 'user.updated');
    expect(audit!.detail).toEqual({ password: '(reset)' });
    expectProblem(await loginRaw('grid_member', DEMO_PASSWORD), 401, 'invalid_credentials');
    expect((await loginRaw('grid_member', 'a-brand-new-password')).status).toBe(200);
  });

  it('a user outside the district is 404', async () => {
    const other = (await userId('volunteer', 'demo-b'))!;
    const before = await fingerprint(world, USER_TABLES);
    expectProblem(await call(world, admin, 'GET', `/api/v1/users/${other}`), 404, 'not_found');
    expectProblem(await call(world, admin, 'PATCH', `/api/v1/users/${other}`, { version: 1, status: 'disabled' }), 404, 'not_found');
    expectProblem(await call(world, admin, 'DELETE', `/api/v1/users/${other}`), 404, 'not_found');
    expect(await fingerprint(world, USER_TABLES)).toEqual(before);
  });
});

describe('deleting users', () => {
  it('a user with audit history is 409 still_referenced (disable instead); a fresh user is deleted (204)', async () => {
    await login(world, 'demo-a', 'volunteer'); // login.succeeded: now the volunteer has history
    const volunteer = (await userId('volunteer'))!;
    const before = await fingerprint(world, USER_TABLES);
    const refused = expectProblem(await call(world, admin, 'DELETE', `/api/v1/users/${volunteer}`), 409, 'user_has_history');
    expect(refused.params).toEqual({});
    expect(refused.detail).toContain('只能停用');
    expect(await fingerprint(world, USER_TABLES)).toEqual(before);

    const fresh = await call(
      world,
      admin,
      'POST',
      '/api/v1/users',
      newUser('never_logged_in', [{ role: 'volunteer', orgUnitId: eastStreet }]),
    );
    expect(fresh.status).toBe(201);
    const res = await call(world, admin, 'DELETE', `/api/v1/users/${fresh.body.id}`);
    expect(res.status).toBe(204);
    expect(await world.admin('select id from users where id = $1', [fresh.body.id])).toEqual([]);
    expect(await world.admin('select id from role_assignments where user_id = $1', [fresh.body.id])).toEqual([]);
    const [event] = await auditEvents(world, 'user.deleted');
    expect(event).toMatchObject({ target_id: fresh.body.id, actor_user_id: await userId('committee_admin') });
    expectProblem(await call(world, admin, 'DELETE', `/api/v1/users/${fresh.body.id}`), 404, 'not_found');
  });
});

describe('the list', () => {
  it('filters by role', async () => {
    const res = await call(world, admin, 'GET', '/api/v1/users?role=station_staff&limit=200');
    expect(res.status).toBe(200);
    const expected = await world.admin(
      "select distinct u.username from users u join role_assignments r on r.user_id = u.id where u.tenant_id = $1 and r.role = 'station_staff'",
      [demoA],
    );
    expect(expected.length).toBeGreaterThanOrEqual(2); // the demo user and station_li
    expect(res.body.items.map((u: { username: string }) => u.username).sort()).toEqual(expected.map((r) => r.username).sort());
    for (const u of res.body.items) expect(u.roles.some((r: { role: string }) => r.role === 'station_staff')).toBe(true);
    expect(res.body.nextCursor).toBeNull();
    const disabled = await call(world, admin, 'GET', '/api/v1/users?status=disabled');
    expect(disabled.body.items).toEqual([]);
  });

  it('paginates with a cursor: limit=2 gives a nextCursor, pages are disjoint and together give every user once', async () => {
    const all = (await world.admin('select username from users where tenant_id = $1', [demoA])).map((r) => r.username as string);
    expect(all.length).toBeGreaterThan(4);
    for (const sort of ['createdAt', 'username'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const qs: string = `limit=2&sort=${sort}&order=${order}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
          const res = await call(world, admin, 'GET', `/api/v1/users?${qs}`);
          expect(res.status, qs).toBe(200);
          expect(res.body.items.length, qs).toBeLessThanOrEqual(2);
          const names = res.body.items.map((u: { username: string }) => u.username) as string[];
          for (const n of names) expect(seen, `${qs}: ${n} twice`).not.toContain(n);
          seen.push(...names);
          cursor = res.body.nextCursor;
          if (pages === 0) expect(cursor, 'first page of many has a nextCursor').toEqual(expect.any(String));
          pages++;
        } while (cursor && pages < 50);
        expect([...seen].sort(), `${sort} ${order}`).toEqual([...all].sort());
        expect(pages, 'no empty last page').toBe(Math.ceil(all.length / 2));
        if (sort === 'username') {
          const sorted = [...seen].sort();
          expect(seen).toEqual(order === 'asc' ? sorted : sorted.reverse());
        }
      }
    }
  });

  it('a garbage cursor is 400 naming the cursor', async () => {
    const body = expectProblem(await call(world, admin, 'GET', '/api/v1/users?cursor=%21%21garbage'), 400, 'cursor_invalid');
    expect(body.errors).toEqual([{ path: 'query.cursor', code: 'cursor_invalid', message: body.detail }]);
  });
});
