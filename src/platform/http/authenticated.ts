import type { MiddlewareHandler } from 'hono';
import { verifyAccessToken } from '../auth/jwt.ts';
import { loadPrincipal } from '../auth/principal.ts';
import type { Permission } from '../authz/roles.ts';
import { hasPermission } from '../authz/scope.ts';
import { inTenant } from '../db/tenancy.ts';
import { knowTimeZone } from '../db/time-zone.ts';
import { ApiError } from '../errors.ts';
import type { AppEnv } from './env.ts';

/** Thrown to roll back a request transaction whose response is an error; never escapes. */
const ROLLBACK = Symbol('rollback');

function bearerToken(header: string | undefined): string | null {
  const match = header ? /^Bearer\s+([A-Za-z0-9\-_.]+)$/i.exec(header) : null;
  return match?.[1] ?? null;
}

/**
 * Verifies the access token and runs the rest of the request inside one transaction bound to the
 * token's tenant (and nothing else: no URL, header or body can choose the tenant). The transaction
 * commits only if the response is a success; any error response rolls every write back.
 */
export const authenticated: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header('authorization');
  const token = bearerToken(header);
  if (!token) throw new ApiError('unauthenticated', { params: { reason: header ? 'token_invalid' : 'token_missing' } });
  const deps = c.get('deps');
  const now = deps.clock();
  const claims = await verifyAccessToken(deps.tokens, token, now);
  try {
    await inTenant(deps.database, c.get('db'), claims.tenantId, async (tx) => {
      const loaded = await loadPrincipal(tx, claims, now);
      if (!loaded) throw new ApiError('unauthenticated', { params: { reason: 'session_ended' } });
      c.set('tx', tx);
      c.set('principal', loaded.principal);
      c.set('caller', loaded.caller);
      knowTimeZone(tx, claims.tenantId, loaded.caller.tenant.timeZone);
      await next();
      if (c.error || c.res.status >= 400) throw ROLLBACK;
    });
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
};

/** Function-level check: some role the caller holds grants this permission. */
export function requirePermission(permission: Permission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!hasPermission(c.get('principal'), permission)) {
      throw new ApiError('forbidden', { params: { permission } });
    }
    await next();
  };
}
