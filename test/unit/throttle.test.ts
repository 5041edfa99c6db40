import { describe, expect, it } from 'vitest';
import { afterFailure, retryAfterSeconds, THROTTLE, type ThrottleState } from '../../src/features/auth/throttle.ts';

const T0 = new Date('2026-11-24T08:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const LIMIT = THROTTLE.accountFailures;

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
  it('is 5 failures per account (30 per address) in 15 minutes, locks from 1 minute doubling up to 1 hour', () => {
    expect(THROTTLE).toEqual({ windowSeconds: 900, accountFailures: 5, addressFailures: 30, baseLockSeconds: 60, maxLockSeconds: 3600 });
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
