import { getConnInfo } from '@hono/node-server/conninfo';
import type { SharedConfig } from '../platform/config.ts';
import type { DatabaseProvider } from '../platform/db/types.ts';
import { appDeps } from '../platform/deps.ts';
import type { AppDeps } from '../platform/http/env.ts';

/** AppDeps for a Node process (the embedded default, a configured database, tests). */
export function nodeDeps(
  config: SharedConfig,
  database: DatabaseProvider,
  overrides: Partial<Pick<AppDeps, 'clock' | 'clientIp' | 'logError'>> = {},
): AppDeps {
  return appDeps(config, database, {
    clientIp: (c) => {
      try {
        return getConnInfo(c).remote.address ?? null;
      } catch {
        return null; // app.request() in tests has no socket
      }
    },
    ...overrides,
  });
}
