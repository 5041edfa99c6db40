import {
  FIELD_ISSUES,
  type FieldIssueCode,
  type FieldIssueParams,
  PROBLEMS,
  type ProblemCode,
  type ProblemParams,
} from './problems/catalog.ts';
import type { ProblemStatus } from './problems/define.ts';
import type { Language, Localized } from './problems/language.ts';
import type { Resource } from './problems/resources.ts';

/**
 * One entry of `errors[]`: the request field it is about, a field-level code (zod's issue code,
 * a cross-field rule of fields.ts, or the problem's own code) and the message in every language.
 */
export interface FieldError {
  path: string;
  code: string;
  message: Localized;
}

interface ErrorOptions {
  /** The request field this problem is about: it is listed in errors[] with the problem's own words. */
  field?: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
  cause?: unknown;
}

/** Codes whose parameters are all optional (or none) take no `params`; the others must give them. */
type OptionsArg<C extends ProblemCode> =
  Record<string, never> extends ProblemParams<C>
    ? [options?: ErrorOptions & { params?: ProblemParams<C> }]
    : [options: ErrorOptions & { params: ProblemParams<C> }];

/**
 * The one error type of the API. Every failure a client can see is an ApiError with a code from
 * the catalog (src/platform/problems) and that code's typed parameters; problem.ts renders it as
 * RFC 9457 problem+json in the language the client asked for.
 */
export class ApiError<C extends ProblemCode = ProblemCode> extends Error {
  readonly code: C;
  readonly status: ProblemStatus;
  readonly params: ProblemParams<C>;
  readonly errors: FieldError[];
  readonly headers: Record<string, string> | undefined;

  constructor(code: C, ...[options]: OptionsArg<C>) {
    const definition = PROBLEMS[code];
    const params = ((options as { params?: ProblemParams<C> } | undefined)?.params ?? {}) as ProblemParams<C>;
    const detail = (definition.detail as (p: ProblemParams<C>) => Localized)(params);
    super(detail.en, { cause: options?.cause });
    this.name = 'ApiError';
    this.code = code;
    this.status = definition.status;
    this.params = params;
    this.headers = options?.headers;
    this.errors = [...(options?.field ? [{ path: options.field, code, message: detail }] : []), ...(options?.errors ?? [])];
  }

  detail(lang: Language): string {
    return (PROBLEMS[this.code].detail as (p: ProblemParams<C>) => Localized)(this.params)[lang];
  }

  title(lang: Language): string {
    return PROBLEMS[this.code].title[lang];
  }
}

/** An errors[] entry of a cross-field rule, with its message from the catalog. */
export function fieldError<C extends FieldIssueCode>(
  path: string,
  code: C,
  ...[params]: Record<string, never> extends FieldIssueParams<C> ? [] : [FieldIssueParams<C>]
): FieldError {
  return { path, code, message: (FIELD_ISSUES[code].message as (p: unknown) => Localized)(params ?? {}) };
}

/**
 * A 404 that names nothing: the same answer for "does not exist", "another district" and "outside
 * your scope". `field` names the request field that pointed at it (a referenced id in a body).
 */
export const notFound = (resource: Resource = 'record', field?: string) =>
  new ApiError('not_found', { params: { resource }, ...(field ? { field } : {}) });

/** A request field that names something the caller cannot see (or that does not exist). */
export interface MissingReference {
  path: string;
  resource: Resource;
}

/**
 * One 404 naming every request field that points nowhere (`errors[]`, each with code not_found and
 * the words for its own resource): the same answer for "no such id" and "not yours". The problem's
 * resource is theirs when they agree, else `record`.
 */
export function notFoundAt(missing: readonly MissingReference[]): ApiError {
  const kinds = new Set(missing.map((m) => m.resource));
  const resource = kinds.size === 1 ? missing[0]!.resource : 'record';
  return new ApiError('not_found', { params: { resource }, errors: missing.map((m) => notFound(m.resource, m.path).errors[0]!) });
}
