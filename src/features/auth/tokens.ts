import { signAccessToken } from '../../platform/auth/jwt.ts';
import { sha256 } from '../../platform/crypto.ts';
import type { AppDeps } from '../../platform/http/env.ts';

/**
 * Refresh tokens are opaque: "rt.<tenant id>.<32 random bytes>". The tenant id only tells the
 * server which tenant's transaction to look the token up in; the lookup by hash under that
 * tenant's RLS is what proves it. Only the SHA-256 of a token is stored.
 */
const REFRESH = /^rt\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;

export function newRefreshToken(tenantId: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const random = btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
  return `rt.${tenantId}.${random}`;
}

export function refreshTokenTenant(token: string): string | null {
  return REFRESH.exec(token)?.[1] ?? null;
}

export async function hashToken(token: string): Promise<string> {
  return btoa(String.fromCharCode(...(await sha256(token))));
}

export async function tokenPair(deps: AppDeps, claims: { userId: string; tenantId: string; sessionId: string }, refreshToken: string) {
  return {
    accessToken: await signAccessToken(deps.tokens, claims, deps.clock()),
    refreshToken,
    expiresIn: deps.tokens.accessTtlSeconds,
    tokenType: 'Bearer' as const,
  };
}
