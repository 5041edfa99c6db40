import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { nodePostgresProvider } from '../../src/platform/db/node-postgres.ts';
import { APP_ROLE } from '../../src/platform/db/types.ts';
import { seedDemo } from '../../src/seed/demo.ts';
import { startTestS3 } from './local-s3.ts';
import { startPostgres } from './pg-cluster.ts';
import { startWsRelay } from './ws-relay.ts';

export const OWNER = { user: 'firegrid_owner', password: 'owner-test-password' };
export const APP_PASSWORD = 'app-test-password';
const TEMPLATE_DB = 'firegrid_template';

const withDb = (url: string, db: string, user?: { user: string; password: string }) => {
  const u = new URL(url);
  u.pathname = `/${db}`;
  if (user) {
    u.username = user.user;
    u.password = user.password;
  }
  return u.toString();
};

/**
 * A real PostgreSQL for the API suite: a throwaway cluster, an owner role (not superuser) that runs
 * the migrations, the app role given a password to log in with, a migrated and seeded template
 * database, and the WebSocket relay the Neon driver reaches it through.
 */
export default async function setup(project: TestProject) {
  // The app role skips SCRAM for the API suites only (pg-cluster.ts says why); workerd keeps it.
  const cluster = await startPostgres({ trustRoles: project.name === 'workerd' ? [] : [APP_ROLE] });
  if ('skipped' in cluster) throw new Error(`PostgreSQL unavailable: ${cluster.skipped}`);
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE_DB}`);
  await admin.query(`do $$ begin
      if not exists (select from pg_roles where rolname = '${OWNER.user}') then
        create role ${OWNER.user} login createrole password '${OWNER.password}';
      end if; end $$`);
  await admin.query(`create database ${TEMPLATE_DB} owner ${OWNER.user}`);
  await admin.query(`grant create on database ${TEMPLATE_DB} to ${OWNER.user}`);

  const ownerUrl = withDb(cluster.url, TEMPLATE_DB, OWNER);
  const migrator = new pg.Client({ connectionString: ownerUrl });
  await migrator.connect();
  await migrate(drizzle({ client: migrator }), { migrationsFolder: join(import.meta.dirname, '../../drizzle') });
  await migrator.end();
  await admin.query(`alter role ${APP_ROLE} login password '${APP_PASSWORD}'`);

  const seeding = nodePostgresProvider(ownerUrl, { switchToRole: APP_ROLE, max: 1 });
  await seedDemo(seeding, seeding.db);
  await seeding.pool.end();
  await admin.end();

  const relay = await startWsRelay();
  project.provide('postgres', { adminUrl: cluster.url, templateDb: TEMPLATE_DB, relayPort: relay.port, appPassword: APP_PASSWORD });
  const s3 = await startTestS3();
  project.provide('s3Endpoint', s3.endpoint);
  return async () => {
    await s3.close();
    await relay.close();
    await cluster.stop();
  };
}
