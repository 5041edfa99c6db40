import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  MAX_ACCESS_TTL_SECONDS,
  type SigningKey,
  signAccessToken,
  type TokenConfig,
  verifyAccessToken,
} from '../../src/platform/auth/jwt.ts';
import { ApiError } from '../../src/platform/errors.ts';

const key = (kid: string, fill: string): SigningKey => ({ kid, secret: new TextEncoder().encode(fill.repeat(32).slice(0, 40)) });
const K1 = key('k1', 'a');
const K2 = key('k2', 'b');
const config = (keys: SigningKey[], extra: Partial<TokenConfig> = {}): TokenConfig => ({
  keys,
  issuer: 'firegrid',
  audience: 'firegrid-api',
  accessTtlSeconds: 900,
  ...extra,
});
const CLAIMS = {
  userId: '11111111-1111-4111-8111-111111111111',
  tenantId: '22222222-2222-4222-8222-222222222222',
  sessionId: '33333333-3333-4333-8333-333333333333',
};
const NOW = new Date('2026-11-24T08:00:00Z');
const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
const epoch = (d: Date) => Math.floor(d.getTime() / 1000);

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decodePart = (token: string, i: 0 | 1) => JSON.parse(Buffer.from(token.split('.')[i]!, 'base64url').toString());

/** A token with full control over header and claims, signed by jose with `secret`. */
function craft(header: { alg?: string; typ?: string; kid?: string }, claims: Record<string, unknown>, secret: Uint8Array = K1.secret) {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: 'k1', ...header }).sign(secret);
}
const validClaims = (overrides: Record<string, unknown> = {}) => ({
  sub: CLAIMS.userId,
  tid: CLAIMS.tenantId,
  sid: CLAIMS.sessionId,
  iss: 'firegrid',
  aud: 'firegrid-api',
  iat: epoch(NOW),
  exp: epoch(NOW) + 900,
  ...overrides,
});

async function expectUnauthenticated(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'the token was accepted').toBeInstanceOf(ApiError);
  expect((error as ApiError).code).toBe('unauthenticated');
  expect((error as ApiError).status).toBe(401);
}

describe('sign and verify', () => {
  it('round-trips the claims with the pinned header', async () => {
    const token = await signAccessToken(config([K1]), CLAIMS, NOW);
    expect(decodePart(token, 0)).toEqual({ alg: 'HS256', kid: 'k1', typ: 'at+jwt' });
    const payload = decodePart(token, 1);
    expect(payload).toMatchObject({
      sub: CLAIMS.userId,
      tid: CLAIMS.tenantId,
      sid: CLAIMS.sessionId,
      iss: 'firegrid',
      aud: 'firegrid-api',
    });
    expect(payload.exp - payload.iat).toBe(900);
    expect(await verifyAccessToken(config([K1]), token, at(899))).toEqual(CLAIMS);
  });

  it('a hand-crafted token with valid claims verifies (so the crafted failures below fail for their one reason)', async () => {
    expect(await verifyAccessToken(config([K1]), await craft({}, validClaims()), NOW)).toEqual(CLAIMS);
  });
});

describe('rejects, always as ApiError unauthenticated', () => {
  it('an expired token', async () => {
    const token = await signAccessToken(config([K1]), CLAIMS, NOW);
    await expectUnauthenticated(verifyAccessToken(config([K1]), token, at(900)));
    await expectUnauthenticated(verifyAccessToken(config([K1]), token, at(3600)));
  });

  it('a wrong issuer or audience', async () => {
    const token = await signAccessToken(config([K1]), CLAIMS, NOW);
    await expectUnauthenticated(verifyAccessToken(config([K1], { issuer: 'someone-else' }), token, NOW));
    await expectUnauthenticated(verifyAccessToken(config([K1], { audience: 'other-api' }), token, NOW));
    await expectUnauthenticated(verifyAccessToken(config([K1]), await craft({}, validClaims({ iss: 'evil' })), NOW));
    await expectUnauthenticated(verifyAccessToken(config([K1]), await craft({}, validClaims({ aud: 'other-api' })), NOW));
  });

  it('an unknown kid, or no kid', async () => {
    await expectUnauthenticated(verifyAccessToken(config([K1]), await craft({ kid: 'k9' }, validClaims()), NOW));
    const noKid = await new SignJWT(validClaims()).setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' }).sign(K1.secret);
    await expectUnauthenticated(verifyAccessToken(config([K1]), noKid, NOW));
  });

  it('a token signed with another secret under a known kid', async () => {
    const forged = await craft({ kid: 'k1' }, validClaims(), K2.secret);
    await expectUnauthenticated(verifyAccessToken(config([K1]), forged, NOW));
    // and a tampered payload under the original signature
    const good = await craft({}, validClaims());
    const [h, , s] = good.split('.');
    const tampered = `${h}.${b64url(validClaims({ tid: '44444444-4444-4444-8444-444444444444' }))}.${s}`;
    await expectUnauthenticated(verifyAccessToken(config([K1]), tampered, NOW));
  });

  it('alg none (unsigned), with or without a signature part', async () => {
    const header = b64url({ alg: 'none', typ: 'at+jwt', kid: 'k1' });
    const body = b64url(validClaims());
    await expectUnauthenticated(verifyAccessToken(config([K1]), `${header}.${body}.`, NOW));
    await expectUnauthenticated(verifyAccessToken(config([K1]), `${header}.${body}`, NOW));
  });

  it('another HMAC algorithm than the pinned HS256, even with the right key', async () => {
    await expectUnauthenticated(verifyAccessToken(config([K1]), await craft({ alg: 'HS512' }, validClaims()), NOW));
  });

  it('a wrong or missing typ', async () => {
    await expectUnauthenticated(verifyAccessToken(config([K1]), await craft({ typ: 'JWT' }, validClaims()), NOW));
    const noTyp = await new SignJWT(validClaims()).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).sign(K1.secret);
    await expectUnauthenticated(verifyAccessToken(config([K1]), noTyp, NOW));
  });

  it('a token older than 15 minutes even though its exp is still in the future (maxTokenAge)', async () => {
    const old = await craft({}, validClaims({ iat: epoch(NOW) - MAX_ACCESS_TTL_SECONDS - 60, exp: epoch(NOW) + 3600 }));
    await expectUnauthenticated(verifyAccessToken(config([K1]), old, NOW));
    // the same for a token our own signer minted with a too-long TTL, once 15 minutes have passed
    const long = await signAccessToken(config([K1], { accessTtlSeconds: 7200 }), CLAIMS, NOW);
    await expectUnauthenticated(verifyAccessToken(config([K1]), long, at(MAX_ACCESS_TTL_SECONDS + 1)));
  });

  it('a token issued in the future', async () => {
    const future = await craft({}, validClaims({ iat: epoch(NOW) + 300, exp: epoch(NOW) + 600 }));
    await expectUnauthenticated(verifyAccessToken(config([K1]), future, NOW));
  });

  it('a token missing tid, sid or sub, or with a non-string tid', async () => {
    for (const drop of ['tid', 'sid', 'sub'] as const) {
      const claims: Record<string, unknown> = validClaims();
      delete claims[drop];
      await expectUnauthenticated(verifyAccessToken(config([K1]), await craft({}, claims), NOW));
    }
    await expectUnauthenticated(verifyAccessToken(config([K1]), await craft({}, validClaims({ tid: 42 })), NOW));
  });

  it('garbage', async () => {
    for (const junk of ['', 'abc', 'a.b.c', 'eyJhbGciOiJIUzI1NiJ9..']) {
      await expectUnauthenticated(verifyAccessToken(config([K1]), junk, NOW));
    }
  });
});

describe('key rotation', () => {
  it('the first key signs; an old key verifies while listed second and fails once removed', async () => {
    const oldToken = await signAccessToken(config([K1]), CLAIMS, NOW);
    const rotated = config([K2, K1]);
    expect(await verifyAccessToken(rotated, oldToken, at(60))).toEqual(CLAIMS);
    const newToken = await signAccessToken(rotated, CLAIMS, NOW);
    expect(decodePart(newToken, 0).kid).toBe('k2');
    expect(await verifyAccessToken(rotated, newToken, at(60))).toEqual(CLAIMS);
    const dropped = config([K2]);
    await expectUnauthenticated(verifyAccessToken(dropped, oldToken, at(60)));
    expect(await verifyAccessToken(dropped, newToken, at(60))).toEqual(CLAIMS);
  });

  it('refuses to sign without a key', async () => {
    await expect(signAccessToken(config([]), CLAIMS, NOW)).rejects.toThrow(/no signing key/);
  });
});
