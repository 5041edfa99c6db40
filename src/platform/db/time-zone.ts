import { eq } from 'drizzle-orm';
import { tenants } from '../../db/schema/index.ts';
import type { Db } from './types.ts';

/**
 * Time zones a transaction already knows, by tenant: a request's first statement reads its
 * tenant's with the principal (`authenticated`), so the routes asking again cost no round trip.
 * Keyed by the transaction, which ends with its request.
 */
const known = new WeakMap<Db, Map<string, string>>();

/** Records `timeZone` as `tenantId`'s for the rest of `tx`. */
export function knowTimeZone(tx: Db, tenantId: string, timeZone: string): void {
  const zones = known.get(tx) ?? new Map<string, string>();
  zones.set(tenantId, timeZone);
  known.set(tx, zones);
}

/** The tenant's time zone, in which its calendar days (deadlines, look-back periods) are counted. */
export async function tenantTimeZone(tx: Db, tenantId: string): Promise<string> {
  const cached = known.get(tx)?.get(tenantId);
  if (cached) return cached;
  const [row] = await tx.select({ timeZone: tenants.timeZone }).from(tenants).where(eq(tenants.id, tenantId));
  return row?.timeZone ?? 'Asia/Shanghai';
}
