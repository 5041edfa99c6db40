import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { createApp } from '../../src/app.ts';
import { nodeDeps } from '../../src/node/deps.ts';
import { neonProvider, useWebSocketRelay } from '../../src/platform/db/neon.ts';
import { pgliteProvider } from '../../src/platform/db/pglite.ts';
import { APP_ROLE, type DatabaseProvider, type StatementObserver } from '../../src/platform/db/types.ts';
import type { AppDeps } from '../../src/platform/http/env.ts';
import { DEMO_PASSWORD } from '../../src/seed/demo.ts';
import { testConfig } from './config.ts';
import { checkedApp } from './contract.ts';

type Row = Record<string, unknown>;

/**
 * A JSON answer as tests read it. Its shape is checked where it matters: every API answer is
 * validated against the OpenAPI document by the contract check, and tests assert the fields they use.
 */
// biome-ignore lint/suspicious/noExplicitAny: tests navigate answers whose schema the contract check has already validated
export type Json = any;

/**
 * One test file's world: its own copy of the seeded demo database, the app built on it exactly as
 * a host builds it, and two side doors for assertions: `admin` (superuser, sees everything, for
 * setup and checking what the database holds) and `asAppRole` (the app role with a tenant set,
 * without any WHERE of ours: what RLS alone allows).
 *
 * The same test files run on PGlite (project "api") and on a real PostgreSQL through the Neon
 * driver and a WebSocket relay (project "api-pg"), chosen by what the global setup provided.
 */
export interface TestWorld {
  kind: 'pglite' | 'postgres';
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  admin(sql: string, params?: unknown[]): Promise<Row[]>;
  asAppRole(tenantId: string | null, sql: string, params?: unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

let counter = 0;

/** `observe` hears every statement the app sends (BEGIN and COMMIT included), to count round trips. */
export async function createWorld(
  options: Partial<Pick<AppDeps, 'clock' | 'clientIp'>> & { observe?: StatementObserver } = {},
): Promise<TestWorld> {
  const { observe, ...overrides } = options;
  const postgres = inject('postgres');
  let provider: DatabaseProvider;
  let adminQuery: (sql: string, params?: unknown[]) => Promise<Row[]>;
  let close: () => Promise<void>;
  let kind: TestWorld['kind'];
  if (postgres) {
    kind = 'postgres';
    const dbName = `t_${process.pid}_${Date.now()}_${counter++}`;
    const bootstrap = new pg.Client({ connectionString: postgres.adminUrl });
    await bootstrap.connect();
    await bootstrap.query(`create database ${dbName} template ${postgres.templateDb}`);
    await bootstrap.end();
    const adminUrl = new URL(postgres.adminUrl);
    adminUrl.pathname = `/${dbName}`;
    const admin = new pg.Client({ connectionString: adminUrl.toString() });
    await admin.connect();
    useWebSocketRelay(`127.0.0.1:${postgres.relayPort}`);
    const appUrl = new URL(adminUrl);
    appUrl.username = APP_ROLE;
    appUrl.password = postgres.appPassword;
    provider = neonProvider(appUrl.toString(), observe);
    adminQuery = async (sql, params) => (await admin.query(sql, params as unknown[])).rows as Row[];
    close = async () => {
      await admin.end();
      const dropper = new pg.Client({ connectionString: postgres.adminUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${dbName} with (force)`);
      await dropper.end();
    };
  } else {
    kind = 'pglite';
    const dump = await readFile(inject('pgliteTemplate'));
    const client = new PGlite({ loadDataDir: new Blob([dump]) });
    provider = pgliteProvider(client, observe);
    adminQuery = async (sql, params) => (await client.query<Row>(sql, params as unknown[])).rows;
    close = () => client.close();
  }
  const deps = nodeDeps(testConfig({ S3_ENDPOINT: inject('s3Endpoint') }), provider, { logError: () => {}, ...overrides });
  // Every response any API test receives is checked against the OpenAPI document (contract.ts).
  const app = checkedApp(createApp(deps));
  return {
    kind,
    app,
    deps,
    admin: adminQuery,
    async asAppRole(tenantId, sql, params = []) {
      // One transaction, rolled back: switch to the app role, set the tenant, run the bare query.
      await adminQuery('begin');
      try {
        await adminQuery(`set local role ${APP_ROLE}`);
        await adminQuery(`select set_config('app.tenant_id', $1, true)`, [tenantId ?? '']);
        return await adminQuery(sql, params);
      } finally {
        await adminQuery('rollback');
      }
    },
    close,
  };
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  headers: Record<string, string>;
}

export async function login(world: TestWorld, tenant: string, username: string, password = DEMO_PASSWORD): Promise<Session> {
  const res = await world.app.request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant, username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${tenant}/${username} failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { accessToken: string; refreshToken: string };
  return { ...body, headers: { authorization: `Bearer ${body.accessToken}` } };
}

/** A JSON request as a signed-in user. */
export async function call(
  world: TestWorld,
  session: Session | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Json; headers: Headers }> {
  const headers: Record<string, string> = { ...(session?.headers ?? {}) };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await world.app.request(path, {
    method,
    headers,
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** Ids of demo objects by name, straight from the database. */
export async function tenantId(world: TestWorld, slug: string): Promise<string> {
  const [row] = await world.admin('select id from tenants where slug = $1', [slug]);
  return row!.id as string;
}

export async function orgUnitId(world: TestWorld, slug: string, name: string): Promise<string> {
  const [row] = await world.admin(
    'select o.id from org_units o join tenants t on t.id = o.tenant_id where t.slug = $1 and o.name = $2 limit 1',
    [slug, name],
  );
  if (!row) throw new Error(`no org unit ${name} in ${slug}`);
  return row.id as string;
}
