/**
 * The API client. The access token lives in memory only; the refresh token in localStorage so a
 * reload keeps the session. A 401 triggers one refresh (serialised across tabs, because the
 * server revokes a session whose refresh token is used twice) and one retry; if that fails the
 * session is dropped and the app goes back to the login page. Every request says the UI's
 * language (Accept-Language), so the server's titles, details and field messages come in it.
 */
import { getLang, t } from './i18n.ts';
import { problemText } from './problems.ts';
import type { FieldError, Me, Page, Problem, ProblemCode, Tokens } from './types.ts';

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

async function send(method: string, path: string, body: unknown, auth: boolean, extra?: Record<string, string>): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': getLang(), ...extra };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (auth && accessToken) headers.authorization = `Bearer ${accessToken}`;
  try {
    return await fetch(BASE + path, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      credentials: 'omit',
    });
  } catch {
    throw new ApiError(localProblem(0, 'network', t('common.networkError')));
  }
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

async function parse<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(localProblem(res.status, 'bad_response', t('common.badResponse')));
  }
}

let refreshing: Promise<boolean> | null = null;

async function doRefresh(): Promise<boolean> {
  const refreshToken = readRefreshToken();
  if (!refreshToken) return false;
  const res = await send('POST', '/auth/refresh', { refreshToken }, false);
  if (res.ok) {
    storeTokens(await parse<Tokens>(res));
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

/** An authenticated call; resolves to the parsed body (undefined for 204). `headers` e.g. Idempotency-Key. */
export async function api<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
  return parse<T>(await authed(method, path, body, headers));
}

/**
 * An authenticated GET of a file (e.g. an XLSX export): the bearer token goes in the header, so
 * a plain link cannot do it. Resolves to the bytes and the file name the server suggests.
 */
export async function download(path: string, accept = '*/*'): Promise<{ blob: Blob; fileName: string | null }> {
  const res = await authed('GET', path, undefined, { accept });
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

/** The response of an authenticated call, after one refresh-and-retry on 401; throws ApiError unless 2xx. */
async function authed(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response> {
  const tokenUsed = accessToken;
  let res = await send(method, path, body, true, headers);
  if (res.status === 401) {
    // A parallel call may already have refreshed while this one was in flight.
    const refreshed = tokenUsed !== accessToken || (await refreshSession());
    if (!refreshed) {
      const error = await toError(res);
      sessionLost();
      throw error;
    }
    res = await send(method, path, body, true, headers);
    if (res.status === 401) {
      const error = await toError(res);
      sessionLost();
      throw error;
    }
  }
  if (!res.ok) throw await toError(res);
  return res;
}

export async function login(tenant: string, username: string, password: string): Promise<void> {
  const res = await send('POST', '/auth/login', { tenant, username, password }, false);
  if (!res.ok) throw await toError(res);
  storeTokens(await parse<Tokens>(res));
}

export async function logout(): Promise<void> {
  try {
    if (accessToken || readRefreshToken()) await api<void>('POST', '/auth/logout');
  } catch {
    // the session ends locally whatever the server said
  } finally {
    clearTokens();
  }
}

export const getMe = () => api<Me>('GET', '/me');

export type Query = Record<string, string | number | null | undefined>;

/** Builds `?a=b` from the non-empty entries (the server rejects unknown or empty parameters). */
export function qs(query: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== null && v !== undefined && v !== '') params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export const list = <T>(resource: string, query: Query) => api<Page<T>>('GET', `/${resource}${qs(query)}`);
export const getOne = <T>(resource: string, id: string) => api<T>('GET', `/${resource}/${encodeURIComponent(id)}`);
export const create = <T>(resource: string, body: unknown) => api<T>('POST', `/${resource}`, body);
export const update = <T>(resource: string, id: string, body: unknown) => api<T>('PATCH', `/${resource}/${encodeURIComponent(id)}`, body);
export const remove = (resource: string, id: string) => api<void>('DELETE', `/${resource}/${encodeURIComponent(id)}`);

/** Fetches every page of a list (for pickers); stops at `max` items. */
export async function listAll<T>(resource: string, query: Query = {}, max = 2000): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await list<T>(resource, { ...query, limit: 200, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < max);
  return items;
}
