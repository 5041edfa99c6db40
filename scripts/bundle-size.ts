import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { firstLoad, readManifest } from './lib/spa-first-load.ts';
import { ensureWebBuilt } from './lib/web-build.ts';

/**
 * Bundles the worker offline (`wrangler deploy --dry-run`, wrangler's own bundle: the file a
 * deploy uploads) and checks the gzipped size wrangler itself reports against the budget.
 * Run through npm (`npm run bundle:size`) so wrangler gets Node 24.
 *
 * Budget history: 400 → 450 KiB (issue 5, 408 measured) → 385 KiB (issue 11: 378.6 measured).
 * Issue 11 cut zod's 62 unused locales and its schema compiler (src/platform/zod, −37 KiB) and
 * esbuild's keepNames wrappers (−10 KiB), and added the error catalog and input checks (+16 KiB).
 * What is left, gzipped: our own code ~165 KiB, the S3 SDK ~92 (only the four commands used are
 * imported; its shared schema and protocol core is most of it), zod ~50, Neon ~47, drizzle ~23,
 * hono, jose, zod-to-openapi and date-fns ~30. Workers accept 3 MiB gzipped on the free plan:
 * this is our guard on growth, not a platform limit.
 */
const LIMIT_KIB = 385;
const outdir = join(process.cwd(), 'dist', 'worker');
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };
ensureWebBuilt();
const output = execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir], {
  env,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
const match = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(output);
if (!match) {
  console.error(output);
  console.error('wrangler did not report the bundle size');
  process.exit(1);
}
const [raw, gz] = [Number(match[1]), Number(match[2])];
console.log(`worker bundle (wrangler): ${raw.toFixed(1)} KiB raw, ${gz.toFixed(1)} KiB gzipped; budget ${LIMIT_KIB} KiB gzipped`);
let over = false;
if (gz > LIMIT_KIB) {
  console.error(`worker bundle over budget: ${gz.toFixed(1)} KiB > ${LIMIT_KIB} KiB`);
  over = true;
}

/**
 * The SPA's first load (issue 12: ≤ 150 KB gzipped for login and my work), from Vite's manifest:
 * the entry's chunks plus the page's own. Before pages were split it was one 116 KiB chunk for
 * every page; English and the charts load only when used.
 */
const SPA_FIRST_LOAD_KIB = 150;
const dist = join(process.cwd(), 'web', 'dist');
const manifest = readManifest(dist);
const budgeted: [string, string | undefined][] = [
  ['login', undefined],
  ['my work', 'src/features/my-work/my-work.tsx'],
];
// The pages: what the route table (web/src/routes.tsx) imports when a page is first shown.
const pages = Object.values(manifest)
  .filter((c) => c.isDynamicEntry && c.src?.startsWith('src/features/'))
  .map((c) => c.src!)
  .sort();
for (const [name, src] of [...budgeted, ...pages.map((p): [string, string] => [p.replace(/^src\/features\/|\.tsx$/g, ''), p])]) {
  const load = firstLoad(dist, manifest, src);
  const kib = load.jsGzip / 1024;
  const limited = budgeted.some(([n]) => n === name);
  console.log(
    `spa first load ${name.padEnd(36)} ${kib.toFixed(1).padStart(6)} KiB js + ${(load.cssGzip / 1024).toFixed(1)} KiB css gzipped, ${load.files.length} files${limited ? `; budget ${SPA_FIRST_LOAD_KIB}` : ''}`,
  );
  if (limited && kib > SPA_FIRST_LOAD_KIB) {
    console.error(`spa first load of ${name} over budget: ${kib.toFixed(1)} KiB > ${SPA_FIRST_LOAD_KIB} KiB`);
    over = true;
  }
}
if (over) process.exit(1);
