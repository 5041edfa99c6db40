import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { CURRENT_PARAMS, hashPassword, meetsMinimum, parseHash, verifyPassword } from '../../src/platform/auth/password.ts';
import type { Json } from '../support/harness.ts';

/** The deployed shape of firegrid, inside workerd: the worker's own fetch, Neon driver, RLS, scrypt. */
const worker = (exports as unknown as { default: { fetch(req: Request): Promise<Response> } }).default;

async function request(path: string, init: RequestInit = {}) {
  const res = await worker.fetch(new Request(`http://firegrid.test${path}`, init));
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Json) : null };
}

async function login(tenant: string, username: string) {
  const res = await request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant, username, password: 'firegrid-demo' }),
  });
  expect(res.status).toBe(200);
  return { authorization: `Bearer ${res.body.accessToken as string}` };
}

describe('firegrid in workerd', () => {
  it('is up and reaches PostgreSQL through the Neon driver', async () => {
    expect((await request('/healthz')).status).toBe(200);
    const ready = await request('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', checks: { database: 'up', evidenceStore: 'up' } });
  });

  it('hashes passwords with scrypt at the stored parameters', async () => {
    const stored = await hashPassword('a-long-test-password');
    expect(parseHash(stored)?.params).toEqual(CURRENT_PARAMS);
    expect(meetsMinimum(CURRENT_PARAMS)).toBe(true);
    expect(await verifyPassword('a-long-test-password', stored)).toBe(true);
    expect(await verifyPassword('another-password', stored)).toBe(false);
  });

  it('logs in, describes the caller and serves the org tree of its scope', async () => {
    const headers = await login('demo-a', 'station_staff');
    const me = await request('/api/v1/me', { headers });
    expect(me.status).toBe(200);
    expect(me.body.tenant.slug).toBe('demo-a');
    const tree = await request('/api/v1/org-units/tree', { headers });
    expect(tree.status).toBe(200);
    expect(tree.body.items).toHaveLength(1);
    expect(tree.body.items[0].name).toBe('示范东湖街道');
  });

  it('refuses bad credentials with problem+json and hides other districts', async () => {
    const bad = await request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: 'demo-a', username: 'committee_admin', password: 'wrong-password' }),
    });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.code).toBe('invalid_credentials');

    const a = await request('/api/v1/org-units/tree', { headers: await login('demo-a', 'committee_admin') });
    const streetOfA = a.body.items[0].id as string;
    const b = await login('demo-b', 'committee_admin');
    const probe = await request(`/api/v1/org-units/${streetOfA}`, { headers: b });
    expect(probe.status).toBe(404);
    expect(probe.body.code).toBe('not_found');
  });

  it('takes evidence through S3: presigned POST upload, confirm (SHA-256 and magic bytes in workerd), presigned GET', async () => {
    const headers = { ...(await login('demo-a', 'grid_member')), 'content-type': 'application/json' };
    const png = Uint8Array.from(
      atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='),
      (c) => c.charCodeAt(0),
    );
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', png));
    const sha256 = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
    const ticket = await request('/api/v1/evidence', {
      method: 'POST',
      headers,
      body: JSON.stringify({ fileName: '现场.png', contentType: 'image/png', size: png.length, sha256 }),
    });
    expect(ticket.status).toBe(201);
    const form = new FormData();
    for (const [name, value] of Object.entries(ticket.body.upload.fields as Record<string, string>)) form.append(name, value);
    form.append('file', new Blob([png], { type: 'image/png' }), 'x.png');
    const uploaded = await fetch(ticket.body.upload.url, { method: 'POST', body: form });
    expect(uploaded.status).toBeLessThan(300);
    const confirmed = await request(`/api/v1/evidence/${ticket.body.id}/confirm`, { method: 'POST', headers });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('confirmed');
    const got = await request(`/api/v1/evidence/${ticket.body.id}`, { headers });
    expect(got.status).toBe(200);
    const file = await fetch(got.body.url);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(png);
    expect(file.headers.get('content-disposition')).toBe("inline; filename*=UTF-8''%E7%8E%B0%E5%9C%BA.png");
  });

  it('publishes the OpenAPI document', async () => {
    const spec = await request('/api/v1/openapi.json');
    expect(spec.status).toBe(200);
    expect(spec.body.openapi).toBe('3.1.0');
    expect(Object.keys(spec.body.paths)).toContain('/org-units/{id}');
  });
});
