import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, expectProblem, fingerprint, REGISTRY_TABLES } from '../support/checks.ts';
import { call, createWorld, login, type Session, type TestWorld, tenantId } from '../support/harness.ts';

/** Platform operators open districts; nobody else can. */
let world: TestWorld;
let operator: Session;
beforeAll(async () => {
  world = await createWorld();
  operator = await login(world, 'firegrid', 'platform_operator');
});
afterAll(() => world.close());

const erqi = (extra: Record<string, unknown> = {}) => ({
  slug: 'erqi',
  name: '二七区消防安全委员会',
  kind: 'district',
  parentSlug: 'demo-city',
  admin: { username: 'admin', displayName: '二七区管理员', password: 'a-long-initial-password' },
  ...extra,
});

describe('creating a district', () => {
  it('a platform operator creates a district under demo-city; its admin logs in with the new slug and sees an empty tree', async () => {
    const res = await call(world, operator, 'POST', '/api/v1/tenants', erqi());
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const city = await tenantId(world, 'demo-city');
    expect(res.body).toMatchObject({
      adminUsername: 'admin',
      tenant: { slug: 'erqi', name: '二七区消防安全委员会', kind: 'district', parentId: city, timeZone: 'Asia/Shanghai', status: 'active' },
    });
    const [row] = await world.admin("select id, parent_id, kind from tenants where slug = 'erqi'");
    expect(row).toEqual({ id: res.body.tenant.id, parent_id: city, kind: 'district' });
    const users = await world.admin(
      'select u.username, r.role, r.org_unit_id from users u join role_assignments r on r.user_id = u.id where u.tenant_id = $1',
      [row!.id],
    );
    expect(users).toEqual([{ username: 'admin', role: 'committee_admin', org_unit_id: null }]);
    const [event] = await auditEvents(world, 'tenant.created');
    expect(event).toMatchObject({
      tenant_id: await tenantId(world, 'firegrid'),
      target_id: row!.id,
      detail: { slug: 'erqi', kind: 'district' },
    });

    const admin = await login(world, 'erqi', 'admin', 'a-long-initial-password');
    const me = await call(world, admin, 'GET', '/api/v1/me');
    expect(me.body.tenant).toMatchObject({ slug: 'erqi', kind: 'district' });
    expect(me.body.roles).toEqual([{ role: 'committee_admin', orgUnitId: null, departmentId: null, companyId: null }]);
    const tree = await call(world, admin, 'GET', '/api/v1/org-units/tree?maxDepth=4');
    expect(tree.status).toBe(200);
    expect(tree.body).toEqual({ items: [] });
    expect((await call(world, admin, 'GET', '/api/v1/org-units')).body).toEqual({ items: [], nextCursor: null, total: 0 });
    const list = await call(world, admin, 'GET', '/api/v1/users');
    expect(list.body.items.map((u: { username: string }) => u.username)).toEqual(['admin']);
    // the new admin can start building the district at once
    const street = await call(world, admin, 'POST', '/api/v1/org-units', { parentId: null, kind: 'street', name: '淮河路街道' });
    expect(street.status).toBe(201);
    const [created] = await world.admin('select tenant_id from org_units where id = $1', [street.body.id]);
    expect(created!.tenant_id).toBe(row!.id);
  });

  it('GET /tenants lists it for the operator', async () => {
    const res = await call(world, operator, 'GET', '/api/v1/tenants');
    expect(res.status).toBe(200);
    const slugs = res.body.items.map((t: { slug: string }) => t.slug);
    expect(slugs).toContain('erqi');
    expect(slugs).toEqual(expect.arrayContaining(['demo-a', 'demo-b', 'demo-city', 'firegrid']));
    expect(slugs).toEqual([...slugs].sort());
    expect(res.body.items.find((t: { slug: string }) => t.slug === 'erqi')).toMatchObject({ kind: 'district', status: 'active' });
  });

  it('a taken slug is 409 and writes nothing', async () => {
    const before = await fingerprint(world, REGISTRY_TABLES);
    for (const slug of ['erqi', 'demo-a']) {
      const res = await call(
        world,
        operator,
        'POST',
        '/api/v1/tenants',
        erqi({ slug, admin: { username: 'other_admin', password: 'a-long-initial-password' } }),
      );
      const problem = expectProblem(res, 409, 'already_exists');
      expect(problem.params).toEqual({ field: 'slug', resource: 'tenant' });
      expect(problem.errors).toEqual([{ path: 'slug', code: 'already_exists', message: '已有相同单位代码的单位' }]);
    }
    expect(await fingerprint(world, REGISTRY_TABLES)).toEqual(before);
  });

  it('a parent that is not an oversight office, a bad slug or a short password is 400 and writes nothing', async () => {
    const before = await fingerprint(world, REGISTRY_TABLES);
    for (const parentSlug of ['demo-a', 'no-such-office']) {
      const res = await call(world, operator, 'POST', '/api/v1/tenants', erqi({ slug: 'jinshui', parentSlug }));
      const problem = expectProblem(res, 400, 'parent_not_oversight_office');
      expect(problem.params).toEqual({ parentSlug });
      expect(problem.detail).toBe(`上级单位 ${parentSlug} 不存在或不是监管机构`);
      expect(problem.errors).toEqual([{ path: 'parentSlug', code: 'parent_not_oversight_office', message: problem.detail }]);
    }
    const cases: [Record<string, unknown>, string][] = [
      [erqi({ slug: 'Bad_Slug' }), 'slug:tenant_slug_format'],
      [erqi({ slug: 'jinshui', admin: { username: 'admin', password: 'short' } }), 'admin.password:password_too_short'],
      [erqi({ slug: 'jinshui', admin: { username: '管理员', password: 'a-long-initial-password' } }), 'admin.username:username_format'],
      [erqi({ slug: 'jinshui', kind: 'platform' }), 'kind:invalid_value'],
    ];
    for (const [body, error] of cases) {
      const res = await call(world, operator, 'POST', '/api/v1/tenants', body);
      const problem = expectProblem(res, 400, 'validation_failed');
      expect(
        problem.errors!.map((e) => `${e.path}:${e.code}`),
        JSON.stringify(body),
      ).toEqual([error]);
    }
    expect(await fingerprint(world, REGISTRY_TABLES)).toEqual(before);
  });

  it('a district committee admin cannot create or list tenants (403) and nothing is written', async () => {
    const districtAdmin = await login(world, 'demo-a', 'committee_admin');
    const before = await fingerprint(world, REGISTRY_TABLES);
    const res = await call(
      world,
      districtAdmin,
      'POST',
      '/api/v1/tenants',
      erqi({ slug: 'sneaky', admin: { username: 'admin', password: 'a-long-initial-password' } }),
    );
    expectProblem(res, 403, 'forbidden');
    expectProblem(await call(world, districtAdmin, 'GET', '/api/v1/tenants'), 403, 'forbidden');
    const viewer = await login(world, 'demo-city', 'oversight_viewer');
    expectProblem(await call(world, viewer, 'POST', '/api/v1/tenants', erqi({ slug: 'sneaky' })), 403, 'forbidden');
    expect(await fingerprint(world, REGISTRY_TABLES)).toEqual(before);
    expect(await world.admin("select id from tenants where slug = 'sneaky'")).toEqual([]);
  });

  it('the operator sees no district data through the registry routes', async () => {
    expectProblem(await call(world, operator, 'GET', '/api/v1/org-units'), 403, 'forbidden');
    expectProblem(await call(world, operator, 'GET', '/api/v1/users'), 403, 'forbidden');
  });
});
