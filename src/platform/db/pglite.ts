import type { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { APP_ROLE, type DatabaseProvider, type Db, type StatementObserver, statementLogger } from './types.ts';

/**
 * The embedded default (Node only): PGlite in-process. PGlite has a single superuser, who would
 * bypass RLS, so every transaction switches to the app role first (see inTenant).
 */
export function pgliteProvider(client: PGlite, observe?: StatementObserver): DatabaseProvider & { db: Db; client: PGlite } {
  const logger = statementLogger(observe);
  const db = drizzle({ client, casing: 'snake_case', logger }) as unknown as Db;
  if (observe) {
    // PGlite runs a transaction's BEGIN and COMMIT (or ROLLBACK) itself, out of Drizzle's sight.
    const transaction = db.transaction.bind(db);
    db.transaction = (work, config) => {
      observe('begin');
      return transaction(work, config).finally(() => observe('commit'));
    };
  }
  return {
    db,
    client,
    switchToRole: APP_ROLE,
    acquire: () => ({ db, release: async () => {} }),
  };
}

export async function migratePglite(client: PGlite, migrationsFolder: string): Promise<void> {
  await migrate(drizzle({ client, casing: 'snake_case' }), { migrationsFolder });
}
