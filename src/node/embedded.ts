import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { generateJwtKey } from '../platform/config.ts';
import { migratePglite, pgliteProvider } from '../platform/db/pglite.ts';
import { s3ObjectStore } from '../platform/storage/s3.ts';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from '../seed/demo.ts';
import { seedDemoAssessments } from '../seed/demo-assessments.ts';
import { seedDemoHazards } from '../seed/demo-hazards.ts';
import { seedDemoInspections } from '../seed/demo-inspections.ts';
import { seedDemoTasks } from '../seed/demo-tasks.ts';
import { startLocalS3 } from './local-s3.ts';

/** s3rver accepts any credentials; these only have to be the same on both sides. */
const LOCAL_S3_KEY = 'S3RVER';

export const MIGRATIONS = join(import.meta.dirname, '../../drizzle');

/**
 * The embedded default behind `npm start`: everything in one data folder (PGlite's files, the
 * local S3 store, the generated signing key), migrated on every start, seeded on the first.
 */
export async function startEmbedded(dataDir: string, log: (line: string) => void) {
  await mkdir(dataDir, { recursive: true });
  const keyFile = join(dataDir, 'jwt-keys.json');
  if (!existsSync(keyFile)) {
    await writeFile(keyFile, JSON.stringify([generateJwtKey(`local-${Date.now()}`)]), { mode: 0o600 });
  }
  const jwtKeys = await readFile(keyFile, 'utf8');

  const s3 = await startLocalS3(join(dataDir, 's3'), 'firegrid-evidence', Number(process.env.FIREGRID_S3_PORT ?? 0));
  const client = new PGlite(join(dataDir, 'pg'));
  await migratePglite(client, MIGRATIONS);
  const provider = pgliteProvider(client);
  const { rows } = await client.query<{ n: number }>('select count(*)::int as n from tenants');
  if (!rows[0]?.n) {
    log('首次启动：写入示范数据 / first start: seeding demo data…');
    await seedDemo(provider, provider.db);
    const store = s3ObjectStore({
      endpoint: s3.endpoint,
      region: 'auto',
      bucket: s3.bucket,
      accessKeyId: LOCAL_S3_KEY,
      secretAccessKey: LOCAL_S3_KEY,
      forcePathStyle: true,
    });
    const hazards = await seedDemoHazards(provider, provider.db, store, new Date());
    log(`示范隐患 / demo hazards: ${hazards}`);
    const tasks = await seedDemoTasks(provider, provider.db, store, new Date());
    log(`示范任务 / demo tasks: ${tasks}`);
    const ins = await seedDemoInspections(provider, provider.db, store, new Date());
    log(
      `示范检查与维保 / demo inspections: ${ins.inspections} (${ins.inspectionHazards} hazards), patrols: ${ins.patrols}, facilities: ${ins.facilities}, maintenance records: ${ins.records}`,
    );
    const assessed = await seedDemoAssessments(provider, provider.db, store, new Date());
    log(
      `示范月度考核 / demo assessments: ${assessed.published} months published, ${assessed.drafts} drafts, ${assessed.adjustments} adjustments`,
    );
    log(`示范账号 / demo logins (password: ${DEMO_PASSWORD}):`);
    const byTenant = new Map<string, string[]>();
    for (const l of DEMO_LOGINS) byTenant.set(l.tenant, [...(byTenant.get(l.tenant) ?? []), l.username]);
    for (const [tenant, names] of byTenant) log(`  ${tenant.padEnd(10)} ${names.join(', ')}`);
  }
  // PGlite has no autovacuum: without statistics the planner guesses, and a campaign's bulletin
  // over 20,000 tasks took 0.65 s instead of 0.2 s. Cheap at this size; refreshed every start.
  await client.query('analyze');
  return {
    provider,
    env: {
      JWT_KEYS: jwtKeys,
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: s3.bucket,
      S3_ACCESS_KEY_ID: LOCAL_S3_KEY,
      S3_SECRET_ACCESS_KEY: LOCAL_S3_KEY,
      S3_FORCE_PATH_STYLE: 'true',
    },
    async close() {
      await client.close();
      await s3.close();
    },
  };
}
