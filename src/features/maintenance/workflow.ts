import type { MaintenanceState } from '../facilities/vocabulary.ts';
import { gate, type Refusal, type Rule } from '../timeline/rules.ts';

/**
 * The review of a maintenance record (维保记录审核) as data, and the one pure function that applies
 * it, in the shape of the hazard and task workflows: the gate (state, who, independence) is shared.
 * A record is born `submitted` (its first timeline event, `submit`, is written when it is made);
 * the station or the committee accepts it or returns it with a reason; the company resubmits a
 * returned record with what was missing. Served at GET /api/v1/maintenance-records/workflow.
 */
export const MAINTENANCE_ACTIONS = ['accept', 'return', 'resubmit'] as const;
export type MaintenanceAction = (typeof MAINTENANCE_ACTIONS)[number];

/**
 * - reviewer: holds maintenance.review over the record's compound (the street's station, the committee);
 * - company: a property manager of the company that submitted the record.
 */
export type MaintenanceActor = 'reviewer' | 'company';

export interface MaintenanceRule extends Rule<MaintenanceState, MaintenanceActor> {
  to: MaintenanceState;
}

export const MAINTENANCE_WORKFLOW: Record<MaintenanceAction, MaintenanceRule> = {
  accept: { from: ['submitted'], to: 'accepted', who: ['reviewer'], independent: true, label: '审核通过' },
  return: { from: ['submitted'], to: 'returned', who: ['reviewer'], independent: true, label: '退回（写明原因）' },
  resubmit: { from: ['returned'], to: 'submitted', who: ['company'], label: '补充后重新提交' },
};

export interface MaintenanceActorContext {
  userId: string;
  roles: ReadonlySet<MaintenanceActor>;
  /** A member of the submitting company (or the submitter): may not review its own record. */
  involved: boolean;
}

export type MaintenanceActionInput =
  | { action: 'accept'; note?: string | undefined }
  | { action: 'return'; reason: string }
  | { action: 'resubmit'; note: string; evidenceIds?: string[] | undefined };

export interface MaintenanceDecision {
  to: MaintenanceState;
  note: string | null;
  data: Record<string, unknown>;
}

export type MaintenanceOutcome = { ok: true; decision: MaintenanceDecision } | { ok: false; refusal: Refusal };

export function availableMaintenanceActions(state: MaintenanceState, actor: MaintenanceActorContext): MaintenanceAction[] {
  return MAINTENANCE_ACTIONS.filter((a) => !gate(MAINTENANCE_WORKFLOW[a], a, state, actor, 'maintenance_record'));
}

export function transitionRecord(
  state: MaintenanceState,
  input: MaintenanceActionInput,
  actor: MaintenanceActorContext,
): MaintenanceOutcome {
  const rule = MAINTENANCE_WORKFLOW[input.action];
  const refusal = gate(rule, input.action, state, actor, 'maintenance_record');
  if (refusal) return { ok: false, refusal };
  switch (input.action) {
    case 'accept':
      return { ok: true, decision: { to: rule.to, note: input.note ?? null, data: {} } };
    case 'return':
      return { ok: true, decision: { to: rule.to, note: input.reason, data: {} } };
    case 'resubmit':
      return { ok: true, decision: { to: rule.to, note: input.note, data: {} } };
  }
}
