import { and, eq, isNull } from 'drizzle-orm';
import type { Context } from 'hono';
import { refreshTokens, sessions, tenants, users } from '../../db/schema/index.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { decoyHash, hashPassword, needsRehash, verifyPassword } from '../../platform/auth/password.ts';
import { inTenant } from '../../platform/db/tenancy.ts';
import type { Db } from '../../platform/db/types.ts';
import { ApiError } from '../../platform/errors.ts';
import type { AppEnv } from '../../platform/http/env.ts';
import { clearFailures, currentWait, recordFailure, throttleKeys } from './throttle.ts';
import { hashToken, newRefreshToken, refreshTokenTenant, tokenPair } from './tokens.ts';

const invalidCredentials = () => new ApiError('invalid_credentials', '单位代码、账号或密码错误 / invalid tenant, username or password');

async function startSession(tx: Db, deps: AppEnv['Variables']['deps'], tenantId: string, userId: string) {
  const now = deps.clock();
  const [session] = await tx
    .insert(sessions)
    .values({ tenantId, userId, expiresAt: new Date(now.getTime() + deps.refreshTtlSeconds * 1000) })
    .returning({ id: sessions.id });
  const refreshToken = newRefreshToken(tenantId);
  await tx.insert(refreshTokens).values({ tenantId, sessionId: session!.id, tokenHash: await hashToken(refreshToken) });
  return { sessionId: session!.id, refreshToken };
}

/**
 * Login. Unknown tenant, unknown user, disabled user and wrong password all answer the same 401
 * after the same amount of work (a decoy hash is verified), and all count towards the throttle.
 * The password is verified outside any transaction so a slow hash holds no database lock.
 */
export async function login(c: Context<AppEnv>, input: { tenant: string; username: string; password: string }) {
  const deps = c.get('deps');
  const db = c.get('db');
  const now = deps.clock();
  const keys = await throttleKeys(input.tenant, input.username, c.get('clientIp'));
  c.set('audited', true);

  const wait = await inTenant(deps.database, db, null, (tx) => currentWait(tx, keys, now));
  if (wait > 0) {
    await inTenant(deps.database, db, null, (tx) =>
      recordAudit(tx, c, { tenantId: null, action: 'login.throttled', status: 429, detail: { tenant: input.tenant } }),
    );
    throw new ApiError('rate_limited', `登录失败次数过多，请 ${wait} 秒后再试 / retry in ${wait}s`, {
      headers: { 'retry-after': String(wait) },
    });
  }

  const [tenant] = await inTenant(deps.database, db, null, (tx) =>
    tx.select({ id: tenants.id, status: tenants.status }).from(tenants).where(eq(tenants.slug, input.tenant)),
  );
  const user =
    tenant && tenant.status === 'active'
      ? (
          await inTenant(deps.database, db, tenant.id, (tx) =>
            tx
              .select({ id: users.id, status: users.status, passwordHash: users.passwordHash })
              .from(users)
              .where(and(eq(users.tenantId, tenant.id), eq(users.username, input.username))),
          )
        )[0]
      : undefined;

  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await decoyHash()));
  if (!ok || !user || user.status !== 'active' || !tenant) {
    await inTenant(deps.database, db, tenant?.id ?? null, async (tx) => {
      await recordFailure(tx, keys, now);
      await recordAudit(tx, c, {
        tenantId: tenant?.id ?? null,
        actorUserId: user?.id ?? null,
        action: 'login.failed',
        status: 401,
        detail: { tenant: input.tenant, username: input.username },
      });
    });
    throw invalidCredentials();
  }

  const rehashed = needsRehash(user.passwordHash) ? await hashPassword(input.password) : null;
  const started = await inTenant(deps.database, db, tenant.id, async (tx) => {
    if (rehashed) {
      await tx
        .update(users)
        .set({ passwordHash: rehashed })
        .where(and(eq(users.tenantId, tenant.id), eq(users.id, user.id)));
    }
    await clearFailures(tx, keys);
    const s = await startSession(tx, deps, tenant.id, user.id);
    await recordAudit(tx, c, {
      tenantId: tenant.id,
      actorUserId: user.id,
      action: 'login.succeeded',
      targetType: 'session',
      targetId: s.sessionId,
      status: 200,
    });
    return s;
  });
  return tokenPair(deps, { userId: user.id, tenantId: tenant.id, sessionId: started.sessionId }, started.refreshToken);
}

/**
 * Rotation: each refresh token works once. Presenting one that was already used means it leaked:
 * the whole family (session) is revoked, and that revocation is committed before the 401.
 */
export async function refresh(c: Context<AppEnv>, token: string) {
  const deps = c.get('deps');
  const tenantId = refreshTokenTenant(token);
  if (!tenantId) throw new ApiError('unauthenticated', '刷新令牌无效 / invalid refresh token');
  const now = deps.clock();
  const tokenHash = await hashToken(token);
  c.set('audited', true);

  const outcome = await inTenant(deps.database, c.get('db'), tenantId, async (tx) => {
    const [row] = await tx
      .select({
        tokenId: refreshTokens.id,
        usedAt: refreshTokens.usedAt,
        sessionId: sessions.id,
        revokedAt: sessions.revokedAt,
        expiresAt: sessions.expiresAt,
        userId: users.id,
        userStatus: users.status,
      })
      .from(refreshTokens)
      .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(refreshTokens.tenantId, tenantId), eq(refreshTokens.tokenHash, tokenHash)))
      .for('update');
    if (!row) return { ok: false as const };
    if (row.usedAt) {
      await tx
        .update(sessions)
        .set({ revokedAt: now, revokeReason: 'refresh_token_reuse' })
        .where(and(eq(sessions.tenantId, tenantId), eq(sessions.id, row.sessionId), isNull(sessions.revokedAt)));
      await recordAudit(tx, c, {
        tenantId,
        actorUserId: row.userId,
        action: 'session.revoked_on_reuse',
        targetType: 'session',
        targetId: row.sessionId,
        status: 401,
      });
      return { ok: false as const };
    }
    if (row.revokedAt || row.expiresAt <= now || row.userStatus !== 'active') return { ok: false as const };
    await tx
      .update(refreshTokens)
      .set({ usedAt: now })
      .where(and(eq(refreshTokens.tenantId, tenantId), eq(refreshTokens.id, row.tokenId)));
    const refreshToken = newRefreshToken(tenantId);
    await tx.insert(refreshTokens).values({ tenantId, sessionId: row.sessionId, tokenHash: await hashToken(refreshToken) });
    return { ok: true as const, userId: row.userId, sessionId: row.sessionId, refreshToken };
  });
  if (!outcome.ok) throw new ApiError('unauthenticated', '刷新令牌无效或已失效，请重新登录 / refresh token invalid');
  return tokenPair(deps, { userId: outcome.userId, tenantId, sessionId: outcome.sessionId }, outcome.refreshToken);
}

/** Ends the caller's session: its access token stops working on the next request. */
export async function logout(c: Context<AppEnv>) {
  const principal = c.get('principal');
  const tx = c.get('tx');
  await tx
    .update(sessions)
    .set({ revokedAt: c.get('deps').clock(), revokeReason: 'logout' })
    .where(and(eq(sessions.tenantId, principal.tenantId), eq(sessions.id, principal.sessionId)));
  await recordAudit(tx, c, {
    tenantId: principal.tenantId,
    actorUserId: principal.userId,
    action: 'logout',
    targetType: 'session',
    targetId: principal.sessionId,
  });
}
