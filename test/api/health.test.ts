import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
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
  it('/healthz and /readyz answer 200 when the database and the evidence store are there', async () => {
    expect((await call(world, null, 'GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await call(world, null, 'GET', '/readyz')).body).toEqual({
      status: 'ready',
      checks: { database: 'up', evidenceStore: 'up' },
    });
  });

  it('answers 503 with Retry-After, not 500, when the database cannot be reached', async () => {
    // A real refused connection: nothing listens on port 1.
    const unreachable = nodePostgresProvider('postgres://firegrid_app:x@127.0.0.1:1/firegrid', { max: 1 });
    const logged: unknown[] = [];
    const app = checkedApp(
      createApp(
        nodeDeps(testConfig({ S3_ENDPOINT: inject('s3Endpoint') }), unreachable, { logError: (_m, _e, context) => logged.push(context) }),
      ),
    );
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.headers.get('retry-after')).toBe('5');
    expect(await ready.json()).toEqual({ status: 'unavailable', checks: { database: 'down', evidenceStore: 'up' } });
    const session = await login(world, 'demo-a', 'committee_admin');
    const res = await app.request('/api/v1/org-units', { headers: session.headers });
    const body = await res.json();
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expectProblem({ status: res.status, body, headers: res.headers }, 503, 'unavailable');
    expect(body.params).toEqual({ dependency: 'database' });
    // Logged with what finds the request again: its id, the route's template, no personal data.
    expect(logged.at(-1)).toEqual({
      requestId: res.headers.get('x-request-id'),
      tenantId: null,
      method: 'GET',
      route: '/api/v1/org-units',
    });
    expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    await unreachable.pool.end();
  });

  it('answers 503 naming the evidence store on the routes that need it, and nowhere else, when the store cannot be reached', async () => {
    // The world's own database, and an evidence store where nothing listens (port 1).
    const app = checkedApp(
      createApp(nodeDeps(testConfig({ S3_ENDPOINT: 'http://127.0.0.1:1' }), world.deps.database, { logError: () => {} })),
    );
    // Degraded, not out of rotation: everything but the file routes still works.
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'degraded', checks: { database: 'up', evidenceStore: 'down' } });

    const session = await login(world, 'demo-a', 'grid_member');
    const ticket = await call(world, session, 'POST', '/api/v1/evidence', {
      fileName: 'before.jpg',
      contentType: 'image/jpeg',
      size: 1000,
      sha256: 'a'.repeat(64),
    });
    expect(ticket.status).toBe(201); // signing an upload needs no answer from the store
    const id = (ticket.body as { id: string }).id;
    const confirm = await app.request(`/api/v1/evidence/${id}/confirm`, { method: 'POST', headers: session.headers });
    const body = await confirm.json();
    expectProblem({ status: confirm.status, body, headers: confirm.headers }, 503, 'unavailable');
    expect(confirm.headers.get('retry-after')).toBe('5');
    expect(body.params).toEqual({ dependency: 'evidence_store' });
    expect(body.detail).toContain('附件存储暂不可用');
    // Nothing half-done: the upload is still waiting to be confirmed once the store is back.
    const [row] = await world.admin('select status from evidence where id = $1', [id]);
    expect(row!.status).toBe('pending');

    expect((await app.request('/api/v1/org-units', { headers: session.headers })).status).toBe(200);
  });
});
