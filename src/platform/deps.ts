import { type SharedConfig, tokenConfig } from './config.ts';
import type { DatabaseProvider } from './db/types.ts';
import type { AppDeps } from './http/env.ts';
import { logError } from './log.ts';
import { s3ObjectStore } from './storage/s3.ts';

/** AppDeps from validated configuration; each host adds what only it knows (client address, logging). */
export function appDeps(
  config: SharedConfig,
  database: DatabaseProvider,
  host: Pick<AppDeps, 'clientIp'> & Partial<Pick<AppDeps, 'clock' | 'logError' | 'pause'>>,
): AppDeps {
  return {
    database,
    tokens: tokenConfig(config),
    refreshTtlSeconds: config.REFRESH_TOKEN_TTL,
    evidence: s3ObjectStore({
      endpoint: config.S3_ENDPOINT,
      region: config.S3_REGION,
      bucket: config.S3_BUCKET,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
      uploadMethod: config.S3_UPLOAD_METHOD,
    }),
    clock: () => new Date(),
    pause: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    limits: { bodyBytes: config.BODY_LIMIT_BYTES, evidenceBytes: config.EVIDENCE_MAX_BYTES },
    logError,
    ...host,
  };
}
