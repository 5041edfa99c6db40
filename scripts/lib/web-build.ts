import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Builds the SPA when web/dist is missing (a fresh clone) or older than its manifest (the size
 * check reads it): wrangler refuses to bundle the worker without its assets directory
 * (wrangler.toml [assets]), even for a dry run.
 */
export function ensureWebBuilt(): void {
  if (existsSync('web/dist/index.html') && existsSync('web/dist/.vite/manifest.json')) return;
  const build = spawnSync('npm', ['run', '--silent', 'build:web'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build:web failed');
}
