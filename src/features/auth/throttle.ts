import { eq, sql } from 'drizzle-orm';
import { loginThrottle } from '../../db/schema/index.ts';
import { sha256Hex } from '../../platform/crypto.ts';
import type { Db } from '../../platform/db/types.ts';

/**
 * Failed-login throttling, per account key (tenant slug + username) and per client address.
 * Keys are hashed so the table holds no usernames. Pure policy below, storage after.
 */
export const THROTTLE = {
  windowSeconds: 15 * 60,
  accountFailures: 5,
  addressFailures: 30,
  baseLockSeconds: 60,
  maxLockSeconds: 60 * 60,
} as const;

export interface ThrottleState {
  failures: number;
  windowStartedAt: Date;
  lockedUntil: Date | null;
}

/** Seconds the caller must still wait, or 0. */
export function retryAfterSeconds(state: ThrottleState | undefined, now: Date): number {
  if (!state?.lockedUntil) return 0;
  return Math.max(0, Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 1000));
}

/** When a counter may be forgotten: a full window after its start or after its last lock ended. */
export function quietSince(state: ThrottleState): Date {
  return new Date(Math.max(state.windowStartedAt.getTime(), state.lockedUntil?.getTime() ?? 0));
}

/**
 * The state after one more failure: a lock once the limit is reached, doubling with each further
 * failure. The window is counted from the end of the last lock, so someone who waits out every
 * lock keeps climbing towards maxLockSeconds instead of starting afresh.
 */
export function afterFailure(state: ThrottleState | undefined, now: Date, limit: number): ThrottleState {
  const fresh = !state || now.getTime() - quietSince(state).getTime() > THROTTLE.windowSeconds * 1000;
  const failures = fresh ? 1 : state.failures + 1;
  const windowStartedAt = fresh ? now : state.windowStartedAt;
  const over = failures - limit;
  const lockedUntil =
    over >= 0 ? new Date(now.getTime() + Math.min(THROTTLE.maxLockSeconds, THROTTLE.baseLockSeconds * 2 ** over) * 1000) : null;
  return { failures, windowStartedAt, lockedUntil };
}

export async function throttleKeys(tenantSlug: string, username: string, ip: string | null): Promise<string[]> {
  const keys = [`acct:${await sha256Hex(`${tenantSlug.toLowerCase()}\u0000${username.toLowerCase()}`)}`];
  if (ip) keys.push(`ip:${await sha256Hex(ip)}`);
  return keys;
}

const limitFor = (key: string) => (key.startsWith('ip:') ? THROTTLE.addressFailures : THROTTLE.accountFailures);

export async function currentWait(tx: Db, keys: string[], now: Date): Promise<number> {
  const rows = await tx.select().from(loginThrottle).where(sql`${loginThrottle.key} in ${keys}`);
  return Math.max(0, ...rows.map((r) => retryAfterSeconds(r, now)));
}

export async function recordFailure(tx: Db, keys: string[], now: Date): Promise<void> {
  for (const key of keys) {
    const [existing] = await tx.select().from(loginThrottle).where(eq(loginThrottle.key, key)).for('update');
    const next = afterFailure(existing, now, limitFor(key));
    await tx
      .insert(loginThrottle)
      .values({ key, ...next })
      .onConflictDoUpdate({ target: loginThrottle.key, set: next });
  }
}

export async function clearFailures(tx: Db, keys: string[]): Promise<void> {
  // Only the account key: a success must not unlock an address that is guessing other accounts.
  const account = keys.filter((k) => k.startsWith('acct:'));
  if (account.length) await tx.delete(loginThrottle).where(sql`${loginThrottle.key} in ${account}`);
}
