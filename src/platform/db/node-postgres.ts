import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { logError } from '../log.ts';
import { checkedRole, pgTenantTransaction } from './pg-transaction.ts';
import { type DatabaseProvider, type Db, type StatementObserver, statementLogger } from './types.ts';

/**
 * A configured PostgreSQL from a long-running Node process (the Node host with DATABASE_URL, the
 * CLI, the benchmark): one shared pool. `switchToRole` when the URL logs in as the owner.
 */
export function nodePostgresProvider(
  connectionString: string,
  options: {
    switchToRole?: string | null;
    max?: number;
    observe?: StatementObserver;
    /**
     * How long to wait for a connection, and for any one statement's answer, before giving up
     * (the request answers 503). A server that stops answering without closing the connection (a
     * network stall) would otherwise hold requests, and the pool's connections, forever. The
     * slowest statement we send (a month's assessment at 100k hazards) takes under a second.
     */
    connectTimeoutMs?: number;
    queryTimeoutMs?: number;
  } = {},
): DatabaseProvider & { pool: pg.Pool; db: Db } {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    query_timeout: options.queryTimeoutMs ?? 30_000,
  });
  // An idle client whose server goes away emits 'error' on the pool; unhandled, that would take
  // the whole process down. The next query gets a fresh connection (or a 503 while it is down).
  pool.on('error', (error) => logError('idle database connection lost', error));
  const { observe } = options;
  const logger = statementLogger(observe);
  const db = drizzle({ client: pool, casing: 'snake_case', logger }) as unknown as Db;
  const switchToRole = checkedRole(options.switchToRole);
  return {
    pool,
    db,
    switchToRole,
    acquire: () => ({ db, release: async () => {} }),
    transaction: (_db, tenantId, work) =>
      pgTenantTransaction(
        () => pool.connect(),
        (client) => drizzle({ client: client as pg.PoolClient, casing: 'snake_case', logger }) as unknown as Db,
        { role: switchToRole, tenantId, observe },
        work,
      ),
  };
}
