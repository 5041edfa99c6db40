import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { migratePglite, pgliteProvider } from '../../src/platform/db/pglite.ts';
import { seedDemo } from '../../src/seed/demo.ts';
import { startTestS3 } from './local-s3.ts';

/**
 * Builds the migrated + demo-seeded PGlite once per run and dumps it; every test file loads its
 * own copy from the dump (the "template cloned per test file" of DESIGN.md).
 */
export default async function setup(project: TestProject) {
  const client = new PGlite();
  await migratePglite(client, join(import.meta.dirname, '../../drizzle'));
  const provider = pgliteProvider(client);
  await seedDemo(provider, provider.db);
  const dump = await client.dumpDataDir('none');
  const path = join(tmpdir(), `firegrid-template-${process.pid}.tar`);
  await writeFile(path, Buffer.from(await dump.arrayBuffer()));
  await client.close();
  project.provide('pgliteTemplate', path);
  const s3 = await startTestS3();
  project.provide('s3Endpoint', s3.endpoint);
  return async () => {
    await rm(path, { force: true });
    await s3.close();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgres: { adminUrl: string; templateDb: string; relayPort: number; appPassword: string } | null;
    /** The run's local S3-compatible server (s3rver), bucket TEST_ENV.S3_BUCKET. */
    s3Endpoint: string;
  }
}
