import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { tokenConfig, type SharedConfig } from '../platform/config.ts';
import type { DatabaseProvider } from '../platform/db/types.ts';
import type { AppDeps } from '../platform/http/env.ts';
import { createEvidenceStore } from '../platform/storage/evidence-store.ts';

/** AppDeps for a Node process (the embedded default, a configured database, tests). */
export function nodeDeps(
  config: SharedConfig,
  database: DatabaseProvider,
  overrides: Partial<Pick<AppDeps, 'clock' | 'clientIp' | 'logError'>> = {},
): AppDeps {
  return {
    database,
    tokens: tokenConfig(config),
    refreshTtlSeconds: config.REFRESH_TOKEN_TTL,
    evidence: createEvidenceStore({
      endpoint: config.S3_ENDPOINT,
      region: config.S3_REGION,
      bucket: config.S3_BUCKET,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
    }),
    clock: () => new Date(),
    limits: { bodyBytes: config.BODY_LIMIT_BYTES },
    clientIp: (c: Context) => {
      try {
        return getConnInfo(c).remote.address ?? null;
      } catch {
        return null; // app.request() in tests has no socket
      }
    },
    logError: (message, error) => console.error(message, error),
    ...overrides,
  };
}
