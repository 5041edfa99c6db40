import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { nodePostgresProvider } from '../../src/platform/db/node-postgres.ts';
import { APP_ROLE } from '../../src/platform/db/types.ts';
import { seedDemo } from '../../src/seed/demo.ts';

export const OWNER = { user: 'firegrid_owner', password: 'owner-test-password' };
export const APP_PASSWORD = 'app-test-password';

/** The server's URL with another database and, if given, another login. */
export function withDb(url: string, db: string, user?: { user: string; password: string }): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  if (user) {
    u.username = user.user;
    u.password = user.password;
  }
  return u.toString();
}

/**
 * A database on a fresh cluster as a deployment has it: an owner role (not superuser) that ran
 * the migrations, the app role given a password to log in with, and the demo districts' world
 * (seedDemo). Answers the owner's and the app role's URLs.
 */
export async function migratedDemoDatabase(adminUrl: string, db: string): Promise<{ ownerUrl: string; appUrl: string }> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${db}`);
    await admin.query(`do $$ begin
        if not exists (select from pg_roles where rolname = '${OWNER.user}') then
          create role ${OWNER.user} login createrole password '${OWNER.password}';
        end if; end $$`);
    await admin.query(`create database ${db} owner ${OWNER.user}`);
    await admin.query(`grant create on database ${db} to ${OWNER.user}`);

    const ownerUrl = withDb(adminUrl, db, OWNER);
    const migrator = new pg.Client({ connectionString: ownerUrl });
    await migrator.connect();
    await migrate(drizzle({ client: migrator }), { migrationsFolder: join(import.meta.dirname, '../../drizzle') });
    await migrator.end();
    await admin.query(`alter role ${APP_ROLE} login password '${APP_PASSWORD}'`);

    const seeding = nodePostgresProvider(ownerUrl, { switchToRole: APP_ROLE, max: 1 });
    await seedDemo(seeding, seeding.db);
    await seeding.pool.end();
    return { ownerUrl, appUrl: withDb(adminUrl, db, { user: APP_ROLE, password: APP_PASSWORD }) };
  } finally {
    await admin.end();
  }
}
