import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  clientAddress,
  failuresInWindow,
  LOCK_AFTER,
  loginGate,
  retryAfterSeconds,
  THROTTLE,
  type ThrottleKind,
  type ThrottleState,
  throttleKeys,
} from '../../src/features/auth/throttle.ts';

const T0 = new Date('2026-11-24T08:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const LIMIT = THROTTLE.pairFailures;

/** `n` failures, one second apart, starting at T0. */
function failures(n: number, limit: number = LIMIT): { state: ThrottleState | undefined; last: Date } {
  let state: ThrottleState | undefined;
  let last = T0;
  for (let i = 0; i < n; i++) {
    last = at(i);
    state = afterFailure(state, last, limit);
  }
  return { state, last };
}

describe('the policy', () => {
  it('is 5 failures per (account, address), 30 per address, in 15 minutes, locks from 1 minute doubling up to 1 hour', () => {
    expect(THROTTLE).toEqual({
      windowSeconds: 900,
      pairFailures: 5,
      addressFailures: 30,
      accountSlowDownAfter: 20,
      slowDownMs: 2000,
      baseLockSeconds: 60,
      maxLockSeconds: 3600,
    });
    // the account as a whole is never locked: that is what would lock its owner out
    expect(LOCK_AFTER).toEqual({ pair: 5, address: 30, account: null });
  });
});

describe('retryAfterSeconds', () => {
  it('is 0 with no state, no lock, or a lock that has passed', () => {
    expect(retryAfterSeconds(undefined, T0)).toBe(0);
    expect(retryAfterSeconds({ failures: 3, windowStartedAt: T0, lockedUntil: null }, T0)).toBe(0);
    expect(retryAfterSeconds({ failures: 5, windowStartedAt: T0, lockedUntil: at(60) }, at(60))).toBe(0);
    expect(retryAfterSeconds({ failures: 5, windowStartedAt: T0, lockedUntil: at(60) }, at(61))).toBe(0);
  });

  it('rounds a partial second up, so a client never retries too early', () => {
    const state = { failures: 5, windowStartedAt: T0, lockedUntil: at(60) };
    expect(retryAfterSeconds(state, T0)).toBe(60);
    expect(retryAfterSeconds(state, new Date(at(59).getTime() + 1))).toBe(1);
    expect(retryAfterSeconds(state, new Date(T0.getTime() + 500))).toBe(60);
  });
});

describe('afterFailure', () => {
  it('counts failures without a lock before the limit', () => {
    for (let n = 1; n < LIMIT; n++) {
      const { state, last } = failures(n);
      expect(state!.failures).toBe(n);
      expect(state!.windowStartedAt).toEqual(T0);
      expect(state!.lockedUntil, `after ${n}`).toBeNull();
      expect(retryAfterSeconds(state, last)).toBe(0);
    }
  });

  it('locks at the limit for the base time, then doubles with each further failure', () => {
    const { state, last } = failures(LIMIT);
    expect(state!.failures).toBe(LIMIT);
    expect(retryAfterSeconds(state, last)).toBe(THROTTLE.baseLockSeconds);
    let s = state;
    const seen: number[] = [];
    for (let i = 1; i <= 3; i++) {
      const now = at(LIMIT + i);
      s = afterFailure(s, now, LIMIT);
      seen.push(retryAfterSeconds(s, now));
    }
    expect(seen).toEqual([2, 4, 8].map((k) => k * THROTTLE.baseLockSeconds));
  });

  it('caps the lock at maxLockSeconds', () => {
    let s: ThrottleState | undefined;
    let wait = 0;
    for (let i = 0; i < 40; i++) {
      s = afterFailure(s, at(i), LIMIT);
      wait = retryAfterSeconds(s, at(i));
      expect(wait).toBeLessThanOrEqual(THROTTLE.maxLockSeconds);
    }
    expect(wait).toBe(THROTTLE.maxLockSeconds);
    expect(s!.failures).toBe(40);
  });

  it('a failure a whole window after the last lock ended starts a fresh window with no lock', () => {
    const { state } = failures(LIMIT);
    expect(state!.lockedUntil).not.toBeNull();
    const stillCounted = new Date(state!.lockedUntil!.getTime() + THROTTLE.windowSeconds * 1000);
    expect(afterFailure(state, stillCounted, LIMIT).failures).toBe(LIMIT + 1);
    const later = new Date(stillCounted.getTime() + 1000);
    const next = afterFailure(state, later, LIMIT);
    expect(next).toEqual({ failures: 1, windowStartedAt: later, lockedUntil: null });
  });

  it('someone who waits out every lock keeps climbing to maxLockSeconds', () => {
    let s: ThrottleState | undefined;
    let now = T0;
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      s = afterFailure(s, now, LIMIT);
      const wait = retryAfterSeconds(s, now);
      waits.push(wait);
      now = new Date(now.getTime() + (wait + 1) * 1000); // try again the moment the lock ends
    }
    expect(waits.slice(LIMIT - 1)).toEqual([60, 120, 240, 480, 960, 1920, 3600, 3600]);
  });

  it('a failure exactly at the end of the window still counts in it', () => {
    const { state } = failures(LIMIT - 1);
    const edge = at(THROTTLE.windowSeconds);
    const next = afterFailure(state, edge, LIMIT);
    expect(next.failures).toBe(LIMIT);
    expect(next.windowStartedAt).toEqual(T0);
    expect(retryAfterSeconds(next, edge)).toBe(THROTTLE.baseLockSeconds);
  });

  it('uses the limit it is given (per address: more attempts before a lock)', () => {
    const { state, last } = failures(LIMIT, THROTTLE.addressFailures);
    expect(retryAfterSeconds(state, last)).toBe(0);
    const { state: s2, last: l2 } = failures(THROTTLE.addressFailures, THROTTLE.addressFailures);
    expect(retryAfterSeconds(s2, l2)).toBe(THROTTLE.baseLockSeconds);
  });

  it('does not mutate the state it is given', () => {
    const state: ThrottleState = { failures: 2, windowStartedAt: T0, lockedUntil: null };
    const copy = structuredClone(state);
    afterFailure(state, at(5), LIMIT);
    expect(state).toEqual(copy);
  });
});

describe('afterFailure without a limit (the account counter)', () => {
  it('counts but never locks, however many failures', () => {
    let s: ThrottleState | undefined;
    for (let i = 0; i < 200; i++) {
      s = afterFailure(s, at(i), null);
      expect(s.lockedUntil).toBeNull();
    }
    expect(s!.failures).toBe(200);
    expect(s!.windowStartedAt).toEqual(T0);
  });

  it('starts afresh a whole window after the window began', () => {
    const { state } = failures(30, Number.POSITIVE_INFINITY);
    const next = afterFailure(state, at(THROTTLE.windowSeconds + 1), null);
    expect(next).toEqual({ failures: 1, windowStartedAt: at(THROTTLE.windowSeconds + 1), lockedUntil: null });
  });
});

describe('failuresInWindow', () => {
  it('is the count while the window lasts, 0 after it or without a state', () => {
    const state = { failures: 7, windowStartedAt: T0, lockedUntil: null };
    expect(failuresInWindow(undefined, T0)).toBe(0);
    expect(failuresInWindow(state, at(THROTTLE.windowSeconds))).toBe(7);
    expect(failuresInWindow(state, at(THROTTLE.windowSeconds + 1))).toBe(0);
    // a lock extends the window to a whole window after its end
    const locked = { failures: 7, windowStartedAt: T0, lockedUntil: at(600) };
    expect(failuresInWindow(locked, at(600 + THROTTLE.windowSeconds))).toBe(7);
  });
});

/**
 * The counters of a small world: one account, several client addresses. `fail(address)` is a wrong
 * password from that address (the three counters it touches), `gate(address)` what an attempt from
 * there meets before its password is checked.
 */
function world() {
  const counters = new Map<string, ThrottleState>();
  const keysOf = (address: string): Record<ThrottleKind, string> => ({
    pair: `pair:${address}`,
    address: `ip:${address}`,
    account: 'acct',
  });
  return {
    fail(address: string, now: Date) {
      for (const [kind, key] of Object.entries(keysOf(address)) as [ThrottleKind, string][]) {
        counters.set(key, afterFailure(counters.get(key), now, LOCK_AFTER[kind]));
      }
    },
    succeed(address: string) {
      counters.delete(keysOf(address).pair);
    },
    gate(address: string, now: Date) {
      const keys = keysOf(address);
      return loginGate({ pair: counters.get(keys.pair), address: counters.get(keys.address), account: counters.get(keys.account) }, now);
    },
  };
}

describe('loginGate', () => {
  it('locks the guessing address out of the account after 5 failures, and nobody else', () => {
    const w = world();
    for (let i = 0; i < LIMIT - 1; i++) w.fail('A', at(i));
    expect(w.gate('A', at(LIMIT))).toEqual({ retryAfter: 0, slowDownMs: 0 });
    w.fail('A', at(LIMIT));
    expect(w.gate('A', at(LIMIT))).toEqual({ retryAfter: THROTTLE.baseLockSeconds, slowDownMs: 0 });
    // the owner, from another address, meets nothing at all
    expect(w.gate('B', at(LIMIT))).toEqual({ retryAfter: 0, slowDownMs: 0 });
    // the lock passes; the next failure from A doubles it
    expect(w.gate('A', at(LIMIT + THROTTLE.baseLockSeconds))).toEqual({ retryAfter: 0, slowDownMs: 0 });
    w.fail('A', at(LIMIT + THROTTLE.baseLockSeconds));
    expect(w.gate('A', at(LIMIT + THROTTLE.baseLockSeconds)).retryAfter).toBe(2 * THROTTLE.baseLockSeconds);
  });

  it('the owner’s own failures from their address lock only that address, and a success there clears them', () => {
    const w = world();
    for (let i = 0; i < LIMIT - 1; i++) w.fail('B', at(i));
    w.succeed('B');
    w.fail('B', at(10));
    expect(w.gate('B', at(10))).toEqual({ retryAfter: 0, slowDownMs: 0 });
  });

  it('locks an address guessing many accounts after 30 failures in all', () => {
    const counters = new Map<string, ThrottleState>();
    for (let i = 0; i < THROTTLE.addressFailures; i++) {
      const account = `acct:${i % 10}`;
      counters.set(`pair:${account}`, afterFailure(counters.get(`pair:${account}`), at(i), LOCK_AFTER.pair));
      counters.set('ip:C', afterFailure(counters.get('ip:C'), at(i), LOCK_AFTER.address));
    }
    // three failures per account: no pair is locked, but the address is, for any account
    expect(counters.get('pair:acct:0')!.failures).toBe(3);
    expect(loginGate({ pair: undefined, address: counters.get('ip:C') }, at(THROTTLE.addressFailures)).retryAfter).toBeGreaterThan(0);
    expect(loginGate({ pair: counters.get('pair:acct:0') }, at(THROTTLE.addressFailures)).retryAfter).toBe(0);
  });

  it('guessing from many addresses slows every attempt on the account once it reaches 20 failures, and never refuses', () => {
    const w = world();
    const addresses = ['A1', 'A2', 'A3', 'A4', 'A5'];
    let t = 0;
    // four failures from each of five addresses: no pair locked, 20 on the account
    for (const a of addresses) for (let i = 0; i < LIMIT - 1; i++) w.fail(a, at(t++));
    expect(w.gate('A1', at(t)).retryAfter).toBe(0);
    expect(w.gate('B', at(t))).toEqual({ retryAfter: 0, slowDownMs: THROTTLE.slowDownMs });
    expect(w.gate('A5', at(t))).toEqual({ retryAfter: 0, slowDownMs: THROTTLE.slowDownMs });
    // 200 more failures from fresh addresses: the owner is still only slowed, never locked
    for (let i = 0; i < 200; i++) w.fail(`X${i}`, at(t++));
    expect(w.gate('B', at(t))).toEqual({ retryAfter: 0, slowDownMs: THROTTLE.slowDownMs });
    // one failure short of the ceiling: no wait
    const below = world();
    for (let i = 0; i < THROTTLE.accountSlowDownAfter - 1; i++) below.fail(`Y${i}`, at(i));
    expect(below.gate('B', at(30))).toEqual({ retryAfter: 0, slowDownMs: 0 });
    // and a window later, the account counter has passed
    expect(w.gate('B', at(t + THROTTLE.windowSeconds + 1))).toEqual({ retryAfter: 0, slowDownMs: 0 });
  });

  it('a refused attempt is refused, not slowed', () => {
    const account = { failures: 50, windowStartedAt: T0, lockedUntil: null };
    const pair = { failures: 5, windowStartedAt: T0, lockedUntil: at(60) };
    expect(loginGate({ pair, account }, at(1))).toEqual({ retryAfter: 59, slowDownMs: 0 });
  });

  it('ignores a lock on the account counter (rows written before the account stopped locking)', () => {
    const account = { failures: 6, windowStartedAt: T0, lockedUntil: at(3600) };
    expect(loginGate({ account }, at(1))).toEqual({ retryAfter: 0, slowDownMs: 0 });
  });
});

describe('clientAddress', () => {
  it('keeps an IPv4 address, and an IPv4-mapped IPv6 address as IPv4', () => {
    expect(clientAddress('203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddress('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddress(' 203.0.113.7 ')).toBe('203.0.113.7');
  });

  it('counts IPv6 by its /64, however it is written', () => {
    const net = '2001:db8:abcd:12::/64';
    for (const ip of [
      '2001:db8:abcd:12::1',
      '2001:0db8:abcd:0012:ffff:ffff:ffff:ffff',
      '2001:DB8:ABCD:12:1:2:3:4',
      '[2001:db8:abcd:12::9]',
      '2001:db8:abcd:12::1%eth0',
    ]) {
      expect(clientAddress(ip), ip).toBe(net);
    }
    expect(clientAddress('2001:db8:abcd:13::1')).toBe('2001:db8:abcd:13::/64');
    expect(clientAddress('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientAddress('::1')).toBe('0:0:0:0::/64');
    expect(clientAddress('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
  });

  it('is null when the host does not know the address', () => {
    expect(clientAddress(null)).toBeNull();
    expect(clientAddress('')).toBeNull();
  });
});

describe('throttleKeys', () => {
  it('hashes everything: no username, slug or address in any key', async () => {
    const keys = await throttleKeys('demo-a', 'committee_admin', '203.0.113.7');
    expect(Object.keys(keys).sort()).toEqual(['account', 'address', 'pair']);
    expect(keys.pair).toMatch(/^pair:[0-9a-f]{64}$/);
    expect(keys.address).toMatch(/^ip:[0-9a-f]{64}$/);
    expect(keys.account).toMatch(/^acct:[0-9a-f]{64}$/);
    expect(new Set(Object.values(keys)).size).toBe(3);
  });

  it('one account key whatever the address or case; one pair per address (per /64 for IPv6)', async () => {
    const a = await throttleKeys('demo-a', 'committee_admin', '203.0.113.7');
    const b = await throttleKeys('Demo-A', 'Committee_Admin', '198.51.100.1');
    expect(b.account).toBe(a.account);
    expect(b.pair).not.toBe(a.pair);
    expect(b.address).not.toBe(a.address);
    const v6a = await throttleKeys('demo-a', 'committee_admin', '2001:db8:1:2::a');
    const v6b = await throttleKeys('demo-a', 'committee_admin', '2001:db8:1:2::b');
    expect(v6b.pair).toBe(v6a.pair);
    expect(v6b.address).toBe(v6a.address);
    // the same address on another account: another pair, the same address counter
    const other = await throttleKeys('demo-a', 'volunteer', '203.0.113.7');
    expect(other.pair).not.toBe(a.pair);
    expect(other.address).toBe(a.address);
  });

  it('an unknown address has neither a pair nor an address counter: every client behind it would share them', async () => {
    const keys = await throttleKeys('demo-a', 'committee_admin', null);
    expect(keys).toEqual({ account: (await throttleKeys('demo-a', 'committee_admin', '203.0.113.7')).account });
  });
});

describe('the Node host’s client address', () => {
  it('is the socket peer, or behind N trusted proxies the address the outermost saw; unknown when the chain is short', async () => {
    const { clientAddressOf } = await import('../../src/node/deps.ts');
    expect(clientAddressOf('1.1.1.1', '10.0.0.1', 0)).toBe('10.0.0.1');
    expect(clientAddressOf('6.6.6.6, 203.0.113.9', '10.0.0.1', 1)).toBe('203.0.113.9');
    expect(clientAddressOf('6.6.6.6, 203.0.113.9, 10.0.0.2', '10.0.0.1', 2)).toBe('203.0.113.9');
    // straight to the host, past the proxies: the peer is the client
    expect(clientAddressOf(undefined, '10.0.0.1', 1)).toBe('10.0.0.1');
    expect(clientAddressOf('203.0.113.9', '10.0.0.1', 2)).toBeNull();
  });
});
