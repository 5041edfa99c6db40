import { and, eq, inArray, lt, or } from 'drizzle-orm';
import { evidence, tenants } from '../../db/schema/index.ts';
import { inTenant } from '../../platform/db/tenancy.ts';
import type { DatabaseProvider } from '../../platform/db/types.ts';
import type { ObjectStore } from '../../platform/storage/object-store.ts';
import { deleteEvidenceObjects } from './storage.ts';
import { STALE_PENDING_MINUTES } from './vocabulary.ts';

/** Rows per tenant per run: a cron run stays within Workers' subrequest budget; the next run goes on. */
const BATCH = 200;

/**
 * Removes uploads that will never be attached: pending ones older than the cutoff (the presigned
 * upload expired long ago and nobody confirmed) and rejected ones. Per tenant (RLS shows a
 * transaction one tenant only). The row goes first, then the object: a confirm racing with this
 * finds no row (404) rather than a confirmed row without its file. Safe to run twice.
 */
export async function cleanupEvidence(
  provider: DatabaseProvider,
  store: ObjectStore,
  now: Date,
  olderThanMinutes = STALE_PENDING_MINUTES,
): Promise<{ removed: number }> {
  const cutoff = new Date(now.getTime() - olderThanMinutes * 60_000);
  const handle = provider.acquire();
  let removed = 0;
  const failures: unknown[] = [];
  try {
    const all = await inTenant(provider, handle.db, null, (tx) => tx.select({ id: tenants.id }).from(tenants));
    for (const { id: tenantId } of all) {
      const stale = and(
        eq(evidence.tenantId, tenantId),
        or(and(eq(evidence.status, 'pending'), lt(evidence.createdAt, cutoff)), eq(evidence.status, 'rejected')),
      );
      const gone = await inTenant(provider, handle.db, tenantId, async (tx) => {
        const batch = await tx.select({ id: evidence.id }).from(evidence).where(stale).limit(BATCH);
        if (!batch.length) return [];
        return tx
          .delete(evidence)
          .where(
            and(
              stale,
              inArray(
                evidence.id,
                batch.map((r) => r.id),
              ),
            ),
          )
          .returning({ objectKey: evidence.objectKey });
      });
      for (const row of gone) {
        try {
          await deleteEvidenceObjects(store, row.objectKey);
        } catch (error) {
          failures.push(error);
        }
      }
      removed += gone.length;
    }
    // An object whose row is gone is unreachable (no route serves it): report, but keep going.
    if (failures.length) throw new AggregateError(failures, `evidence cleanup: ${failures.length} object(s) not deleted`);
    return { removed };
  } finally {
    await handle.release();
  }
}
