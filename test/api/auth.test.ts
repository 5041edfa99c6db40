import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createWorld, login, type TestWorld } from '../support/harness.ts';

let world: TestWorld;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(() => world.close());

describe('login', () => {
  it('returns bearer tokens for a demo user and /me describes them', async () => {
    const session = await login(world, 'demo-a', 'station_staff');
    const me = await call(world, session, 'GET', '/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe('station_staff');
    expect(me.body.tenant.slug).toBe('demo-a');
    expect(me.body.roles).toHaveLength(1);
    expect(me.body.roles[0].role).toBe('station_staff');
    expect(me.body.permissions).toContain('registry.read');
    expect(me.body.permissions).not.toContain('users.write');
  });

  it('answers the same 401 for a wrong password, an unknown user and an unknown tenant', async () => {
    const attempts = [
      { tenant: 'demo-a', username: 'committee_admin', password: 'wrong-password' },
      { tenant: 'demo-a', username: 'nobody', password: 'firegrid-demo' },
      { tenant: 'no-such-district', username: 'committee_admin', password: 'firegrid-demo' },
    ];
    const answers = [];
    for (const body of attempts) answers.push(await call(world, null, 'POST', '/api/v1/auth/login', body));
    for (const a of answers) {
      expect(a.status).toBe(401);
      expect(a.headers.get('content-type')).toContain('application/problem+json');
      expect(a.body.code).toBe('invalid_credentials');
    }
    expect(new Set(answers.map((a) => a.body.detail)).size).toBe(1);
    const failed = await world.admin("select count(*)::int as n from audit_events where action = 'login.failed'");
    expect(failed[0]!.n).toBe(3);
  });
});
