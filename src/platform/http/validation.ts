import type { Hook } from '@hono/zod-openapi';
import type * as z from 'zod';
import { ApiError, type FieldError } from '../errors.ts';
import type { AppEnv } from './env.ts';

/** One entry per bad field; an unknown key is reported at its own path so a form can show it. */
export function fieldErrors(error: z.ZodError, target?: string): FieldError[] {
  const prefix = target && target !== 'json' ? [target] : [];
  return error.issues.flatMap((issue) => {
    const at = (extra: string[]) => [...prefix, ...issue.path.map(String), ...extra].join('.') || '(body)';
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: at([key]), message: `不允许的字段 / unknown field "${key}"` }));
    }
    return [{ path: at([]), message: issue.message }];
  });
}

/** Validation failures of any request part become one 400 problem listing every bad field. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result, _c) => {
  if (!result.success) {
    throw new ApiError('validation_failed', '请求参数校验失败 / request validation failed', {
      errors: fieldErrors(result.error as z.ZodError, result.target),
    });
  }
};
