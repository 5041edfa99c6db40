import type { Localized } from './language.ts';

/**
 * Field-level codes for rules a schema states across fields (refinements), in `errors[]` next to
 * zod's own issue codes (too_small, invalid_type…). Declared in the area files of this folder
 * (`*_FIELD_ISSUES`) and assembled in catalog.ts, like problem codes.
 */
export interface FieldIssueDefinition<P extends Record<string, string | number> = Record<string, string | number>> {
  readonly message: (params: P) => Localized;
}

export function fieldIssue<P extends Record<string, string | number> = Record<string, never>>(
  message: Localized | ((params: P) => Localized),
): FieldIssueDefinition<P> {
  return { message: typeof message === 'function' ? message : () => message };
}

/**
 * How a schema names a field-level code instead of writing a message (messages are picked per
 * request, in the client's language, by the validation hook):
 * - a built-in check: `z.string().regex(MONTH, { error: issueKey('month_format') })`;
 * - a rule across fields: `.refine(fn, { path, ...issue('end_before_start', { start }) })` or
 *   `ctx.addIssue({ code: 'custom', path, ...issue('listed_twice') })`.
 * Codes are checked against the catalog by the type of `code` where the catalog is imported
 * (catalog.ts re-exports typed versions); here they are plain strings to keep this file a leaf.
 */
export const ISSUE_KEY = '@issue:';
