import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPLOAD_TTL_SECONDS } from '../../src/features/evidence/vocabulary.ts';
import { expectProblem, fingerprint } from '../support/checks.ts';
import { theContract } from '../support/contract.ts';
import { call, createWorld, login, orgUnitId, type Session, type TestWorld } from '../support/harness.ts';

/**
 * The platform's side of the contract, whatever the route: the document itself, bytes and
 * characters that must never reach a write, cursors bound to their list, the language of
 * messages, and Idempotency-Key on every write. (Every response of every API test is also checked
 * against the document by the harness; see contract.ts.)
 */
let world: TestWorld;
let admin: Session;
let community: string;

beforeAll(async () => {
  world = await createWorld();
  admin = await login(world, 'demo-a', 'committee_admin');
  community = await orgUnitId(world, 'demo-a', '东湖社区');
});
afterAll(() => world.close());

/** A raw request: bytes and headers exactly as given. */
async function raw(path: string, init: { method: string; headers?: Record<string, string>; body?: BodyInit }) {
  const res = await world.app.request(path, { ...init, headers: { ...admin.headers, ...init.headers } });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

const place = (name: string) => ({ orgUnitId: community, name, type: 'nine_small' });
const TABLES = ['places', 'audit_events', 'idempotency_keys'] as const;

describe('the OpenAPI document', () => {
  const doc = theContract().document as unknown as {
    paths: Record<
      string,
      Record<string, { operationId?: string; security?: unknown[]; responses: Record<string, { content?: Record<string, unknown> }> }>
    >;
  };
  const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method, op })),
  );

  it('gives every operation a unique operationId and a security requirement (an empty one where public)', () => {
    const ids = operations.map((o) => o.op.operationId);
    expect(ids.filter((id) => !id)).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, op } of operations) expect(Array.isArray(op.security), `${method} ${path}`).toBe(true);
    const open = operations.filter((o) => o.op.security?.length === 0).map((o) => `${o.method} ${o.path}`);
    expect(open.sort()).toEqual(['post /auth/login', 'post /auth/refresh']);
  });

  it('writes every pattern as a plain ECMA-262 expression (no JavaScript flags inside the string)', () => {
    const patterns: string[] = [];
    const walk = (value: unknown) => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
          if (k === 'pattern' && typeof v === 'string') patterns.push(v);
          else walk(v);
        }
      }
    };
    walk(theContract().document);
    expect(patterns.length).toBeGreaterThan(10);
    for (const p of patterns) {
      expect(p, p).not.toMatch(/\/[dgimsuvy]+$/);
      expect(() => new RegExp(p, 'u'), p).not.toThrow();
    }
  });

  it('declares every error as application/problem+json, and 500 and 503 everywhere', () => {
    for (const { path, method, op } of operations) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) >= 400)
          expect(Object.keys(response.content ?? {}), `${method} ${path} ${status}`).toEqual(['application/problem+json']);
      }
      expect(op.responses['500'], `${method} ${path}`).toBeDefined();
      expect(op.responses['503'], `${method} ${path}`).toBeDefined();
    }
  });
});

describe('text and bytes that must never reach a write', () => {
  it('refuses a lone surrogate in a place name with 400 invalid_characters, writing nothing (no audit row either)', async () => {
    const before = await fingerprint(world, TABLES);
    const res = await call(world, admin, 'POST', '/api/v1/places', place('a\ud800b'));
    const problem = expectProblem(res, 400, 'invalid_characters');
    expect(problem.params).toEqual({ field: 'name' });
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'name', code: 'invalid_characters' })]);
    expect(await fingerprint(world, TABLES)).toEqual(before);
  });

  it('refuses a NUL in a query value, and in a key of the body', async () => {
    expectProblem(await call(world, admin, 'GET', '/api/v1/places?q=a%00b'), 400, 'invalid_characters');
    const before = await fingerprint(world, TABLES);
    expectProblem(await call(world, admin, 'POST', '/api/v1/places', { ...place('正常名称'), 'x\u0000': 1 }), 400, 'invalid_characters');
    expect(await fingerprint(world, TABLES)).toEqual(before);
  });

  it('refuses a body that is not valid UTF-8 (400 invalid_encoding) instead of storing replacement characters', async () => {
    const before = await fingerprint(world, TABLES);
    const json = Buffer.from(JSON.stringify(place('XX便民超市')));
    const at = json.indexOf('XX');
    json[at] = 0xc3; // a lead byte followed by 'X': not UTF-8
    const res = await raw('/api/v1/places', { method: 'POST', headers: { 'content-type': 'application/json' }, body: json });
    expectProblem(res, 400, 'invalid_encoding');
    expect(await fingerprint(world, TABLES)).toEqual(before);
  });

  it('accepts charset=utf-8 (any case) and refuses any other charset or media type with 415', async () => {
    const body = JSON.stringify(place('字符集测试便利店'));
    const ok = await raw('/api/v1/places', { method: 'POST', headers: { 'content-type': 'application/json; charset=UTF-8' }, body });
    expect(ok.status).toBe(201);
    const before = await fingerprint(world, TABLES);
    for (const type of ['application/json; charset=utf-16', 'text/plain', 'application/x-www-form-urlencoded']) {
      expectProblem(
        await raw('/api/v1/places', { method: 'POST', headers: { 'content-type': type }, body }),
        415,
        'unsupported_media_type',
      );
    }
    expectProblem(
      await raw('/api/v1/places', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name": ' }),
      400,
      'invalid_json',
    );
    expect(await fingerprint(world, TABLES)).toEqual(before);
  });
});

describe('paging', () => {
  it('refuses the cursor of one list on another (it reached the database as a timestamp)', async () => {
    const places = await call(world, admin, 'GET', '/api/v1/places?limit=2&sort=name');
    expect(places.status).toBe(200);
    const cursor = places.body.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));
    expectProblem(await call(world, admin, 'GET', `/api/v1/hazards?cursor=${cursor}`), 400, 'cursor_invalid');
    // the same list with another sort or order is another list
    expectProblem(await call(world, admin, 'GET', `/api/v1/places?sort=createdAt&cursor=${cursor}`), 400, 'cursor_invalid');
    expectProblem(await call(world, admin, 'GET', `/api/v1/places?sort=name&order=desc&cursor=${cursor}`), 400, 'cursor_invalid');
    expect((await call(world, admin, 'GET', `/api/v1/places?limit=2&sort=name&cursor=${cursor}`)).status).toBe(200);
  });

  it('refuses a forged cursor whose value is not of the sort column’s type', async () => {
    const forge = (parts: unknown[]) => btoa(JSON.stringify(parts)).replaceAll('=', '');
    const id = '00000000-0000-4000-8000-000000000001';
    for (const cursor of [
      forge(['places', 'createdAt', 'asc', 'not a time', id]),
      forge(['places', 'createdAt', 'asc', '+275760-09-13T00:00:00.000Z', id]),
      forge(['places', 'createdAt', 'asc', '2026-01-01T00:00:00.000Z', 'not-a-uuid']),
      'garbage!',
    ]) {
      expectProblem(await call(world, admin, 'GET', `/api/v1/places?cursor=${encodeURIComponent(cursor)}`), 400, 'cursor_invalid');
    }
  });

  it('answers 400 for a page size out of range', async () => {
    for (const limit of ['0', '-1', '201', 'abc', '1.5']) {
      const res = expectProblem(await call(world, admin, 'GET', `/api/v1/places?limit=${limit}`), 400, 'validation_failed');
      expect(res.errors?.[0]?.path).toBe('query.limit');
    }
  });
});

describe('the language of messages', () => {
  it('is Chinese by default and English when Accept-Language asks for it, never both in one string', async () => {
    const missing = '/api/v1/places/00000000-0000-4000-8000-000000000001';
    const zh = await raw(missing, { method: 'GET' });
    expectProblem(zh, 404, 'not_found');
    expect(zh.headers.get('content-language')).toBe('zh-CN');
    expect(zh.body.detail).toBe('场所不存在或不在您的管辖范围内');
    const en = await raw(missing, { method: 'GET', headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expectProblem(en, 404, 'not_found');
    expect(en.headers.get('content-language')).toBe('en');
    expect(en.body).toMatchObject({ title: 'Not found', detail: 'No such place within your reach', params: { resource: 'place' } });
  });

  it('says field messages in the language asked for, zod’s own and the catalog’s', async () => {
    const body = { orgUnitId: 'nope', name: '', type: 'key_unit', contactPhone: 'call me' };
    const en = await raw('/api/v1/places', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      body: JSON.stringify(body),
    });
    const problem = expectProblem(en, 400, 'validation_failed');
    const byPath = Object.fromEntries((problem.errors ?? []).map((e) => [e.path, e]));
    expect(byPath.orgUnitId).toMatchObject({ code: 'invalid_format', message: expect.stringMatching(/UUID/) });
    expect(byPath.contactPhone).toMatchObject({ code: 'phone_format', message: 'Digits, +, - and spaces only, 5–20 characters' });
    expect(byPath.keyUnitLevel).toMatchObject({ code: 'key_unit_level_required' });
    for (const e of problem.errors ?? []) expect(e.message, e.path).not.toMatch(/[\u3400-\u9fff]/);
    const zh = await raw('/api/v1/places', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const zhProblem = expectProblem(zh, 400, 'validation_failed');
    for (const e of zhProblem.errors ?? []) expect(e.message, e.path).toMatch(/[\u3400-\u9fff]/);
  });
});

describe('Idempotency-Key on every write', () => {
  it('replays the first answer for the same JSON sent again with other spacing and key order', async () => {
    const key = 'place-canonical-0001';
    const first = await raw('/api/v1/places', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(place('幂等测试便利店')),
    });
    expect(first.status).toBe(201);
    const again = await raw('/api/v1/places', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: `{ "type": "nine_small",\n  "name": "幂等测试便利店", "orgUnitId": "${community}" }`,
    });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const [row] = await world.admin("select count(*)::int as n from places where name = '幂等测试便利店'");
    expect(row!.n).toBe(1);
    expectProblem(
      await raw('/api/v1/places', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(place('另一个名称')),
      }),
      422,
      'idempotency_key_reused',
    );
  });

  it('is refused, not ignored, where a write cannot be replayed (PATCH, DELETE, sign-in)', async () => {
    const [p] = await world.admin("select id, version from places where name = '幂等测试便利店'");
    const before = await fingerprint(world, TABLES);
    const headers = { 'content-type': 'application/json', 'idempotency-key': 'not-replayable-01' };
    expectProblem(
      await raw(`/api/v1/places/${p!.id}`, { method: 'PATCH', headers, body: JSON.stringify({ version: p!.version, name: '改名' }) }),
      400,
      'idempotency_key_unsupported',
    );
    expectProblem(
      await raw(`/api/v1/places/${p!.id}`, { method: 'DELETE', headers: { 'idempotency-key': 'not-replayable-02' } }),
      400,
      'idempotency_key_unsupported',
    );
    const signIn = await world.app.request('/api/v1/auth/login', {
      method: 'POST',
      headers,
      body: JSON.stringify({ tenant: 'demo-a', username: 'committee_admin', password: 'firegrid-demo' }),
    });
    expect(signIn.status).toBe(400);
    expect(((await signIn.json()) as { code: string }).code).toBe('idempotency_key_unsupported');
    expect(await fingerprint(world, TABLES)).toEqual(before);
  });
});

describe('a replay only while its first answer is good', () => {
  it('serves the same upload ticket for a retried key, and a fresh one once the ticket has expired', async () => {
    let skew = 0;
    const timed = await createWorld({ clock: () => new Date(Date.now() + skew) });
    try {
      const grid = await login(timed, 'demo-a', 'grid_member');
      const ask = () =>
        timed.app.request('/api/v1/evidence', {
          method: 'POST',
          headers: { ...grid.headers, 'content-type': 'application/json', 'idempotency-key': 'upload-ticket-0001' },
          body: JSON.stringify({ fileName: '现场.jpg', contentType: 'image/jpeg', size: 1024, sha256: 'a'.repeat(64) }),
        });
      const first = await ask();
      expect(first.status).toBe(201);
      const firstBody = (await first.json()) as { id: string };
      const again = await ask();
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(((await again.json()) as { id: string }).id).toBe(firstBody.id);
      skew = (UPLOAD_TTL_SECONDS + 1) * 1000;
      const later = await ask();
      expect(later.status).toBe(201);
      expect(later.headers.get('idempotent-replayed')).toBeNull();
      expect(((await later.json()) as { id: string }).id).not.toBe(firstBody.id);
    } finally {
      await timed.close();
    }
  });
});
