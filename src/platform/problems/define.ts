import * as z from 'zod';
import type { Localized } from './language.ts';

/** The statuses a problem can carry; each code has exactly one. */
export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 411 | 413 | 415 | 422 | 429 | 500 | 503;

/**
 * One error code of the API: its HTTP status, a title in every language, the typed parameters a
 * program can act on, and the sentence people read (built from the parameters). Codes are
 * declared in this folder only, grouped by the part of the product they belong to.
 */
export interface ProblemDefinition<P extends z.ZodRawShape = z.ZodRawShape> {
  readonly status: ProblemStatus;
  readonly title: Localized;
  readonly params: z.ZodObject<P, z.core.$strict>;
  readonly detail: (params: z.infer<z.ZodObject<P, z.core.$strict>>) => Localized;
}

// biome-ignore lint/complexity/noBannedTypes: `{}` is the shape of a code without parameters
type NoParams = {};

export function problem<P extends z.ZodRawShape = NoParams>(
  status: ProblemStatus,
  title: Localized,
  options: { params?: P; detail?: (params: z.infer<z.ZodObject<P, z.core.$strict>>) => Localized } = {},
): ProblemDefinition<P> {
  return {
    status,
    title,
    params: z.strictObject((options.params ?? {}) as P),
    detail: options.detail ?? (() => title),
  };
}
