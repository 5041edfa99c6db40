import { and, eq, sql } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { idempotencyKeys } from '../../db/schema/index.ts';
import { sha256Hex } from '../crypto.ts';
import { queryRows } from '../db/types.ts';
import { ApiError } from '../errors.ts';
import type { AppEnv } from './env.ts';

const KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

/**
 * Idempotency-Key for writes a phone may retry. Runs inside the request's tenant transaction
 * (after `authenticated`), so the key is recorded atomically with the write it guards:
 * - the same key and body again → the first response, replayed (header Idempotent-Replayed: true);
 * - the same key with another body → 422;
 * - the same key while the first request is still running → 409 (a transaction-scoped advisory
 *   lock says so without waiting);
 * - a request that failed recorded nothing (its transaction rolled back), so a retry runs afresh.
 * Keys are scoped to tenant + user; the header is optional.
 */
export const idempotent: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = c.req.header('idempotency-key');
  if (key === undefined) return next();
  if (!KEY.test(key)) {
    throw new ApiError('validation_failed', 'Idempotency-Key 格式无效 / invalid Idempotency-Key', {
      errors: [{ path: 'Idempotency-Key', message: '8–128 characters: letters, digits, _ . : -' }],
    });
  }
  const principal = c.get('principal');
  const tx = c.get('tx');
  const body = await c.req.raw.clone().text();
  const requestHash = await sha256Hex(`${c.req.method} ${c.req.path}\n${body}`);

  const [lock] = await queryRows<{ ok: boolean }>(
    tx,
    sql`select pg_try_advisory_xact_lock(hashtextextended(${`${principal.tenantId}:${principal.userId}:${key}`}, 0)) as ok`,
  );
  if (!lock?.ok) throw new ApiError('idempotency_in_flight', '相同请求正在处理中，请稍候 / a request with this key is in progress');

  const where = and(
    eq(idempotencyKeys.tenantId, principal.tenantId),
    eq(idempotencyKeys.userId, principal.userId),
    eq(idempotencyKeys.key, key),
  );
  const [previous] = await tx.select().from(idempotencyKeys).where(where);
  if (previous) {
    if (previous.requestHash !== requestHash) {
      throw new ApiError('idempotency_key_reused', '该 Idempotency-Key 已用于另一个请求 / key used with a different request');
    }
    return new Response(previous.responseBody, {
      status: previous.responseStatus ?? 200,
      headers: { 'content-type': 'application/json', 'idempotent-replayed': 'true' },
    }) as never;
  }

  await next();
  if (c.res.status >= 400 || c.error) return; // rolled back with the request: nothing to replay
  await tx.insert(idempotencyKeys).values({
    tenantId: principal.tenantId,
    userId: principal.userId,
    key,
    method: c.req.method,
    path: c.req.path,
    requestHash,
    responseStatus: c.res.status,
    responseBody: await c.res.clone().text(),
    createdAt: c.get('deps').clock(),
  });
};
