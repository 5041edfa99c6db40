import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnHost } from '../../scripts/lib/spawn-host.ts';
import { generateJwtKey } from '../../src/platform/config.ts';
import { APP_ROLE } from '../../src/platform/db/types.ts';
import { DEMO_PASSWORD } from '../../src/seed/demo.ts';
import { startTestS3, TEST_BUCKET } from '../support/local-s3.ts';
import { startPostgres } from '../support/pg-cluster.ts';
import { migratedDemoDatabase, withDb } from '../support/pg-database.ts';
import { startStallingProxy } from '../support/stalling-proxy.ts';

/**
 * The Node host on a configured PostgreSQL (`DATABASE_URL`), its database failing under a stream
 * of writes: stopped (immediate and fast), restarted, its connections killed, the network to it
 * stalled (a relay that holds every byte; the host's timeouts are set short for it). The host must live
 * through all of it, answer 503 with Retry-After meanwhile, come back by itself, and leave every
 * write either whole or absent: each report retried with its Idempotency-Key once the database is
 * back is created exactly once.
 *
 * Its own cluster (the API suites share theirs and cannot lose it), so it runs on the PGlite
 * project's schedule; with no PostgreSQL binaries here it is skipped (which CI does not allow).
 */
const cluster = await startPostgres({ durableCommits: true });
const outage = 'skipped' in cluster ? undefined : cluster.outage;

const WRITERS = 3;
/** The host's timeouts for a connection and for a statement's answer, short enough for a stall test. */
const DB_TIMEOUT_MS = 2_000;
let proxy: Awaited<ReturnType<typeof startStallingProxy>> | undefined;
let host: Awaited<ReturnType<typeof spawnHost>>;
let adminUrl: string;
let token: string;
let body: { categoryId: string; orgUnitId: string; severity: string };
let closeS3 = async () => {};
const dataDir = mkdtempSync(join(tmpdir(), 'firegrid-faults-'));

beforeAll(async () => {
  if ('skipped' in cluster) return;
  const { appUrl } = await migratedDemoDatabase(cluster.url, 'firegrid_faults');
  // The host reaches its database through a relay that can stall (the network-stall scenario).
  proxy = await startStallingProxy({ host: cluster.host, port: cluster.port });
  adminUrl = withDb(cluster.url, 'firegrid_faults');
  const s3 = await startTestS3();
  closeS3 = s3.close;
  host = await spawnHost(dataDir, {
    quiet: true,
    env: {
      DATABASE_URL: viaProxy(appUrl, proxy.port),
      DATABASE_CONNECT_TIMEOUT_MS: String(DB_TIMEOUT_MS),
      DATABASE_QUERY_TIMEOUT_MS: String(DB_TIMEOUT_MS),
      JWT_KEYS: JSON.stringify([generateJwtKey('faults')]),
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: TEST_BUCKET,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
    },
  });
  const signedIn = await fetch(`${host.base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'demo-a', username: 'committee_admin', password: DEMO_PASSWORD }),
  });
  token = ((await signedIn.json()) as { accessToken: string }).accessToken;
  const [where] = await asAdmin<{ tenant: string; unit: string }>(
    `select t.id as tenant, o.id as unit from tenants t join org_units o on o.tenant_id = t.id
     where t.slug = 'demo-a' and o.kind = 'community' order by o.path limit 1`,
  );
  const { tenant, unit } = where!;
  const [category] = await asAdmin<{ id: string }>(
    `insert into hazard_categories (tenant_id, code, name) values ($1, 'faults', '消防通道堵塞')
     on conflict (tenant_id, code) do update set name = excluded.name returning id`,
    [tenant],
  );
  body = { categoryId: category!.id, orgUnitId: unit, severity: 'general' };
}, 180_000);

afterAll(async () => {
  try {
    if (host?.alive()) await host.stop();
  } finally {
    await closeS3();
    await proxy?.close();
    if (!('skipped' in cluster)) await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

/**
 * A superuser query on a connection of its own: one held open across a test would die with the
 * server (and an unheard 'error' event on it would take this process down, the very bug under test).
 */
async function asAdmin<T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** The same database URL through the relay. */
function viaProxy(url: string, port: number): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(port);
  return u.toString();
}

interface Attempt {
  key: string;
  description: string;
  status: number;
  id?: string;
  code?: string;
  retryAfter?: string | null;
  requestId?: string | null;
  /** The fault had happened when this request was sent. */
  duringFault: boolean;
}

/** POST /hazards once; no answer (the host gone, or silent for a minute) is status 0. */
async function report(key: string, description: string): Promise<Omit<Attempt, 'duringFault'>> {
  try {
    const res = await fetch(`${host.base}/api/v1/hazards`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ ...body, description }),
      // No answer within a minute is a failure of its own (status 0), not a hang of the whole file.
      signal: AbortSignal.timeout(60_000),
    });
    const answer = (await res.json()) as { id?: string; code?: string };
    return {
      key,
      description,
      status: res.status,
      id: answer.id,
      code: answer.code,
      retryAfter: res.headers.get('retry-after'),
      requestId: res.headers.get('x-request-id'),
    };
  } catch {
    return { key, description, status: 0 };
  }
}

/**
 * Writers reporting hazards back to back, until stopped. `faulted` marks the requests sent after
 * the fault began, so the test can ask for 503s among them.
 */
function writeContinuously(scenario: string) {
  const attempts: Attempt[] = [];
  let stopped = false;
  let faulted = false;
  let n = 0;
  const writer = async () => {
    while (!stopped) {
      const i = n++;
      const duringFault = faulted;
      const attempt = { ...(await report(`${scenario}-${i}-key`, `${scenario} 第${i}条 楼道堆物`)), duringFault };
      attempts.push(attempt);
      // As a client told Retry-After would, if more eagerly: thousands of refused reports while the
      // server replays its log would each be retried below.
      if (attempt.status === 503) await new Promise((r) => setTimeout(r, 25));
    }
  };
  const running = Promise.all(Array.from({ length: WRITERS }, writer));
  return {
    attempts,
    fault: () => {
      faulted = true;
    },
    stop: async () => {
      stopped = true;
      await running;
    },
  };
}

/** Polls `condition` (the writers drive it forward) until it holds; the limit only stops a hang. */
async function until(what: string, condition: () => boolean | Promise<boolean>, limitMs = 120_000) {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (!host.alive()) throw new Error(`the host exited while waiting for ${what}`);
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function readiness(): Promise<number> {
  return (await fetch(`${host.base}/readyz`)).status;
}

/**
 * One fault under writes: `fault` breaks the database, `recover` (if any) mends it. Checks the
 * host's answers meanwhile and afterwards, then that every write is whole and happened once.
 */
async function underWrites(
  scenario: string,
  fault: () => Promise<void>,
  recover: () => Promise<void>,
  expectOutage: boolean,
  /** Some report answered 503 must have been committed after all (its COMMIT was held, then landed). */
  expectLateCommit = false,
) {
  const writes = writeContinuously(scenario);
  const created = () => writes.attempts.filter((a) => a.status === 201).length;
  let recovered = false;
  try {
    await until('reports before the fault', () => created() >= 6);
    writes.fault();
    await fault();
    if (expectOutage) {
      await until('503s while the database is down', () => writes.attempts.filter((a) => a.duringFault && a.status === 503).length >= 3);
      expect(await readiness()).toBe(503);
    }
    const before = created();
    await recover();
    recovered = true;
    await until('reports once the database is back', () => created() >= before + 6);
    expect(await readiness()).toBe(200);
  } finally {
    await writes.stop();
    // A scenario that failed mid-outage must not leave the next one a stopped server.
    if (!recovered) await recover().catch(() => {});
  }
  expect(host.alive()).toBe(true);

  // Every answer was a 201 or a 503 that says when to retry: no 500, no dropped connection.
  for (const a of writes.attempts) {
    if (a.status === 201) continue;
    expect({ status: a.status, code: a.code, retryAfter: a.retryAfter }, `${a.key} (request ${a.requestId})`).toEqual({
      status: 503,
      code: 'unavailable',
      retryAfter: expect.stringMatching(/^\d+$/),
    });
  }
  // Retried with their keys, the refused reports are created now, and the answered ones are
  // replayed, not created again: one hazard per report, each with its whole first event.
  // Reports answered 503 that exist already, before any retry: their COMMIT landed late.
  const [late] = await asAdmin<{ n: number }>('select count(*)::int as n from hazards where description = any($1::text[])', [
    writes.attempts.filter((a) => a.status !== 201).map((a) => a.description),
  ]);
  const landedAfter503 = late!.n;
  const ids = new Set<string>();
  for (const a of writes.attempts) {
    const again = await report(a.key, a.description);
    expect(again.status, a.key).toBe(201);
    if (a.status === 201) expect(again.id, a.key).toBe(a.id);
    ids.add(again.id!);
  }
  expect(ids.size).toBe(writes.attempts.length);
  if (expectLateCommit) expect(landedAfter503, 'a report answered 503 whose COMMIT landed later').toBeGreaterThan(0);
  const counted = await asAdmin<{ hazards: number; whole: number }>(
    `select count(*)::int as hazards,
            count(*) filter (where exists (select 1 from timeline_events e where e.subject_type = 'hazard'
                                           and e.subject_id = h.id and e.seq = 1 and e.hash = h.chain_head))::int as whole
     from hazards h where h.description like $1`,
    [`${scenario} 第%`],
  );
  expect(counted).toEqual([{ hazards: ids.size, whole: ids.size }]);
}

describe.skipIf(!outage)('the Node host when its PostgreSQL fails', () => {
  it('lives through an immediate stop under writes: 503 meanwhile, back by itself, nothing half-written', {
    timeout: 300_000,
  }, async () => {
    await underWrites(
      'immediate',
      () => outage!.halt('immediate'),
      () => outage!.restart(),
      true,
    );
  });

  it('lives through a fast (polite) stop the same way', { timeout: 300_000 }, async () => {
    await underWrites(
      'fast',
      () => outage!.halt('fast'),
      () => outage!.restart(),
      true,
    );
  });

  it('gives up on a network stalled at a COMMIT after its timeouts (503), comes back when it flows, and the retry replays the late commit', {
    timeout: 300_000,
  }, async () => {
    await underWrites(
      'stalled',
      // At a COMMIT: the host gives up on it (503), and it lands once the network flows again.
      async () => {
        proxy!.stallAtCommit();
        await until('the stall at a COMMIT', () => proxy!.stalled());
      },
      async () => proxy!.resume(),
      true,
      true,
    );
  });

  it('lives through its connections being killed (pg_terminate_backend) with the server up', { timeout: 300_000 }, async () => {
    await underWrites(
      'terminated',
      async () => {
        // Until a kill finds a connection in the middle of a request (the case that took the host
        // down), not only idle ones in the pool; the writers keep three requests going.
        await until('a connection killed while it served a request', async () => {
          const [killed] = await asAdmin<{ busy: number }>(
            `select count(*) filter (where state <> 'idle')::int as busy, count(pg_terminate_backend(pid)) as n
             from pg_stat_activity where usename = $1`,
            [APP_ROLE],
          );
          return killed!.busy > 0;
        });
      },
      async () => {},
      false,
    );
  });
});
