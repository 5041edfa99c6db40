import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from '../../test/support/pg-cluster.ts';

/**
 * `npm start`'s host on `dataDir`, on a free port, once /readyz answers. Node runs main.ts
 * itself (tsx as a loader, not the npx and tsx wrappers, which exit or kill on SIGTERM before the
 * host has closed PGlite), so waiting for this process is waiting for the data folder to be whole.
 */
export async function spawnHost(dataDir: string): Promise<{ base: string; stop(): Promise<void> }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/node/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', FIREGRID_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  server.stdout!.resume();
  const exited = once(server, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (server.exitCode !== null || server.signalCode !== null) throw new Error('the Node host exited before it was ready');
    // The first start on an empty folder seeds the demo districts: minutes on a busy machine.
    if (i > 1200) throw new Error('the Node host did not start');
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    base,
    async stop() {
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGTERM');
      const [code, signal] = await exited;
      // main.ts exits 0 only once PGlite and the local S3 server have closed.
      if (code !== 0) throw new Error(`the Node host did not stop cleanly (exit ${code ?? signal})`);
    },
  };
}

/** Starts the host once on the empty folder `dataDir`, which seeds the demo districts, and stops it. */
export async function seedDataDir(dataDir: string): Promise<void> {
  await (await spawnHost(dataDir)).stop();
}
