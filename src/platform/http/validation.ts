import type { Hook } from '@hono/zod-openapi';
import type * as z from 'zod';
import { ApiError, type FieldError } from '../errors.ts';
import type { AppEnv } from './env.ts';

export function fieldErrors(error: z.ZodError, target?: string): FieldError[] {
  return error.issues.map((issue) => ({
    path: [...(target && target !== 'json' ? [target] : []), ...issue.path.map(String)].join('.') || '(body)',
    message: issue.message,
  }));
}

/** Validation failures of any request part become one 400 problem listing every bad field. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result, _c) => {
  if (!result.success) {
    throw new ApiError('validation_failed', '请求参数校验失败 / request validation failed', {
      errors: fieldErrors(result.error as z.ZodError, result.target),
    });
  }
};
