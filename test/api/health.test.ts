import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { nodeDeps } from '../../src/node/deps.ts';
import { nodePostgresProvider } from '../../src/platform/db/node-postgres.ts';
import { expectProblem } from '../support/checks.ts';
import { testConfig } from '../support/config.ts';
import { checkedApp } from '../support/contract.ts';
import { call, createWorld, login, type TestWorld } from '../support/harness.ts';

let world: TestWorld;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(() => world.close());

describe('health', () => {
  it('/healthz and /readyz answer 200 when the database is there', async () => {
    expect((await call(world, null, 'GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await call(world, null, 'GET', '/readyz')).body).toEqual({ status: 'ready' });
  });

  it('answers 503 with Retry-After, not 500, when the database cannot be reached', async () => {
    // A real refused connection: nothing listens on port 1.
    const unreachable = nodePostgresProvider('postgres://firegrid_app:x@127.0.0.1:1/firegrid', { max: 1 });
    const app = checkedApp(createApp(nodeDeps(testConfig(), unreachable, { logError: () => {} })));
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.headers.get('retry-after')).toBe('5');
    const session = await login(world, 'demo-a', 'committee_admin');
    const res = await app.request('/api/v1/org-units', { headers: session.headers });
    const body = await res.json();
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expectProblem({ status: res.status, body, headers: res.headers }, 503, 'unavailable');
    expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    await unreachable.pool.end();
  });
});
