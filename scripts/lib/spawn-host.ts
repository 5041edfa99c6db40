import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from '../../test/support/pg-cluster.ts';

/**
 * `npm start`'s host on `dataDir`, on a free port, once /readyz answers. Node runs main.ts
 * itself (tsx as a loader, not the npx and tsx wrappers, which exit or kill on SIGTERM before the
 * host has closed PGlite), so waiting for this process is waiting for the data folder to be whole.
 */
export async function spawnHost(
  dataDir: string,
  options: {
    /** Settings over the embedded default's (e.g. DATABASE_URL for a configured PostgreSQL). */
    env?: Record<string, string>;
    /** Keep what the host logs to stderr in output() instead of printing it (a test that breaks its database on purpose). */
    quiet?: boolean;
  } = {},
): Promise<{ base: string; output(): string; alive(): boolean; stop(): Promise<void> }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/node/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', FIREGRID_DATA_DIR: dataDir, ...options.env },
    stdio: ['ignore', 'pipe', options.quiet ? 'pipe' : 'inherit'],
  });
  // What the host prints (the first start's demo logins among it), kept for whoever asks.
  let printed = '';
  for (const stream of [server.stdout, server.stderr]) {
    stream?.setEncoding('utf8').on('data', (chunk: string) => {
      printed += chunk;
    });
  }
  const exited = once(server, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  // Not ready in time, or gone: stop it (a hung host would outlive the test) and say what it printed.
  const fail = (why: string) => {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    return new Error(`${why}; it printed:\n${printed.slice(-4000)}`);
  };
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (server.exitCode !== null || server.signalCode !== null) throw fail('the Node host exited before it was ready');
    // The first start on an empty folder seeds the demo districts: minutes on a busy machine.
    if (i > 1200) throw fail('the Node host did not start within 10 minutes');
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    base,
    output: () => printed,
    alive: () => server.exitCode === null && server.signalCode === null,
    async stop() {
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
      const [code, signal] = await exited;
      // main.ts exits 0 only once PGlite and the local S3 server have closed.
      if (code !== 0) throw new Error(`the Node host did not stop cleanly (exit ${code ?? signal})`);
    },
  };
}

/** Where seedDataDir keeps what the host printed on its first start (the demo logins among it). */
const FIRST_START_LOG = 'first-start.log';

/**
 * Starts the host once on the empty folder `dataDir`, which seeds the demo districts, and stops
 * it. What the host printed is kept in the folder (firstStartLog), so a suite handed a copy of the
 * folder can still check what a first start tells its user.
 */
export async function seedDataDir(dataDir: string): Promise<void> {
  const host = await spawnHost(dataDir);
  await host.stop();
  await writeFile(join(dataDir, FIRST_START_LOG), host.output());
}

/** What the host printed when seedDataDir seeded `dataDir` (or the folder it was copied from). */
export function firstStartLog(dataDir: string): Promise<string> {
  return readFile(join(dataDir, FIRST_START_LOG), 'utf8');
}
