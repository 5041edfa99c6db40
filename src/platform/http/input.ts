import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.ts';
import { isStorable } from '../text.ts';
import type { AppEnv } from './env.ts';

/**
 * The gate every route's input passes before validation, so that no string the database cannot
 * store faithfully gets as far as a write (the change or its audit row):
 * - path parameters and query values: no NUL character (PostgreSQL text cannot hold one);
 * - a JSON body: `Content-Type: application/json` (or `+json`) with no charset or charset=utf-8
 *   (415 otherwise), bytes that are valid UTF-8 (400 invalid_encoding, rather than decoding
 *   them into replacement characters), valid JSON (400 invalid_json) nested at most MAX_JSON_DEPTH
 *   deep (400 json_too_deep), and no string or key that cannot be stored (400 invalid_characters,
 *   see platform/text.ts).
 * The decoded text is handed on to Hono's validator, and the parsed value to idempotency.
 */
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });
/** Deeper than any body of the API (the deepest nests four levels); a guard for the walks below. */
export const MAX_JSON_DEPTH = 32;

export type BodyDefect = { kind: 'too_deep' } | { kind: 'unstorable'; path: string };

/**
 * The first thing wrong with a parsed body: nested deeper than MAX_JSON_DEPTH, or a string (or key)
 * that cannot be stored, with its path. Iterative, so a hostile body cannot exhaust the stack.
 */
export function bodyDefect(value: unknown): BodyDefect | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length) {
    const { value: at, path, depth } = stack.pop()!;
    if (typeof at === 'string') {
      if (!isStorable(at)) return { kind: 'unstorable', path: path || '(body)' };
      continue;
    }
    if (at === null || typeof at !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return { kind: 'too_deep' };
    const entries = Object.entries(at);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      const childPath = path ? `${path}.${key}` : key;
      if (!isStorable(key)) return { kind: 'unstorable', path: childPath };
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return null;
}

function acceptsJson(contentType: string): boolean {
  const [essence = '', ...params] = contentType.split(';').map((p) => p.trim());
  if (!JSON_MEDIA_TYPE.test(essence)) return false;
  for (const param of params) {
    const [name = '', value = ''] = param.split('=').map((p) => p.trim());
    if (name.toLowerCase() === 'charset' && value.replace(/^"|"$/g, '').toLowerCase() !== 'utf-8') return false;
  }
  return true;
}

export function inputGate(takesJsonBody: boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    for (const [name, value] of Object.entries(c.req.param() as Record<string, string>)) {
      if (!isStorable(value)) throw new ApiError('invalid_characters', { params: { field: name }, field: name });
    }
    for (const [name, values] of Object.entries(c.req.queries())) {
      if (!isStorable(name) || values.some((v) => !isStorable(v))) {
        throw new ApiError('invalid_characters', { params: { field: `query.${name}` }, field: `query.${name}` });
      }
    }
    const contentType = c.req.header('content-type');
    if (takesJsonBody && contentType !== undefined) {
      if (!acceptsJson(contentType)) throw new ApiError('unsupported_media_type');
      // Reading may fail with the body limit's own error: let that through to its 413.
      const bytes = await c.req.arrayBuffer();
      let text: string;
      try {
        text = STRICT_UTF8.decode(bytes);
      } catch {
        throw new ApiError('invalid_encoding');
      }
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new ApiError('invalid_json');
      }
      const defect = bodyDefect(body);
      if (defect?.kind === 'too_deep') throw new ApiError('json_too_deep', { params: { maxDepth: MAX_JSON_DEPTH } });
      if (defect) throw new ApiError('invalid_characters', { params: { field: defect.path }, field: defect.path });
      // Hono's json() reads the cached text: the validator parses exactly what was checked.
      // (BodyCache is typed as Body's methods; at run time it holds their promises.)
      (c.req.bodyCache as Record<string, unknown>).text = Promise.resolve(text);
      c.set('body', body);
    }
    await next();
  };
}
