import { and, eq, isNull } from 'drizzle-orm';
import type { Context } from 'hono';
import { refreshTokens, sessions, tenants, users } from '../../db/schema/index.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { decoyHash, hashPassword, needsRehash, verifyPassword } from '../../platform/auth/password.ts';
import { inTenant } from '../../platform/db/tenancy.ts';
import type { Db } from '../../platform/db/types.ts';
import { ApiError } from '../../platform/errors.ts';
import { requestOrigin } from '../../platform/http/audit.ts';
import type { AppEnv } from '../../platform/http/env.ts';
import { clearFailures, loginGate, readThrottle, recordFailure, reserveAttempt, throttleKeys } from './throttle.ts';
import { hashToken, newRefreshToken, refreshTokenTenant, tokenPair } from './tokens.ts';

const invalidCredentials = () => new ApiError('invalid_credentials');
const refreshTokenInvalid = () => new ApiError('unauthenticated', { params: { reason: 'refresh_token_invalid' } });

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
 * Throttling costs two statements in the transaction that finds the tenant (read the counters,
 * take the attempt on the pair counter), one to count a failure on the others, and on success one
 * to forget the pair's.
 */
export async function login(c: Context<AppEnv>, input: { tenant: string; username: string; password: string }) {
  const deps = c.get('deps');
  const db = c.get('db');
  const now = deps.clock();
  const keys = await throttleKeys(input.tenant, input.username, c.get('clientIp'));
  c.set('audited', true);

  // One transaction: the counters, the tenant, and this attempt taken on the (account, address)
  // counter before any password is checked (unless the address or the pair is locked already).
  const { gate, tenant } = await inTenant(deps.database, db, null, async (tx) => {
    const read = loginGate(await readThrottle(tx, keys), now);
    const found = (await tx.select({ id: tenants.id, status: tenants.status }).from(tenants).where(eq(tenants.slug, input.tenant)))[0];
    const retryAfter = read.retryAfter || (await reserveAttempt(tx, keys, now)).retryAfter;
    return { gate: { ...read, retryAfter }, tenant: found };
  });
  if (gate.retryAfter > 0) {
    await inTenant(deps.database, db, null, (tx) =>
      recordAudit(tx, requestOrigin(c), { tenantId: null, action: 'login.throttled', status: 429, detail: { tenant: input.tenant } }),
    );
    throw new ApiError('rate_limited', { params: { retryAfter: gate.retryAfter }, headers: { 'retry-after': String(gate.retryAfter) } });
  }
  // Guessed at from many addresses: slower, never refused (the owner must still get in).
  if (gate.slowDownMs > 0) await deps.pause(gate.slowDownMs);

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
      await recordAudit(tx, requestOrigin(c), {
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
    await recordAudit(tx, requestOrigin(c), {
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
  if (!tenantId) throw refreshTokenInvalid();
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
      await recordAudit(tx, requestOrigin(c), {
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
  if (!outcome.ok) throw refreshTokenInvalid();
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
  await recordAudit(tx, requestOrigin(c), {
    tenantId: principal.tenantId,
    actorUserId: principal.userId,
    action: 'logout',
    targetType: 'session',
    targetId: principal.sessionId,
  });
}
