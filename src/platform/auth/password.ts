import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';

/**
 * Password hashing with scrypt (node:crypto; on Workers through nodejs_compat, implemented natively
 * by workerd). Why scrypt: PBKDF2 is capped at 100,000 iterations on production Workers, below the
 * 600,000 ASVS 5.0 asks for PBKDF2-HMAC-SHA256; argon2id would need a WASM build in the bundle.
 * Why these parameters: OWASP's scrypt table (the reference ASVS 5.0 Appendix C points at) lists
 * equivalent settings from N=2^17,p=1 (128 MiB per hash: the whole memory of a Worker) down to
 * N=2^13,p=10. We take N=2^14, r=8, p=5: 16 MiB per hash, so a few concurrent logins fit in an
 * isolate's 128 MB. Parameters are stored with each hash; `needsRehash` upgrades old ones at login.
 *
 * Format: scrypt$ln=14,r=8,p=5$<salt b64>$<hash b64>
 */
export interface ScryptParams {
  logN: number;
  r: number;
  p: number;
}

export const CURRENT_PARAMS: ScryptParams = { logN: 14, r: 8, p: 5 };

/** OWASP Password Storage Cheat Sheet, scrypt: minimum p for each N (with r = 8). */
export const OWASP_SCRYPT_MINIMUMS: readonly { logN: number; r: number; p: number }[] = [
  { logN: 17, r: 8, p: 1 },
  { logN: 16, r: 8, p: 2 },
  { logN: 15, r: 8, p: 3 },
  { logN: 14, r: 8, p: 5 },
  { logN: 13, r: 8, p: 10 },
];

export function meetsMinimum(params: ScryptParams): boolean {
  return OWASP_SCRYPT_MINIMUMS.some((m) => params.logN >= m.logN && params.r >= m.r && params.p >= m.p);
}

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

function derive(password: string, salt: Uint8Array, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.logN;
  return new Promise((resolve, reject) => {
    scryptCallback(
      password.normalize('NFKC'),
      salt,
      KEY_LENGTH,
      { N, r: params.r, p: params.p, maxmem: 256 * N * params.r },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

export async function hashPassword(password: string, params: ScryptParams = CURRENT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, params);
  return `scrypt$ln=${params.logN},r=${params.r},p=${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export function parseHash(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const match = /^scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
  if (!match) return null;
  const [, logN, r, p, salt, key] = match as unknown as [string, string, string, string, string, string];
  return {
    params: { logN: Number(logN), r: Number(r), p: Number(p) },
    salt: Buffer.from(salt, 'base64'),
    key: Buffer.from(key, 'base64'),
  };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

export function needsRehash(stored: string): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return true;
  const { logN, r, p } = parsed.params;
  return logN !== CURRENT_PARAMS.logN || r !== CURRENT_PARAMS.r || p !== CURRENT_PARAMS.p;
}

/**
 * A hash of a random password, verified against when the user does not exist so that an unknown
 * username costs the same time as a wrong password (no enumeration by timing).
 */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  return decoy;
}
