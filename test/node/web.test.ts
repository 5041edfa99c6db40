import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { compressed, parseHeaderRules, serveSpa } from '../../src/node/web.ts';

/**
 * The Node host's static files and compression (src/node/web.ts) on a small built folder of
 * its own, with the repo's real _headers: the cache rules Workers apply in production.
 */
const dist = mkdtempSync(join(tmpdir(), 'firegrid-web-'));
afterAll(() => rmSync(dist, { recursive: true, force: true }));

const script = `console.log(${JSON.stringify('隐患'.repeat(2000))});`;
const html = `<!doctype html><html lang="zh-CN"><title>firegrid</title>${'<p>页面</p>'.repeat(300)}</html>`;
mkdirSync(join(dist, 'assets'));
writeFileSync(join(dist, 'assets/index-Ab12Cd34.js'), script);
writeFileSync(join(dist, 'assets/index-Ab12Cd34.js.br'), brotliCompressSync(script));
writeFileSync(join(dist, 'assets/index-Ab12Cd34.js.gz'), gzipSync(script));
writeFileSync(join(dist, 'index.html'), html);
writeFileSync(join(dist, 'index.html.gz'), gzipSync(html));
writeFileSync(join(dist, '_headers'), readFileSync('web/public/_headers'));
writeFileSync(join(dist, '.assetsignore'), readFileSync('web/public/.assetsignore'));

function host() {
  const app = new Hono();
  app.get('/api/v1/big', (c) => c.json({ items: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `场所${i}` })) }));
  app.get('/api/v1/small', (c) => c.json({ ok: true }));
  app.get('/api/v1/file', (c) =>
    c.body(new Uint8Array(4096), 200, { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
  );
  app.notFound((c) => c.json({ code: 'not_found' }, 404));
  serveSpa(app, dist);
  return compressed(app);
}
const app = host();
const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());

describe('the built SPA on the Node host', () => {
  it('serves a hashed asset precompressed, brotli first, cached for a year as immutable', async () => {
    const br = await app.request('/assets/index-Ab12Cd34.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.status).toBe(200);
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(br.headers.get('content-type')).toMatch(/javascript/);
    expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(await bytes(br)).toString()).toBe(script);

    const gz = await app.request('/assets/index-Ab12Cd34.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(await bytes(gz)).toString()).toBe(script);

    const plain = await app.request('/assets/index-Ab12Cd34.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect((await bytes(plain)).toString()).toBe(script);
  });

  it('revalidates index.html on every load, for its own path and every client-side route, and answers 304 when unchanged', async () => {
    for (const path of ['/', '/index.html', '/hazards', '/hazards/0d4f?state=reported']) {
      const res = await app.request(path, { headers: { 'accept-encoding': 'gzip' } });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('no-cache');
      expect(res.headers.get('content-type'), path).toMatch(/text\/html/);
      expect(gunzipSync(await bytes(res)).toString(), path).toBe(html);
    }
    const first = await app.request('/hazards');
    const tag = first.headers.get('etag');
    // From the file's size and time (and encoding), not a hash of its bytes.
    expect(tag).toMatch(/^W\/"\d+-[0-9a-z]+-identity"$/);
    const again = await app.request('/hazards', { headers: { 'if-none-match': tag! } });
    expect(again.status).toBe(304);
    expect(again.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers 404 for a hashed asset that is not there (a stale chunk), not a page of HTML', async () => {
    const res = await app.request('/assets/index-Zz99.js');
    expect(res.status).toBe(404);
    expect(res.headers.get('cache-control')).toBeNull();
  });

  it('never serves the platform files', async () => {
    mkdirSync(join(dist, '.vite'));
    writeFileSync(join(dist, '.vite/manifest.json'), '{}');
    for (const path of ['/_headers', '/.assetsignore', '/.vite/manifest.json']) expect((await app.request(path)).status, path).toBe(404);
  });
});

describe('compression of API answers', () => {
  it('gzips a JSON answer when the client accepts it, and the bytes are the same JSON', async () => {
    const res = await app.request('/api/v1/big', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const body = gunzipSync(await bytes(res));
    expect(JSON.parse(body.toString()).items).toHaveLength(200);
    const raw = await app.request('/api/v1/big');
    expect(raw.headers.get('content-encoding')).toBeNull();
    expect((await bytes(raw)).equals(body)).toBe(true);
  });

  it('leaves small answers and files that are compressed already as they are', async () => {
    const small = await app.request('/api/v1/small', { headers: { 'accept-encoding': 'gzip' } });
    expect(small.headers.get('content-encoding')).toBeNull();
    const file = await app.request('/api/v1/file', { headers: { 'accept-encoding': 'gzip' } });
    expect(file.headers.get('content-encoding')).toBeNull();
    expect((await bytes(file)).length).toBe(4096);
  });
});

describe('_headers', () => {
  it('parses the repo’s file to one rule: everything under /assets/ immutable', () => {
    expect(parseHeaderRules(readFileSync('web/public/_headers', 'utf8'))).toEqual([
      { path: '/assets/', prefix: true, headers: [['Cache-Control', 'public, max-age=31536000, immutable']] },
    ]);
  });

  it('refuses what the host would not apply the way Workers do', () => {
    expect(() => parseHeaderRules('/a/*/b\n  X-A: 1')).toThrow(/unsupported pattern/);
    expect(() => parseHeaderRules('  X-A: 1')).toThrow(/outside a rule/);
  });
});
