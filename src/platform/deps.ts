import { type SharedConfig, tokenConfig } from './config.ts';
import type { DatabaseProvider } from './db/types.ts';
import type { AppDeps } from './http/env.ts';
import { createEvidenceStore } from './storage/evidence-store.ts';

/** AppDeps from validated configuration; each host adds what only it knows (client address, logging). */
export function appDeps(
  config: SharedConfig,
  database: DatabaseProvider,
  host: Pick<AppDeps, 'clientIp'> & Partial<Pick<AppDeps, 'clock' | 'logError'>>,
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
      uploadMethod: config.S3_UPLOAD_METHOD,
    }),
    clock: () => new Date(),
    limits: { bodyBytes: config.BODY_LIMIT_BYTES, evidenceBytes: config.EVIDENCE_MAX_BYTES },
    logError: (message, error) => console.error(message, error),
    ...host,
  };
}
