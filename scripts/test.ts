import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `npm test`: every suite, in order, each saying why if it cannot run here. In CI (CI=true) a suite
 * that cannot run, or any skipped test, fails the run: nothing is silently left out.
 *
 *   spa, typecheck, lint, boundaries, openapi, bundle   the SPA's build, tsc, Biome, dependency-cruiser, Redocly, the worker's size
 *   unit + api   pure functions; the API through createApp on PGlite
 *   api-pg       the same API files on a throwaway PostgreSQL via the Neon driver + relay
 *   workerd      a smoke suite inside the Workers runtime, Neon driver, same PostgreSQL setup
 *   browser      the built SPA on the Node host, in Debian's chromium
 */
const strict = process.env.CI === 'true' || process.env.FIREGRID_REQUIRE_ALL === '1';
const reports = mkdtempSync(join(tmpdir(), 'firegrid-test-'));
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };

function postgresMissing(): string | null {
  if (process.env.FIREGRID_PG_URL) return null;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root) : [];
  return versions.some((v) => existsSync(join(root, v, 'bin', 'initdb')))
    ? null
    : `no PostgreSQL server binaries under ${root} (apt-get install postgresql) and FIREGRID_PG_URL unset`;
}

function chromiumMissing(): string | null {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  return existsSync(path) ? null : `no chromium at ${path} (apt-get install chromium)`;
}

interface Result {
  suite: string;
  passed: number;
  failed: number;
  skipped: number;
  seconds: number;
  ok: boolean;
  note?: string;
}
const results: Result[] = [];

function run(suite: string, args: string[], missing: string | null = null, before?: () => boolean, extraEnv: Record<string, string> = {}) {
  if (missing) {
    console.log(`\n■ ${suite}: SKIPPED — ${missing}`);
    results.push({ suite, passed: 0, failed: 0, skipped: 0, seconds: 0, ok: !strict, note: `skipped: ${missing}` });
    return;
  }
  if (before && !before()) {
    results.push({ suite, passed: 0, failed: 0, skipped: 0, seconds: 0, ok: false, note: 'preparation failed' });
    return;
  }
  console.log(`\n■ ${suite}`);
  const output = join(reports, `${suite}.json`);
  const started = Date.now();
  const child = spawnSync('npx', ['vitest', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${output}`], {
    stdio: 'inherit',
    env: { ...env, ...extraEnv },
  });
  const seconds = (Date.now() - started) / 1000;
  let counts = { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0, numTotalTests: 0 };
  if (existsSync(output)) counts = JSON.parse(readFileSync(output, 'utf8')) as typeof counts;
  const skipped = counts.numPendingTests + counts.numTodoTests;
  results.push({
    suite,
    passed: counts.numPassedTests,
    failed: counts.numFailedTests,
    skipped,
    seconds,
    ok: child.status === 0 && counts.numTotalTests > 0 && !(strict && skipped > 0),
    ...(counts.numTotalTests === 0 ? { note: 'ran no test' } : {}),
    ...(strict && skipped > 0 ? { note: 'tests were skipped (not allowed in CI)' } : {}),
  });
}

/**
 * The guardrails, before any test: types, format and lint, import boundaries, the OpenAPI
 * document's lint. Each is one command; a failure fails the run like a failed test.
 */
function check(suite: string, script: string) {
  console.log(`\n■ ${suite}`);
  const started = Date.now();
  const child = spawnSync('npm', ['run', '--silent', script], { stdio: 'inherit', env });
  const ok = child.status === 0;
  results.push({ suite, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0, seconds: (Date.now() - started) / 1000, ok });
}

/**
 * The demo districts' seeded data folder, prepared in the background from the start: the demo
 * seed is a minute or more of one core, and the checks below leave a core idle (measured: the
 * browser step's own seed took 88 s of its 287 s in CI). The embedded-default file (unit+api) and
 * the browser suites work on copies of it instead of seeding their own (the embedded file's seed
 * was 120 s of the unit+api step in CI). Resolves to the folder, or null if the seed failed (the
 * suites then seed for themselves and show why).
 */
function seedInBackground(): Promise<string | null> {
  const dir = mkdtempSync(join(tmpdir(), 'firegrid-seeded-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/browser/seed-folder.ts', dir], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  });
  const failed = (why: string) => {
    console.log(`\n(the background demo seed ${why}; the embedded-default file and the browser suites seed for themselves)`);
    rmSync(dir, { recursive: true, force: true });
    return null;
  };
  // once() rejects if the child could not start at all ('error'): that is a failed seed too.
  return once(child, 'exit').then(
    ([code]) => (code === 0 ? dir : failed(`exited ${code}`)),
    (error: unknown) => failed(`could not start (${String(error)})`),
  );
}

const pg = postgresMissing();
const chromium = chromiumMissing();
const seeding = seedInBackground();

// The SPA first: the worker's bundle (wrangler needs its assets), workerd and the browser use it.
check('spa', 'build:web');
check('typecheck', 'typecheck');
check('lint', 'lint');
check('boundaries', 'lint:deps');
check('openapi', 'lint:openapi');
check('bundle', 'bundle:size');

// Worker counts measured on the 2-core CI machines (vitest's default there is one worker):
// PGlite is CPU-bound in-process, so two; the PostgreSQL files mostly wait on the server, so three
// (api-pg 458 s → 220 s, unit+api 195 s → 133 s). The browser files run one at a time (see vitest.config.ts).
const seeded = await seeding;
const seededEnv: Record<string, string> = seeded ? { FIREGRID_SEEDED_DIR: seeded } : {};
run('unit+api', ['--project', 'unit', '--project', 'api', '--maxWorkers', '2'], null, undefined, seededEnv);
run('api-pg', ['--project', 'api-pg', '--maxWorkers', '3'], pg);
run('workerd', ['--config', 'vitest.workerd.config.ts'], pg, spaBuilt);
run('browser', ['--project', 'browser'], chromium, spaBuilt, seededEnv);
if (seeded) rmSync(seeded, { recursive: true, force: true });

/** The SPA the first step built (a failed build is already a failed step). */
function spaBuilt(): boolean {
  return existsSync('web/dist/index.html');
}

console.log('\nsuite      passed failed skipped  seconds  note');
for (const r of results) {
  console.log(
    `${r.suite.padEnd(10)} ${String(r.passed).padStart(6)} ${String(r.failed).padStart(6)} ${String(r.skipped).padStart(7)} ${r.seconds.toFixed(1).padStart(8)}  ${r.ok ? '' : 'FAILED '}${r.note ?? ''}`,
  );
}
const sum = (k: 'passed' | 'failed' | 'skipped') => results.reduce((n, r) => n + r[k], 0);
console.log(`\n${sum('passed')} passed, ${sum('failed')} failed, ${sum('skipped')} skipped`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
