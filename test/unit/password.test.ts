import { describe, expect, it } from 'vitest';
import {
  CURRENT_PARAMS,
  hashPassword,
  meetsMinimum,
  needsRehash,
  OWASP_SCRYPT_MINIMUMS,
  parseHash,
  verifyPassword,
} from '../../src/platform/auth/password.ts';

const FORMAT = /^scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]+=*)\$([A-Za-z0-9+/]+=*)$/;

describe('parameters', () => {
  it('the current parameters meet the OWASP scrypt minimum', () => {
    expect(meetsMinimum(CURRENT_PARAMS)).toBe(true);
    // and they are not above what a Worker can afford: 128 * N * r bytes ≤ 16 MiB
    expect(128 * 2 ** CURRENT_PARAMS.logN * CURRENT_PARAMS.r).toBeLessThanOrEqual(16 * 1024 * 1024);
  });

  it('every row of the OWASP table passes and anything weaker in p, N or r fails', () => {
    for (const row of OWASP_SCRYPT_MINIMUMS) {
      expect(meetsMinimum(row), JSON.stringify(row)).toBe(true);
      expect(meetsMinimum({ ...row, p: row.p - 1 }), `p-1 ${JSON.stringify(row)}`).toBe(false);
      expect(meetsMinimum({ ...row, r: row.r - 1 }), `r-1 ${JSON.stringify(row)}`).toBe(false);
    }
    expect(meetsMinimum({ logN: 14, r: 8, p: 4 })).toBe(false);
    expect(meetsMinimum({ logN: 12, r: 8, p: 16 })).toBe(false);
    expect(meetsMinimum({ logN: 10, r: 8, p: 1 })).toBe(false);
  });
});

describe('hashPassword', () => {
  it('writes the documented format with its parameters, a 16-byte salt and a 32-byte key', async () => {
    const stored = await hashPassword('correct horse battery staple');
    const match = FORMAT.exec(stored);
    expect(match, stored).not.toBeNull();
    const [, ln, r, p, salt, key] = match!;
    expect({ logN: Number(ln), r: Number(r), p: Number(p) }).toEqual(CURRENT_PARAMS);
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16);
    expect(Buffer.from(key!, 'base64')).toHaveLength(32);
    expect(stored).not.toContain('correct horse');
    expect(parseHash(stored)?.params).toEqual(CURRENT_PARAMS);
  });

  it('salts: the same password hashes differently each time', async () => {
    const [a, b] = await Promise.all([hashPassword('same password here'), hashPassword('same password here')]);
    expect(a).not.toBe(b);
    expect(parseHash(a)!.salt.equals(parseHash(b)!.salt)).toBe(false);
  });
});

describe('verifyPassword', () => {
  it('accepts the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('消防安全-firegrid-2026');
    expect(await verifyPassword('消防安全-firegrid-2026', stored)).toBe(true);
    expect(await verifyPassword('消防安全-firegrid-2027', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('normalises to NFKC, so full-width input matches its ASCII form', async () => {
    const stored = await hashPassword('password-１２３４');
    expect(await verifyPassword('password-1234', stored)).toBe(true);
  });

  it('refuses (never throws on) a stored value that is not a hash, or whose key was tampered with', async () => {
    expect(await verifyPassword('x', 'plain-text-password')).toBe(false);
    expect(await verifyPassword('x', '')).toBe(false);
    const stored = await hashPassword('tamper-test-pass');
    const parsed = parseHash(stored)!;
    const flipped = Buffer.from(parsed.key);
    flipped[0] = flipped[0]! ^ 1;
    const tampered = stored.replace(parsed.key.toString('base64'), flipped.toString('base64'));
    expect(tampered).not.toBe(stored);
    expect(await verifyPassword('tamper-test-pass', tampered)).toBe(false);
    const shortKey = stored.replace(parsed.key.toString('base64'), parsed.key.subarray(0, 16).toString('base64'));
    expect(await verifyPassword('tamper-test-pass', shortKey)).toBe(false);
  });
});

describe('upgrading old hashes', () => {
  it('a hash made with older parameters (N=2^13, p=10) still verifies and is marked for rehash', async () => {
    const old = await hashPassword('legacy-password-1', { logN: 13, r: 8, p: 10 });
    expect(old.startsWith('scrypt$ln=13,r=8,p=10$')).toBe(true);
    expect(await verifyPassword('legacy-password-1', old)).toBe(true);
    expect(await verifyPassword('legacy-password-2', old)).toBe(false);
    expect(needsRehash(old)).toBe(true);
  });

  it('a current hash needs no rehash; any other parameters or an unreadable value do', async () => {
    expect(needsRehash(await hashPassword('current-password'))).toBe(false);
    const fake = (ln: number, r: number, p: number) => `scrypt$ln=${ln},r=${r},p=${p}$c2FsdA==$a2V5`;
    expect(needsRehash(fake(CURRENT_PARAMS.logN, CURRENT_PARAMS.r, CURRENT_PARAMS.p))).toBe(false);
    expect(needsRehash(fake(15, 8, 3))).toBe(true);
    expect(needsRehash(fake(14, 8, 4))).toBe(true);
    expect(needsRehash(fake(14, 16, 5))).toBe(true);
    expect(needsRehash('$2b$10$abcdefghijklmnopqrstuv')).toBe(true);
  });
});
