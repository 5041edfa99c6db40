import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http/env.ts';

/** Recurring duties: being written. */
export function registerDutyRoutes(_app: OpenAPIHono<AppEnv>) {}
