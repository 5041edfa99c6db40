import type { ProblemCode, ProblemParams } from '../../platform/problems/catalog.ts';
import type { WorkflowSubject } from '../../platform/problems/common.ts';

/**
 * The shape every workflow table shares (hazards, tasks) and the gate every action passes first:
 * allowed in the current state, taken by someone the rule names, independent where it says so.
 * Each workflow then decides what the action does in its own pure `transition`.
 */
export interface Rule<State extends string, Actor extends string> {
  from: readonly State[];
  who: readonly Actor[];
  /** Separation of duties: the actor must not be the one the work is about (reporter, party, assignee). */
  independent?: boolean;
  label: string;
}

/**
 * Why an action was refused, as data: the error code and its parameters (src/platform/problems),
 * and the request field it is about. Pure workflows return refusals; the HTTP side turns them into
 * ApiErrors (refusal.ts), so no rule module needs to know about HTTP.
 */
export interface Refusal<C extends ProblemCode = ProblemCode> {
  code: C;
  params: ProblemParams<C>;
  field?: string;
}

export const refusal = <C extends ProblemCode>(code: C, params: ProblemParams<C>, field?: string): Refusal<C> =>
  field === undefined ? { code, params } : { code, params, field };

export interface Gatekeeper<Actor extends string> {
  roles: ReadonlySet<Actor>;
  /** True when the actor is involved in the work (reporter or party of a hazard, assignee of a task). */
  involved: boolean;
}

/** Why this actor may not take this action now, or null when the gate lets them through. */
export function gate<State extends string, Actor extends string>(
  rule: Rule<State, Actor>,
  action: string,
  state: State,
  actor: Gatekeeper<Actor>,
  subject: WorkflowSubject,
): Refusal<'action_not_allowed_in_state' | 'not_your_role' | 'not_independent'> | null {
  if (!rule.from.includes(state)) return refusal('action_not_allowed_in_state', { subject, action, state });
  if (!rule.who.some((w) => actor.roles.has(w))) return refusal('not_your_role', { subject, action });
  if (rule.independent && actor.involved) return refusal('not_independent', { subject, action });
  return null;
}
