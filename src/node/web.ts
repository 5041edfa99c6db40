import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { type Env, Hono, type MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';
import { etag } from 'hono/etag';

/**
 * The built SPA and the wire on the Node host, behaving as Workers serve them in production:
 * there, static assets come with the cache rules of `web/public/_headers` and ETags, and
 * Cloudflare's edge compresses what it sends. Here the host does both itself.
 */

/**
 * Files the platform reads and never serves: _headers (Workers read it, not serve it), and any
 * dotfile or dot-folder (.assetsignore, Vite's .vite/manifest.json), which Workers never receive.
 */
const notServed = (path: string) => path === '/_headers' || /(^|\/)\./.test(path);

/** What every file without a rule in _headers gets: the browser asks again each time (and gets 304). */
const REVALIDATE = 'no-cache';

interface HeaderRule {
  /** A path, or a prefix when the pattern ended in `*`. */
  path: string;
  prefix: boolean;
  headers: [string, string][];
}

/**
 * Reads a `_headers` file (Cloudflare's format: a URL pattern on its own line, then indented
 * `Name: value` lines), keeping the subset this app uses: exact paths and trailing `*`.
 */
export function parseHeaderRules(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const pattern = line.trim();
      if (pattern.includes('*') && !pattern.endsWith('*')) throw new Error(`_headers: unsupported pattern ${pattern}`);
      rules.push({ path: pattern.replace(/\*$/, ''), prefix: pattern.endsWith('*'), headers: [] });
      continue;
    }
    const rule = rules.at(-1);
    const colon = line.indexOf(':');
    if (!rule || colon < 0) throw new Error(`_headers: a header line outside a rule: ${line.trim()}`);
    rule.headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return rules;
}

/**
 * Serves `webDist` on `app` after its API routes: files as built (the precompressed .br/.gz copies
 * of scripts/compress-web.ts when the client accepts them), with the headers of `_headers`; any
 * other GET outside /api gets index.html (the SPA's routes are client-side), except a missing
 * hashed asset, which is a 404 rather than a page of HTML where a script was expected.
 */
export function serveSpa<E extends Env>(app: Hono<E>, webDist: string): void {
  const root = relative(process.cwd(), webDist);
  const headersFile = join(webDist, '_headers');
  const rules = existsSync(headersFile) ? parseHeaderRules(readFileSync(headersFile, 'utf8')) : [];
  const ruleOf = (path: string) => rules.find((r) => (r.prefix ? path.startsWith(r.path) : path === r.path));

  const withHeaders: MiddlewareHandler<E> = async (c, next) => {
    if (notServed(c.req.path)) return c.notFound();
    const rule = ruleOf(c.req.path);
    // Revalidated files answer 304 to a matching If-None-Match (hono's etag); ruled ones need not.
    // The validator comes from what the file system already says (size, time, encoding): hono's
    // default would hash every byte of every answer, 4 MB for the API reference's script.
    if (rule) await next();
    else
      await etag()(c, async () => {
        await next();
        const length = c.res.headers.get('content-length');
        const modified = Date.parse(c.res.headers.get('last-modified') ?? '');
        if (c.res.ok && length && Number.isFinite(modified)) {
          const encoding = c.res.headers.get('content-encoding') ?? 'identity';
          c.res.headers.set('ETag', `W/"${length}-${modified.toString(36)}-${encoding}"`);
        }
      });
    if (c.res.status !== 200 && c.res.status !== 304) return;
    if (rule) for (const [name, value] of rule.headers) c.res.headers.set(name, value);
    else c.res.headers.set('Cache-Control', REVALIDATE);
  };

  app.use('/*', async (c, next) => (c.req.path.startsWith('/api/') ? next() : withHeaders(c, next)));
  app.use('/*', serveStatic({ root, precompressed: true }));
  app.get('*', async (c, next) => {
    if (c.req.path.startsWith('/api/') || c.req.path.startsWith('/assets/')) return next();
    return serveStatic({ path: join(root, 'index.html'), precompressed: true })(c, next);
  });
}

/**
 * The host's handler: `app` behind gzip for what is compressible and not already compressed
 * (JSON answers, CSV exports, index.html without its .gz); XLSX and images pass as they are.
 * On Workers the edge compresses instead, so createApp itself never does.
 */
export function compressed(app: { fetch: (request: Request, env: unknown) => Response | Promise<Response> }): Hono {
  const outer = new Hono();
  outer.use(compress());
  outer.all('*', async (c) => {
    // The inner app gets the Node bindings (the socket, for the client address) as its env.
    const res = await app.fetch(c.req.raw, c.env);
    // JSON answers are built whole in memory: with their length known, those under compress's
    // threshold (1 KiB) go as they are. Streams (exports, files) keep streaming.
    if (!/^application\/(problem\+)?json\b/.test(res.headers.get('content-type') ?? '') || res.headers.has('content-length') || !res.body)
      return res;
    const body = await res.arrayBuffer();
    const headers = new Headers(res.headers);
    headers.set('content-length', String(body.byteLength));
    return new Response(body, { status: res.status, statusText: res.statusText, headers });
  });
  return outer;
}
