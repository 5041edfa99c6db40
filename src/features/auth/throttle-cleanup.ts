import { and, isNull, lt, or } from 'drizzle-orm';
import { loginThrottle } from '../../db/schema/index.ts';
import { inTenant } from '../../platform/db/tenancy.ts';
import type { DatabaseProvider } from '../../platform/db/types.ts';
import { THROTTLE } from './throttle.ts';

/**
 * Forgets throttle counters that afterFailure would forget anyway (a whole window quiet since their
 * start and last lock). One rule for every kind of key (pair:, ip:, acct:, and the account locks
 * written before accounts stopped locking): all rows have the same shape.
 */
export async function forgetQuietThrottles(provider: DatabaseProvider, now: Date): Promise<number> {
  const handle = provider.acquire();
  try {
    const cutoff = new Date(now.getTime() - THROTTLE.windowSeconds * 1000);
    const removed = await inTenant(provider, handle.db, null, (tx) =>
      tx
        .delete(loginThrottle)
        .where(and(lt(loginThrottle.windowStartedAt, cutoff), or(isNull(loginThrottle.lockedUntil), lt(loginThrottle.lockedUntil, cutoff))))
        .returning({ key: loginThrottle.key }),
    );
    return removed.length;
  } finally {
    await handle.release();
  }
}
