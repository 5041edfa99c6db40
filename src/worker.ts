import type { ExecutionContext, ScheduledController } from '@cloudflare/workers-types';
import { type App, createApp } from './app.ts';
import { parseConfig } from './platform/config.ts';
import { neonProvider, useWebSocketRelay } from './platform/db/neon.ts';
import { appDeps } from './platform/deps.ts';
import type { AppDeps } from './platform/http/env.ts';
import { runScheduledJobs } from './scheduled.ts';

/**
 * The Cloudflare Workers host. Bindings (wrangler.toml vars + `wrangler secret`) become AppDeps;
 * the app is built once per isolate and reused. DATABASE_URL logs in as the app role (not the
 * owner). The SPA is served by Workers static assets; only /api, /healthz and /readyz reach here.
 */
export interface Env {
  DATABASE_URL: string;
  JWT_KEYS: string;
  S3_BUCKET: string;
  S3_ACCESS_KEY_ID: string;
  S3_SECRET_ACCESS_KEY: string;
  S3_ENDPOINT?: string;
  S3_REGION?: string;
  /** Only for tests and local runs against a plain PostgreSQL through a WebSocket relay. */
  NEON_WS_PROXY?: string;
  [key: string]: unknown;
}

function depsFrom(env: Env): AppDeps {
  const config = parseConfig(env);
  if (env.NEON_WS_PROXY) useWebSocketRelay(env.NEON_WS_PROXY);
  return appDeps(config, neonProvider(env.DATABASE_URL), {
    clientIp: (c) => c.req.header('cf-connecting-ip') ?? null,
  });
}

let built: { env: Env; app: App; deps: AppDeps } | undefined;
function instance(env: Env) {
  if (built?.env !== env) {
    const deps = depsFrom(env);
    built = { env, deps, app: createApp(deps) };
  }
  return built;
}

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
    return instance(env).app.fetch(request, env, ctx);
  },
  async scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
    const { deps } = instance(env);
    ctx.waitUntil(runScheduledJobs(deps, new Date(controller.scheduledTime)).then(() => undefined));
  },
};
