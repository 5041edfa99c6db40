import { type SQL, sql } from 'drizzle-orm';
import { loginThrottle } from '../../db/schema/index.ts';
import { sha256Hex } from '../../platform/crypto.ts';
import { jsonList } from '../../platform/db/json.ts';
import { type Db, queryRows } from '../../platform/db/types.ts';

/**
 * Failed-login throttling that cannot be turned against the account's owner. Three counters:
 * - per (account, client address): 5 failures lock that pair, doubling up to an hour. The guesser
 *   is locked out of that account; the owner, from any other address, is not.
 * - per client address, across accounts: 30 failures lock that address (one address trying many
 *   accounts).
 * - per account, across addresses: never locks. Once it counts 20 failures in the window, every
 *   further attempt on the account waits 2 seconds before its password is checked: guessing from
 *   many addresses is slowed, the owner still gets in.
 * The pair counter takes each attempt before its password is checked (openAttempt), so parallel
 * guesses cannot all slip in before the first failure is counted; a success forgets it again.
 * When the host cannot tell the client's address, there are no pair and address counters (they
 * would all be one, and a stranger could lock the owner out): only the account's slow-down applies.
 * IPv6 addresses count per /64 (what one subscriber gets). Keys are hashed, so the table holds no
 * usernames and no addresses. Pure policy first, storage after.
 */
export const THROTTLE = {
  windowSeconds: 15 * 60,
  pairFailures: 5,
  addressFailures: 30,
  accountSlowDownAfter: 20,
  slowDownMs: 2_000,
  baseLockSeconds: 60,
  maxLockSeconds: 60 * 60,
} as const;

export interface ThrottleState {
  failures: number;
  windowStartedAt: Date;
  lockedUntil: Date | null;
}

/** The three counters of one login attempt. `address` is absent when the host cannot tell the client's address. */
export type ThrottleKind = 'pair' | 'address' | 'account';
const PREFIX: Record<ThrottleKind, string> = { pair: 'pair', address: 'ip', account: 'acct' };
/** Failures in a window that lock the counter; null = never locks (the account counter only slows). */
export const LOCK_AFTER: Record<ThrottleKind, number | null> = {
  pair: THROTTLE.pairFailures,
  address: THROTTLE.addressFailures,
  account: null,
};

/** Seconds the caller must still wait, or 0. */
export function retryAfterSeconds(state: ThrottleState | undefined, now: Date): number {
  if (!state?.lockedUntil) return 0;
  return Math.max(0, Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 1000));
}

/** When a counter may be forgotten: a full window after its start or after its last lock ended. */
export function quietSince(state: ThrottleState): Date {
  return new Date(Math.max(state.windowStartedAt.getTime(), state.lockedUntil?.getTime() ?? 0));
}

const expired = (state: ThrottleState, now: Date) => now.getTime() - quietSince(state).getTime() > THROTTLE.windowSeconds * 1000;

/** Failures that still count at `now` (0 once the window has passed). */
export function failuresInWindow(state: ThrottleState | undefined, now: Date): number {
  return !state || expired(state, now) ? 0 : state.failures;
}

/**
 * The state after one more failure: with a limit, a lock once it is reached, doubling with each
 * further failure; without one (null), a count only. The window is counted from the end of the
 * last lock, so someone who waits out every lock keeps climbing towards maxLockSeconds instead of
 * starting afresh. recordFailure applies the same rule in SQL (one statement for every counter).
 */
export function afterFailure(state: ThrottleState | undefined, now: Date, limit: number | null): ThrottleState {
  const fresh = !state || expired(state, now);
  const failures = fresh ? 1 : state.failures + 1;
  const windowStartedAt = fresh ? now : state.windowStartedAt;
  const over = limit === null ? -1 : failures - limit;
  const lockedUntil =
    over >= 0 ? new Date(now.getTime() + Math.min(THROTTLE.maxLockSeconds, THROTTLE.baseLockSeconds * 2 ** over) * 1000) : null;
  return { failures, windowStartedAt, lockedUntil };
}

/**
 * What a login attempt must do before its password is checked: refuse it for `retryAfter`
 * seconds (its (account, address) pair or its address is locked), or wait `slowDownMs` first (the
 * account is being guessed at from many addresses), or neither. The account counter never refuses.
 */
export function loginGate(states: Partial<Record<ThrottleKind, ThrottleState>>, now: Date): { retryAfter: number; slowDownMs: number } {
  const retryAfter = Math.max(retryAfterSeconds(states.pair, now), retryAfterSeconds(states.address, now));
  const slow = retryAfter === 0 && failuresInWindow(states.account, now) >= THROTTLE.accountSlowDownAfter;
  return { retryAfter, slowDownMs: slow ? THROTTLE.slowDownMs : 0 };
}

/**
 * The address a client is counted under: an IPv4 address as it is, an IPv6 address by its /64
 * prefix (a subscriber's whole network: rotating addresses within it does not get fresh
 * attempts), an IPv4-mapped IPv6 address as its IPv4 address. null = unknown.
 */
export function clientAddress(ip: string | null): string | null {
  const raw = ip
    ?.trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .split('%')[0];
  if (!raw) return null;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(raw);
  if (mapped) return mapped[1]!;
  if (!raw.includes(':')) return raw;
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const [head, tail] = raw.split('::') as [string, string | undefined];
  const left = groups(head);
  const right = groups(tail);
  // An embedded IPv4 address (the last part, e.g. 64:ff9b::192.0.2.1) stands for two groups.
  const width = right.length + (right.at(-1)?.includes('.') ? 1 : 0);
  const all = raw.includes('::') ? [...left, ...Array<string>(Math.max(0, 8 - left.length - width)).fill('0'), ...right] : left;
  return `${all
    .slice(0, 4)
    .map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? Number.parseInt(g, 16).toString(16) : g))
    .join(':')}::/64`;
}

export type ThrottleKeys = Partial<Record<ThrottleKind, string>> & { account: string };

/** The hashed keys of one attempt's counters (no pair and no address counter for an unknown address). */
export async function throttleKeys(tenantSlug: string, username: string, ip: string | null): Promise<ThrottleKeys> {
  const account = `${tenantSlug.toLowerCase()}\u0000${username.toLowerCase()}`;
  const address = clientAddress(ip);
  const keys: ThrottleKeys = { account: `${PREFIX.account}:${await sha256Hex(account)}` };
  if (address) {
    keys.pair = `${PREFIX.pair}:${await sha256Hex(`${account}\u0000${address}`)}`;
    keys.address = `${PREFIX.address}:${await sha256Hex(address)}`;
  }
  return keys;
}

const entries = (keys: ThrottleKeys) =>
  (Object.entries(keys) as [ThrottleKind, string | undefined][]).filter((e): e is [ThrottleKind, string] => e[1] !== undefined);

/** The counters of one attempt, in one statement. */
export async function readThrottle(tx: Db, keys: ThrottleKeys): Promise<Partial<Record<ThrottleKind, ThrottleState>>> {
  const byKey = new Map(entries(keys).map(([kind, key]) => [key, kind]));
  const rows = await tx
    .select()
    .from(loginThrottle)
    .where(sql`${loginThrottle.key} in ${[...byKey.keys()]}`);
  const out: Partial<Record<ThrottleKind, ThrottleState>> = {};
  for (const { key, ...state } of rows) out[byKey.get(key)!] = state;
  return out;
}

/**
 * One more failure on the attempt's counters (all, or `only` these), in one statement, returning
 * each counter's new lock. The new state is computed by the database from the row it locks
 * (INSERT … ON CONFLICT DO UPDATE), so concurrent failures all count; it is afterFailure's rule,
 * spelled in SQL (a test holds the two to each other). `unlessLocked`: a counter locked at `now`
 * is left as it is and returns nothing (how openAttempt refuses without counting).
 */
export async function countFailures(
  tx: Db,
  keys: ThrottleKeys,
  now: Date,
  options: CountingOptions = {},
): Promise<{ key: string; lockedUntil: Date | null }[]> {
  const counting = failureCounting(keys, now, options);
  if (!counting) return [];
  const result = await queryRows<{ key: string; locked_until: Date | string | null }>(tx, counting);
  return result.map((r) => ({ key: r.key, lockedUntil: r.locked_until === null ? null : new Date(r.locked_until) }));
}

interface CountingOptions {
  only?: readonly ThrottleKind[];
  unlessLocked?: boolean;
  /** Count nothing at all when this holds (evaluated on the statement's snapshot). */
  unless?: SQL;
}

/** countFailures' statement (INSERT … ON CONFLICT … RETURNING key, locked_until), or null with no counter to count. */
function failureCounting(keys: ThrottleKeys, now: Date, options: CountingOptions): SQL | null {
  const counters = entries(keys).filter(([kind]) => !options.only || options.only.includes(kind));
  if (!counters.length) return null;
  const rows = counters.map(([kind, key]) => {
    const first = afterFailure(undefined, now, LOCK_AFTER[kind]);
    return sql`(${key}, ${first.failures}::int, ${first.windowStartedAt.toISOString()}::timestamptz, ${first.lockedUntil?.toISOString() ?? null}::timestamptz)`;
  });
  // On conflict, `excluded.window_started_at` is `now` and `t` is the row as it stands.
  const fresh = sql`(excluded.window_started_at - greatest(t.window_started_at, t.locked_until) > make_interval(secs => ${THROTTLE.windowSeconds}::int))`;
  const failures = sql`(case when ${fresh} then 1 else t.failures + 1 end)`;
  const limit = sql`(case split_part(t.key, ':', 1) ${sql.join(
    (Object.keys(PREFIX) as ThrottleKind[])
      .filter((kind) => LOCK_AFTER[kind] !== null)
      .map((kind) => sql`when ${PREFIX[kind]} then ${LOCK_AFTER[kind]}::int`),
    sql` `,
  )} end)`;
  const lockedUntil: SQL = sql`(case when ${failures} >= ${limit} then excluded.window_started_at + make_interval(secs => least(${THROTTLE.maxLockSeconds}::int, ${THROTTLE.baseLockSeconds}::int * power(2, least(${failures} - ${limit}, 30)))) end)`;
  return sql`
    insert into ${loginThrottle} as t (key, failures, window_started_at, locked_until)
    select * from (values ${sql.join(rows, sql`, `)}) as v (key, failures, window_started_at, locked_until)
    where ${options.unless ? sql`not ${options.unless}` : sql`true`}
    on conflict (key) do update set
      failures = ${failures},
      window_started_at = case when ${fresh} then excluded.window_started_at else t.window_started_at end,
      locked_until = ${lockedUntil}
    ${options.unlessLocked ? sql`where t.locked_until is null or t.locked_until <= excluded.window_started_at` : sql``}
    returning t.key, t.locked_until`;
}

/**
 * Opens a login attempt, before its password is checked, in one statement: the attempt's counters
 * as they stood (loginGate decides from them), and the attempt taken on the (account, address)
 * counter: counted as a failure at once (a success forgets it), so parallel guesses cannot all
 * get through before the first failure is counted. Nothing is taken when the pair or the address
 * is locked. `extra` columns come in the same statement (the login's district). No pair (unknown
 * address): nothing to take.
 */
export async function openAttempt<E extends Record<string, SQL>>(
  tx: Db,
  keys: ThrottleKeys,
  now: Date,
  extra = {} as E,
): Promise<{ retryAfter: number; slowDownMs: number; extra: { [K in keyof E]: unknown } }> {
  const addressLocked = keys.address
    ? sql`exists (select from ${loginThrottle} where ${loginThrottle.key} = ${keys.address} and ${loginThrottle.lockedUntil} > ${now.toISOString()}::timestamptz)`
    : undefined;
  const taking = keys.pair ? failureCounting(keys, now, { only: ['pair'], unlessLocked: true, unless: addressLocked }) : null;
  const states = jsonList<{ key: string; failures: number; windowStartedAt: string; lockedUntil: string | null }>(
    {
      key: loginThrottle.key,
      failures: loginThrottle.failures,
      windowStartedAt: loginThrottle.windowStartedAt,
      lockedUntil: loginThrottle.lockedUntil,
    },
    sql`${loginThrottle.key}`,
    sql`from ${loginThrottle} where ${loginThrottle.key} in ${entries(keys).map(([, key]) => key)}`,
  );
  const columns = Object.entries(extra).map(([name, column]) => sql`${column} as ${sql.identifier(name)}`);
  const [row] = await queryRows<{
    states: { key: string; failures: number; windowStartedAt: string; lockedUntil: string | null }[];
    taken: number;
  }>(
    tx,
    sql`${taking ? sql`with taken as (${taking}) ` : sql``}select ${states} as states,
      ${taking ? sql`(select count(*) from taken)::int` : sql`1`} as taken${sql.join(columns.map((c) => sql`, ${c}`))}`,
  );
  const { states: found, taken, ...rest } = row!;
  const byKey = new Map(entries(keys).map(([kind, key]) => [key, kind]));
  const read: Partial<Record<ThrottleKind, ThrottleState>> = {};
  for (const { key, failures, windowStartedAt, lockedUntil } of found) {
    read[byKey.get(key)!] = {
      failures,
      windowStartedAt: new Date(windowStartedAt),
      lockedUntil: lockedUntil ? new Date(lockedUntil) : null,
    };
  }
  const gate = loginGate(read, now);
  if (gate.retryAfter || taken) return { ...gate, extra: rest as { [K in keyof E]: unknown } };
  // Not taken although nothing was locked as the statement began: a parallel attempt locked the
  // pair meanwhile. Refused too, for as long as that lock says.
  const { pair } = await readThrottle(tx, { account: keys.account, pair: keys.pair });
  return { retryAfter: Math.max(1, retryAfterSeconds(pair, now)), slowDownMs: 0, extra: rest as { [K in keyof E]: unknown } };
}

/** After a failed password: one more failure on the address and account counters (the pair took it already). */
export async function recordFailure(tx: Db, keys: ThrottleKeys, now: Date): Promise<void> {
  await countFailures(tx, keys, now, { only: ['address', 'account'] });
}

/**
 * After a successful login: forget this attempt and this address's earlier failures on this
 * account. The account counter stays (other addresses may be guessing), and so does the address
 * counter (a success must not unlock an address that is guessing other accounts). The DELETE, not
 * yet sent (it goes with the new session's writes); null without a pair counter.
 */
export function forgetAttempt(tx: Db, keys: ThrottleKeys) {
  return keys.pair ? tx.delete(loginThrottle).where(sql`${loginThrottle.key} = ${keys.pair}`) : null;
}
