import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../scripts/lib/web-build.ts';
import { TEST_ENV } from '../support/config.ts';

/**
 * wrangler's own bundle of the worker (the file `npm run deploy` uploads), run in workerd: the
 * bundle differs from what the other suites run (zod aliased to its slim entry, names not kept;
 * see wrangler.toml), so it is started as built and asked for what needs zod and the OpenAPI
 * generator: the document, and validation messages in both languages. None of it needs the
 * database, so none is configured.
 */
const outdir = mkdtempSync(join(tmpdir(), 'firegrid-bundle-'));
let mf: Miniflare;

// wrangler bundles offline in a few seconds idle; workerd starts in about one.
beforeAll(async () => {
  ensureWebBuilt();
  const build = spawnSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir], {
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
  });
  expect(build.status, build.stderr).toBe(0);
  mf = new Miniflare(
    convertV4MiniflareOptions({
      modulesRoot: outdir,
      modules: [{ type: 'ESModule', path: join(outdir, 'worker.js'), contents: readFileSync(join(outdir, 'worker.js'), 'utf8') }],
      compatibilityDate: '2026-11-01',
      compatibilityFlags: ['nodejs_compat'],
      bindings: { ...TEST_ENV, DATABASE_URL: 'postgres://firegrid_app:unused@127.0.0.1:1/firegrid' },
    }),
  );
  await mf.ready;
}, 180_000);
afterAll(async () => {
  await mf?.dispose();
  rmSync(outdir, { recursive: true, force: true });
});

describe('the deployed bundle, in workerd', () => {
  it('is up', async () => {
    const res = await mf.dispatchFetch('http://firegrid.test/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('serves the OpenAPI document the tests check against, with every operation', async () => {
    const res = await mf.dispatchFetch('http://firegrid.test/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, object>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).length).toBeGreaterThan(80);
    expect(doc.components.schemas).toHaveProperty('ProblemValidationFailed');
  });

  it('says validation messages in Chinese by default and in English when asked (zod’s two locales made it in)', async () => {
    const send = (lang?: string) =>
      mf.dispatchFetch('http://firegrid.test/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(lang ? { 'accept-language': lang } : {}) },
        body: JSON.stringify({ tenant: 'demo-a', username: 7, password: 'x' }),
      });
    const zh = (await (await send()).json()) as { code: string; errors: { path: string; code: string; message: string }[] };
    expect(zh.code).toBe('validation_failed');
    const zhField = zh.errors.find((e) => e.path === 'username');
    expect(zhField).toMatchObject({ code: 'invalid_type' });
    expect(zhField?.message).toMatch(/[\u3400-\u9fff]/);
    const en = (await (await send('en')).json()) as typeof zh;
    expect(en.errors.find((e) => e.path === 'username')?.message).toMatch(/^Invalid input: expected string, received number$/);
  });
});
