import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { ApiError } from '../errors.ts';

/**
 * Access tokens (ASVS V9): HS256 only (pinned), `kid` in the header, issuer, audience, type
 * `at+jwt` (RFC 9068), expiry ≤ 15 minutes. Keys come from configuration; the first key signs,
 * every key verifies, so rotation = add a new key in front, drop the old one after a token lifetime.
 */
export interface SigningKey {
  kid: string;
  /** At least 32 bytes. */
  secret: Uint8Array<ArrayBuffer>;
}

export interface TokenConfig {
  keys: readonly SigningKey[];
  issuer: string;
  audience: string;
  accessTtlSeconds: number;
}

export const ALGORITHM = 'HS256';
export const TOKEN_TYPE = 'at+jwt';
export const MAX_ACCESS_TTL_SECONDS = 15 * 60;

export interface AccessClaims {
  userId: string;
  tenantId: string;
  sessionId: string;
}

/**
 * Each key imported for HMAC once per process (isolate), not on every request: handed raw bytes,
 * jose imports them again each time, one more WebCrypto job (measured: about half of a simple
 * read's crypto cost on the Node host).
 */
const imported = new WeakMap<SigningKey, CryptoKey>();
async function cryptoKeyOf(key: SigningKey): Promise<CryptoKey> {
  // The key, not a pending promise: on Workers a promise made in one request should not be awaited
  // by another. Two first requests at once may import it twice; both get an equal key.
  let found = imported.get(key);
  if (!found) {
    found = await crypto.subtle.importKey('raw', key.secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    imported.set(key, found);
  }
  return found;
}

export async function signAccessToken(config: TokenConfig, claims: AccessClaims, now: Date): Promise<string> {
  const key = config.keys[0];
  if (!key) throw new Error('no signing key configured');
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ tid: claims.tenantId, sid: claims.sessionId })
    .setProtectedHeader({ alg: ALGORITHM, kid: key.kid, typ: TOKEN_TYPE })
    .setSubject(claims.userId)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + config.accessTtlSeconds)
    .sign(await cryptoKeyOf(key));
}

export async function verifyAccessToken(config: TokenConfig, token: string, now: Date): Promise<AccessClaims> {
  try {
    const { payload } = await jwtVerify(
      token,
      (header) => {
        const key = config.keys.find((k) => k.kid === header.kid);
        if (!key) throw new joseErrors.JWKSNoMatchingKey();
        return cryptoKeyOf(key);
      },
      {
        algorithms: [ALGORITHM],
        issuer: config.issuer,
        audience: config.audience,
        typ: TOKEN_TYPE,
        maxTokenAge: MAX_ACCESS_TTL_SECONDS,
        requiredClaims: ['sub', 'exp', 'iat', 'tid', 'sid'],
        currentDate: now,
      },
    );
    const { sub, tid, sid } = payload;
    if (typeof sub !== 'string' || typeof tid !== 'string' || typeof sid !== 'string') {
      throw new joseErrors.JWTClaimValidationFailed('malformed claims', payload);
    }
    return { userId: sub, tenantId: tid, sessionId: sid };
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) {
      throw new ApiError('unauthenticated', { params: { reason: 'token_invalid' } });
    }
    throw error;
  }
}
