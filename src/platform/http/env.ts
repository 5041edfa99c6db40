import type { Context } from 'hono';
import type { TokenConfig } from '../auth/jwt.ts';
import type { Principal } from '../authz/scope.ts';
import type { DatabaseProvider, Db } from '../db/types.ts';
import type { EvidenceStore } from '../storage/evidence-store.ts';

/** Everything the app needs from its host, injected by createApp's caller (Workers or Node). */
export interface AppDeps {
  database: DatabaseProvider;
  tokens: TokenConfig;
  refreshTtlSeconds: number;
  evidence: EvidenceStore;
  clock: () => Date;
  /** bodyBytes: a JSON request body; evidenceBytes: one evidence file uploaded to S3. */
  limits: { bodyBytes: number; evidenceBytes: number };
  /** The caller's address as this host knows it (Workers: cf-connecting-ip; Node: the socket). */
  clientIp: (c: Context) => string | null;
  /** Log sink for unexpected failures (never sent to the client). */
  logError: (message: string, error: unknown) => void;
}

export interface AppVariables {
  requestId: string;
  clientIp: string | null;
  deps: AppDeps;
  /** The request's connection; tenant work goes through `tx`, never this. */
  db: Db;
  /** The request's tenant transaction (set by `authenticated`). */
  tx: Db;
  principal: Principal;
  /** Set when a handler wrote its own audit event for a denial (login), so it is not written twice. */
  audited: boolean;
}

export interface AppEnv {
  Variables: AppVariables;
}
