import { gate, type Refusal, type Rule, refusal } from '../timeline/rules.ts';
import type { HazardPolicy } from './policy.ts';
import { DEFAULT_POLICY, expectedEscalationLevel, isOverdue, rectifyDue, respondBy } from './policy.ts';
import type { HazardOutcome, HazardState, PartyKind, Severity } from './vocabulary.ts';

/**
 * The hazard workflow (隐患闭环) as data, and the one pure function that applies it. HTTP and SQL
 * call `transition`; nothing else decides what may happen to a hazard. The table is served at
 * GET /api/v1/hazards/workflow and printed in the OpenAPI description, so the rules users see are
 * the rules the code runs.
 */

export const ACTIONS = [
  'route',
  'accept',
  'submit',
  'verify',
  'reject',
  'reopen',
  'extend-request',
  'extend-approve',
  'extend-deny',
  'escalate',
  'close-as',
  'link-duplicate',
  'recheck',
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * Who may take an action, besides holding its permission:
 * - router: holds hazards.route/verify over the hazard's area (station of that street, committee);
 * - lead: a member of the lead party (the company's manager, the department's staff, the org
 *   unit's staff; for a place owner, the staff of the place's area act on the owner's behalf);
 * - system: the escalation sweep.
 */
export type Actor = 'router' | 'lead' | 'system';

export interface ActionRule extends Rule<HazardState, Actor> {
  /**
   * 'same' = the state does not change (deadline, escalation and record-keeping actions);
   * 'reopened' = back to rectifying (or to reported when nobody was ever made responsible);
   * 'same-or-reopened' = a look-back re-check: confirmed leaves it closed, a rebound reopens it.
   */
  to: HazardState | 'same' | 'reopened' | 'same-or-reopened';
  /** The actor must not be in any party: nobody re-routes, closes or links away their own hazard. */
  notParty?: boolean;
}

export const WORKFLOW: Record<Action, ActionRule> = {
  route: {
    from: ['reported', 'routed', 'rectifying'],
    to: 'routed',
    who: ['router'],
    notParty: true,
    label: '分流交办（指定责任方与期限）',
  },
  accept: { from: ['routed'], to: 'rectifying', who: ['lead'], label: '受理' },
  submit: { from: ['rectifying'], to: 'submitted', who: ['lead'], label: '提交整改（附整改后照片）' },
  verify: { from: ['submitted'], to: 'closed', who: ['router'], independent: true, label: '核查通过，销号' },
  reject: { from: ['submitted'], to: 'rectifying', who: ['router'], independent: true, label: '核查不通过，退回整改' },
  reopen: { from: ['closed'], to: 'reopened', who: ['router'], label: '重新打开' },
  'extend-request': { from: ['routed', 'rectifying'], to: 'same', who: ['lead'], label: '申请延期' },
  'extend-approve': { from: ['routed', 'rectifying'], to: 'same', who: ['router'], independent: true, label: '批准延期' },
  'extend-deny': { from: ['routed', 'rectifying'], to: 'same', who: ['router'], label: '驳回延期' },
  escalate: { from: ['routed', 'rectifying'], to: 'same', who: ['router', 'system'], label: '逾期升级督办' },
  'close-as': {
    from: ['reported', 'routed', 'rectifying', 'submitted'],
    to: 'closed',
    who: ['router'],
    notParty: true,
    label: '按非整改结果关闭（重复/不构成隐患/移交执法）',
  },
  'link-duplicate': {
    from: ['reported', 'routed', 'rectifying'],
    to: 'closed',
    who: ['router'],
    notParty: true,
    label: '关联为重复隐患并关闭',
  },
  recheck: {
    from: ['closed'],
    to: 'same-or-reopened',
    who: ['router'],
    independent: true,
    label: '回头看复查（确认则不变，反弹则重新打开）',
  },
};

export interface Party {
  lead: boolean;
  kind: PartyKind;
  orgUnitId: string | null;
  companyId: string | null;
  departmentId: string | null;
}

/** The hazard as the workflow sees it. */
export interface HazardSnapshot {
  state: HazardState;
  outcome: HazardOutcome | null;
  severity: Severity;
  hasLeadParty: boolean;
  respondBy: Date | null;
  dueAt: Date | null;
  submittedAt: Date | null;
  escalationLevel: number;
  pendingExtension: { until: string; reason: string; requestedBy: string; requestedAt: string } | null;
  /** Days a category sets instead of the severity default. */
  categoryRectifyDays: number | null;
}

/** What the caller is to this hazard, worked out from the database by the service. */
export interface ActorContext {
  userId: string | null;
  roles: ReadonlySet<Actor>;
  isReporter: boolean;
  inAnyParty: boolean;
}

export type ActionInput =
  | { action: 'route'; lead: Omit<Party, 'lead'>; assisting: Omit<Party, 'lead'>[]; dueAt?: string | undefined; note?: string | undefined }
  | { action: 'accept'; note?: string | undefined }
  | { action: 'submit'; note: string; evidenceIds: string[] }
  | { action: 'verify'; note?: string | undefined; evidenceIds?: string[] | undefined }
  | { action: 'reject'; reason: string }
  | { action: 'reopen'; reason: string }
  | { action: 'extend-request'; until: string; reason: string }
  | { action: 'extend-approve'; note?: string | undefined }
  | { action: 'extend-deny'; reason: string }
  | { action: 'escalate'; note?: string | undefined }
  | { action: 'close-as'; outcome: Exclude<HazardOutcome, 'fixed'>; reason: string }
  | { action: 'link-duplicate'; originalId: string; note?: string | undefined }
  | { action: 'recheck'; result: 'confirmed' | 'rebound'; note: string; evidenceIds?: string[] | undefined };

/** Columns of `hazards` a transition changes. */
export interface HazardPatch {
  state?: HazardState;
  outcome?: HazardOutcome | null;
  routedAt?: Date;
  respondBy?: Date | null;
  dueAt?: Date | null;
  acceptedAt?: Date | null;
  submittedAt?: Date | null;
  closedAt?: Date | null;
  escalationLevel?: number;
  escalatedAt?: Date;
  pendingExtension?: HazardSnapshot['pendingExtension'];
  duplicateOfId?: string | null;
}

export type Counter = 'reopenCount' | 'rejectCount' | 'extensionCount';

export interface Decision {
  to: HazardState;
  patch: HazardPatch;
  /** Counters to add one to (rework, reopenings, extensions feed the monthly indicators). */
  count?: Counter;
  /** Replaces the parties (route only). */
  parties?: Party[];
  /** What the timeline event records beyond action, states, actor and note. */
  data: Record<string, unknown>;
  note: string | null;
}

/**
 * Every code `transition` can refuse with: the table's gate, then the workflow's own checks (one
 * code per situation). A refusal is data (code, parameters, field); the service turns it into the
 * HTTP answer, and the transitions route declares these codes.
 */
export const REFUSALS = [
  'action_not_allowed_in_state',
  'not_your_role',
  'not_independent',
  'hazard_deadline_not_in_future',
  'hazard_after_photos_required',
  'hazard_extension_pending',
  'hazard_extension_not_later',
  'hazard_no_pending_extension',
  'hazard_extension_outdated',
  'hazard_escalation_at_top',
  'hazard_escalation_not_due',
] as const;
export type HazardRefusal = Refusal<(typeof REFUSALS)[number]>;

export type Outcome = { ok: true; decision: Decision } | { ok: false; refusal: HazardRefusal };

const refuse = (refusal: HazardRefusal): Outcome => ({ ok: false, refusal });

/** Which actions this actor may take on this hazard now (for the UI's buttons). */
export function availableActions(h: HazardSnapshot, actor: ActorContext, policy: HazardPolicy = DEFAULT_POLICY): Action[] {
  return ACTIONS.filter((a) => {
    const rule = WORKFLOW[a];
    if (gate(rule, a, h.state, { roles: actor.roles, involved: actor.isReporter || actor.inAnyParty }, 'hazard')) return false;
    if (rule.notParty && actor.inAnyParty) return false;
    if ((a === 'extend-approve' || a === 'extend-deny') && !h.pendingExtension) return false;
    if (a === 'extend-request' && h.pendingExtension) return false;
    if (a === 'escalate' && h.escalationLevel >= policy.escalationChain.length) return false;
    return true;
  });
}

export function transition(
  h: HazardSnapshot,
  input: ActionInput,
  actor: ActorContext,
  now: Date,
  policy: HazardPolicy,
  timeZone: string,
): Outcome {
  const rule = WORKFLOW[input.action];
  const gated = gate(rule, input.action, h.state, { roles: actor.roles, involved: actor.isReporter || actor.inAnyParty }, 'hazard');
  if (gated) return refuse(gated);
  // A party never re-routes, closes or merges its own hazard.
  if (rule.notParty && actor.inAnyParty) return refuse(refusal('not_independent', { subject: 'hazard', action: input.action }));
  const at = now;
  const to = (state: HazardState) => ({ to: state });
  switch (input.action) {
    case 'route': {
      const routedAt = at;
      const dueAt = input.dueAt ? new Date(input.dueAt) : rectifyDue(routedAt, h.severity, policy, timeZone, h.categoryRectifyDays);
      if (dueAt.getTime() <= at.getTime()) {
        return refuse(refusal('hazard_deadline_not_in_future', { dueAt: dueAt.toISOString() }, 'dueAt'));
      }
      const parties: Party[] = [{ ...input.lead, lead: true }, ...input.assisting.map((p) => ({ ...p, lead: false }))];
      return {
        ok: true,
        decision: {
          ...to('routed'),
          patch: {
            state: 'routed',
            routedAt,
            respondBy: respondBy(routedAt, policy),
            dueAt,
            acceptedAt: null,
            escalationLevel: 0,
            pendingExtension: null,
          },
          parties,
          data: {
            lead: input.lead,
            assisting: input.assisting,
            dueAt: dueAt.toISOString(),
            respondBy: respondBy(routedAt, policy).toISOString(),
          },
          note: input.note ?? null,
        },
      };
    }
    case 'accept':
      // A pending request was about the response deadline, which accepting ends: it lapses.
      return {
        ok: true,
        decision: {
          ...to('rectifying'),
          patch: { state: 'rectifying', acceptedAt: at, pendingExtension: null, escalationLevel: 0 },
          data: {},
          note: input.note ?? null,
        },
      };
    case 'submit':
      if (!input.evidenceIds.length) return refuse(refusal('hazard_after_photos_required', {}, 'evidenceIds'));
      return {
        ok: true,
        decision: {
          ...to('submitted'),
          patch: { state: 'submitted', submittedAt: at, pendingExtension: null },
          data: {},
          note: input.note,
        },
      };
    case 'verify':
      return {
        ok: true,
        decision: {
          ...to('closed'),
          patch: { state: 'closed', outcome: 'fixed', closedAt: at },
          data: { outcome: 'fixed' },
          note: input.note ?? null,
        },
      };
    case 'reject': {
      // Waiting for verification is not the fixing party's lateness: the deadline moves on by the
      // time the submission waited, and escalation starts again from there.
      const waited = h.submittedAt ? Math.max(0, at.getTime() - h.submittedAt.getTime()) : 0;
      const dueAt = h.dueAt ? new Date(h.dueAt.getTime() + waited) : h.dueAt;
      return {
        ok: true,
        decision: {
          ...to('rectifying'),
          patch: { state: 'rectifying', submittedAt: null, dueAt, escalationLevel: 0 },
          count: 'rejectCount',
          data: { rework: true, dueAt: dueAt?.toISOString() ?? null },
          note: input.reason,
        },
      };
    }
    case 'reopen':
    case 'recheck': {
      if (input.action === 'recheck' && input.result === 'confirmed') {
        return { ok: true, decision: { to: h.state, patch: {}, data: { result: 'confirmed' }, note: input.note } };
      }
      const target: HazardState = h.hasLeadParty ? 'rectifying' : 'reported';
      const reason = input.action === 'reopen' ? input.reason : input.note;
      const routedAgain = target === 'rectifying' ? { dueAt: rectifyDue(at, h.severity, policy, timeZone, h.categoryRectifyDays) } : {};
      return {
        ok: true,
        decision: {
          to: target,
          patch: { state: target, outcome: null, closedAt: null, submittedAt: null, escalationLevel: 0, ...routedAgain },
          count: 'reopenCount',
          data: { previousOutcome: h.outcome, ...(input.action === 'recheck' ? { result: 'rebound' } : {}) },
          note: reason,
        },
      };
    }
    case 'extend-request': {
      if (h.pendingExtension) return refuse(refusal('hazard_extension_pending', { until: h.pendingExtension.until }, 'until'));
      const until = new Date(input.until);
      const current = h.state === 'routed' ? h.respondBy : h.dueAt;
      if (current && until.getTime() <= current.getTime()) {
        return refuse(refusal('hazard_extension_not_later', { deadline: current.toISOString() }, 'until'));
      }
      const pendingExtension = {
        until: until.toISOString(),
        reason: input.reason,
        requestedBy: actor.userId ?? '',
        requestedAt: at.toISOString(),
      };
      return {
        ok: true,
        decision: { to: h.state, patch: { pendingExtension }, data: { until: pendingExtension.until }, note: input.reason },
      };
    }
    case 'extend-approve': {
      if (!h.pendingExtension) return refuse(refusal('hazard_no_pending_extension', {}, 'action'));
      // Defensive: an approval never brings a deadline forward.
      const until = new Date(h.pendingExtension.until);
      const current = h.state === 'routed' ? h.respondBy : h.dueAt;
      if (current && until.getTime() <= current.getTime()) {
        return refuse(refusal('hazard_extension_outdated', { until: until.toISOString(), deadline: current.toISOString() }, 'action'));
      }
      const patch: HazardPatch = { pendingExtension: null, escalationLevel: 0 };
      if (h.state === 'routed') patch.respondBy = until;
      else patch.dueAt = until;
      return {
        ok: true,
        decision: { to: h.state, patch, count: 'extensionCount', data: { until: until.toISOString() }, note: input.note ?? null },
      };
    }
    case 'extend-deny':
      if (!h.pendingExtension) return refuse(refusal('hazard_no_pending_extension', {}, 'action'));
      return {
        ok: true,
        decision: { to: h.state, patch: { pendingExtension: null }, data: { until: h.pendingExtension.until }, note: input.reason },
      };
    case 'escalate': {
      const max = policy.escalationChain.length;
      if (h.escalationLevel >= max) return refuse(refusal('hazard_escalation_at_top', { level: h.escalationLevel }, 'action'));
      if (actor.roles.has('system') && !actor.roles.has('router')) {
        // The sweep only raises to the level lateness has earned; see expectedEscalationLevel.
        if (!isOverdue(h, at) || expectedEscalationLevel(h, at, policy) <= h.escalationLevel) {
          return refuse(refusal('hazard_escalation_not_due', { level: h.escalationLevel }, 'action'));
        }
      }
      const level = h.escalationLevel + 1;
      return {
        ok: true,
        decision: {
          to: h.state,
          patch: { escalationLevel: level, escalatedAt: at },
          data: { level, to: policy.escalationChain[level - 1] },
          note: input.note ?? null,
        },
      };
    }
    case 'close-as':
      return {
        ok: true,
        decision: {
          ...to('closed'),
          patch: { state: 'closed', outcome: input.outcome, closedAt: at, pendingExtension: null },
          data: { outcome: input.outcome },
          note: input.reason,
        },
      };
    case 'link-duplicate':
      return {
        ok: true,
        decision: {
          ...to('closed'),
          patch: { state: 'closed', outcome: 'duplicate', closedAt: at, duplicateOfId: input.originalId, pendingExtension: null },
          data: { outcome: 'duplicate', originalId: input.originalId },
          note: input.note ?? null,
        },
      };
  }
}
