import type { TestProject } from 'vitest/node';
import { APP_ROLE } from '../../src/platform/db/types.ts';
import { startTestS3 } from './local-s3.ts';
import { startPostgres } from './pg-cluster.ts';
import { APP_PASSWORD, migratedDemoDatabase } from './pg-database.ts';
import { startWsRelay } from './ws-relay.ts';

const TEMPLATE_DB = 'firegrid_template';

/**
 * A real PostgreSQL for the API suite: a throwaway cluster, a migrated and seeded template database
 * (pg-database.ts: owner role, app role with a password), and the WebSocket relay the Neon driver
 * reaches it through.
 */
export default async function setup(project: TestProject) {
  // The app role skips SCRAM for the API suites only (pg-cluster.ts says why); workerd keeps it.
  const cluster = await startPostgres({ trustRoles: project.name === 'workerd' ? [] : [APP_ROLE] });
  if ('skipped' in cluster) throw new Error(`PostgreSQL unavailable: ${cluster.skipped}`);
  await migratedDemoDatabase(cluster.url, TEMPLATE_DB);

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
