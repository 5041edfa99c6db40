import { isDatabaseUnavailable } from './errors.ts';
import type { Db, StatementObserver } from './types.ts';

/** The part of a pg-protocol client (node-postgres, Neon's serverless driver) a transaction needs. */
interface PgClient {
  query(text: string): Promise<unknown>;
  release(error?: Error | boolean): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * A checked-out connection whose server goes away emits 'error' besides failing the query in
 * flight. Nobody else listens while it is checked out (the pool hears only idle ones), and Node
 * ends the process on an unheard 'error' event: stopping PostgreSQL under writes killed the Node
 * host that way. The failed query already carries the error to the request (a 503), so the event
 * itself needs no more than a listener.
 */
const alreadyReported = () => {};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROLE_NAME = /^[a-z_][a-z0-9_]*$/;

/** A role to switch to, checked once where a provider is built: empty means none. */
export function checkedRole(role: string | null | undefined): string | null {
  if (!role) return null;
  if (!ROLE_NAME.test(role)) throw new Error(`database role to switch to is not a plain role name: ${JSON.stringify(role)}`);
  return role;
}

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
  connect: () => Promise<PgClient>,
  bind: (client: PgClient) => Db,
  settings: { role: string | null; tenantId: string | null; observe?: StatementObserver },
  work: (tx: Db) => Promise<T>,
): Promise<T> {
  const opening = openingStatement(settings.role, settings.tenantId);
  const client = await connect();
  client.on('error', alreadyReported);
  const send = (text: string) => {
    settings.observe?.(text);
    return client.query(text);
  };
  let clean = false;
  try {
    await send(opening);
    let result: T;
    try {
      result = await work(bind(client));
    } catch (error) {
      // A connection that failed or timed out gets no ROLLBACK: it would wait behind the statement
      // still outstanding (node-postgres sends one at a time) and time out again. Discarding the
      // connection ends the transaction on the server all the same.
      if (!isDatabaseUnavailable(error)) {
        await send('rollback').then(
          () => {
            clean = true;
          },
          () => {},
        );
      }
      throw error;
    }
    // PostgreSQL answers COMMIT of a transaction a failed statement aborted with ROLLBACK, not an
    // error: nothing was written, and the caller must not answer as if it had been.
    const ended = (await send('commit')) as { command?: string };
    if (ended.command !== undefined && ended.command !== 'COMMIT') throw new Error(`transaction ended with ${ended.command}, not COMMIT`);
    clean = true;
    return result;
  } finally {
    // A discarded connection keeps the listener: it may still report its end after release.
    if (clean) client.removeListener('error', alreadyReported);
    client.release(!clean);
  }
}
