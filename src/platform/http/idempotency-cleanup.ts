import { and, eq, lt } from 'drizzle-orm';
import { idempotencyKeys, tenants } from '../../db/schema/index.ts';
import { inTenant } from '../db/tenancy.ts';
import type { DatabaseProvider } from '../db/types.ts';

/** How long a phone may retry with the same key and get the first answer replayed. */
export const IDEMPOTENCY_RETENTION_HOURS = 24;

/** Forgets idempotency records past their retention, tenant by tenant (RLS hides the others). */
export async function forgetOldIdempotencyKeys(provider: DatabaseProvider, now: Date): Promise<number> {
  const handle = provider.acquire();
  try {
    const cutoff = new Date(now.getTime() - IDEMPOTENCY_RETENTION_HOURS * 3_600_000);
    const ids = await inTenant(provider, handle.db, null, (tx) => tx.select({ id: tenants.id }).from(tenants));
    let removed = 0;
    for (const { id } of ids) {
      const rows = await inTenant(provider, handle.db, id, (tx) =>
        tx
          .delete(idempotencyKeys)
          .where(and(eq(idempotencyKeys.tenantId, id), lt(idempotencyKeys.createdAt, cutoff)))
          .returning({ key: idempotencyKeys.key }),
      );
      removed += rows.length;
    }
    return removed;
  } finally {
    await handle.release();
  }
}
