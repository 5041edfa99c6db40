import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import * as z from 'zod';
import type { Permission } from '../authz/roles.ts';
import { ERROR_CODES } from '../errors.ts';
import { authenticated, requirePermission } from './authenticated.ts';
import type { AppEnv } from './env.ts';
import { idempotent } from './idempotency.ts';
import { PROBLEM_JSON } from './problem.ts';

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.enum(Object.keys(ERROR_CODES) as [keyof typeof ERROR_CODES]),
    requestId: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

const problem = (description: string) => ({ description, content: { [PROBLEM_JSON]: { schema: ProblemSchema } } });

/** The error answers every route may give, documented once and spread into every route. */
const COMMON_ERRORS = {
  400: problem('请求参数有误 / validation failed'),
  413: problem('请求体过大 / payload too large'),
  415: problem('请求体须为 JSON / body must be application/json'),
  500: problem('服务器内部错误 / internal error'),
  503: problem('数据库暂不可用 / database unavailable (Retry-After)'),
} as const;

const AUTH_ERRORS = {
  401: problem('未登录或会话已结束 / not authenticated'),
  403: problem('角色无此权限 / role lacks the permission'),
  404: problem('不存在或不在管辖范围内 / not found or outside scope'),
} as const;

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

type Access = ({ permission: Permission } | { authenticated: true } | { public: true }) & {
  /** Accepts an Idempotency-Key header (writes a phone may retry); see idempotency.ts. */
  idempotent?: true;
};

/**
 * The one route shape: every route declares who may call it. Authenticated routes get the token
 * check + tenant transaction, then the function-level permission check, and document the errors
 * they can answer. `x-permission` records the permission in the OpenAPI document, where the route
 * matrix tests read it.
 */
export function defineRoute<R extends Omit<RouteConfig, 'middleware' | 'security'>>(config: R & Access) {
  const {
    permission,
    public: isPublic,
    authenticated: _authenticated,
    idempotent: acceptsKey,
    ...route
  } = config as R & {
    permission?: Permission;
    public?: true;
    authenticated?: true;
    idempotent?: true;
  };
  const middleware: MiddlewareHandler<AppEnv>[] = isPublic
    ? []
    : permission
      ? [authenticated, requirePermission(permission)]
      : [authenticated];
  if (acceptsKey) middleware.push(idempotent);
  const request = acceptsKey
    ? {
        ...route.request,
        headers: z.object({
          'idempotency-key': z
            .string()
            .optional()
            .describe('重试安全：同一键+同一请求体只执行一次 / retry-safe: one key + one body runs once'),
        }),
      }
    : route.request;
  return createRoute({
    ...route,
    ...(request ? { request } : {}),
    middleware,
    ...(isPublic ? {} : { security: [{ bearer: [] }] }),
    ...(permission ? { 'x-permission': permission } : {}),
    responses: {
      ...COMMON_ERRORS,
      ...(isPublic ? {} : AUTH_ERRORS),
      ...(acceptsKey
        ? {
            409: problem('版本冲突或相同请求处理中 / stale version or key in flight'),
            422: problem('Idempotency-Key 已用于其他请求 / key reused'),
          }
        : {}),
      ...route.responses,
    },
  } as unknown as R & { middleware: MiddlewareHandler<AppEnv>[] });
}

/** The `{id}` path parameter of every item route. */
export const IdParam = z.strictObject({ id: z.uuid() });
