import type { Context } from 'hono';

/**
 * The one error type of the API. Every failure a client can see is an ApiError with a code from
 * this closed list; the handler in problem.ts turns it into RFC 9457 problem+json.
 */
export const ERROR_CODES = {
  validation_failed: { status: 400, title: '请求参数有误 / Invalid request' },
  invalid_json: { status: 400, title: '请求体不是有效的 JSON / Malformed JSON body' },
  unauthenticated: { status: 401, title: '未登录或登录已失效 / Not authenticated' },
  invalid_credentials: { status: 401, title: '账号或密码错误 / Invalid credentials' },
  forbidden: { status: 403, title: '无权执行此操作 / Forbidden' },
  not_found: { status: 404, title: '未找到 / Not found' },
  method_not_allowed: { status: 405, title: '不支持的请求方法 / Method not allowed' },
  conflict: { status: 409, title: '与现有数据冲突 / Conflict' },
  version_conflict: { status: 409, title: '数据已被他人修改，请刷新后重试 / Stale version' },
  still_referenced: { status: 409, title: '仍被引用，无法删除 / Still referenced' },
  idempotency_in_flight: { status: 409, title: '相同请求正在处理中 / Request in progress' },
  idempotency_key_reused: { status: 422, title: 'Idempotency-Key 已用于其他请求 / Key reused' },
  payload_too_large: { status: 413, title: '请求体过大 / Payload too large' },
  unsupported_media_type: { status: 415, title: '不支持的内容类型 / Unsupported media type' },
  rate_limited: { status: 429, title: '尝试次数过多，请稍后再试 / Too many attempts' },
  internal: { status: 500, title: '服务器内部错误 / Internal error' },
  unavailable: { status: 503, title: '服务暂不可用，请稍后再试 / Service unavailable' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ErrorCode,
    detail?: string,
    options: { errors?: FieldError[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(detail ?? ERROR_CODES[code].title, { cause: options.cause });
    this.name = 'ApiError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.errors = options.errors;
    this.headers = options.headers;
  }
}

/**
 * A 404 that names nothing: the same answer for "does not exist", "another district" and "outside your scope".
 * `field` names the request field that pointed at it (a referenced id in a body), for errors[].
 */
export const notFound = (what = '对象', field?: string) => {
  const detail = `${what}不存在或不在您的管辖范围内 / not found`;
  return new ApiError('not_found', detail, field ? { errors: [{ path: field, message: detail }] } : {});
};

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  requestId: string;
  errors?: FieldError[];
}

export function problemBody(c: Context, error: ApiError): ProblemBody {
  const body: ProblemBody = {
    type: `urn:firegrid:problem:${error.code}`,
    title: ERROR_CODES[error.code].title,
    status: error.status,
    detail: error.message,
    code: error.code,
    requestId: (c.get('requestId') as string | undefined) ?? '',
  };
  if (error.errors?.length) body.errors = error.errors;
  return body;
}
