import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/app.ts';
import { ROLE_DEFINITIONS, type Role } from '../../src/platform/authz/roles.ts';
import { fittingOrNot, type JsonSchema, parameterValue, type SchemaContext } from '../support/arbitrary.ts';
import { ContractViolation, theContract } from '../support/contract.ts';
import { createWorld, login, type Session, type TestWorld } from '../support/harness.ts';

/**
 * A schema-driven fuzz test over every operation of the published OpenAPI document: requests are
 * generated from each operation's own parameter and body schemas (fast-check arbitraries, see
 * arbitrary.ts), mostly fitting, sometimes wrong in the ways clients get things wrong, and sent
 * by a user who holds the operation's permission, with ids of that user's district (ids of the
 * path's own collection for `{id}`) and, where a body carries a version, the current one. Every
 * operation also gets the attacks no schema suggests: a NUL in an undeclared query key, a forged
 * cursor, a body nested 40,000 deep. Every answer must be below 500 and declared by the
 * operation (the contract check wraps the app: status, content type and body schema).
 *
 * Bounded and repeatable: a fixed seed per operation, a fixed number of requests. One test per
 * operation, so a failure names its operation; the count is checked against the route table, and
 * so is how many operations the fuzz got past validation into their handlers (a 2xx).
 */
const RUNS = { pglite: 12, postgres: 6 } as const;
const SEED = 20261207;
const API = '/api/v1';

type Parameter = { in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema: JsonSchema };
type Operation = {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  'x-permission'?: string;
  security?: unknown[];
};

const contract = theContract();
const operations = contract.routes.map((r) => ({ method: r.method, template: r.template, op: r.operation as unknown as Operation }));
const schemas = (contract.document.components?.schemas ?? {}) as Record<string, JsonSchema>;
const resolve = (ref: string) => {
  const schema = schemas[ref.replace('#/components/schemas/', '')];
  if (!schema) throw new Error(`unresolved ${ref}`);
  return schema;
};

/** The demo users, in the order they are tried for a permission (the broadest first). */
const CALLERS: [Role, string, string][] = [
  ['committee_admin', 'demo-a', 'committee_admin'],
  ['platform_operator', 'firegrid', 'platform_operator'],
  ['oversight_viewer', 'demo-city', 'oversight_viewer'],
  ['station_staff', 'demo-a', 'station_staff'],
  ['property_manager', 'demo-a', 'property_manager'],
  ['grid_member', 'demo-a', 'grid_member'],
  ['department_staff', 'demo-a', 'department_staff'],
];

function callerFor(permission: string | undefined): [Role, string, string] {
  if (!permission) return CALLERS[0]!;
  const found = CALLERS.find(([role]) => (ROLE_DEFINITIONS[role].permissions as readonly string[]).includes(permission));
  if (!found) throw new Error(`no demo user holds ${permission}`);
  return found;
}

let world: TestWorld;
/** Tables with an `id` column, by the collection segment an API path names them with (`org-units` → org_units). */
const tables = new Set<string>();
const tableOf = (template: string) => {
  const name = (template.split('/')[1] ?? '').replaceAll('-', '_');
  return tables.has(name) ? name : null;
};

/**
 * The caller's session, signed in again (with its district and account made active again) when
 * the fuzz of an earlier operation logged it out, suspended its district or disabled it: all
 * legitimate answers, which must not blind the operations after it.
 */
const sessions = new Map<string, Session>();
async function sessionFor(tenant: string, username: string): Promise<Session> {
  const key = `${tenant}/${username}`;
  let session = sessions.get(key);
  if (!session) {
    await world.admin("update tenants set status = 'active' where slug in ('demo-a', 'demo-b', 'demo-city', 'firegrid')");
    await world.admin("update users set status = 'active' where username = $1", [username]);
    session = await login(world, tenant, username);
    sessions.set(key, session);
  }
  return session;
}

/** Ids a generator may use: of this table (or of every table) in the caller's tenant. */
async function idsOf(tenant: string, table: string | null): Promise<string[]> {
  const [t] = await world.admin('select id from tenants where slug = $1', [tenant]);
  const from = table ? [table] : [...tables].filter((name) => name !== 'tenants');
  const union = from.map((name) => `select id::text from ${name} where tenant_id = $1`).join(' union all ');
  const rows = await world.admin(`select id from (${union}) ids limit 400`, [t!.id]);
  return rows.map((r) => r.id as string);
}

beforeAll(async () => {
  world = await createWorld();
  const rows = await world.admin(
    `select c.table_name as t from information_schema.columns c
     where c.table_schema = 'public' and c.column_name = 'id'
       and exists (select 1 from information_schema.columns x where x.table_schema = 'public' and x.table_name = c.table_name and x.column_name = 'tenant_id')`,
  );
  for (const { t } of rows) tables.add(t as string);
  tables.add('tenants');
}, 120_000);
afterAll(() => world?.close());

interface Sample {
  path: string;
  query: string;
  body: unknown;
  key: string | null;
}

function samples(
  method: string,
  template: string,
  op: Operation,
  ctx: { path: SchemaContext; body: SchemaContext; version: number | null },
  runs: number,
  seed: number,
): Sample[] {
  const params = op.parameters ?? [];
  const path = fc.tuple(
    ...params.filter((p) => p.in === 'path').map((p) => parameterValue(p.schema, ctx.path).map((v) => [p.name, v] as const)),
  );
  const query = fc.array(
    fc.oneof(
      ...params.filter((p) => p.in === 'query').map((p) => parameterValue(p.schema, ctx.body).map((v) => [p.name, v] as const)),
      fc.constant(['unknownParameter', '1'] as const),
    ),
    { maxLength: 4 },
  );
  const schema = op.requestBody?.content?.['application/json']?.schema;
  const body = schema
    ? fittingOrNot(schema, ctx.body).chain((b) =>
        // The version the client read, most of the time: the only way past optimistic concurrency.
        ctx.version !== null && b && typeof b === 'object' && 'version' in b
          ? fc.constantFrom({ ...b, version: ctx.version }, { ...b, version: ctx.version }, b)
          : fc.constant(b),
      )
    : fc.constant(undefined);
  const acceptsKey = method === 'post' && Boolean(op.security?.length);
  const key = acceptsKey ? fc.option(fc.stringMatching(/^[A-Za-z0-9_.:-]{8,40}$/), { freq: 3 }) : fc.constant(null);
  return fc.sample(
    fc.record({ path, query, body, key }).map(({ path: values, query: pairs, body: b, key: k }) => ({
      path: values.reduce((acc, [name, v]) => acc.replace(`{${name}}`, encodeURIComponent(v.toWellFormed())), template),
      query: new URLSearchParams(pairs.map(([n, v]) => [n, v])).toString(),
      body: b,
      key: k,
    })),
    { numRuns: runs, seed },
  );
}

/** The attacks no schema suggests, made for this operation. */
function attacks(template: string, op: Operation, first: Sample | undefined): { path: string; query: string; rawBody?: string }[] {
  const path = first?.path ?? template.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
  const out: { path: string; query: string; rawBody?: string }[] = [{ path, query: 'zz%00=%00' }];
  if (op.parameters?.some((p) => p.name === 'cursor')) {
    const forged = Buffer.from(
      JSON.stringify(['places', 'createdAt', 'asc', '2026-02-30T00:00:00.000Z', '00000000-0000-4000-8000-000000000000']),
    ).toString('base64url');
    out.push({ path, query: `cursor=${forged}` });
  }
  if (op.requestBody) out.push({ path, query: '', rawBody: `${'['.repeat(40_000)}${']'.repeat(40_000)}` });
  return out;
}

/** Operations the fuzz got a 2xx from (at least once): the part of it that reached handlers. */
const reached = new Set<string>();

describe('fuzzing every operation of the OpenAPI document', () => {
  it('covers every operation of the route table', () => {
    const ids = operations.map((o) => o.op.operationId);
    expect(ids.every(Boolean), 'every operation has an operationId').toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    // Against the app's own route table, not the document the operations came from.
    const registered = createApi().openAPIRegistry.definitions.filter((d) => d.type === 'route');
    expect(operations.length).toBe(registered.length);
    expect(operations.length).toBeGreaterThan(120);
  });

  it.each(operations.map((o, i) => [o.op.operationId ?? `${o.method} ${o.template}`, o, i] as const))(
    '%s: no 5xx, nothing undeclared',
    // RUNS requests, three attacks and at most one sign-in (a deliberately slow password hash): under 10 s idle.
    { timeout: 120_000 },
    async (name, { method, template, op }, index) => {
      const [, tenant, username] = callerFor(op['x-permission']);
      const isPublic = op.security?.length === 0;
      const table = tableOf(template);
      const pathIds = template.includes('{') ? await idsOf(tenant, table) : [];
      const bodyIds = op.requestBody ? await idsOf(tenant, null) : [];
      const first = pathIds[index % Math.max(1, pathIds.length)];
      const [row] =
        table && first && template.includes('{id}') && table !== 'tenants'
          ? await world.admin(`select * from ${table} where id = $1`, [first])
          : [undefined];
      const version = typeof row?.version === 'number' ? row.version : null;
      const ctx = { path: { ids: pathIds, resolve }, body: { ids: bodyIds, resolve }, version };
      const generated = samples(method, template, op, ctx, RUNS[world.kind], SEED + index);
      const failures: string[] = [];
      const send = async (url: string, body: string | undefined, key: string | null) => {
        const session = isPublic ? null : await sessionFor(tenant, username);
        const headers: Record<string, string> = { ...(session?.headers ?? {}) };
        if (body !== undefined) headers['content-type'] = 'application/json';
        if (key) headers['idempotency-key'] = key;
        try {
          const res = await world.app.request(url, { method: method.toUpperCase(), headers, ...(body !== undefined ? { body } : {}) });
          if (res.status === 401 && session) sessions.delete(`${tenant}/${username}`);
          if (res.status >= 200 && res.status < 300) reached.add(name);
          if (res.status >= 500)
            failures.push(`${res.status} ${method.toUpperCase()} ${url} ${body?.slice(0, 300)}: ${(await res.text()).slice(0, 300)}`);
        } catch (error) {
          if (!(error instanceof ContractViolation)) throw error;
          failures.push(`${error.message}\n  request: ${body?.slice(0, 300)}`);
        }
      };
      for (const s of generated) {
        await send(`${API}${s.path}${s.query ? `?${s.query}` : ''}`, s.body === undefined ? undefined : JSON.stringify(s.body), s.key);
      }
      for (const a of attacks(template, op, generated[0])) {
        await send(`${API}${a.path}${a.query ? `?${a.query}` : ''}`, a.rawBody, null);
      }
      expect(failures, failures.join('\n\n')).toEqual([]);
    },
  );

  it('got past validation into the handlers of most operations', () => {
    // Measured: the rest need state a random request cannot make (an inspection in progress,
    // a draft to publish, a task awaiting review…); their handlers are the feature tests' work.
    expect(reached.size / operations.length).toBeGreaterThanOrEqual(0.5);
  });
});
