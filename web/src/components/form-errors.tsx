/**
 * Where a form's errors show: a server validation error (problem.errors[].path) next to the field
 * of that path, whatever no field claimed in the alert under the form, with the request's message.
 * Every dialog that sends something uses these, so they all report a failure the same way.
 */
import { useEffect, useRef } from 'preact/hooks';
import { ApiError, errorText, hasCode } from '../api.ts';
import type { FieldError, ProblemCode } from '../api-types.ts';
import { getLang, t } from '../i18n.ts';

export type ErrorAt = (path: string) => string | undefined;

export interface FieldErrors {
  all: FieldError[];
  /** The errors a field has claimed (through errorAt or under) in this render. */
  shown: Set<FieldError>;
  /** The raw errors at `path` or below it (for composite editors); marks them as shown. */
  under: (path: string) => FieldError[];
  /** Their messages, joined; marks them as shown. */
  errorAt: ErrorAt;
}

/** The field errors of `error` (an ApiError), after any the form found itself (`local`). */
export function fieldErrorsOf(error: unknown, local: FieldError[] = []): FieldErrors {
  const all = [...local, ...(error instanceof ApiError ? (error.problem.errors ?? []) : [])];
  const shown = new Set<FieldError>();
  const under = (path: string) => {
    const found = all.filter((e) => e.path === path || e.path.startsWith(`${path}.`));
    for (const e of found) shown.add(e);
    return found;
  };
  const errorAt: ErrorAt = (path) => {
    const found = under(path);
    return found.length ? found.map((e) => e.message).join(getLang() === 'en' ? '; ' : '；') : undefined;
  };
  return { all, shown, under, errorAt };
}

/**
 * A check the form makes before sending, shaped like the server's answer so it shows the same way.
 * Its code is the SPA's own (`form_check`, no message of its own): the alert shows `detail`.
 */
export function validationError(detail: string, errors: FieldError[]): ApiError {
  return new ApiError({ type: '', title: '', status: 400, detail, code: 'form_check', params: {}, requestId: '', errors });
}

/** After a failed save, move focus to the first field the server complained about (or the message). */
export function useFocusOnError(error: unknown) {
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!error) return;
    const form = formRef.current;
    (form?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form?.querySelector<HTMLElement>('.alert'))?.focus();
  }, [error]);
  return formRef;
}

/**
 * The message of a failed request and the field errors no field showed. It reads `shown` when it
 * renders, which is after the fields before it in the form (editors included) have claimed theirs.
 */
export function FormAlert(props: { error: unknown; fields: FieldErrors }) {
  if (!props.error) return null;
  const rest = props.fields.all.filter((e) => !props.fields.shown.has(e));
  // tabIndex: useFocusOnError may move focus here.
  return (
    <div class="alert" role="alert" tabIndex={-1}>
      <span>{errorText(props.error)}</span>
      {rest.length ? (
        <ul>
          {rest.map((e) => (
            <li key={e.path + e.message}>
              <code>{e.path}</code>: {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * The codes whose remedy is "reload, then try again": what the page shows was changed by someone
 * else since it was read (a version, a race, a reviewed draft), or has moved on to a state where
 * the action no longer applies (answered, closed, withdrawn, already re-checked).
 */
export const RELOAD_CODES: ReadonlySet<string> = new Set<ProblemCode>([
  'version_conflict',
  'concurrent_update',
  'assessment_draft_changed',
  'action_not_allowed_in_state',
  'hazard_no_pending_extension',
  'inspection_closed',
  'lookback_item_already_checked',
  'adjustment_already_withdrawn',
]);

/** The page's data is stale (a code of RELOAD_CODES): offer a reload rather than a plain error. */
export function isConflict(error: unknown): error is ApiError {
  return error instanceof ApiError && RELOAD_CODES.has(error.code);
}

/**
 * What a reload prompt says: the page's own words for a lost race on its record (`stale`, e.g.
 * "someone else acted on this hazard") when it has them, else the message of the code.
 */
export function conflictText(error: ApiError, stale?: string): string {
  return stale && hasCode(error, 'version_conflict', 'concurrent_update') ? stale : errorText(error);
}

/** Someone else changed the thing since it was read (409): say so, and offer to load it again. */
export function ConflictAlert(props: { message: string; onReload: () => void }) {
  return (
    <div class="alert" role="alert" tabIndex={-1}>
      <span>{props.message}</span>
      <button type="button" class="btn small" onClick={props.onReload}>
        {t('common.reload')}
      </button>
    </div>
  );
}
