/**
 * Throwaway PostgreSQL cluster for tests (Node only).
 *
 * - `FIREGRID_PG_URL` set: use that server as is (stop() does nothing).
 * - Otherwise: initdb a fresh cluster from the highest /usr/lib/postgresql/<v>/bin,
 *   owned by the `postgres` user when we run as root (initdb refuses root),
 *   listening on 127.0.0.1:<free port>, SCRAM for TCP, trust on the private socket.
 * - No binaries: `{ skipped: reason }` so callers can skip instead of failing.
 */
import { execFile as execFileCb, execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { access, appendFile, chmod, chown, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFile = promisify(execFileCb);

export type PgCluster = {
  url: string;
  host: string;
  port: number;
  stop(): Promise<void>;
  /**
   * Only on a cluster of our own (not FIREGRID_PG_URL): stops the server the way an outage does
   * (`immediate`: no shutdown checkpoint, every connection cut; `fast`: connections told and
   * closed), keeping its data, and starts it again on the same port.
   */
  outage?: { halt(mode: 'immediate' | 'fast'): Promise<void>; restart(): Promise<void> };
};
export type PgSkipped = { skipped: string };

const PG_ROOT = '/usr/lib/postgresql';

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Highest installed major version that has initdb, or undefined. */
async function findBinDir(): Promise<string | undefined> {
  let versions: string[];
  try {
    versions = await readdir(PG_ROOT);
  } catch {
    return undefined;
  }
  const sorted = versions.filter((v) => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const v of sorted) {
    const bin = join(PG_ROOT, v, 'bin');
    if ((await exists(join(bin, 'initdb'))) && (await exists(join(bin, 'pg_ctl')))) return bin;
  }
  return undefined;
}

/** Ask the kernel for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

type Runner = { uid?: number; gid?: number; prefix: string[] };

/** How to run the PostgreSQL binaries: as `postgres` when we are root, else as ourselves. */
async function resolveRunner(): Promise<Runner | PgSkipped> {
  const uid = process.getuid?.() ?? -1;
  if (uid !== 0) return { prefix: [] };
  try {
    const { stdout: u } = await execFile('id', ['-u', 'postgres']);
    const { stdout: g } = await execFile('id', ['-g', 'postgres']);
    await access('/usr/sbin/runuser').catch(() => access('/sbin/runuser'));
    return { uid: Number(u.trim()), gid: Number(g.trim()), prefix: ['runuser', '-u', 'postgres', '--'] };
  } catch {
    return { skipped: 'running as root but there is no `postgres` user (or no runuser) to own the test cluster' };
  }
}

async function run(runner: Runner, cmd: string, args: string[], env?: NodeJS.ProcessEnv) {
  const [file, ...rest] = runner.prefix.length ? [...runner.prefix, cmd, ...args] : [cmd, ...args];
  // cwd: runuser keeps the cwd, which may be unreadable for `postgres` (e.g. /root).
  return execFile(file!, rest, { env: { ...process.env, LC_ALL: 'C', ...env }, cwd: '/', maxBuffer: 16 << 20 });
}

export interface ClusterOptions {
  /**
   * Roles that connect over TCP without the SCRAM handshake. The Neon driver opens a connection
   * per request (as on Workers), and its SCRAM exchange (4,096 PBKDF2 rounds on each side) was
   * more than half of the API suites' time on PostgreSQL. The handshake is not what they test
   * (roles, RLS and SQL are), and the workerd smoke suite keeps it for every role.
   */
  trustRoles?: readonly string[];
  /**
   * Commits acknowledged only once in the WAL on disk (synchronous_commit on). The suites run
   * with it off, for speed: an immediate stop then loses the last acknowledged commits, which
   * a test of outages must not mistake for the app losing them.
   */
  durableCommits?: boolean;
}

export async function startPostgres(options: ClusterOptions = {}): Promise<PgCluster | PgSkipped> {
  const external = process.env.FIREGRID_PG_URL;
  if (external) {
    const u = new URL(external);
    return { url: external, host: u.hostname, port: Number(u.port || 5432), stop: async () => {} };
  }

  const bin = await findBinDir();
  if (!bin) return { skipped: `no PostgreSQL server binaries (initdb, pg_ctl) under ${PG_ROOT}/*/bin and FIREGRID_PG_URL is not set` };

  const runner = await resolveRunner();
  if ('skipped' in runner) return runner;

  const dir = await mkdtemp(join(tmpdir(), 'firegrid-pg-'));
  const data = join(dir, 'data');
  const sock = join(dir, 'sock');
  const pwfile = join(dir, 'pwfile');
  const cleanup = () => rm(dir, { recursive: true, force: true });

  try {
    await writeFile(pwfile, 'postgres\n', { mode: 0o600 });
    if (runner.uid !== undefined) {
      await chown(dir, runner.uid, runner.gid!);
      await chown(pwfile, runner.uid, runner.gid!);
    }
    await chmod(dir, 0o700);

    await run(runner, join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      `--pwfile=${pwfile}`,
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      '--encoding=UTF8',
      '--no-locale',
      '--no-sync',
    ]);
    await run(runner, 'mkdir', ['-m', '700', sock]);
    if (options.trustRoles?.length) {
      // pg_hba.conf: the first matching line wins, so these go before initdb's own.
      const hba = join(data, 'pg_hba.conf');
      const trusted = options.trustRoles.map((role) => `host all ${role} 127.0.0.1/32 trust`).join('\n');
      await writeFile(hba, `${trusted}\n${await readFile(hba, 'utf8')}`);
    }

    const port = await freePort();
    // Settings go into postgresql.conf (not `pg_ctl -o`, which pg_ctl hands to /bin/sh).
    await appendFile(
      join(data, 'postgresql.conf'),
      [
        '',
        '# firegrid test cluster',
        "listen_addresses = '127.0.0.1'",
        `port = ${port}`,
        `unix_socket_directories = '${sock.replaceAll("'", "''")}'`,
        'fsync = off',
        ...(options.durableCommits ? [] : ['synchronous_commit = off']),
        'full_page_writes = off',
        'max_connections = 200',
        '',
      ].join('\n'),
    );
    const start = () => run(runner, join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
    await start();

    const host = '127.0.0.1';
    let stopped = false;
    let running = true;
    // Safety net: if the process exits without stop() (crash, failed globalSetup, Ctrl-C),
    // do not leave a postmaster running.
    const onExit = () => {
      if (stopped) return;
      stopped = true;
      const [file, ...rest] = [...runner.prefix, join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop'];
      try {
        execFileSync(file!, rest, { stdio: 'ignore', cwd: '/' });
      } catch {}
      rmSync(dir, { recursive: true, force: true });
    };
    process.once('exit', onExit);
    return {
      url: `postgres://postgres:postgres@${host}:${port}/postgres`,
      host,
      port,
      outage: {
        halt: async (mode) => {
          await run(runner, join(bin, 'pg_ctl'), ['-D', data, '-m', mode, '-w', 'stop']);
          running = false;
        },
        restart: async () => {
          // Before the wait: a start that times out may still leave a server stop() must end.
          running = true;
          await start();
        },
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        process.removeListener('exit', onExit);
        try {
          if (running) await run(runner, join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
        } finally {
          await cleanup();
        }
      },
    };
  } catch (err) {
    // Best effort: stop a half-started server, then drop the directory.
    await run(runner, join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']).catch(() => {});
    await cleanup();
    throw err;
  }
}
