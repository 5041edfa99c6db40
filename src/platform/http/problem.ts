import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { UNIQUE_CONSTRAINTS } from '../../db/schema/constraint-messages.ts';
import { constraintName, isDatabaseUnavailable, pgDetail, sqlState } from '../db/errors.ts';
import { ApiError, fieldError } from '../errors.ts';
import { logError } from '../log.ts';
import { DEFAULT_LANGUAGE, type Language } from '../problems/language.ts';
import { StoreUnavailable } from '../storage/object-store.ts';
import type { AppEnv } from './env.ts';

export const PROBLEM_JSON = 'application/problem+json';

/** The RFC 9457 body of a problem, in one language. */
export function problemBody(error: ApiError, lang: Language, requestId: string) {
  return {
    type: `urn:firegrid:problem:${error.code}`,
    title: error.title(lang),
    status: error.status,
    detail: error.detail(lang),
    code: error.code,
    params: error.params as Record<string, unknown>,
    requestId,
    ...(error.errors.length ? { errors: error.errors.map((e) => ({ path: e.path, code: e.code, message: e.message[lang] })) } : {}),
  };
}

export function problemResponse(c: Context, error: ApiError): Response {
  const lang = (c.get('lang') as Language | undefined) ?? DEFAULT_LANGUAGE;
  const requestId = (c.get('requestId') as string | undefined) ?? '';
  return new Response(JSON.stringify(problemBody(error, lang, requestId)), {
    status: error.status,
    headers: { 'content-type': PROBLEM_JSON, 'content-language': lang, vary: 'accept-language', ...error.headers },
  });
}

/** A dependency is down: 503, naming it, with a hint of when to retry. */
export const unavailable = (dependency: 'database' | 'evidence_store', cause?: unknown) =>
  new ApiError('unavailable', { params: { dependency }, headers: { 'retry-after': '5' }, cause });

/** Every thrown thing becomes exactly one ApiError; nothing internal reaches the client. */
export function toApiError(error: unknown, bodyLimit = 0): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof HTTPException) {
    // Thrown by Hono's own validators and helpers, before our gates could say it better.
    if (error.status === 413) return new ApiError('payload_too_large', { params: { limit: bodyLimit } });
    if (error.status === 400) return new ApiError('invalid_json');
    if (error.status === 415) return new ApiError('unsupported_media_type');
    if (error.status === 401) return new ApiError('unauthenticated', { params: { reason: 'token_invalid' } });
    return new ApiError('internal', { cause: error });
  }
  // The store first: its failures carry network codes the database check would also match.
  if (error instanceof StoreUnavailable) return unavailable('evidence_store', error);
  if (isDatabaseUnavailable(error)) return unavailable('database', error);
  switch (sqlState(error)) {
    case '23505': {
      const known = UNIQUE_CONSTRAINTS[constraintName(error) ?? ''];
      if (known === 'race') return new ApiError('concurrent_update', { cause: error });
      return known
        ? new ApiError('already_exists', { params: known, field: known.field })
        : new ApiError('already_exists', { params: { field: 'id', resource: 'record' } });
    }
    // A NUL character, or a lone surrogate in JSON: the input gate refuses both; this is the net below it.
    case '22021':
    case '22P05':
      return new ApiError('invalid_characters', { params: { field: '(body)' } });
    // A check or NOT NULL constraint: a rule the request schemas should have stated first.
    case '23514':
    case '23502':
      return new ApiError('validation_failed', { errors: [fieldError('(body)', 'constraint_violated')], cause: error });
    // A foreign key: on a write that points at a row that is not there, the row is "not found";
    // on a delete (23503 under NO ACTION, 23001 under our ON DELETE RESTRICT), it is still in use.
    case '23503':
      return /is not present in table/.test(pgDetail(error))
        ? new ApiError('not_found', { params: { resource: 'record' }, cause: error })
        : new ApiError('still_referenced', { params: { resource: 'record', by: ['records'] }, cause: error });
    case '23001':
      return new ApiError('still_referenced', { params: { resource: 'record', by: ['records'] }, cause: error });
    // Data exceptions (a number or date the column cannot hold): input the schemas should have
    // bounded. Answered as the client's mistake it is, and logged (onError).
    case '22003':
    case '22007':
    case '22008':
    case '22P02':
      return new ApiError('value_out_of_range', { cause: error });
    case 'FG001': // raised by the guards on published assessments and district scores (migration 0017)
      return new ApiError('assessment_frozen');
    case '40001':
    case '40P01':
      return new ApiError('concurrent_update', { cause: error });
  }
  return new ApiError('internal', { cause: error });
}

/**
 * Database refusals that reach the client as 4xx but mean a check is missing above the database
 * (the input gate, a request schema, a lookup before the write): logged, so the gap gets closed.
 */
const GAPS_BELOW_THE_GATE = new Set(['22021', '22P05', '23514', '23502', '23503', '22003', '22007', '22008', '22P02']);

export const onError: ErrorHandler<AppEnv> = (error, c) => {
  const apiError = toApiError(error, c.get('deps')?.limits.bodyBytes);
  if (apiError.status >= 500 || GAPS_BELOW_THE_GATE.has(sqlState(error) ?? '')) {
    const log = c.get('deps')?.logError ?? logError;
    log(`${c.req.method} ${c.req.routePath} failed`, apiError.cause ?? error, {
      requestId: c.get('requestId'),
      tenantId: c.get('principal')?.tenantId ?? null,
      method: c.req.method,
      route: c.req.routePath,
    });
  }
  return problemResponse(c, apiError);
};

export const onNotFound: NotFoundHandler<AppEnv> = (c) =>
  problemResponse(c, new ApiError('endpoint_not_found', { params: { method: c.req.method, path: c.req.path.slice(0, 200) } }));
