import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { refreshTokens, sessions, tenants, users } from '../../db/schema/index.ts';
import { auditInsert, recordAudit } from '../../platform/audit/audit.ts';
import { decoyHash, hashPassword, needsRehash, verifyPassword } from '../../platform/auth/password.ts';
import { jsonObject } from '../../platform/db/json.ts';
import { inTenant, setTenant } from '../../platform/db/tenancy.ts';
import { together } from '../../platform/db/writes.ts';
import { ApiError } from '../../platform/errors.ts';
import { requestOrigin } from '../../platform/http/audit.ts';
import type { AppEnv } from '../../platform/http/env.ts';
import { forgetAttempt, openAttempt, recordFailure, throttleKeys } from './throttle.ts';
import { hashToken, newRefreshToken, refreshTokenTenant, tokenPair } from './tokens.ts';

const invalidCredentials = () => new ApiError('invalid_credentials');
const refreshTokenInvalid = () => new ApiError('unauthenticated', { params: { reason: 'refresh_token_invalid' } });

/**
 * Login. Unknown tenant, unknown user, disabled user and wrong password all answer the same 401
 * after the same amount of work (a decoy hash is verified), and all count towards the throttle.
 * The password is verified outside any transaction so a slow hash holds no database lock.
 * Eight statements on success: one transaction opens the attempt (the counters, this attempt
 * taken on the pair counter, and the district, in one statement: openAttempt) and, re-pointed at
 * the district, reads the user; after the password, a second writes the session, its refresh
 * token and the audit row, and forgets the attempt, in one statement.
 */
export async function login(c: Context<AppEnv>, input: { tenant: string; username: string; password: string }) {
  const deps = c.get('deps');
  const db = c.get('db');
  const now = deps.clock();
  const keys = await throttleKeys(input.tenant, input.username, c.get('clientIp'));
  c.set('audited', true);

  const { gate, tenant, user } = await inTenant(deps.database, db, null, async (tx) => {
    const { extra, ...gate } = await openAttempt(tx, keys, now, {
      tenant: sql`(select ${jsonObject({ id: tenants.id, status: tenants.status })} from ${tenants} where ${tenants.slug} = ${input.tenant})`,
    });
    const tenant = extra.tenant as { id: string; status: string } | null;
    if (gate.retryAfter > 0) {
      await recordAudit(tx, requestOrigin(c), { tenantId: null, action: 'login.throttled', status: 429, detail: { tenant: input.tenant } });
      return { gate, tenant, user: undefined };
    }
    if (tenant?.status !== 'active') return { gate, tenant, user: undefined };
    await setTenant(tx, deps.database.switchToRole, tenant.id);
    const [user] = await tx
      .select({ id: users.id, status: users.status, passwordHash: users.passwordHash })
      .from(users)
      .where(and(eq(users.tenantId, tenant.id), eq(users.username, input.username)));
    return { gate, tenant, user };
  });
  if (gate.retryAfter > 0) {
    throw new ApiError('rate_limited', { params: { retryAfter: gate.retryAfter }, headers: { 'retry-after': String(gate.retryAfter) } });
  }
  // Guessed at from many addresses: slower, never refused (the owner must still get in).
  if (gate.slowDownMs > 0) await deps.pause(gate.slowDownMs);

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
  const sessionId = crypto.randomUUID();
  const refreshToken = newRefreshToken(tenant.id);
  const tokenHash = await hashToken(refreshToken);
  await inTenant(deps.database, db, tenant.id, async (tx) => {
    const writes = [
      tx.insert(sessions).values({
        id: sessionId,
        tenantId: tenant.id,
        userId: user.id,
        expiresAt: new Date(now.getTime() + deps.refreshTtlSeconds * 1000),
      }),
      // The refresh token names the session written beside it: its foreign key is checked once the statement is done.
      tx.insert(refreshTokens).values({ tenantId: tenant.id, sessionId, tokenHash }),
      forgetAttempt(tx, keys),
      rehashed
        ? tx
            .update(users)
            .set({ passwordHash: rehashed })
            .where(and(eq(users.tenantId, tenant.id), eq(users.id, user.id)))
        : null,
    ].filter((write) => write !== null);
    const audit = auditInsert(tx, requestOrigin(c), {
      tenantId: tenant.id,
      actorUserId: user.id,
      action: 'login.succeeded',
      targetType: 'session',
      targetId: sessionId,
      status: 200,
    });
    await tx.execute(together(writes, audit));
  });
  return tokenPair(deps, { userId: user.id, tenantId: tenant.id, sessionId }, refreshToken);
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
