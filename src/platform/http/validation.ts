import type { Hook } from '@hono/zod-openapi';
import type * as z from 'zod';
import en from 'zod/v4/locales/en.js';
import zhCN from 'zod/v4/locales/zh-CN.js';
import { ApiError, type FieldError } from '../errors.ts';
import { FIELD_ISSUES, type FieldIssueCode } from '../problems/catalog.ts';
import { ISSUE_KEY } from '../problems/fields.ts';
import type { Localized } from '../problems/language.ts';
import type { AppEnv } from './env.ts';

const LOCALES = { 'zh-CN': zhCN().localeError, en: en().localeError };

function zodMessage(issue: z.core.$ZodIssue, input: unknown): Localized {
  const raw = { ...issue, input } as unknown as z.core.$ZodRawIssue;
  const say = (map: z.core.$ZodErrorMap) => {
    const out = map(raw);
    return (typeof out === 'string' ? out : out?.message) ?? 'Invalid input';
  };
  return { 'zh-CN': say(LOCALES['zh-CN']), en: say(LOCALES.en) };
}

function inputAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let at = root;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

function isFieldIssue(code: unknown): code is FieldIssueCode {
  return typeof code === 'string' && Object.hasOwn(FIELD_ISSUES, code);
}

/** One entry per bad field, in every language; an unknown key is reported at its own path. */
export function fieldErrors(error: z.ZodError, target: string | undefined, input: unknown): FieldError[] {
  const prefix = target && target !== 'json' ? [target] : [];
  return error.issues.flatMap((i): FieldError[] => {
    const at = (extra: string[] = []) => [...prefix, ...i.path.map(String), ...extra].join('.') || '(body)';
    if (i.code === 'unrecognized_keys') {
      return i.keys.map((key) => ({
        path: at([key]),
        code: 'unrecognized_keys',
        message: FIELD_ISSUES.unrecognized_keys.message({ key }),
      }));
    }
    const keyed = i.message.startsWith(ISSUE_KEY) ? i.message.slice(ISSUE_KEY.length) : undefined;
    if (isFieldIssue(keyed)) return [{ path: at(), code: keyed, message: FIELD_ISSUES[keyed].message({} as never) }];
    const params = i.code === 'custom' ? (i.params as Record<string, string | number> | undefined) : undefined;
    if (params && isFieldIssue(params.issue)) {
      const { issue: code, ...rest } = params;
      return [{ path: at(), code: String(code), message: FIELD_ISSUES[code as FieldIssueCode].message(rest as never) }];
    }
    return [{ path: at(), code: i.code, message: zodMessage(i, inputAt(input, i.path)) }];
  });
}

/** Validation failures of any request part become one 400 problem listing every bad field. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result, _c) => {
  if (!result.success) {
    // zod-validator passes the raw input as `data` on failure too: the messages quote what was sent.
    const input = (result as { data?: unknown }).data;
    throw new ApiError('validation_failed', { errors: fieldErrors(result.error as z.ZodError, result.target, input) });
  }
};
