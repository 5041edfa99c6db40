/**
 * What the SPA says about a failed call, decided by the problem's `code` and `params` (never by
 * its text): the SPA's own message `problem.<code>` (or `problem.<code>.<case>`, e.g. per reason)
 * with the params filled in, the vocabularies' values shown by their labels; a code the SPA has no
 * message for shows the server's `detail`, which is in the UI's language too (Accept-Language).
 */

import type { Problem, ProblemCode, ProblemParams } from './api-types.ts';
import { getLang, hasMessage, type LabelGroup, label, type MessageKey, t } from './i18n.ts';

type Values = Record<string, string | number>;

/** How one code's params become its message. */
interface Wording<C extends ProblemCode> {
  /** The case with a message of its own (`problem.<code>.<case>`), or null for `problem.<code>`. */
  case?: (params: ProblemParams<C>) => string | null;
  /** Values for the placeholders beyond the params as they come (labels, counts, lists). */
  values?: (params: ProblemParams<C>) => Values;
}

const list = (items: readonly (string | number)[]) => items.join(getLang() === 'en' ? ', ' : '、');
/** A vocabulary value as a word inside a sentence (English labels are capitalised for headings). */
const noun = (group: LabelGroup, value: string | null) => {
  const text = label(group, value);
  return getLang() === 'en' ? text.charAt(0).toLowerCase() + text.slice(1) : text;
};
const labels = (group: LabelGroup, values: readonly string[]) => list(values.map((v) => noun(group, v)));

/** The label groups of each workflow subject's actions and states. */
const WORKFLOW = {
  hazard: { action: 'action', state: 'hazardState' },
  task: { action: 'taskAction', state: 'taskState' },
  maintenance_record: { action: 'maintAction', state: 'maintState' },
} as const satisfies Record<string, { action: LabelGroup; state: LabelGroup }>;

const MB = 1024 * 1024;
const size = (bytes: number) => (bytes % MB === 0 ? `${bytes / MB} MB` : `${Math.ceil(bytes / 1024)} KB`);

function taskMissing(p: ProblemParams<'task_not_done'>): string {
  const parts: string[] = [];
  if (p.unchecked.length) parts.push(t('problem.task_not_done.unchecked', { n: p.unchecked.length }));
  if (p.target !== null && (p.count ?? 0) < p.target)
    parts.push(t('problem.task_not_done.count', { count: p.count ?? 0, target: p.target }));
  if (p.evidence.length) parts.push(t('problem.task_not_done.evidence', { kinds: labels('evidenceKind', p.evidence) }));
  return parts.join(getLang() === 'en' ? '; ' : '；');
}

const orgKind = (p: { kind: string }) => ({ kind: noun('orgKind', p.kind) });

const WORDINGS: { [C in ProblemCode]?: Wording<C> } = {
  unauthenticated: { case: (p) => p.reason },
  not_your_role: { values: (p) => ({ subject: label('resource', p.subject), action: label(WORKFLOW[p.subject].action, p.action) }) },
  not_independent: { case: (p) => p.subject },
  cannot_change_own_account: { case: (p) => p.action },
  not_found: { values: (p) => ({ resource: label('resource', p.resource) }) },
  version_conflict: { values: (p) => ({ resource: label('resource', p.resource) }) },
  action_not_allowed_in_state: {
    values: (p) => ({
      subject: label('resource', p.subject),
      action: label(WORKFLOW[p.subject].action, p.action),
      state: label(WORKFLOW[p.subject].state, p.state),
    }),
  },
  already_exists: { values: (p) => ({ resource: label('resource', p.resource), field: label('uniqueField', p.field) }) },
  compound_managed_by_other_company: {
    values: (p) => ({
      compounds: list(
        p.compounds.map((c) => (getLang() === 'en' ? `${c.compoundName} (${c.companyName})` : `${c.compoundName}（${c.companyName}）`)),
      ),
    }),
  },
  still_referenced: { values: (p) => ({ resource: label('resource', p.resource), by: labels('reference', p.by) }) },
  hazard_category_in_use: { case: (p) => (p.hazards ? 'hazards' : 'routingRules') },
  campaign_phase_in_use: { values: (p) => ({ phases: list(p.phases.map((x) => `“${x.name}”`)) }) },
  org_unit_level_mismatch: {
    case: (p) => (p.parentKind ? null : 'top'),
    values: (p) => ({ kind: noun('orgKind', p.kind), parentKind: noun('orgKind', p.parentKind) }),
  },
  evidence_too_large: { values: (p) => ({ max: size(p.max) }) },
  evidence_rejected: { case: (p) => p.reason },
  hazard_escalation_not_due: { values: (p) => ({ nextLevel: p.level + 1 }) },
  routing_rule_party_mismatch: { values: (p) => ({ partyKind: label('partyKind', p.partyKind) }) },
  assignee_selection_empty: { values: (p) => ({ kind: noun('selector', p.kind) }) },
  task_not_done: { values: (p) => ({ missing: taskMissing(p) }) },
  inspection_closed: { case: (p) => p.status },
  inspection_results_missing: { values: (p) => ({ n: p.itemKeys.length }) },
  inspection_photos_unusable: { values: (p) => ({ n: p.itemKeys.length }) },
  inspection_target_not_plannable: { values: (p) => ({ target: label('inspTarget', p.target) }) },
  compound_or_building_required: { values: orgKind },
  patrol_area_too_broad: { values: orgKind },
  facility_kind_mismatch: { values: (p) => ({ kind: noun('facilityKind', p.kind) }) },
  rubric_missing_for_month: { values: (p) => ({ unitKind: noun('unitKind', p.unitKind) }) },
  assessment_rubric_changed: { values: (p) => ({ unitKinds: labels('unitKind', p.unitKinds) }) },
};

/** The params as they come: numbers and words as they are, lists joined. */
function plainValues(params: Record<string, unknown>): Values {
  const out: Values = {};
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'string' || typeof value === 'number') out[name] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) out[name] = list(value);
  }
  return out;
}

/**
 * The SPA's message for a problem, or null when it has none for the code, or the params do not
 * fit it (another shape than the document says, e.g. an older server): the server's words then.
 */
export function problemMessage(problem: Pick<Problem, 'code' | 'params'>): string | null {
  const wording = WORDINGS[problem.code as ProblemCode] as
    | { case?: (p: never) => string | null; values?: (p: never) => Values }
    | undefined;
  const params = problem.params && typeof problem.params === 'object' ? problem.params : {};
  try {
    const which = wording?.case?.(params as never);
    const key = [which ? `problem.${problem.code}.${which}` : null, `problem.${problem.code}`].find(
      (k): k is MessageKey => k !== null && hasMessage(k),
    );
    if (!key) return null;
    const values = { ...plainValues(params), ...wording?.values?.(params as never) };
    const needed = [...t(key).matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    if (needed.some((name) => values[name] === undefined || values[name] === '')) return null;
    return t(key, values);
  } catch {
    return null;
  }
}

/** The text of a problem: the SPA's message for its code, else the server's detail (or title). */
export function problemText(problem: Problem): string {
  return problemMessage(problem) ?? (problem.detail || problem.title);
}

/** Every `problem.*` message names a code of the API: a typo or a removed code fails the typecheck. */
type CodeOfKey<K> = K extends `problem.${infer C}.${string}` ? C : K extends `problem.${infer C}` ? C : never;
type StrayProblemMessages = Exclude<CodeOfKey<MessageKey>, ProblemCode>;
export const PROBLEM_MESSAGES_NAME_CODES: [StrayProblemMessages] extends [never] ? true : StrayProblemMessages = true;
