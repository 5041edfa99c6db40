import { neonConfig, Pool, type PoolClient } from '@neondatabase/serverless';
import { drizzle } from 'drizzle-orm/neon-serverless';
import { pgTenantTransaction } from './pg-transaction.ts';
import { type DatabaseProvider, type Db, type StatementObserver, statementLogger } from './types.ts';

/**
 * Neon over WebSocket (the Workers host, and the test host that runs the API against a real
 * PostgreSQL through a local relay). Workers may not keep sockets across requests: a Pool is
 * created per request and ended after the response (withConnection → waitUntil).
 * The connection string logs in as the app role itself, so no role switch is needed.
 * `observe` hears every statement sent (BEGIN and COMMIT included), for counting round trips.
 */
export function neonProvider(connectionString: string, observe?: StatementObserver): DatabaseProvider {
  const logger = statementLogger(observe);
  // The request's pool behind each database handed out, for its transactions.
  const pools = new WeakMap<Db, Pool>();
  return {
    switchToRole: null,
    acquire() {
      const pool = new Pool({ connectionString, max: 1 });
      // pg's end() never closes the socket itself (Neon's write() takes the callback for an
      // encoding), so the server's close arrives as an 'error' after a clean finish; without a
      // listener workerd reports it as uncaught. Query errors still reject their own promises.
      pool.on('error', () => {});
      const db = drizzle({ client: pool, casing: 'snake_case', logger }) as unknown as Db;
      pools.set(db, pool);
      return { db, release: () => pool.end() };
    },
    transaction(db, tenantId, work) {
      const pool = pools.get(db);
      if (!pool) throw new Error('neonProvider.transaction: a database this provider did not hand out');
      return pgTenantTransaction(
        () => pool.connect(),
        (client) => drizzle({ client: client as PoolClient, casing: 'snake_case', logger }) as unknown as Db,
        { role: null, tenantId, observe },
        work,
      );
    },
  };
}

/**
 * Points the driver at a plain PostgreSQL through a WebSocket-to-TCP relay ("host:port" of the
 * relay): for tests and local runs only. Production talks to Neon's own endpoint over TLS.
 */
export function useWebSocketRelay(relay: string): void {
  neonConfig.wsProxy = (host, port) => `${relay}/v2?address=${host}:${port}`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
}
