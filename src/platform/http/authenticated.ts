import type { MiddlewareHandler } from 'hono';
import { verifyAccessToken } from '../auth/jwt.ts';
import { loadPrincipal } from '../auth/principal.ts';
import type { Permission } from '../authz/roles.ts';
import { hasPermission } from '../authz/scope.ts';
import { inTenant } from '../db/tenancy.ts';
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
  const token = bearerToken(c.req.header('authorization'));
  if (!token) throw new ApiError('unauthenticated', '请先登录 / missing bearer token');
  const deps = c.get('deps');
  const now = deps.clock();
  const claims = await verifyAccessToken(deps.tokens, token, now);
  try {
    await inTenant(deps.database, c.get('db'), claims.tenantId, async (tx) => {
      const principal = await loadPrincipal(tx, claims, now);
      if (!principal) throw new ApiError('unauthenticated', '会话已结束，请重新登录 / session ended');
      c.set('tx', tx);
      c.set('principal', principal);
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
      throw new ApiError('forbidden', `您的角色无权执行此操作 / requires ${permission}`);
    }
    await next();
  };
}
