import type { Db, StatementObserver } from './types.ts';

/** The part of a pg-protocol client (node-postgres, Neon's serverless driver) a transaction needs. */
interface PgClient {
  query(text: string): Promise<unknown>;
  release(error?: Error | boolean): void;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROLE_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * BEGIN and the transaction-local settings every RLS policy reads, as one simple-protocol query:
 * one round trip where a bound `set_config` would take a second (on Workers, each is a network
 * round trip to Neon). The simple protocol takes no parameters, so the two values are checked
 * before they are written into the text: the tenant id is a UUID (from a verified token or our
 * own row), the role one of our own names; anything else throws before a byte is sent.
 */
export function openingStatement(role: string | null, tenantId: string | null): string {
  if (tenantId !== null && !UUID.test(tenantId)) throw new Error('tenant id is not a UUID');
  if (role !== null && !ROLE_NAME.test(role)) throw new Error('role is not a plain role name');
  const settings = [`set_config('app.tenant_id', '${tenantId ?? ''}', true)`];
  if (role) settings.unshift(`set_config('role', '${role}', true)`);
  return `begin; select ${settings.join(', ')}`;
}

/**
 * A tenant's transaction on a connection of a pg-protocol pool: opened with its settings in one
 * round trip, `work` on a Drizzle database bound to that connection, then COMMIT, or ROLLBACK
 * when `work` throws. The connection goes back to its pool only when the transaction ended
 * cleanly; after any other failure (a lost connection, an opening or a COMMIT that failed) it is
 * discarded, so nobody else inherits a transaction half open.
 */
export async function pgTenantTransaction<T>(
  client: PgClient,
  bind: (client: PgClient) => Db,
  settings: { role: string | null; tenantId: string | null; observe?: StatementObserver },
  work: (tx: Db) => Promise<T>,
): Promise<T> {
  const send = (text: string) => {
    settings.observe?.(text);
    return client.query(text);
  };
  let clean = false;
  try {
    await send(openingStatement(settings.role, settings.tenantId));
    let result: T;
    try {
      result = await work(bind(client));
    } catch (error) {
      await send('rollback').then(
        () => {
          clean = true;
        },
        () => {},
      );
      throw error;
    }
    await send('commit');
    clean = true;
    return result;
  } finally {
    client.release(!clean);
  }
}
