import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '../support/pg-cluster.ts';
import { spawnHost } from './host.ts';

/**
 * Starts `npm start`'s host once on an empty folder, which seeds the demo districts, and stops
 * it: each browser file then starts on its own copy of that folder (host.ts) instead of seeding
 * again, which took most of a file's minute and a half.
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'firegrid-seeded-'));
  const host = await spawnHost(dir, await freePort());
  await host.stop();
  project.provide('seededDataDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** A data folder of the Node host with the demo districts seeded (copied per file). */
    seededDataDir: string;
  }
}
