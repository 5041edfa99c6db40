import { defineConfig } from 'vitest/config';

/**
 * Test projects (scripts/test.ts runs them and says why any is skipped):
 * - unit: pure domain and platform functions, no I/O;
 * - api: the HTTP API through createApp on PGlite (a migrated, seeded template loaded per file);
 * - api-pg: the same API files against a real PostgreSQL through the Neon driver and a relay;
 * - browser: the built SPA served by the Node host, driven in Debian's chromium.
 * The workerd smoke suite has its own config (vitest.workerd.config.ts).
 */
const apiFiles = ['test/api/**/*.test.ts'];

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'api',
          // test/node: the embedded default and the CLI, which are PGlite-only by nature.
          include: [...apiFiles, 'test/node/**/*.test.ts'],
          globalSetup: ['test/support/global-pglite.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
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
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
