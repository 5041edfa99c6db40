import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { MIGRATIONS } from '../../src/node/embedded.ts';
import { nodePostgresProvider } from '../../src/platform/db/node-postgres.ts';
import { migratePglite, pgliteProvider } from '../../src/platform/db/pglite.ts';
import type { DatabaseProvider, Db } from '../../src/platform/db/types.ts';

/**
 * "Whichever database is configured", for command-line tools: DATABASE_URL (a PostgreSQL or Neon
 * connection string; DATABASE_SWITCH_ROLE=firegrid_app when it logs in as the owner), otherwise
 * the embedded default's PGlite in FIREGRID_DATA_DIR (stop `npm start` first: PGlite allows one
 * process per data folder).
 */
export async function openConfiguredDatabase(): Promise<{ provider: DatabaseProvider; db: Db; label: string; close(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const pg = nodePostgresProvider(url, { switchToRole: process.env.DATABASE_SWITCH_ROLE ?? null, max: 2 });
    return { provider: pg, db: pg.db, label: `PostgreSQL ${new URL(url).host}`, close: () => pg.pool.end() };
  }
  const dir = process.env.FIREGRID_DATA_DIR ?? join(process.cwd(), '.data');
  const client = new PGlite(join(dir, 'pg'));
  await migratePglite(client, MIGRATIONS);
  const provider = pgliteProvider(client);
  return { provider, db: provider.db, label: `embedded PGlite in ${dir}`, close: () => client.close() };
}
