import { ApiError } from '../../platform/errors.ts';
import type { ProblemCode } from '../../platform/problems/catalog.ts';
import type { Refusal } from './rules.ts';

/** How a workflow's refusal reads over HTTP: its code, its parameters, the field it is about. */
export function refusalError(r: Refusal): ApiError {
  const options = { params: r.params, ...(r.field === undefined ? {} : { field: r.field }) };
  return new ApiError(r.code as ProblemCode, options as never);
}
