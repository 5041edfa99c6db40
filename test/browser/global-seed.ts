import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { seedDataDir } from '../../scripts/lib/spawn-host.ts';

/**
 * A data folder of `npm start`'s host with the demo districts seeded, which each browser file
 * copies (host.ts) instead of seeding again (that took most of a file's minute and a half).
 * `npm test` seeds it in the background while the earlier suites run (seed-folder.ts) and passes
 * it as FIREGRID_SEEDED_DIR; run alone, this seeds one here.
 */
export default async function setup(project: TestProject) {
  const prepared = process.env.FIREGRID_SEEDED_DIR;
  if (prepared) {
    project.provide('seededDataDir', prepared);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'firegrid-seeded-'));
  await seedDataDir(dir);
  project.provide('seededDataDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** A data folder of the Node host with the demo districts seeded (copied per file). */
    seededDataDir: string;
  }
}
