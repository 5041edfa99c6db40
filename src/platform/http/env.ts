import type { Context } from 'hono';
import type { TokenConfig } from '../auth/jwt.ts';
import type { CallerFacts } from '../auth/principal.ts';
import type { Principal } from '../authz/scope.ts';
import type { DatabaseProvider, Db } from '../db/types.ts';
import type { LogContext } from '../log.ts';
import type { Language } from '../problems/language.ts';
import type { ObjectStore } from '../storage/object-store.ts';

/** Everything the app needs from its host, injected by createApp's caller (Workers or Node). */
export interface AppDeps {
  database: DatabaseProvider;
  tokens: TokenConfig;
  refreshTtlSeconds: number;
  /** The object store evidence files live in. */
  evidence: ObjectStore;
  clock: () => Date;
  /**
   * Waits (a login on an account being guessed at waits before its password is checked; see
   * features/auth/throttle.ts). A timer on both hosts; a Worker waiting spends no CPU time. Tests
   * record the wait instead.
   */
  pause: (ms: number) => Promise<void>;
  /** bodyBytes: a JSON request body; evidenceBytes: one evidence file uploaded to S3. */
  limits: { bodyBytes: number; evidenceBytes: number };
  /** The caller's address as this host knows it (Workers: cf-connecting-ip; Node: the socket). */
  clientIp: (c: Context) => string | null;
  /** Log sink for unexpected failures (never sent to the client): platform/log.ts's JSON lines on both hosts. */
  logError: (message: string, error: unknown, context?: LogContext) => void;
}

export interface AppVariables {
  requestId: string;
  /** The language of messages (problem title/detail, field messages), from Accept-Language. */
  lang: Language;
  /** The parsed JSON body, once the input gate has checked it (input.ts). */
  body: unknown;
  clientIp: string | null;
  deps: AppDeps;
  /** The request's connection; tenant work goes through `tx`, never this. */
  db: Db;
  /** The request's tenant transaction (set by `authenticated`). */
  tx: Db;
  principal: Principal;
  /** The caller's tenant (its time zone) and own details, read with the principal (`authenticated`). */
  caller: CallerFacts;
  /** Set when a handler wrote its own audit event for a denial (login), so it is not written twice. */
  audited: boolean;
}

export interface AppEnv {
  Variables: AppVariables;
}
