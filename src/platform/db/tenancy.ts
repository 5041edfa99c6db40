import { sql } from 'drizzle-orm';
import type { DatabaseProvider, Db } from './types.ts';

/**
 * The one way to touch tenant data: a transaction that first switches to the app role (where
 * needed) and sets `app.tenant_id` transaction-locally, which every RLS policy reads;
 * set_config(..., true) keeps them inside this transaction, as Neon's pooler (transaction mode)
 * requires. On the pg-protocol drivers BEGIN and the settings go as one query (pg-transaction.ts),
 * the values checked and written into it; on PGlite they are bound parameters. `tenantId` null =
 * platform work (login, throttling): RLS then hides every tenant row.
 */
export async function inTenant<T>(
  provider: Pick<DatabaseProvider, 'switchToRole' | 'transaction'>,
  db: Db,
  tenantId: string | null,
  work: (tx: Db) => Promise<T>,
): Promise<T> {
  // pg-protocol drivers open the transaction and set the tenant in one round trip (pg-transaction.ts).
  if (provider.transaction) return provider.transaction(db, tenantId, work);
  return db.transaction(async (tx) => {
    await setTenant(tx, provider.switchToRole, tenantId);
    return work(tx);
  });
}

/**
 * Re-points the current transaction at another tenant: for operators creating a tenant, and for a
 * login, which learns its district within the transaction that reads the user.
 */
export async function setTenant(tx: Db, role: string | null, tenantId: string | null): Promise<void> {
  if (role) {
    await tx.execute(sql`select set_config('role', ${role}, true), set_config('app.tenant_id', ${tenantId ?? ''}, true)`);
  } else {
    await tx.execute(sql`select set_config('app.tenant_id', ${tenantId ?? ''}, true)`);
  }
}
