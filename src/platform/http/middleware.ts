import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { recordAudit } from '../audit/audit.ts';
import { inTenant } from '../db/tenancy.ts';
import { ApiError } from '../errors.ts';
import { negotiateLanguage } from '../problems/language.ts';
import { requestOrigin } from './audit.ts';
import type { AppDeps, AppEnv } from './env.ts';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Request id (the caller's if sane, so a phone can correlate retries), deps and client address. */
export function requestContext(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const offered = c.req.header('x-request-id');
    const requestId = offered && REQUEST_ID.test(offered) ? offered : crypto.randomUUID();
    c.set('requestId', requestId);
    c.set('lang', negotiateLanguage(c.req.header('accept-language')));
    c.set('deps', deps);
    c.set('clientIp', deps.clientIp(c));
    c.set('audited', false);
    await next();
    c.header('x-request-id', requestId);
  };
}

export function limitBody(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: deps.limits.bodyBytes,
    onError: () => {
      throw new ApiError('payload_too_large', { params: { limit: deps.limits.bodyBytes } });
    },
  });
}

/**
 * One database connection per request. On Workers the Neon pool must be ended after the response
 * (waitUntil), on Node it is shared and release does nothing.
 */
export const withConnection: MiddlewareHandler<AppEnv> = async (c, next) => {
  const handle = c.get('deps').database.acquire();
  c.set('db', handle.db);
  try {
    await next();
  } finally {
    const released = handle.release();
    let ctx: { waitUntil(p: Promise<unknown>): void } | undefined;
    try {
      ctx = c.executionCtx;
    } catch {
      ctx = undefined;
    }
    if (ctx) ctx.waitUntil(released);
    else await released;
  }
};

/**
 * Writes every denied request (401, 403) to the audit log, after the request's own transaction has
 * rolled back, in a transaction of its own. Login writes its own events and sets `audited`.
 */
export const auditDenials: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const status = c.res.status;
  if ((status !== 401 && status !== 403) || c.get('audited')) return;
  const principal = c.get('principal') as AppEnv['Variables']['principal'] | undefined;
  const deps = c.get('deps');
  try {
    await inTenant(deps.database, c.get('db'), principal?.tenantId ?? null, (tx) =>
      recordAudit(tx, requestOrigin(c), {
        tenantId: principal?.tenantId ?? null,
        actorUserId: principal?.userId ?? null,
        action: status === 401 ? 'request.unauthenticated' : 'request.forbidden',
        status,
        detail: { method: c.req.method, path: c.req.path },
      }),
    );
  } catch (error) {
    deps.logError('could not audit a denied request', error);
  }
};
