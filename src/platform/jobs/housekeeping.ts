import { and, isNull, lt, or } from 'drizzle-orm';
import { loginThrottle } from '../../db/schema/index.ts';
import { THROTTLE } from '../../features/auth/throttle.ts';
import { inTenant } from '../db/tenancy.ts';
import type { DatabaseProvider } from '../db/types.ts';

/**
 * Periodic work that belongs to no tenant: forget throttle counters that afterFailure would
 * forget anyway (quiet for a whole window since their start and their last lock). Run by the Workers cron trigger and by the Node host's timer; safe to run twice.
 * (Later issues add the per-tenant jobs: escalation, duty generation, monthly drafts.)
 */
export async function runHousekeeping(provider: DatabaseProvider, now: Date): Promise<{ throttleRowsRemoved: number }> {
  const handle = provider.acquire();
  try {
    const cutoff = new Date(now.getTime() - THROTTLE.windowSeconds * 1000);
    const removed = await inTenant(provider, handle.db, null, (tx) =>
      tx
        .delete(loginThrottle)
        .where(and(lt(loginThrottle.windowStartedAt, cutoff), or(isNull(loginThrottle.lockedUntil), lt(loginThrottle.lockedUntil, cutoff))))
        .returning({ key: loginThrottle.key }),
    );
    return { throttleRowsRemoved: removed.length };
  } finally {
    await handle.release();
  }
}
