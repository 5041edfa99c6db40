import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createWorld, login, type TestWorld } from '../support/harness.ts';

/**
 * Requests of different districts in flight at once must never see each other's tenant setting:
 * on PGlite all requests share one connection, so this holds only if transactions never
 * interleave; on PostgreSQL each request has its own connection.
 */
let world: TestWorld;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(() => world.close());

describe('concurrent requests of two districts', () => {
  it('each see only their own district', async () => {
    const a = await login(world, 'demo-a', 'station_staff');
    const b = await login(world, 'demo-b', 'committee_admin');
    const requests = Array.from({ length: 40 }, (_, i) => {
      const [session, slug] = i % 2 ? [a, 'demo-a'] : [b, 'demo-b'];
      const path = i % 4 < 2 ? '/api/v1/me' : '/api/v1/places?limit=200';
      return call(world, session, 'GET', path).then((res) => ({ res, slug, path }));
    });
    const answers = await Promise.all(requests);
    const placesOf = new Map<string, string>(
      (await world.admin('select p.id::text as id, t.slug from places p join tenants t on t.id = p.tenant_id')).map((r) => [
        r.id as string,
        r.slug as string,
      ]),
    );
    for (const { res, slug, path } of answers) {
      expect(res.status, path).toBe(200);
      if (path === '/api/v1/me') expect(res.body.tenant.slug).toBe(slug);
      else {
        expect(res.body.items.length).toBeGreaterThan(0);
        for (const place of res.body.items as { id: string }[]) expect(placesOf.get(place.id)).toBe(slug);
      }
    }
  });
});
