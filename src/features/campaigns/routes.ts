import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http/env.ts';

/** Campaigns (专项整治): being written. */
export function registerCampaignRoutes(_app: OpenAPIHono<AppEnv>) {}
