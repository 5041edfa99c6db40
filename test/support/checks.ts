import { expect } from 'vitest';
import { call, type Json, type Session, type TestWorld } from './harness.ts';

type Answer = { status: number; body: Json; headers: Headers };

/**
 * Asserts an RFC 9457 answer: status, content type and language, every documented field, and the
 * stable code. (Its schema per code is checked by the contract check on every response anyway.)
 * Returns the body for further checks.
 */
export function expectProblem(res: Answer, status: number, code: string) {
  const label = `${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
  expect(res.status, label).toBe(status);
  expect(res.headers.get('content-type'), label).toMatch(/^application\/problem\+json/);
  expect(res.headers.get('content-language'), label).toMatch(/^(zh-CN|en)$/);
  expect(res.body, label).toMatchObject({
    type: `urn:firegrid:problem:${code}`,
    title: expect.stringMatching(/\S/),
    status,
    detail: expect.stringMatching(/\S/),
    code,
    params: expect.any(Object),
    requestId: expect.stringMatching(/\S/),
  });
  if (res.body.errors !== undefined) {
    expect(Array.isArray(res.body.errors), label).toBe(true);
    for (const e of res.body.errors)
      expect(e, label).toEqual({ path: expect.any(String), code: expect.any(String), message: expect.any(String) });
  }
  // One language per answer: never "中文 / English" in one string.
  expect(`${res.body.title} ${res.body.detail}`, label).not.toMatch(/[\u3400-\u9fff].* \/ [A-Za-z]/);
  // No internals: a stack frame, a stack property, SQL.
  expect(JSON.stringify(res.body), label).not.toMatch(/at \S+\.ts:\d+|"stack"|SELECT |select .* from /);
  return res.body as {
    type: string;
    title: string;
    status: number;
    detail: string;
    code: string;
    params: Record<string, unknown>;
    requestId: string;
    errors?: { path: string; code: string; message: string }[];
  };
}

/**
 * A fingerprint of whole tables (row count + md5 of every row), taken with the superuser side door:
 * equal before and after a refused write = the database did not change.
 */
export async function fingerprint(world: TestWorld, tables: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of tables) {
    const [row] = await world.admin(
      `select count(*)::int || ':' || coalesce(md5(string_agg(t::text, ',' order by t::text)), '') as f from ${table} t`,
    );
    out[table] = row!.f as string;
  }
  return out;
}

export const REGISTRY_TABLES = [
  'tenants',
  'org_units',
  'places',
  'companies',
  'company_compounds',
  'departments',
  'users',
  'role_assignments',
] as const;

/** Audit events with this action, newest first. */
export function auditEvents(world: TestWorld, action: string) {
  return world.admin(
    'select tenant_id, actor_user_id, action, target_type, target_id, status, detail, request_id from audit_events where action = $1 order by id desc',
    [action],
  );
}

/**
 * Every page of a list (`path` with its query, `?` included): the first page's total (共 N 条),
 * the totals of the pages asked for by cursor after it, and every id handed out.
 */
export async function pageThrough(world: TestWorld, session: Session, path: string) {
  const first = await call(world, session, 'GET', path);
  expect(first.status, JSON.stringify(first.body)).toBe(200);
  const ids: string[] = first.body.items.map((item: { id: string }) => item.id);
  const laterTotals: unknown[] = [];
  let cursor: string | null = first.body.nextCursor;
  while (cursor) {
    const next = await call(world, session, 'GET', `${path}&cursor=${encodeURIComponent(cursor)}`);
    expect(next.status).toBe(200);
    laterTotals.push(next.body.total);
    ids.push(...next.body.items.map((item: { id: string }) => item.id));
    cursor = next.body.nextCursor;
  }
  return { total: first.body.total as number | null, firstPage: first.body.items.length as number, laterTotals, ids };
}
