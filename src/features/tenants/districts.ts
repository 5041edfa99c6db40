import { and, eq } from 'drizzle-orm';
import { tenants } from '../../db/schema/index.ts';
import { inTenant } from '../../platform/db/tenancy.ts';
import type { DatabaseProvider, Db } from '../../platform/db/types.ts';

export interface District {
  id: string;
  timeZone: string;
}

/** The districts the scheduled jobs work for: active district tenants (not oversight, not suspended). */
export function activeDistricts(provider: DatabaseProvider, db: Db): Promise<District[]> {
  return inTenant(provider, db, null, (tx) =>
    tx
      .select({ id: tenants.id, timeZone: tenants.timeZone })
      .from(tenants)
      .where(and(eq(tenants.kind, 'district'), eq(tenants.status, 'active'))),
  );
}
