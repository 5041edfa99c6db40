import { ApiError } from '../../platform/errors.ts';

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

export type GateRefusal = { kind: 'not_allowed_in_state' | 'not_your_role' | 'not_independent'; message: string };

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
  words: { what: string; whatEn: string; independence: string },
): GateRefusal | null {
  if (!rule.from.includes(state)) {
    return { kind: 'not_allowed_in_state', message: `当前状态不能执行「${rule.label}」/ ${action} is not allowed in state ${state}` };
  }
  if (!rule.who.some((w) => actor.roles.has(w))) {
    return { kind: 'not_your_role', message: `您不是此${words.what}「${rule.label}」的责任人 / not your part of this ${words.whatEn}` };
  }
  if (rule.independent && actor.involved) return { kind: 'not_independent', message: words.independence };
  return null;
}

/** How a refusal reads over HTTP, the same for every workflow. */
const REFUSAL_CODES = {
  not_allowed_in_state: 'conflict',
  not_your_role: 'forbidden',
  not_independent: 'forbidden',
  invalid: 'validation_failed',
} as const;

export function refusalError(r: GateRefusal | { kind: 'invalid'; field: string; message: string }): ApiError {
  return new ApiError(REFUSAL_CODES[r.kind], r.message, r.kind === 'invalid' ? { errors: [{ path: r.field, message: r.message }] } : {});
}
