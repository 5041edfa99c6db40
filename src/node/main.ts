import { createServer } from 'node:http';
import { join, relative } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { createApp } from '../app.ts';
import { parseConfig } from '../platform/config.ts';
import { nodePostgresProvider } from '../platform/db/node-postgres.ts';
import type { DatabaseProvider } from '../platform/db/types.ts';
import { runScheduledJobs } from '../scheduled.ts';
import { nodeDeps } from './deps.ts';
import { startEmbedded } from './embedded.ts';
import { guardBodies } from './oversize.ts';
import { compressed, serveSpa } from './web.ts';

/**
 * The Node host. Without DATABASE_URL it runs the embedded default (PGlite + local S3, demo data);
 * with DATABASE_URL it serves that PostgreSQL (logging in as the app role) and the configured S3,
 * and never seeds. Either way: the same createApp as on Workers, plus the built SPA.
 */
const log = (line: string) => console.log(line);

/** A whole number of milliseconds from the environment, or undefined (the provider's default). */
function optionalMs(name: string): number | undefined {
  const text = process.env[name];
  if (!text) return undefined;
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms < 100)
    throw new Error(`${name} must be a whole number of milliseconds (at least 100), not ${JSON.stringify(text)}`);
  return ms;
}
const port = Number(process.env.PORT ?? 8787);
const webDist = join(import.meta.dirname, '../../web/dist');

let provider: DatabaseProvider;
let env: Record<string, string | undefined> = process.env;
let shutdown: () => Promise<void> = async () => {};

if (process.env.DATABASE_URL) {
  const pg = nodePostgresProvider(process.env.DATABASE_URL, {
    switchToRole: process.env.DATABASE_SWITCH_ROLE ?? null,
    connectTimeoutMs: optionalMs('DATABASE_CONNECT_TIMEOUT_MS'),
    queryTimeoutMs: optionalMs('DATABASE_QUERY_TIMEOUT_MS'),
  });
  provider = pg;
  shutdown = () => pg.pool.end();
  log('firegrid: using the configured PostgreSQL (DATABASE_URL); no demo data is written');
} else {
  const dataDir = process.env.FIREGRID_DATA_DIR ?? join(process.cwd(), '.data');
  const embedded = await startEmbedded(dataDir, log);
  provider = embedded.provider;
  env = { ...embedded.env, ...process.env };
  shutdown = embedded.close;
  log(`firegrid: embedded default, data in ${relative(process.cwd(), dataDir) || dataDir}`);
}

const deps = nodeDeps(parseConfig(env), provider);
const app = createApp(deps);
serveSpa(app, webDist);

// The host's own listener in front of Hono's: bodies it answers itself (oversize.ts).
const server = createServer();
server.on('request', guardBodies(server, deps.limits.bodyBytes, getRequestListener(compressed(app).fetch)));
server.listen(port, process.env.HOST ?? '0.0.0.0', () => {
  log(`firegrid 已启动 / listening on http://localhost:${port}`);
});

// The Node host's stand-in for the Workers cron trigger (every 5 minutes, and once at start).
const SCHEDULE_MS = Number(process.env.FIREGRID_SCHEDULE_MS ?? 5 * 60_000);
const tick = () => void runScheduledJobs(deps, new Date()).catch((error) => deps.logError('scheduled jobs failed', error));
const timer = setInterval(tick, SCHEDULE_MS);
timer.unref();
setTimeout(tick, 5_000).unref();

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    clearInterval(timer);
    // Exit 0 only once the database and the local S3 server have closed: a copy of the data
    // folder (the browser suites make one) is whole only then.
    server.close(
      () =>
        void shutdown().then(
          () => process.exit(0),
          (error) => {
            console.error('firegrid: shutdown failed', error);
            process.exit(1);
          },
        ),
    );
  });
}
