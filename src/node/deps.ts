import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { SharedConfig } from '../platform/config.ts';
import type { DatabaseProvider } from '../platform/db/types.ts';
import { appDeps } from '../platform/deps.ts';
import type { AppDeps } from '../platform/http/env.ts';

/** AppDeps for a Node process (the embedded default, a configured database, tests). */
export function nodeDeps(
  config: SharedConfig,
  database: DatabaseProvider,
  overrides: Partial<Pick<AppDeps, 'clock' | 'clientIp' | 'logError' | 'pause'>> = {},
): AppDeps {
  return appDeps(config, database, {
    clientIp: (c) => clientAddressOf(c.req.header('x-forwarded-for'), socketAddress(c), config.TRUSTED_PROXY_HOPS),
    ...overrides,
  });
}

function socketAddress(c: Context): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null; // app.request() in tests has no socket
  }
}

/**
 * The client's address: the socket's peer, or, behind `hops` trusted reverse proxies, the address
 * the outermost of them saw (X-Forwarded-For is appended to hop by hop; entries further left were
 * written by the client and prove nothing). No header at all: the request did not come through
 * the proxies (each appends), so its peer is the client. Some entries but too few: the proxies are
 * not what was configured, so the address is unknown rather than guessed.
 */
export function clientAddressOf(forwardedFor: string | undefined, socket: string | null, hops: number): string | null {
  if (hops === 0 || forwardedFor === undefined) return socket;
  const chain = (forwardedFor ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  return chain.length >= hops ? chain[chain.length - hops]! : null;
}
