import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import * as z from 'zod';
import type { Permission } from '../authz/roles.ts';
import { PROBLEMS, type ProblemCode } from '../problems/catalog.ts';
import { authenticated, requirePermission } from './authenticated.ts';
import type { AppEnv } from './env.ts';
import { IDEMPOTENCY_KEY, idempotent, refuseIdempotencyKey } from './idempotency.ts';
import { inputGate } from './input.ts';
import { PROBLEM_JSON } from './problem.ts';

export const FieldErrorSchema = z
  .object({
    path: z.string().describe('请求中的字段路径 / the request field, e.g. `phases.1.endsOn` or `query.month`'),
    code: z.string().describe('字段级代码：zod 的校验代码或跨字段规则代码 / field-level code: a zod issue code or a cross-field rule'),
    message: z.string().describe('按 Accept-Language 的提示 / message in the language asked for'),
  })
  .meta({ id: 'FieldError' });

const pascal = (code: string) => code.replace(/(^|_)([a-z])/g, (_, _sep, ch: string) => ch.toUpperCase());

const problemSchemas = new Map<ProblemCode, z.ZodObject>();

/** The RFC 9457 body of one code, with its typed `params`: a component of the OpenAPI document. */
export function problemSchema(code: ProblemCode): z.ZodObject {
  let schema = problemSchemas.get(code);
  if (!schema) {
    const def = PROBLEMS[code];
    schema = z
      .object({
        type: z.literal(`urn:firegrid:problem:${code}`),
        title: z.string(),
        status: z.literal(def.status),
        detail: z.string(),
        code: z.literal(code),
        params: def.params,
        requestId: z.string(),
        errors: z.array(FieldErrorSchema).optional(),
      })
      .meta({ id: `Problem${pascal(code)}`, description: `${def.title['zh-CN']} / ${def.title.en}` });
    problemSchemas.set(code, schema);
  }
  return schema;
}

/** The problem responses of a set of codes, one per status, each listing its codes. */
export function problemResponses(codes: Iterable<ProblemCode>) {
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of new Set(codes)) {
    const status = PROBLEMS[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const out: Record<number, { description: string; content: Record<string, { schema: z.ZodType }> }> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    list.sort();
    const [first, ...rest] = list.map(problemSchema) as [z.ZodObject, ...z.ZodObject[]];
    out[status] = {
      description: list.map((code) => `\`${code}\`: ${PROBLEMS[code].title['zh-CN']} / ${PROBLEMS[code].title.en}`).join('; '),
      content: { [PROBLEM_JSON]: { schema: rest.length ? z.discriminatedUnion('code', [first, ...rest]) : first } },
    };
  }
  return out;
}

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

type Access = ({ permission: Permission } | { authenticated: true } | { public: true }) & {
  /**
   * Authenticated POSTs accept an Idempotency-Key (writes a phone may retry; see idempotency.ts);
   * `false` opts a POST out, and then, like every other write, it refuses the header with 400.
   * `{ replayForSeconds }`: the first answer stops being good after that long (e.g. it holds a
   * presigned URL that expires), so a later retry with the same key runs afresh.
   */
  idempotent?: false | { replayForSeconds: number };
};

type Declared = {
  /** Stable, unique, camelCase: the generated client and the docs name the operation by it. */
  operationId: string;
  /** The codes this route's own handler can answer, beyond those its shape implies (see codesOf). */
  errors?: readonly ProblemCode[];
};

type Shape = { method: string; path: string; request?: RouteConfig['request'] };

/**
 * The codes any route of this shape can answer, whatever its handler does: the platform's own
 * failures, input validation, the session and permission checks, the item lookup of a path with
 * an id, and the Idempotency-Key rules of a write.
 */
export function codesOf(route: Shape, access: { isPublic: boolean; permission?: Permission; acceptsKey: boolean }): ProblemCode[] {
  // Any route: the platform's own failures, a query or path value the database cannot store (the
  // input gate checks every one, declared or not), a body over the limit.
  const codes: ProblemCode[] = ['internal', 'unavailable', 'payload_too_large', 'invalid_characters'];
  const request = route.request;
  const query = request?.query as z.ZodObject | undefined;
  const hasBody = Boolean(request?.body);
  if (request?.params || query || hasBody || access.acceptsKey) codes.push('validation_failed', 'value_out_of_range');
  if (query?.shape && 'cursor' in query.shape) codes.push('cursor_invalid');
  if (hasBody) codes.push('invalid_json', 'json_too_deep', 'invalid_encoding', 'unsupported_media_type', 'length_required');
  if (!access.isPublic) codes.push('unauthenticated');
  if (access.permission) codes.push('forbidden');
  if (route.path.includes('{')) codes.push('not_found');
  if (route.method !== 'get') codes.push('concurrent_update');
  if (access.acceptsKey) codes.push('idempotency_key_invalid', 'idempotency_in_flight', 'idempotency_key_reused');
  else if (route.method !== 'get') codes.push('idempotency_key_unsupported');
  return codes;
}

/**
 * The one route shape: every route declares who may call it, its operationId and the error codes
 * its handler can answer. Authenticated routes get the token check + tenant transaction, then the
 * function-level permission check; every route gets the input gate (input.ts); the document gets
 * every status the route can answer, each with its codes. `x-permission` records the permission
 * in the OpenAPI document, where the route matrix tests read it.
 */
export function defineRoute<R extends Omit<RouteConfig, 'middleware' | 'security' | 'operationId'>>(config: R & Access & Declared) {
  const {
    permission,
    public: isPublic,
    authenticated: _authenticated,
    idempotent: optIn,
    errors = [],
    ...route
  } = config as R &
    Declared & {
      permission?: Permission;
      public?: true;
      authenticated?: true;
      idempotent?: false | { replayForSeconds: number };
    };
  const acceptsKey = !isPublic && route.method === 'post' && optIn !== false;
  const hasBody = Boolean(route.request?.body);
  const middleware: MiddlewareHandler<AppEnv>[] = isPublic
    ? []
    : permission
      ? [authenticated, requirePermission(permission)]
      : [authenticated];
  middleware.push(inputGate(hasBody));
  if (acceptsKey) middleware.push(idempotent(optIn === undefined ? {} : optIn));
  else if (route.method !== 'get') middleware.push(refuseIdempotencyKey);
  const request = acceptsKey
    ? {
        ...route.request,
        headers: z.object({
          'idempotency-key': z
            .string()
            .regex(IDEMPOTENCY_KEY)
            .optional()
            .describe('重试安全：同一键+同一请求体只执行一次 / retry-safe: one key + one body runs once'),
        }),
      }
    : route.request;
  const codes = [...codesOf(route, { isPublic: Boolean(isPublic), ...(permission ? { permission } : {}), acceptsKey }), ...errors];
  return createRoute({
    ...route,
    ...(request ? { request } : {}),
    middleware,
    security: isPublic ? [] : [{ bearer: [] }],
    ...(permission ? { 'x-permission': permission } : {}),
    responses: { ...problemResponses(codes), ...route.responses },
  } as unknown as R & { middleware: MiddlewareHandler<AppEnv>[] });
}

/** The `{id}` path parameter of every item route. */
export const IdParam = z.strictObject({ id: z.uuid() });

/** The optimistic-concurrency version a client read (a PostgreSQL integer: bounded, so a forged one is a 400; 0 = never stored). */
export const Version = z.int32().min(0).describe('读取时的版本号（乐观并发）/ the version read (optimistic concurrency)');
