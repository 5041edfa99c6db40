import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Bundles the worker offline (`wrangler deploy --dry-run`) and prints its gzipped size; fails
 * above the budget. Run through npm (`npm run bundle:size`) so wrangler gets Node 24.
 */
// Raised from 400 with issue 5 (408 KiB measured): Workers accept 3 MiB gz on the free plan, so
// this is our own guard on growth, not a platform limit. The biggest avoidable item is zod's 62
// unused locales (257 KiB raw), dragged in by @hono/zod-openapi's `import { z } from 'zod'`.
const LIMIT_KIB = 450;
const outdir = join(process.cwd(), 'dist', 'worker');
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };
execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir], { stdio: ['ignore', 'ignore', 'inherit'], env });
const files = readdirSync(outdir).filter((f) => /\.(m?js|wasm)$/.test(f) && statSync(join(outdir, f)).isFile());
let raw = 0;
let gz = 0;
for (const f of files) {
  const bytes = readFileSync(join(outdir, f));
  raw += bytes.length;
  gz += gzipSync(bytes, { level: 9 }).length;
}
const kib = (n: number) => (n / 1024).toFixed(1);
console.log(`worker bundle: ${kib(raw)} KiB raw, ${kib(gz)} KiB gzipped (${files.join(', ')}); budget ${LIMIT_KIB} KiB gzipped`);
if (gz / 1024 > LIMIT_KIB) {
  console.error(`worker bundle over budget: ${kib(gz)} KiB > ${LIMIT_KIB} KiB`);
  process.exit(1);
}
