import { defineConfig } from 'vitest/config';
import SlowestFirst from './test/support/slowest-first.ts';

/**
 * Test projects (scripts/test.ts runs them and says why any is skipped):
 * - unit: pure domain and platform functions, no I/O;
 * - api: the HTTP API through createApp on PGlite (a migrated, seeded template loaded per file);
 * - api-pg: the same API files against a real PostgreSQL through the Neon driver and a relay;
 * - browser: the built SPA served by the Node host, driven in Debian's chromium.
 * The workerd smoke suite has its own config (vitest.workerd.config.ts).
 */
const apiFiles = ['test/api/**/*.test.ts'];
// The API files share a worker's modules (isolate: false): each builds its own world (database,
// app, clock) and none mocks a module or changes a global, and re-importing the app for each of
// 40 files was a quarter of the suite's time (measured: api 332 s -> 214 s on 2 workers).

export default defineConfig({
  test: {
    sequence: { sequencer: SlowestFirst },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // Pure tests never wait on I/O: the limit only stops a runaway loop. The slowest, the
          // workflow property test (600 random sequences), takes ~3 s idle and 8 s with the
          // machine busy; 5 s (the default) failed it on load alone.
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'api',
          // test/node: the embedded default and the CLI, which are PGlite-only by nature.
          include: [...apiFiles, 'test/node/**/*.test.ts'],
          globalSetup: ['test/support/global-pglite.ts'],
          // One test case is at most a few dozen requests (≤ 10 s with the machine busy); a
          // file's world (a copy of the seeded template) loads in seconds. Heavier cases and
          // hooks say their own limit next to the work they do.
          testTimeout: 30_000,
          hookTimeout: 60_000,
          isolate: false,
        },
      },
      {
        test: {
          name: 'api-pg',
          include: apiFiles,
          globalSetup: ['test/support/global-postgres.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          fileParallelism: true,
          isolate: false,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/global-seed.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // One file at a time. Each has its own host on its own copy of the seeded folder, so two
          // side by side work (243 s -> 196 s idle), but in one CI run of five the assessment
          // journey's publish then missed its 45 s wait; not reproduced since, so kept serial.
          fileParallelism: false,
        },
      },
    ],
  },
});
