import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
import { TEST_ENV } from './test/support/config.ts';

/**
 * The workerd smoke suite: test files run inside the real Workers runtime (workerd via
 * @cloudflare/vitest-plugin) against the worker built from wrangler.toml, whose Neon driver reaches
 * the throwaway PostgreSQL of the global setup through the WebSocket relay, as the app role.
 */
export default defineConfig({
  plugins: [
    cloudflareTest(({ inject }) => {
      const pg = inject('postgres');
      if (!pg) throw new Error('the workerd suite needs PostgreSQL (global setup provided none)');
      const url = new URL(pg.adminUrl);
      url.username = 'firegrid_app';
      url.password = pg.appPassword;
      url.pathname = `/${pg.templateDb}`;
      return {
        wrangler: { configPath: './wrangler.toml' },
        miniflare: {
          bindings: {
            ...TEST_ENV,
            S3_ENDPOINT: inject('s3Endpoint'),
            DATABASE_URL: url.toString(),
            NEON_WS_PROXY: `127.0.0.1:${pg.relayPort}`,
          },
        },
      };
    }),
  ],
  test: {
    name: 'workerd',
    include: ['test/workerd/**/*.test.ts'],
    globalSetup: ['test/support/global-postgres.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
