import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo.ts';
import { auditEvents, expectProblem, fingerprint, REGISTRY_TABLES } from '../support/checks.ts';
import { call, createWorld, login, orgUnitId, type Session, type TestWorld } from '../support/harness.ts';

/** Sessions, refresh-token rotation, revocation, throttling and the error contract of the HTTP layer. */
let world: TestWorld;
/** Seconds the app's clock runs ahead of the wall clock (the throttle test moves time forward). */
let offset = 0;
beforeAll(async () => {
  // Every request comes from one client address: the throttle keys failures by address and account.
  world = await createWorld({ clock: () => new Date(Date.now() + offset * 1000), clientIp: () => '198.51.100.7' });
});
afterAll(() => world.close());

const refresh = (refreshToken: string) => call(world, null, 'POST', '/api/v1/auth/refresh', { refreshToken });
const me = (session: Pick<Session, 'accessToken'>) =>
  call(
    world,
    { accessToken: session.accessToken, refreshToken: '', headers: { authorization: `Bearer ${session.accessToken}` } },
    'GET',
    '/api/v1/me',
  );
const loginRaw = (body: unknown) => call(world, null, 'POST', '/api/v1/auth/login', body);
const userId = async (username: string, slug = 'demo-a') =>
  (
    await world.admin('select u.id from users u join tenants t on t.id = u.tenant_id where t.slug = $1 and u.username = $2', [
      slug,
      username,
    ])
  )[0]!.id as string;
const sessionOf = async (accessToken: string) => JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString()).sid as string;

describe('refresh tokens', () => {
  it('rotate: each works once and yields a new pair; the previous one then fails', async () => {
    const s = await login(world, 'demo-a', 'committee_staff');
    const first = await refresh(s.refreshToken);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    expect(first.body.refreshToken).not.toBe(s.refreshToken);
    expect((await me(first.body)).status).toBe(200);
    const second = await refresh(first.body.refreshToken);
    expect(second.status).toBe(200);
    expect((await me(second.body)).body.user.username).toBe('committee_staff');

    const used = expectProblem(await refresh(s.refreshToken), 401, 'unauthenticated');
    expect(used.params).toEqual({ reason: 'refresh_token_invalid' });
    expect(used.detail).toBe('刷新令牌无效或已失效，请重新登录');

    const sid = await sessionOf(s.accessToken);
    expect(await sessionOf(second.body.accessToken)).toBe(sid);
    const tokens = await world.admin('select used_at from refresh_tokens where session_id = $1 order by created_at', [sid]);
    expect(tokens).toHaveLength(3);
    expect(tokens.filter((t) => t.used_at !== null)).toHaveLength(2);
    // only hashes are stored
    const stored = await world.admin('select token_hash from refresh_tokens where session_id = $1', [sid]);
    for (const t of stored) expect([s.refreshToken, first.body.refreshToken, second.body.refreshToken]).not.toContain(t.token_hash);
  });

  it('reuse of an old one revokes the whole family: the newest refresh and access tokens stop working', async () => {
    const s = await login(world, 'demo-a', 'community_staff');
    const other = await login(world, 'demo-a', 'community_staff'); // another device: another family
    const a = await refresh(s.refreshToken);
    const b = await refresh(a.body.refreshToken);
    expect(b.status).toBe(200);
    expect((await me(b.body)).status).toBe(200);

    expectProblem(await refresh(a.body.refreshToken), 401, 'unauthenticated'); // the leaked token comes back

    expectProblem(await refresh(b.body.refreshToken), 401, 'unauthenticated');
    expectProblem(await me(b.body), 401, 'unauthenticated');
    expectProblem(await me(s), 401, 'unauthenticated');

    const sid = await sessionOf(s.accessToken);
    const [session] = await world.admin('select revoked_at, revoke_reason from sessions where id = $1', [sid]);
    expect(session!.revoked_at).not.toBeNull();
    expect(session!.revoke_reason).toBe('refresh_token_reuse');
    const events = (await auditEvents(world, 'session.revoked_on_reuse')).filter((e) => e.target_id === sid);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      target_type: 'session',
      target_id: sid,
      actor_user_id: await userId('community_staff'),
      status: 401,
    });

    // the other family of the same user is untouched
    expect((await me(other)).status).toBe(200);
    expect((await refresh(other.refreshToken)).status).toBe(200);
  });

  it('refuses tokens that are malformed, unknown, or name another tenant', async () => {
    const s = await login(world, 'demo-a', 'committee_staff');
    const [, tenant, random] = s.refreshToken.split('.');
    const [demoB] = await world.admin("select id from tenants where slug = 'demo-b'");
    for (const token of [
      `rt.${tenant}.${'A'.repeat(43)}`, // unknown
      `rt.${demoB!.id as string}.${random}`, // right secret, other tenant's transaction
      `xx.${tenant}.${random}`,
      `${s.refreshToken}x`,
    ]) {
      const res = await refresh(token);
      expect(res.status, token).toBeGreaterThanOrEqual(400);
      expect(res.status, token).toBeLessThan(402);
      expect(['unauthenticated', 'validation_failed']).toContain(res.body.code);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    // none of that burned the real token
    expect((await refresh(s.refreshToken)).status).toBe(200);
  });
});

describe('ending sessions', () => {
  it('logout: the access token gets 401 on the very next request, and its refresh token is dead', async () => {
    const s = await login(world, 'demo-a', 'station_staff');
    expect((await me(s)).status).toBe(200);
    const out = await call(world, s, 'POST', '/api/v1/auth/logout');
    expect(out.status).toBe(204);
    expect(expectProblem(await me(s), 401, 'unauthenticated').params).toEqual({ reason: 'session_ended' });
    expectProblem(await refresh(s.refreshToken), 401, 'unauthenticated');
    const [session] = await world.admin('select revoke_reason from sessions where id = $1', [await sessionOf(s.accessToken)]);
    expect(session!.revoke_reason).toBe('logout');
    expect(await auditEvents(world, 'logout')).toHaveLength(1);
  });

  it('disabling a user ends their access at once and they can no longer log in', async () => {
    const admin = await login(world, 'demo-a', 'committee_admin');
    const victim = await login(world, 'demo-a', 'property_manager');
    const id = await userId('property_manager');
    const current = await call(world, admin, 'GET', `/api/v1/users/${id}`);
    expect(current.status).toBe(200);
    const patched = await call(world, admin, 'PATCH', `/api/v1/users/${id}`, { version: current.body.version, status: 'disabled' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ status: 'disabled', version: current.body.version + 1 });

    expectProblem(await me(victim), 401, 'unauthenticated');
    expectProblem(await refresh(victim.refreshToken), 401, 'unauthenticated');
    expectProblem(await loginRaw({ tenant: 'demo-a', username: 'property_manager', password: DEMO_PASSWORD }), 401, 'invalid_credentials');

    const [user] = await world.admin('select status from users where id = $1', [id]);
    expect(user!.status).toBe('disabled');
    const live = await world.admin('select id from sessions where user_id = $1 and revoked_at is null', [id]);
    expect(live).toEqual([]);
    const reasons = await world.admin('select distinct revoke_reason from sessions where user_id = $1', [id]);
    expect(reasons.map((r) => r.revoke_reason)).toEqual(['user_disabled']);
  });
});

describe('the HTTP contract', () => {
  it('login refuses an unknown body field with 400 naming the key', async () => {
    const res = await loginRaw({ tenant: 'demo-a', username: 'committee_admin', password: DEMO_PASSWORD, tenantId: 'x' });
    const body = expectProblem(res, 400, 'validation_failed');
    expect(body.errors?.length).toBe(1);
    expect(body.errors![0]!.path).toBe('tenantId');
  });

  it('a malformed JSON body is a 400 problem', async () => {
    const res = await call(world, null, 'POST', '/api/v1/auth/login', '{"tenant": "demo-a", "username": ');
    expectProblem(res, 400, 'invalid_json');
  });

  it('a body that is not declared as JSON is a 415 problem, not a 500', async () => {
    const body = JSON.stringify({ tenant: 'demo-a', username: 'committee_admin', password: DEMO_PASSWORD });
    for (const headers of [{ 'content-type': 'text/plain' }, {} as Record<string, string>]) {
      const res = await world.app.request('/api/v1/auth/login', { method: 'POST', headers, body });
      expectProblem({ status: res.status, headers: res.headers, body: await res.json() }, 415, 'unsupported_media_type');
    }
  });

  it('a body over BODY_LIMIT_BYTES is a 413 problem and writes nothing', async () => {
    expect(world.deps.limits.bodyBytes).toBe(256 * 1024);
    const admin = await login(world, 'demo-a', 'committee_admin');
    const before = await fingerprint(world, REGISTRY_TABLES);
    const body = { parentId: null, kind: 'street', name: '超大请求街道', address: '很'.repeat(100 * 1024) }; // ~300 KiB of UTF-8
    expect(Buffer.byteLength(JSON.stringify(body))).toBeGreaterThan(290 * 1024);
    const res = await call(world, admin, 'POST', '/api/v1/org-units', body);
    expectProblem(res, 413, 'payload_too_large');
    expect(await fingerprint(world, REGISTRY_TABLES)).toEqual(before);
  });

  it('a request with no token, a malformed or a forged one is a 401 problem, and is audited', async () => {
    expect(expectProblem(await call(world, null, 'GET', '/api/v1/me'), 401, 'unauthenticated').params).toEqual({ reason: 'token_missing' });
    const bad = { accessToken: '', refreshToken: '', headers: { authorization: 'Bearer not a token' } };
    expectProblem(await call(world, bad, 'GET', '/api/v1/me'), 401, 'unauthenticated');
    const s = await login(world, 'demo-a', 'grid_member');
    const [h, p] = s.accessToken.split('.');
    const forged = { accessToken: '', refreshToken: '', headers: { authorization: `Bearer ${h}.${p}.${'A'.repeat(43)}` } };
    expect(expectProblem(await call(world, forged, 'GET', '/api/v1/org-units'), 401, 'unauthenticated').params).toEqual({
      reason: 'token_invalid',
    });
    const events = await auditEvents(world, 'request.unauthenticated');
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(events[0]).toMatchObject({
      tenant_id: null,
      actor_user_id: null,
      status: 401,
      detail: { method: 'GET', path: '/api/v1/org-units' },
    });
  });

  it('a forbidden request is a 403 problem, writes nothing and is audited with the caller', async () => {
    const grid = await login(world, 'demo-a', 'grid_member');
    const street = await orgUnitId(world, 'demo-a', '示范东湖街道');
    const before = await fingerprint(world, REGISTRY_TABLES);
    const res = await call(world, grid, 'POST', '/api/v1/org-units', { parentId: street, kind: 'community', name: '网格员新建社区' });
    expectProblem(res, 403, 'forbidden');
    expect(await fingerprint(world, REGISTRY_TABLES)).toEqual(before);
    const events = await auditEvents(world, 'request.forbidden');
    expect(events).toHaveLength(1);
    const [tenant] = await world.admin("select id from tenants where slug = 'demo-a'");
    expect(events[0]).toMatchObject({
      tenant_id: tenant!.id,
      actor_user_id: await userId('grid_member'),
      status: 403,
      detail: { method: 'POST', path: '/api/v1/org-units' },
      request_id: res.body.requestId,
    });
  });

  it('an unknown route is a 404 problem', async () => {
    const none = expectProblem(await call(world, null, 'GET', '/api/v1/no-such-thing'), 404, 'endpoint_not_found');
    expect(none.params).toEqual({ method: 'GET', path: '/api/v1/no-such-thing' });
  });
});

describe('login throttling', () => {
  it('after 5 wrong passwords from one address the 6th attempt from there, even with the right password, is 429 with Retry-After', async () => {
    const attempt = (password: string, username = 'department_staff') => loginRaw({ tenant: 'demo-a', username, password });
    for (let i = 0; i < 5; i++) expectProblem(await attempt(`wrong-password-${i}`), 401, 'invalid_credentials');

    const locked = await attempt(DEMO_PASSWORD);
    const body = expectProblem(locked, 429, 'rate_limited');
    const retryAfter = locked.headers.get('retry-after');
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    expect(body.detail).toContain(retryAfter!);
    expect(body.params).toEqual({ retryAfter: Number(retryAfter) });
    // the key ignores the username's case, and the lock does not leak whether the password was right
    expectProblem(await attempt(DEMO_PASSWORD, 'Department_Staff'), 429, 'rate_limited');
    expectProblem(await attempt('wrong-again'), 429, 'rate_limited');
    expect((await auditEvents(world, 'login.throttled')).length).toBe(3);
    // other accounts are not affected
    expect((await attempt(DEMO_PASSWORD, 'volunteer')).status).toBe(200);

    // once the lock has passed, the right password works and clears the count
    offset += 61;
    expect((await attempt(DEMO_PASSWORD)).status).toBe(200);
    expectProblem(await attempt('wrong-once-more'), 401, 'invalid_credentials');
    expect((await attempt(DEMO_PASSWORD)).status).toBe(200);
  });
});
