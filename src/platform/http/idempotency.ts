import { and, eq, sql } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { idempotencyKeys } from '../../db/schema/index.ts';
import { sha256Hex } from '../crypto.ts';
import { queryRows } from '../db/types.ts';
import { ApiError } from '../errors.ts';
import type { AppEnv } from './env.ts';

/** What an Idempotency-Key may look like (declared in the document too). */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

/**
 * JSON with object keys sorted and no insignificant whitespace: two bodies that mean the same
 * (other key order, other spacing) read the same, so a retry is recognised as one.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Idempotency-Key for writes a phone may retry (every authenticated POST unless it opts out). Runs
 * inside the request's tenant transaction, after the input gate, so the key is recorded
 * atomically with the write it guards:
 * - the same key and body again (compared as canonical JSON) → the first response, replayed
 *   (header Idempotent-Replayed: true);
 * - the same key with another body or on another route → 422;
 * - the same key while the first request is still running → 409 (a transaction-scoped advisory
 *   lock says so without waiting);
 * - a request that failed recorded nothing (its transaction rolled back), so a retry runs afresh.
 * Keys are scoped to tenant + user; the header is optional.
 */
export const idempotent =
  (options: { replayForSeconds?: number }): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (key === undefined) return next();
    if (!IDEMPOTENCY_KEY.test(key)) throw new ApiError('idempotency_key_invalid', { field: 'Idempotency-Key' });
    const principal = c.get('principal');
    const tx = c.get('tx');
    const requestHash = await sha256Hex(`${c.req.method} ${c.req.path}\n${canonicalJson(c.get('body') ?? null)}`);

    const [lock] = await queryRows<{ ok: boolean }>(
      tx,
      sql`select pg_try_advisory_xact_lock(hashtextextended(${`${principal.tenantId}:${principal.userId}:${key}`}, 0)) as ok`,
    );
    if (!lock?.ok) throw new ApiError('idempotency_in_flight');

    const where = and(
      eq(idempotencyKeys.tenantId, principal.tenantId),
      eq(idempotencyKeys.userId, principal.userId),
      eq(idempotencyKeys.key, key),
    );
    const now = c.get('deps').clock();
    let [previous] = await tx.select().from(idempotencyKeys).where(where);
    if (
      previous &&
      options.replayForSeconds !== undefined &&
      now.getTime() - previous.createdAt.getTime() > options.replayForSeconds * 1000
    ) {
      // The first answer is no good any more: forget it, and this request runs afresh.
      await tx.delete(idempotencyKeys).where(where);
      previous = undefined;
    }
    if (previous) {
      if (previous.requestHash !== requestHash) throw new ApiError('idempotency_key_reused');
      const status = previous.responseStatus ?? 200;
      const empty = status === 204 || !previous.responseBody;
      return new Response(empty ? null : previous.responseBody, {
        status,
        headers: { ...(empty ? {} : { 'content-type': 'application/json' }), 'idempotent-replayed': 'true' },
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
      createdAt: now,
    });
  };

/** Writes that cannot be replayed say so, rather than silently ignoring the header. */
export const refuseIdempotencyKey: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.header('idempotency-key') !== undefined) throw new ApiError('idempotency_key_unsupported', { field: 'Idempotency-Key' });
  await next();
};
