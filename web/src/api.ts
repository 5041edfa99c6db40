/**
 * The API client. The access token lives in memory only; the refresh token in localStorage so a
 * reload keeps the session. A 401 triggers one refresh (serialised across tabs, because the
 * server revokes a session whose refresh token is used twice) and one retry; if that fails the
 * session is dropped and the app goes back to the login page. Every request says the UI's
 * language (Accept-Language), so the server's titles, details and field messages come in it.
 */
import createClient from 'openapi-fetch';
import type { paths } from './api.generated.ts';
import type { FieldError, Page, Problem, ProblemCode, Tokens } from './api-types.ts';
import { getLang, t } from './i18n.ts';
import { problemText } from './problems.ts';

const BASE = '/api/v1';
const REFRESH_KEY = 'firegrid.refreshToken';

let accessToken: string | null = null;
let authLostHandler: (() => void) | null = null;

/** Any failed call: `problem` is the server's problem+json (or one made up for network errors). */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  /** Seconds from a Retry-After header (429, 503). */
  readonly retryAfter: number | null;

  constructor(problem: Problem, retryAfter: number | null = null) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  /** The problem's code: decide on this (and the params), never on the message. */
  get code(): Problem['code'] {
    return this.problem.code;
  }
}

/**
 * Whether `error` is a problem with one of these codes. The codes are checked against the API's
 * document (api.generated.ts), so a code that leaves the catalog fails the SPA's typecheck.
 */
export function hasCode(error: unknown, ...codes: ProblemCode[]): error is ApiError {
  return error instanceof ApiError && (codes as string[]).includes(error.code);
}

function localProblem(status: number, code: string, detail: string): Problem {
  return { type: `urn:firegrid:problem:${code}`, title: detail, status, detail, code, params: {}, requestId: '' };
}

/**
 * The text to show for any error thrown by this module (or anything else): for a problem, the
 * SPA's message for its code and params, else the server's detail (see problems.ts).
 */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return problemText(error.problem);
  if (error instanceof Error) return error.message;
  return String(error);
}

function readRefreshToken(): string | null {
  try {
    return localStorage.getItem(REFRESH_KEY);
  } catch {
    return null;
  }
}

function storeTokens(tokens: Tokens): void {
  accessToken = tokens.accessToken;
  try {
    localStorage.setItem(REFRESH_KEY, tokens.refreshToken);
  } catch {
    // storage unavailable: the session lasts as long as the page
  }
}

export function clearTokens(): void {
  accessToken = null;
  try {
    localStorage.removeItem(REFRESH_KEY);
  } catch {
    // ignore
  }
}

export function hasStoredSession(): boolean {
  return readRefreshToken() !== null;
}

/** Called (once per loss) when the session cannot be recovered. */
export function onAuthLost(handler: () => void): void {
  authLostHandler = handler;
}

/** The request as sent: the UI's language, JSON accepted, and the access token when there is one. */
function prepared(request: Request, auth: boolean): Request {
  const headers = new Headers(request.headers);
  headers.set('accept-language', getLang());
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  if (auth && accessToken) headers.set('authorization', `Bearer ${accessToken}`);
  return new Request(request, { headers });
}

async function send(request: Request, auth: boolean): Promise<Response> {
  try {
    return await fetch(prepared(request, auth));
  } catch (error) {
    // A request its caller cancelled is not a network failure: let the abort through.
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(localProblem(0, 'network', t('common.networkError')));
  }
}

/** A JSON request to the API (for the calls made before there is a session: login, refresh). */
function jsonRequest(method: string, path: string, body: unknown): Request {
  return new Request(BASE + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    credentials: 'omit',
  });
}

async function toError(res: Response): Promise<ApiError> {
  let problem: Problem | null = null;
  try {
    const body = (await res.json()) as Partial<Problem> | null;
    if (body && typeof body === 'object' && (body.detail || body.title)) {
      problem = {
        type: body.type ?? 'about:blank',
        title: body.title ?? '',
        status: body.status ?? res.status,
        detail: body.detail ?? body.title ?? '',
        code: body.code ?? String(res.status),
        params: body.params && typeof body.params === 'object' ? body.params : {},
        requestId: body.requestId ?? '',
        ...(Array.isArray(body.errors) ? { errors: body.errors as FieldError[] } : {}),
      };
    }
  } catch {
    // not JSON
  }
  problem ??= localProblem(res.status, String(res.status), `${t('common.badResponse')} (HTTP ${res.status})`);
  const retryAfterHeader = res.headers.get('retry-after');
  const retryAfter = retryAfterHeader && /^\d+$/.test(retryAfterHeader) ? Number(retryAfterHeader) : null;
  return new ApiError(problem, retryAfter);
}

async function tokensOf(res: Response): Promise<Tokens> {
  try {
    return (await res.json()) as Tokens;
  } catch {
    throw new ApiError(localProblem(res.status, 'bad_response', t('common.badResponse')));
  }
}

let refreshing: Promise<boolean> | null = null;

async function doRefresh(): Promise<boolean> {
  const refreshToken = readRefreshToken();
  if (!refreshToken) return false;
  const res = await send(jsonRequest('POST', '/auth/refresh', { refreshToken }), false);
  if (res.ok) {
    storeTokens(await tokensOf(res));
    return true;
  }
  if (res.status === 401 || res.status === 400) {
    // Another tab may have rotated the token while we were asking: use its newer one once.
    const now = readRefreshToken();
    if (now && now !== refreshToken) return doRefresh();
    return false;
  }
  throw await toError(res);
}

/** One refresh at a time, in this tab (shared promise) and across tabs (Web Locks when there). */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const locks = (navigator as Navigator & { locks?: LockManager }).locks;
      return locks ? await locks.request('firegrid-refresh', doRefresh) : await doRefresh();
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

function sessionLost(): void {
  clearTokens();
  authLostHandler?.();
}

/**
 * The fetch of every authenticated call: after one refresh-and-retry on 401, a 2xx response, or
 * an ApiError thrown (so the typed client below only ever hands back a success's body).
 */
async function authedFetch(request: Request): Promise<Response> {
  const retry = request.clone();
  const tokenUsed = accessToken;
  let res = await send(request, true);
  if (res.status === 401) {
    // A parallel call may already have refreshed while this one was in flight.
    const refreshed = tokenUsed !== accessToken || (await refreshSession());
    if (!refreshed) {
      const error = await toError(res);
      sessionLost();
      throw error;
    }
    res = await send(retry, true);
    if (res.status === 401) {
      const error = await toError(res);
      sessionLost();
      throw error;
    }
  }
  if (!res.ok) throw await toError(res);
  return res;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

/** Builds `?a=b` from the non-empty entries (the server rejects unknown or empty parameters). */
export function qs(query: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== null && v !== undefined && v !== '') params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/**
 * The API, typed by the OpenAPI document: `client.GET('/hazards/{id}', { params: { path: { id } } })`.
 * Paths, parameters, bodies and answers all come from api.generated.ts, so a call the API does not
 * have, or a field it does not send, fails the typecheck. Wrap a call in `ok()` for its body.
 */
// JSON answers only: the few that may also be a file (an XLSX bulletin) are fetched by download().
export const client = createClient<paths, 'application/json'>({
  baseUrl: BASE,
  fetch: authedFetch,
  credentials: 'omit',
  querySerializer: (query) => qs(query as Query),
});

/**
 * The body of a successful answer: the client's fetch throws an ApiError for any other, and a
 * 2xx whose body is not JSON (a captive portal's page on a phone network) is a bad response too.
 */
export async function ok<D>(answer: Promise<{ data?: D }>): Promise<D> {
  try {
    return (await answer).data as D;
  } catch (error) {
    if (error instanceof SyntaxError) throw new ApiError(localProblem(200, 'bad_response', t('common.badResponse')));
    throw error;
  }
}

type Operation<P extends keyof paths, M extends 'get' | 'post' | 'patch' | 'put' | 'delete'> = NonNullable<paths[P][M]>;
type JsonAnswer<O> = O extends { responses: { 200: { content: { 'application/json': infer B } } } } ? B : never;
type Paged = { items: unknown[]; nextCursor: string | null };

/** The paths whose GET answers one page of a list (`{ items, nextCursor }`, paged by `cursor`). */
export type ListPath = { [P in keyof paths]: JsonAnswer<Operation<P, 'get'>> extends Paged ? P : never }[keyof paths];
/** What a list path's pages hold. */
export type ItemOf<P extends ListPath> = JsonAnswer<Operation<P, 'get'>>['items'][number];
/** The query parameters of a path's GET. */
export type QueryOf<P extends keyof paths> = NonNullable<Operation<P, 'get'>['parameters']['query']>;

/** One page of a list; `cursor` is the `nextCursor` of the page before. */
export function listPage<P extends ListPath>(path: P, query: QueryOf<P>, signal?: AbortSignal): Promise<Page<ItemOf<P>>> {
  // One cast for every list: the path and the query are checked against the document above.
  return ok(client.GET(path as '/hazards', { params: { query: query as QueryOf<'/hazards'> }, signal })) as Promise<Page<ItemOf<P>>>;
}

/**
 * A registry resource (places, companies, users…): its list at `/{name}`, created by POST there,
 * and each item at `/{name}/{id}` (GET, PATCH with its version, DELETE). The generic list and form
 * of the registry pages (components/list.tsx, form.tsx) work on any of them.
 */
export type Resource = {
  [P in ListPath]: P extends `/${infer R}`
    ? `/${R}/{id}` extends keyof paths
      ? paths[`/${R}/{id}`] extends { get: object; patch: object }
        ? R
        : never
      : never
    : never;
}[ListPath];
/** One item of a resource, as GET `/{name}/{id}` answers it. */
export type ResourceItem<R extends Resource> = JsonAnswer<Operation<`/${R}/{id}`, 'get'>>;

// The casts below name one resource's paths for all of them: `R` is checked against the document.
const itemPath = (resource: Resource) => `/${resource}/{id}` as '/places/{id}';

export const resourceApi = {
  get: <R extends Resource>(resource: R, id: string): Promise<ResourceItem<R>> =>
    ok(client.GET(itemPath(resource), { params: { path: { id } } })) as Promise<ResourceItem<R>>,
  create: <R extends Resource>(resource: R, body: Record<string, unknown>): Promise<ResourceItem<R>> =>
    ok(client.POST(`/${resource}` as '/places', { body: body as never })) as Promise<ResourceItem<R>>,
  update: <R extends Resource>(resource: R, id: string, body: Record<string, unknown> & { version: number }): Promise<ResourceItem<R>> =>
    ok(client.PATCH(itemPath(resource), { params: { path: { id } }, body: body as never })) as Promise<ResourceItem<R>>,
  remove: async (resource: Resource, id: string): Promise<void> => {
    await client.DELETE(itemPath(resource), { params: { path: { id } } });
  },
};

/** Every page of a list (for pickers); stops at `max` items. */
export async function listAll<P extends ListPath>(path: P, query: QueryOf<P>, max = 2000): Promise<ItemOf<P>[]> {
  const items: ItemOf<P>[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<ItemOf<P>> = await listPage(path, { ...query, limit: 200, cursor: cursor ?? undefined });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < max);
  return items;
}

/**
 * An authenticated GET of a file (e.g. an XLSX export): the bearer token goes in the header, so
 * a plain link cannot do it. Resolves to the bytes and the file name the server suggests.
 */
export async function download(path: string, accept = '*/*'): Promise<{ blob: Blob; fileName: string | null }> {
  const res = await authedFetch(new Request(BASE + path, { headers: { accept }, credentials: 'omit' }));
  const disposition = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  let fileName: string | null = null;
  try {
    fileName = star ? decodeURIComponent(star) : (plain ?? null);
  } catch {
    fileName = plain ?? null;
  }
  return { blob: await res.blob(), fileName };
}

/** Hands a Blob to the browser as a download. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export async function login(tenant: string, username: string, password: string): Promise<void> {
  const res = await send(jsonRequest('POST', '/auth/login', { tenant, username, password }), false);
  if (!res.ok) throw await toError(res);
  storeTokens(await tokensOf(res));
}

export async function logout(): Promise<void> {
  try {
    if (accessToken || readRefreshToken()) await client.POST('/auth/logout');
  } catch {
    // the session ends locally whatever the server said
  } finally {
    clearTokens();
  }
}

export const getMe = () => ok(client.GET('/me'));
