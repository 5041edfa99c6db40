import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { MIGRATIONS } from '../src/node/embedded.ts';
import { hashPassword } from '../src/platform/auth/password.ts';
import { generateJwtKey } from '../src/platform/config.ts';
import { freePort, startPostgres } from '../test/support/pg-cluster.ts';

/**
 * npm run bench (not in CI). On a throwaway PostgreSQL: three districts at the scale DOMAIN.md plans
 * for (20 streets, 600 compounds, 3,000 buildings, 10,000 places, 5,500 users each), the Node host
 * on it as the app role, and autocannon against GET /api/v1/places (filtered, paginated) and
 * GET /api/v1/me. Next to each, in the same run, the same SQL sent straight to the database
 * (same role, same transaction shape) at the same concurrency: the ratio is what the HTTP layer,
 * auth and JSON cost. Absolute figures vary with the machine; ratios are what to compare.
 */
const DISTRICTS = 3;
const STREETS = 20;
const COMMUNITIES_PER_STREET = 10;
const COMPOUNDS_PER_COMMUNITY = 3;
const BUILDINGS_PER_COMPOUND = 5;
const PLACES = 10_000;
const USERS = 5_500;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const APP_PASSWORD = 'bench-app-password';

const cluster = await startPostgres();
if ('skipped' in cluster) {
  console.error(`bench needs PostgreSQL: ${cluster.skipped}`);
  process.exit(2);
}
const admin = new pg.Client({ connectionString: cluster.url });
await admin.connect();
await admin.query('drop database if exists firegrid_bench');
await admin.query(`do $$ begin if not exists (select from pg_roles where rolname = 'bench_owner') then create role bench_owner login createrole password 'owner'; end if; end $$`);
await admin.query('create database firegrid_bench owner bench_owner');
const dbUrl = (user: string, password: string) => {
  const u = new URL(cluster.url);
  u.username = user;
  u.password = password;
  u.pathname = '/firegrid_bench';
  return u.toString();
};
const owner = new pg.Client({ connectionString: dbUrl('bench_owner', 'owner') });
await owner.connect();
await migrate(drizzle({ client: owner }), { migrationsFolder: MIGRATIONS });
await owner.end();
await admin.query(`alter role firegrid_app login password '${APP_PASSWORD}'`);
await admin.end();

// Generate as superuser in the bench database (bypasses RLS; the app never does this).
const gen = new pg.Client({ connectionString: (() => { const u = new URL(cluster.url); u.pathname = '/firegrid_bench'; return u.toString(); })() });
await gen.connect();
const passwordHash = await hashPassword('bench-password-1');
const started = Date.now();
for (let d = 1; d <= DISTRICTS; d++) {
  const slug = `bench-${d}`;
  const { rows: [tenant] } = await gen.query<{ id: string }>(
    `insert into tenants (slug, name, kind) values ($1, $2, 'district') returning id`, [slug, `压测${d}区`]);
  const t = tenant!.id;
  await gen.query(`
    with streets as (
      insert into org_units (id, tenant_id, kind, name, code, path, depth)
      select gen_random_uuid(), $1, 'street', '街道' || s, 'S' || s, '', 1 from generate_series(1, ${STREETS}) s
      returning id)
    update org_units o set path = '/' || o.id || '/' from streets where o.id = streets.id`, [t]);
  await gen.query(`
    insert into org_units (id, tenant_id, parent_id, kind, name, path, depth)
    select id, $1, pid, 'community', name, ppath || id || '/', 2 from (
      select gen_random_uuid() as id, p.id as pid, p.name || '社区' || c as name, p.path as ppath
      from org_units p cross join generate_series(1, ${COMMUNITIES_PER_STREET}) c
      where p.tenant_id = $1 and p.kind = 'street') q`, [t]);
  await gen.query(`
    insert into org_units (id, tenant_id, parent_id, kind, name, path, depth)
    select id, $1, pid, 'compound', name, ppath || id || '/', 3 from (
      select gen_random_uuid() as id, p.id as pid, p.name || '小区' || k as name, p.path as ppath
      from org_units p cross join generate_series(1, ${COMPOUNDS_PER_COMMUNITY}) k
      where p.tenant_id = $1 and p.kind = 'community') q`, [t]);
  await gen.query(`
    insert into org_units (id, tenant_id, parent_id, kind, name, path, depth)
    select id, $1, pid, 'building', name, ppath || id || '/', 4 from (
      select gen_random_uuid() as id, p.id as pid, b || '号楼' as name, p.path as ppath
      from org_units p cross join generate_series(1, ${BUILDINGS_PER_COMPOUND}) b
      where p.tenant_id = $1 and p.kind = 'compound') q`, [t]);
  await gen.query(`
    insert into places (tenant_id, org_unit_id, name, type, key_unit_level, risk_level, address)
    select $1, u.id, '场所' || n,
      (array['nine_small','three_in_one','key_unit','high_rise','group_rental','elderly_care','other'])[1 + n % 7]::place_type,
      case when n % 7 = 2 then 1 + n % 3 end,
      (array['low','medium','high'])[1 + n % 3]::risk_level, '地址' || n
    from generate_series(1, ${PLACES}) n
    join lateral (select id from org_units where tenant_id = $1 and kind in ('community','compound') order by id offset (n % 800) limit 1) u on true`, [t]);
  await gen.query(`
    insert into users (tenant_id, username, display_name, password_hash)
    select $1, 'user' || n, '用户' || n, $2 from generate_series(1, ${USERS}) n`, [t, passwordHash]);
  await gen.query(`
    insert into role_assignments (tenant_id, user_id, role, org_unit_id)
    select $1, u.id, case when n = 1 then 'committee_admin' else 'grid_member' end::role,
      case when n = 1 then null else (select id from org_units where tenant_id = $1 and kind = 'community' order by id offset (n % 200) limit 1) end
    from users u join lateral (select substr(u.username, 5)::int as n) k on true where u.tenant_id = $1`, [t]);
  await gen.query(`
    insert into role_assignments (tenant_id, user_id, role, org_unit_id)
    select $1, u.id, 'station_staff', (select id from org_units where tenant_id = $1 and kind = 'street' order by name limit 1)
    from users u where u.tenant_id = $1 and u.username = 'user2'`, [t]);
}
await gen.query('analyze');
const { rows: [counts] } = await gen.query<{ places: number; units: number; users: number }>(
  `select (select count(*)::int from places) as places, (select count(*)::int from org_units) as units, (select count(*)::int from users) as users`);
console.log(`generated ${DISTRICTS} districts: ${counts!.units} org units, ${counts!.places} places, ${counts!.users} users in ${((Date.now() - started) / 1000).toFixed(1)} s`);
await gen.end();

// The Node host on that database, as the app role.
const port = await freePort();
const server = spawn('npx', ['tsx', 'src/node/main.ts'], {
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: dbUrl('firegrid_app', APP_PASSWORD),
    JWT_KEYS: JSON.stringify([generateJwtKey('bench')]),
    S3_BUCKET: 'bench-unused',
    S3_ACCESS_KEY_ID: 'x',
    S3_SECRET_ACCESS_KEY: 'x',
    S3_ENDPOINT: 'http://127.0.0.1:9',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
  detached: true, // its own process group: npx → tsx → node all stop together below
});
const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/readyz`)).ok) break;
  } catch {
    // not up yet
  }
  if (i > 120) throw new Error('the Node host did not become ready');
  await new Promise((r) => setTimeout(r, 500));
}
async function login(username: string) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'bench-1', username, password: 'bench-password-1' }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}
const committeeToken = await login('user1');
const stationToken = await login('user2');

interface Figures { rps: number; p50: number; p99: number; errors: number }

async function http(path: string, token: string): Promise<Figures> {
  const result = await autocannon({
    url: `${base}${path}`,
    connections: CONNECTIONS,
    duration: DURATION,
    headers: { authorization: `Bearer ${token}` },
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.non2xx + result.errors };
}

/** The same work straight on the database: `connections` loops, each a transaction like the app's. */
async function direct(statements: (client: pg.PoolClient) => Promise<void>): Promise<Figures> {
  const pool = new pg.Pool({ connectionString: dbUrl('firegrid_app', APP_PASSWORD), max: CONNECTIONS });
  const latencies: number[] = [];
  const deadline = Date.now() + DURATION * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      const client = await pool.connect();
      while (Date.now() < deadline) {
        const t0 = performance.now();
        await client.query('begin');
        await statements(client);
        await client.query('commit');
        latencies.push(performance.now() - t0);
      }
      client.release();
    }),
  );
  await pool.end();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { rps: latencies.length / DURATION, p50: at(0.5), p99: at(0.99), errors: 0 };
}

const { rows: [ids] } = await (async () => {
  const c = new pg.Client({ connectionString: (() => { const u = new URL(cluster.url); u.pathname = '/firegrid_bench'; return u.toString(); })() });
  await c.connect();
  const r = await c.query<{ tenant: string; user1: string; user2: string; street: string; path: string }>(`
    select t.id as tenant, (select id from users where tenant_id = t.id and username = 'user1') as user1,
           (select id from users where tenant_id = t.id and username = 'user2') as user2,
           s.id as street, s.path
    from tenants t join org_units s on s.tenant_id = t.id and s.kind = 'street'
    where t.slug = 'bench-1' order by s.name limit 1`);
  await c.end();
  return r;
})();
const tenantId = ids!.tenant;

// What one authenticated request does before the feature query: tenant + principal.
async function principal(client: pg.PoolClient, userId: string) {
  await client.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
  await client.query(
    `select u.username, ra.role, ra.org_unit_id, o.path from users u
     left join role_assignments ra on ra.user_id = u.id left join org_units o on o.id = ra.org_unit_id
     where u.id = $1 and u.tenant_id = $2 and u.status = 'active'`, [userId, tenantId]);
}
const placesSql = (scoped: boolean) => `
  select p.id, p.org_unit_id, p.name, p.type, p.key_unit_level, p.risk_level, p.address, p.latitude, p.longitude,
         p.contact_name, p.contact_phone, p.version, p.created_at, p.updated_at
  from places p
  where p.tenant_id = $1 and p.type = 'nine_small'
    and p.org_unit_id in (select id from org_units where tenant_id = $1 ${scoped ? "and path like $2 || '%'" : ''})
  order by p.name, p.id limit 51`;

const cases: { name: string; path: string; token: string; sql: (c: pg.PoolClient) => Promise<void> }[] = [
  {
    name: 'GET /places (committee, filtered)',
    path: '/api/v1/places?type=nine_small&limit=50',
    token: committeeToken,
    sql: async (c) => {
      await principal(c, ids!.user1);
      await c.query(placesSql(false), [tenantId]);
    },
  },
  {
    name: 'GET /places (station scope)',
    path: '/api/v1/places?type=nine_small&limit=50',
    token: stationToken,
    sql: async (c) => {
      await principal(c, ids!.user2);
      await c.query(placesSql(true), [tenantId, ids!.path]);
    },
  },
  {
    name: 'GET /me',
    path: '/api/v1/me',
    token: committeeToken,
    sql: async (c) => {
      await principal(c, ids!.user1);
      await c.query('select id, username, display_name, phone from users where tenant_id = $1 and id = $2', [tenantId, ids!.user1]);
      await c.query('select id, slug, name, kind, time_zone from tenants where id = $1', [tenantId]);
    },
  },
];

const fmt = (n: number) => n.toFixed(1).padStart(8);
console.log(`\n${CONNECTIONS} connections, ${DURATION} s each\n`);
console.log('case                               │   HTTP req/s  p50 ms  p99 ms │     DB req/s  p50 ms  p99 ms │ HTTP/DB');
for (const c of cases) {
  const viaHttp = await http(c.path, c.token);
  const viaDb = await direct(c.sql);
  if (viaHttp.errors) console.warn(`  ${c.name}: ${viaHttp.errors} non-2xx or errors`);
  console.log(
    `${c.name.padEnd(34)} │ ${fmt(viaHttp.rps)}    ${fmt(viaHttp.p50)}${fmt(viaHttp.p99)} │ ${fmt(viaDb.rps)}    ${fmt(viaDb.p50)}${fmt(viaDb.p99)} │ ${(viaHttp.rps / viaDb.rps).toFixed(2)}`,
  );
}

const exited = once(server, 'exit');
process.kill(-server.pid!, 'SIGTERM');
await exited;
await cluster.stop();
