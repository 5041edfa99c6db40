import * as z from 'zod';
import type { SigningKey, TokenConfig } from './auth/jwt.ts';
import { MAX_ACCESS_TTL_SECONDS } from './auth/jwt.ts';

/**
 * Configuration shared by both hosts, validated once at start-up: a bad value stops the process
 * (Node) or fails every request with a clear log line (Workers) instead of half-working.
 *
 * JWT_KEYS: JSON array of {kid, secret}, secret base64url of ≥ 32 bytes. The first key signs; all
 * verify. Rotate by putting a new key first; drop the old one after ACCESS_TOKEN_TTL has passed.
 */
const base64url = /^[A-Za-z0-9_-]+$/;

const JwtKeys = z
  .array(z.object({ kid: z.string().min(1).max(64), secret: z.string().regex(base64url) }))
  .min(1)
  .transform((keys, ctx) =>
    keys.map((k): SigningKey => {
      const secret = Uint8Array.from(atob(k.secret.replaceAll('-', '+').replaceAll('_', '/')), (ch) => ch.charCodeAt(0));
      if (secret.length < 32) ctx.addIssue({ code: 'custom', message: `key ${k.kid}: secret shorter than 32 bytes` });
      return { kid: k.kid, secret };
    }),
  );

export const SharedConfig = z.object({
  JWT_KEYS: z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'JWT_KEYS is not JSON' });
        return z.NEVER;
      }
    })
    .pipe(JwtKeys),
  JWT_ISSUER: z.string().default('firegrid'),
  JWT_AUDIENCE: z.string().default('firegrid-api'),
  ACCESS_TOKEN_TTL: z.coerce.number().int().min(60).max(MAX_ACCESS_TTL_SECONDS).default(MAX_ACCESS_TTL_SECONDS),
  REFRESH_TOKEN_TTL: z.coerce
    .number()
    .int()
    .min(3600)
    .max(60 * 60 * 24 * 90)
    .default(60 * 60 * 24 * 14),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10 * 1024 * 1024)
    .default(256 * 1024),
  /** The largest evidence file (photo, PDF) a client may upload, in bytes. */
  EVIDENCE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  /**
   * Node host only: how many reverse proxies in front of it append to X-Forwarded-For. 0: the
   * client is the socket's peer. Behind one proxy every client would otherwise share its address.
   */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().default('auto'),
  S3_BUCKET: z.string().min(3),
  S3_ACCESS_KEY_ID: z.string().min(1),
  S3_SECRET_ACCESS_KEY: z.string().min(1),
  S3_FORCE_PATH_STYLE: z.stringbool().default(false),
  /**
   * How browsers upload evidence: `post` (a presigned POST policy; AWS S3, s3rver) or `put` (a
   * presigned PUT with Content-Type and Content-Length signed; for stores without POST Object, e.g. R2).
   */
  S3_UPLOAD_METHOD: z.enum(['post', 'put']).default('post'),
});
export type SharedConfig = z.output<typeof SharedConfig>;

export function parseConfig(env: Record<string, unknown>): SharedConfig {
  const result = SharedConfig.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`firegrid configuration is invalid:\n${lines.join('\n')}`);
  }
  return result.data;
}

export function tokenConfig(config: SharedConfig): TokenConfig {
  return {
    keys: config.JWT_KEYS,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    accessTtlSeconds: config.ACCESS_TOKEN_TTL,
  };
}

/** A fresh signing key in the JWT_KEYS format (for the embedded default and `wrangler secret`). */
export function generateJwtKey(kid: string): { kid: string; secret: string } {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const secret = btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
  return { kid, secret };
}
