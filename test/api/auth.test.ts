import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  afterFailure,
  countFailures,
  LOCK_AFTER,
  openAttempt,
  recordFailure,
  THROTTLE,
  type ThrottleKeys,
  type ThrottleKind,
  type ThrottleState,
  throttleKeys,
} from '../../src/features/auth/throttle.ts';
import { forgetQuietThrottles } from '../../src/features/auth/throttle-cleanup.ts';
import { CURRENT_PARAMS, hashPassword, needsRehash, verifyPassword } from '../../src/platform/auth/password.ts';
import { inTenant } from '../../src/platform/db/tenancy.ts';
import { DEMO_PASSWORD } from '../../src/seed/demo.ts';
import { auditEvents, expectProblem } from '../support/checks.ts';
import { call, createWorld, login, type TestWorld } from '../support/harness.ts';

let world: TestWorld;
/** Seconds the app's clock runs ahead of the wall clock (locks are waited out by moving it). */
let offset = 0;
/** The waits a slowed-down login asked for (recorded instead of slept). */
const pauses: number[] = [];
beforeAll(async () => {
  // The client address of a request is whatever its x-test-client-ip header says (none: unknown).
  world = await createWorld({
    clock: () => new Date(Date.now() + offset * 1000),
    clientIp: (c) => c.req.header('x-test-client-ip') ?? null,
  });
  Object.assign(world.deps, { pause: async (ms: number) => void pauses.push(ms) });
});
afterAll(() => world.close());

/** A login attempt on demo-a from a client address. */
async function loginFrom(address: string, username: string, password: string) {
  const res = await world.app.request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-test-client-ip': address },
    body: JSON.stringify({ tenant: 'demo-a', username, password }),
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

/** A failed login as the throttle sees it: the attempt taken on the pair, then the failure counted on the others. */
async function failedAttempt(keys: ThrottleKeys, now: Date) {
  const handle = world.deps.database.acquire();
  try {
    await inTenant(world.deps.database, handle.db, null, async (tx) => {
      if ((await openAttempt(tx, keys, now)).retryAfter === 0) await recordFailure(tx, keys, now);
    });
  } finally {
    await handle.release();
  }
}

/** Failures counted through the throttle's own statements, as logins from elsewhere would be. */
async function failuresElsewhere(username: string, addresses: string[], perAddress: number) {
  const handle = world.deps.database.acquire();
  try {
    for (const address of addresses) {
      const keys = await throttleKeys('demo-a', username, address);
      for (let i = 0; i < perAddress; i++) await failedAttempt(keys, world.deps.clock());
    }
  } finally {
    await handle.release();
  }
}

describe('login', () => {
  it('returns bearer tokens for a demo user and /me describes them', async () => {
    const session = await login(world, 'demo-a', 'station_staff');
    const me = await call(world, session, 'GET', '/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe('station_staff');
    expect(me.body.tenant.slug).toBe('demo-a');
    expect(me.body.roles).toHaveLength(1);
    expect(me.body.roles[0].role).toBe('station_staff');
    expect(me.body.permissions).toContain('registry.read');
    expect(me.body.permissions).not.toContain('users.write');
  });

  it('upgrades a password hashed with older parameters at the next login, in the same statement as the session', async () => {
    const older = await hashPassword(DEMO_PASSWORD, { ...CURRENT_PARAMS, logN: CURRENT_PARAMS.logN - 1 });
    expect(needsRehash(older)).toBe(true);
    const user =
      "(select u.id from users u join tenants t on t.id = u.tenant_id where t.slug = 'demo-a' and u.username = 'community_staff')";
    await world.admin(`update users set password_hash = $1 where id = ${user}`, [older]);
    const session = await login(world, 'demo-a', 'community_staff');
    expect((await call(world, session, 'GET', '/api/v1/me')).status).toBe(200);
    const [row] = await world.admin(`select password_hash from users where id = ${user}`);
    const upgraded = row!.password_hash as string;
    expect(upgraded).not.toBe(older);
    expect(needsRehash(upgraded)).toBe(false);
    expect(await verifyPassword(DEMO_PASSWORD, upgraded)).toBe(true);
  });

  it('answers the same 401 for a wrong password, an unknown user and an unknown tenant', async () => {
    const attempts = [
      { tenant: 'demo-a', username: 'committee_admin', password: 'wrong-password' },
      { tenant: 'demo-a', username: 'nobody', password: 'firegrid-demo' },
      { tenant: 'no-such-district', username: 'committee_admin', password: 'firegrid-demo' },
    ];
    const answers = [];
    for (const body of attempts) answers.push(await call(world, null, 'POST', '/api/v1/auth/login', body));
    for (const a of answers) {
      expect(a.status).toBe(401);
      expect(a.headers.get('content-type')).toContain('application/problem+json');
      expect(a.body.code).toBe('invalid_credentials');
    }
    expect(new Set(answers.map((a) => a.body.detail)).size).toBe(1);
    expect(answers[0]!.body).toMatchObject({ detail: '单位代码、账号或密码错误', params: {} });
    const failed = await world.admin("select count(*)::int as n from audit_events where action = 'login.failed'");
    expect(failed[0]!.n).toBe(3);
  });

  it('answers in English when asked to', async () => {
    const res = await world.app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'en-GB,en;q=0.9,zh;q=0.5' },
      body: JSON.stringify({ tenant: 'demo-a', username: 'nobody', password: 'firegrid-demo' }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-language')).toBe('en');
    expect(await res.json()).toMatchObject({ code: 'invalid_credentials', detail: 'Invalid organisation code, username or password' });
  });
});

describe('login throttling cannot be turned against the owner', () => {
  const ATTACKER = '203.0.113.10';
  const OWNER = '198.51.100.20';

  it('a stranger guessing from one address is locked out after 5 failures; the owner from another address gets in', async () => {
    for (let i = 0; i < THROTTLE.pairFailures; i++) {
      expectProblem(await loginFrom(ATTACKER, 'committee_admin', `guess-${i}`), 401, 'invalid_credentials');
    }
    // the guesser is locked, even with the right password (a lock does not say whether it was right)
    const locked = expectProblem(await loginFrom(ATTACKER, 'committee_admin', DEMO_PASSWORD), 429, 'rate_limited');
    const retryAfter = Number(locked.params.retryAfter);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(THROTTLE.baseLockSeconds);
    expectProblem(await loginFrom(ATTACKER, 'committee_admin', 'guess-again'), 429, 'rate_limited');

    // the owner, from their own address, signs in while the account is being guessed at
    const owner = await loginFrom(OWNER, 'committee_admin', DEMO_PASSWORD);
    expect(owner.status, JSON.stringify(owner.body)).toBe(200);
    const me = await call(world, { ...owner.body, headers: { authorization: `Bearer ${owner.body.accessToken}` } }, 'GET', '/api/v1/me');
    expect(me.body.user.username).toBe('committee_admin');
    // their own typo counts for their address only, and a success there clears it
    expectProblem(await loginFrom(OWNER, 'committee_admin', 'typo'), 401, 'invalid_credentials');
    expect((await loginFrom(OWNER, 'committee_admin', DEMO_PASSWORD)).status).toBe(200);
    // the stranger is still locked out
    expectProblem(await loginFrom(ATTACKER, 'committee_admin', DEMO_PASSWORD), 429, 'rate_limited');
    expect(pauses).toEqual([]); // 6 failures on the account: far below the slow-down
    expect((await auditEvents(world, 'login.throttled')).length).toBe(3);

    // nothing readable is stored: hashed keys only
    const rows = await world.admin('select key from login_throttle');
    for (const { key } of rows) expect(key).toMatch(/^(pair|ip|acct):[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toMatch(/committee_admin|203\.0\.113|198\.51\.100/);

    // once the lock has passed, the address may try again
    offset += THROTTLE.baseLockSeconds + 1;
    expect((await loginFrom(ATTACKER, 'committee_admin', DEMO_PASSWORD)).status).toBe(200);
  });

  it('guessing from many addresses slows every attempt on the account down, and refuses none', async () => {
    pauses.length = 0;
    // 15 failures from three other addresses, then 5 from this one: 20 on the account
    await failuresElsewhere('committee_staff', ['192.0.2.1', '192.0.2.2', '192.0.2.3'], 5);
    const guesser = '192.0.2.4';
    for (let i = 0; i < THROTTLE.pairFailures; i++) {
      expectProblem(await loginFrom(guesser, 'committee_staff', `guess-${i}`), 401, 'invalid_credentials');
    }
    expect(pauses).toEqual([]); // up to 19 failures: no wait
    // now every attempt waits before its password is checked, and is answered as usual
    const owner = await loginFrom(OWNER, 'committee_staff', DEMO_PASSWORD);
    expect(owner.status).toBe(200);
    expect(pauses).toEqual([THROTTLE.slowDownMs]);
    expectProblem(await loginFrom('192.0.2.99', 'committee_staff', 'guess-from-a-new-address'), 401, 'invalid_credentials');
    expect(pauses).toEqual([THROTTLE.slowDownMs, THROTTLE.slowDownMs]);
    // a locked pair is refused at once, without waiting
    expectProblem(await loginFrom(guesser, 'committee_staff', DEMO_PASSWORD), 429, 'rate_limited');
    expect(pauses).toHaveLength(2);
    // other accounts are not slowed
    expect((await loginFrom(OWNER, 'volunteer', DEMO_PASSWORD)).status).toBe(200);
    expect(pauses).toHaveLength(2);
  });

  it('an address that failed 30 times across accounts is locked for every account; other addresses are not', async () => {
    const address = '233.252.0.7';
    // 29 failures on ten other accounts from this address (three each: no pair is locked)
    const handle = world.deps.database.acquire();
    try {
      for (let i = 0; i < THROTTLE.addressFailures - 1; i++) {
        const keys = await throttleKeys('demo-a', `ghost_${i % 10}`, address);
        await failedAttempt(keys, world.deps.clock());
      }
    } finally {
      await handle.release();
    }
    expectProblem(await loginFrom(address, 'grid_member', 'the-thirtieth-guess'), 401, 'invalid_credentials');
    expectProblem(await loginFrom(address, 'station_staff', DEMO_PASSWORD), 429, 'rate_limited');
    // Refused before any password is checked, so nothing was taken on that account's pair counter:
    // its owner is not locked out for longer than the address is.
    const refusedPair = (await throttleKeys('demo-a', 'station_staff', address)).pair!;
    expect(await world.admin('select failures from login_throttle where key = $1', [refusedPair])).toEqual([]);
    expect((await loginFrom('233.252.0.8', 'station_staff', DEMO_PASSWORD)).status).toBe(200);
  });
});

describe('login throttling under a burst, and without an address', () => {
  it('a burst of wrong passwords from one address checks at most 5 of them; the rest are refused', async () => {
    const burst = await Promise.all(
      Array.from({ length: 12 }, (_, i) => loginFrom('203.0.113.77', 'department_staff', `burst-guess-${i}`)),
    );
    const statuses = burst.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(THROTTLE.pairFailures);
    expect(statuses.filter((s) => s === 429)).toHaveLength(12 - THROTTLE.pairFailures);
    // the owner, from elsewhere, is not affected
    expect((await loginFrom('198.51.100.77', 'department_staff', DEMO_PASSWORD)).status).toBe(200);
  });

  it('when the host cannot tell addresses apart, nobody is locked out: failures only slow the account down', async () => {
    const unknown = async (password: string) => {
      const res = await world.app.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenant: 'demo-a', username: 'property_manager', password }),
      });
      return res.status;
    };
    for (let i = 0; i < THROTTLE.pairFailures + 3; i++) expect(await unknown(`nameless-guess-${i}`)).toBe(401);
    expect(await unknown(DEMO_PASSWORD)).toBe(200);
  });
});

describe('the throttle’s counters in SQL', () => {
  const randomKeys = (): ThrottleKeys => {
    const hex = () => crypto.randomUUID().replaceAll('-', '');
    return { pair: `pair:${hex()}`, address: `ip:${hex()}`, account: `acct:${hex()}` };
  };
  const rowOf = async (key: string): Promise<ThrottleState> => {
    const [row] = await world.admin('select failures, window_started_at, locked_until from login_throttle where key = $1', [key]);
    return {
      failures: row!.failures as number,
      windowStartedAt: new Date(row!.window_started_at as string),
      lockedUntil: row!.locked_until ? new Date(row!.locked_until as string) : null,
    };
  };

  it('counts in SQL exactly as afterFailure does, for every counter, through locks, their end and a new window', async () => {
    const keys = randomKeys();
    const expected: Partial<Record<ThrottleKind, ThrottleState>> = {};
    const T0 = new Date('2031-03-01T00:00:00.000Z');
    const times: Date[] = [];
    for (let i = 0; i < 34; i++) times.push(new Date(T0.getTime() + i * 1000 + 123));
    const handle = world.deps.database.acquire();
    try {
      const fail = async (now: Date) => {
        await inTenant(world.deps.database, handle.db, null, (tx) => countFailures(tx, keys, now));
        for (const kind of ['pair', 'address', 'account'] as const) {
          expected[kind] = afterFailure(expected[kind], now, LOCK_AFTER[kind]);
          expect(await rowOf(keys[kind]!), `${kind} at ${now.toISOString()}`).toEqual(expected[kind]);
        }
      };
      for (const now of times) await fail(now); // the pair locks at 5 and climbs to the cap, the address locks at 30
      expect(expected.pair!.lockedUntil!.getTime() - times.at(-1)!.getTime()).toBe(THROTTLE.maxLockSeconds * 1000);
      expect(expected.address!.lockedUntil!.getTime() - times.at(-1)!.getTime()).toBe(16 * THROTTLE.baseLockSeconds * 1000);
      expect(expected.address!.failures).toBe(34);
      expect(expected.account!.lockedUntil).toBeNull();
      // a whole window after the address's lock ended, but within the pair's: only the address starts afresh
      const addressQuiet = expected.address!.lockedUntil!.getTime() + THROTTLE.windowSeconds * 1000;
      await fail(new Date(addressQuiet + 1));
      expect(expected.address!.failures).toBe(1);
      expect(expected.pair!.failures).toBe(35);
      // exactly at the end of a window: still counted in it
      const pairQuiet = expected.pair!.lockedUntil!.getTime() + THROTTLE.windowSeconds * 1000;
      await fail(new Date(pairQuiet));
      expect(expected.pair!.failures).toBe(36);
      // and a whole window after that failure's lock ended, a fresh start
      await fail(new Date(expected.pair!.lockedUntil!.getTime() + THROTTLE.windowSeconds * 1000 + 1));
      expect(expected.pair!).toMatchObject({ failures: 1, lockedUntil: null });
    } finally {
      await handle.release();
    }
  });

  it('the scheduled cleanup forgets exactly the counters a new failure would start afresh', async () => {
    const now = new Date('2031-06-01T00:00:00.000Z');
    const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
    const quiet = randomKeys();
    const recent = randomKeys();
    const handle = world.deps.database.acquire();
    try {
      // a whole window quiet: forgotten; a failure within the window: kept (its pair locked well past it, too)
      await inTenant(world.deps.database, handle.db, null, (tx) => countFailures(tx, quiet, ago(THROTTLE.windowSeconds + 1)));
      for (let i = 0; i < THROTTLE.pairFailures; i++) {
        await inTenant(world.deps.database, handle.db, null, (tx) => countFailures(tx, recent, ago(THROTTLE.windowSeconds - 10)));
      }
    } finally {
      await handle.release();
    }
    await forgetQuietThrottles(world.deps.database, now);
    const left = (
      await world.admin('select key from login_throttle where key = any($1)', [[...Object.values(quiet), ...Object.values(recent)]])
    ).map((r) => r.key);
    expect(left.sort()).toEqual(Object.values(recent).sort());
    expect(afterFailure(await rowOf(recent.pair!), now, LOCK_AFTER.pair).failures).toBe(THROTTLE.pairFailures + 1);
  });

  it('counts every one of concurrent failures', async () => {
    const keys = randomKeys();
    const now = world.deps.clock();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        const handle = world.deps.database.acquire();
        try {
          await inTenant(world.deps.database, handle.db, null, (tx) => countFailures(tx, keys, now));
        } finally {
          await handle.release();
        }
      }),
    );
    expect((await rowOf(keys.pair!)).failures).toBe(8);
    expect((await rowOf(keys.account)).failures).toBe(8);
    expect((await rowOf(keys.pair!)).lockedUntil).toEqual(new Date(now.getTime() + 8 * THROTTLE.baseLockSeconds * 1000));
  });

  it('lets at most 5 of 12 concurrent attempts from one address check a password, and counts none it refused', async () => {
    const keys = randomKeys();
    const now = world.deps.clock();
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const handle = world.deps.database.acquire();
        try {
          return await inTenant(world.deps.database, handle.db, null, (tx) => openAttempt(tx, keys, now));
        } finally {
          await handle.release();
        }
      }),
    );
    expect(outcomes.filter((o) => o.retryAfter === 0)).toHaveLength(THROTTLE.pairFailures);
    for (const o of outcomes.filter((x) => x.retryAfter > 0)) expect(o.retryAfter).toBe(THROTTLE.baseLockSeconds);
    expect((await rowOf(keys.pair!)).failures).toBe(THROTTLE.pairFailures);
  });
});
