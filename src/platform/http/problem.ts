import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { UNIQUE_MESSAGES } from '../../db/schema/constraint-messages.ts';
import { constraintName, isDatabaseUnavailable, sqlState } from '../db/errors.ts';
import { ApiError, problemBody } from '../errors.ts';
import type { AppEnv } from './env.ts';

export const PROBLEM_JSON = 'application/problem+json';

export function problemResponse(c: Context, error: ApiError): Response {
  const headers: Record<string, string> = { 'content-type': PROBLEM_JSON, ...error.headers };
  return new Response(JSON.stringify(problemBody(c, error)), { status: error.status, headers });
}

/** Every thrown thing becomes exactly one ApiError; nothing internal reaches the client. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof HTTPException) {
    if (error.status === 413) return new ApiError('payload_too_large');
    if (error.status === 400) return new ApiError('invalid_json', '请求体不是有效的 JSON / malformed JSON body');
    if (error.status === 415) return new ApiError('unsupported_media_type', '请求体须为 application/json / body must be application/json');
    if (error.status === 401) return new ApiError('unauthenticated');
    return new ApiError('internal');
  }
  if (isDatabaseUnavailable(error)) {
    return new ApiError('unavailable', '数据库暂不可用 / database unavailable', {
      headers: { 'retry-after': '5' },
      cause: error,
    });
  }
  switch (sqlState(error)) {
    case '23505': {
      const known = UNIQUE_MESSAGES[constraintName(error) ?? ''];
      return known
        ? new ApiError('conflict', known.message, { errors: [{ path: known.field, message: known.message }] })
        : new ApiError('conflict', '与已有记录重复 / duplicate');
    }
    case '22021': // e.g. a NUL character, which PostgreSQL text cannot hold
    case '22P05':
      return new ApiError('validation_failed', '文本中含有无效字符 / text contains an invalid character');
    case '23514':
    case '23502':
      return new ApiError('validation_failed', `数据不满足约束 / violates ${constraintName(error) ?? 'a constraint'}`);
    case '23503':
    // 23001: ON DELETE RESTRICT (our foreign keys), where NO ACTION would have said 23503.
    case '23001':
      return new ApiError('still_referenced', '仍被其他记录引用，无法删除或修改 / still referenced by other records');
    case 'FG001': // raised by the guards on published assessments and district scores (migration 0017)
      return new ApiError(
        'conflict',
        '已发布的考核已锁定，不能修改；请重新计算生成修订版 / a published assessment is frozen: recompute to make a new revision',
      );
    case '40001':
    case '40P01':
      return new ApiError('conflict', '并发冲突，请重试 / concurrent update, retry');
  }
  return new ApiError('internal', '服务器内部错误 / internal error', { cause: error });
}

export const onError: ErrorHandler<AppEnv> = (error, c) => {
  const apiError = toApiError(error);
  if (apiError.status >= 500) {
    const log = c.get('deps')?.logError ?? ((m: string, e: unknown) => console.error(m, e));
    log(`[${c.get('requestId') ?? '-'}] ${c.req.method} ${c.req.path} failed`, apiError.cause ?? error);
  }
  return problemResponse(c, apiError);
};

export const onNotFound: NotFoundHandler<AppEnv> = (c) =>
  problemResponse(c, new ApiError('not_found', `没有这个接口 / no such endpoint: ${c.req.method} ${c.req.path}`));
