import { neonConfig, Pool } from '@neondatabase/serverless';
import { drizzle } from 'drizzle-orm/neon-serverless';
import * as schema from '../../db/schema/index.ts';
import type { DatabaseProvider, Db } from './types.ts';

/**
 * Neon over WebSocket (the Workers host, and the test host that runs the API against a real
 * PostgreSQL through a local relay). Workers may not keep sockets across requests: a Pool is
 * created per request and ended after the response (withConnection → waitUntil).
 * The connection string logs in as the app role itself, so no role switch is needed.
 */
export function neonProvider(connectionString: string): DatabaseProvider {
  return {
    switchToRole: null,
    acquire() {
      const pool = new Pool({ connectionString, max: 1 });
      // pg's end() never closes the socket itself (Neon's write() takes the callback for an
      // encoding), so the server's close arrives as an 'error' after a clean finish; without a
      // listener workerd reports it as uncaught. Query errors still reject their own promises.
      pool.on('error', () => {});
      const db = drizzle({ client: pool, schema, casing: 'snake_case' }) as unknown as Db;
      return { db, release: () => pool.end() };
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
