import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../platform/http/env.ts';

/** Tasks: being written. */
export function registerTaskRoutes(_app: OpenAPIHono<AppEnv>) {}
