import { and, eq } from 'drizzle-orm';
import { lookbackItems } from '../../../db/schema/index.ts';
import type { Db } from '../../../platform/db/types.ts';
import { ApiError, notFound } from '../../../platform/errors.ts';

export interface RecheckedItem {
  lookbackId: string;
  hazardId: string;
  result: 'confirmed' | 'rebound';
  checkedBy: string;
  checkedAt: Date;
  note: string | null;
}

/**
 * Records the re-check of one hazard drawn in a look-back (回头看), inside the caller's transaction
 * (the hazard service's 'recheck' transition): 404 if the hazard was not drawn in that look-back
 * of this tenant, 409 lookback_item_already_checked if it was. Each item is checked once.
 */
export async function recordRecheck(
  tx: Db,
  tenantId: string,
  lookbackId: string,
  hazardId: string,
  result: 'confirmed' | 'rebound',
  userId: string,
  note: string | null,
  at: Date,
): Promise<RecheckedItem> {
  const item = and(eq(lookbackItems.tenantId, tenantId), eq(lookbackItems.lookbackId, lookbackId), eq(lookbackItems.hazardId, hazardId))!;
  const [updated] = await tx
    .update(lookbackItems)
    .set({ result, checkedBy: userId, checkedAt: at, note })
    .where(and(item, eq(lookbackItems.result, 'pending')))
    .returning({ lookbackId: lookbackItems.lookbackId });
  if (updated) return { lookbackId, hazardId, result, checkedBy: userId, checkedAt: at, note };
  const [existing] = await tx.select({ result: lookbackItems.result }).from(lookbackItems).where(item);
  if (!existing) throw notFound('lookback_item', 'lookbackId');
  // Not pending, so confirmed or rebound: each item is re-checked once.
  throw new ApiError('lookback_item_already_checked', { params: { result: existing.result as 'confirmed' | 'rebound' } });
}
