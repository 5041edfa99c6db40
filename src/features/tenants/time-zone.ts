import { eq } from 'drizzle-orm';
import { tenants } from '../../db/schema/index.ts';
import type { Db } from '../../platform/db/types.ts';

/** The tenant's time zone, in which its calendar days (deadlines, look-back periods) are counted. */
export async function tenantTimeZone(tx: Db, tenantId: string): Promise<string> {
  const [row] = await tx.select({ timeZone: tenants.timeZone }).from(tenants).where(eq(tenants.id, tenantId));
  return row?.timeZone ?? 'Asia/Shanghai';
}
