import type { FieldIssueCode } from '../../platform/problems/catalog.ts';
import type { HazardPolicy } from '../hazards/policy.ts';
import { levelEarned } from '../hazards/policy.ts';
import { gate, type Refusal, type Rule, refusal } from '../timeline/rules.ts';
import { type DoneDefinition, type EvidenceKind, OPEN_TASK_STATES, type TaskProgress, type TaskState } from './vocabulary.ts';

/**
 * The task workflow (任务督办) as data, and the one pure function that applies it, in the shape of
 * the hazard workflow: the gate (state, who, independence) is shared; what each action does is here.
 * Served at GET /api/v1/tasks/workflow.
 */
export const TASK_ACTIONS = ['progress', 'submit', 'accept', 'return', 'escalate', 'cancel'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

/**
 * - assignee: a member of the unit the task was given to;
 * - reviewer: whoever gave it (or the committee, district-wide), never a member of the assignee;
 * - system: the escalation sweep.
 */
export type TaskActor = 'assignee' | 'reviewer' | 'system';

export interface TaskRule extends Rule<TaskState, TaskActor> {
  to: TaskState | 'same';
}

const OPEN = OPEN_TASK_STATES;

export const TASK_WORKFLOW: Record<TaskAction, TaskRule> = {
  progress: { from: OPEN, to: 'in_progress', who: ['assignee'], label: '更新进度（勾选、数量、附件）' },
  submit: { from: OPEN, to: 'submitted', who: ['assignee'], label: '提交验收（须达到完成标准）' },
  accept: { from: ['submitted'], to: 'done', who: ['reviewer'], independent: true, label: '验收通过' },
  return: { from: ['submitted'], to: 'returned', who: ['reviewer'], independent: true, label: '退回（写明原因）' },
  escalate: { from: OPEN, to: 'same', who: ['reviewer', 'system'], label: '逾期升级督办' },
  cancel: { from: [...OPEN, 'submitted'], to: 'cancelled', who: ['reviewer'], independent: true, label: '撤销任务' },
};

export interface TaskSnapshot {
  state: TaskState;
  dueAt: Date;
  /** When it was given (the assignment's creation). */
  createdAt: Date;
  submittedAt: Date | null;
  escalationLevel: number;
  progress: TaskProgress;
  done: DoneDefinition;
  /** The kinds of evidence already attached, plus those the action attaches. */
  evidenceKinds: ReadonlySet<EvidenceKind>;
}

export interface TaskActorContext {
  userId: string | null;
  roles: ReadonlySet<TaskActor>;
  /** A member of the assignee unit: may not accept, return or cancel its own task. */
  isAssignee: boolean;
}

export type TaskActionInput =
  | {
      action: 'progress';
      note?: string | undefined;
      checked?: boolean[] | undefined;
      count?: number | undefined;
      evidenceIds?: string[] | undefined;
    }
  | {
      action: 'submit';
      note?: string | undefined;
      checked?: boolean[] | undefined;
      count?: number | undefined;
      evidenceIds?: string[] | undefined;
    }
  | { action: 'accept'; note?: string | undefined }
  | { action: 'return'; reason: string }
  | { action: 'escalate'; note?: string | undefined }
  | { action: 'cancel'; reason: string };

export interface TaskPatch {
  state?: TaskState;
  progress?: TaskProgress;
  dueAt?: Date;
  submittedAt?: Date | null;
  completedAt?: Date | null;
  escalationLevel?: number;
  escalatedAt?: Date;
}

export interface TaskDecision {
  to: TaskState;
  patch: TaskPatch;
  count?: 'returnCount';
  data: Record<string, unknown>;
  note: string | null;
}

/**
 * One errors[] entry as data: the request field, its field-level code and the code's parameters
 * (src/platform/problems). The HTTP side gives it its words (tasks/service.ts).
 */
export interface FieldIssue {
  path: string;
  code: FieldIssueCode;
  params: Record<string, string | number>;
}

/** A refusal of the task workflow; `issues` lists what is missing, field by field, when there is more than one thing. */
/**
 * Every code `transition` can refuse with: the table's gate, then the workflow's own checks. The
 * transitions route declares these codes.
 */
export const TASK_REFUSALS = [
  'action_not_allowed_in_state',
  'not_your_role',
  'not_independent',
  'task_checklist_mismatch',
  'task_has_no_target',
  'task_not_done',
  'task_escalation_at_top',
  'task_escalation_not_due',
] as const;
export type TaskRefusal = Refusal<(typeof TASK_REFUSALS)[number]> & { issues?: FieldIssue[] };
export type TaskOutcome = { ok: true; decision: TaskDecision } | { ok: false; refusal: TaskRefusal };

const refuse = (r: TaskRefusal): TaskOutcome => ({ ok: false, refusal: r });

/** The deadline running now: only while the assignee owes work. */
export function taskDeadline(t: { state: TaskState; dueAt: Date }): Date | null {
  return (OPEN as readonly TaskState[]).includes(t.state) ? t.dueAt : null;
}

/**
 * Where escalation counts lateness from: the deadline, or the moment the task was given if that
 * came later (a duty period generated after its end, when the scheduler caught up): the assignee
 * cannot be late for longer than it has had the task.
 */
export function escalationClock(t: { state: TaskState; dueAt: Date; createdAt: Date }): Date | null {
  const deadline = taskDeadline(t);
  return deadline && deadline.getTime() < t.createdAt.getTime() ? t.createdAt : deadline;
}

export function isTaskOverdue(t: { state: TaskState; dueAt: Date }, now: Date): boolean {
  const deadline = taskDeadline(t);
  return deadline !== null && now.getTime() > deadline.getTime();
}

/** What is still missing before the task meets its definition of done, one entry per field; empty = it does. */
export function unmet(done: DoneDefinition, progress: TaskProgress, evidenceKinds: ReadonlySet<EvidenceKind>): FieldIssue[] {
  const out: FieldIssue[] = [];
  done.checklist.forEach((item, i) => {
    if (!progress.checked[i]) out.push({ path: `checked.${i}`, code: 'task_item_unchecked', params: { item } });
  });
  if (done.target && progress.count < done.target.count) {
    const { count, unit } = done.target;
    out.push({ path: 'count', code: 'task_target_not_reached', params: { count: progress.count, target: count, unit } });
  }
  for (const kind of done.evidence) {
    if (!evidenceKinds.has(kind)) out.push({ path: 'evidenceIds', code: 'task_evidence_missing', params: { kind } });
  }
  return out;
}

/** The refusal of a submission that misses its definition of done: what is missing, in params and field by field. */
function notDone(done: DoneDefinition, progress: TaskProgress, evidenceKinds: ReadonlySet<EvidenceKind>): TaskRefusal | null {
  const issues = unmet(done, progress, evidenceKinds);
  if (!issues.length) return null;
  const params = {
    unchecked: done.checklist.flatMap((_, i) => (progress.checked[i] ? [] : [i])),
    count: done.target ? progress.count : null,
    target: done.target?.count ?? null,
    evidence: done.evidence.filter((k) => !evidenceKinds.has(k)),
  };
  return { ...refusal('task_not_done', params), issues };
}

/** The progress an action reports, checked against the definition. */
function nextProgress(t: TaskSnapshot, input: { checked?: boolean[] | undefined; count?: number | undefined }): TaskProgress | TaskRefusal {
  const checked = input.checked ?? t.progress.checked;
  if (checked.length !== t.done.checklist.length) {
    return refusal('task_checklist_mismatch', { expected: t.done.checklist.length, given: checked.length }, 'checked');
  }
  const count = input.count ?? t.progress.count;
  if (input.count !== undefined && !t.done.target) return refusal('task_has_no_target', {}, 'count');
  return { checked, count };
}

export function availableTaskActions(
  t: Pick<TaskSnapshot, 'state' | 'escalationLevel'>,
  actor: TaskActorContext,
  policy: HazardPolicy,
): TaskAction[] {
  return TASK_ACTIONS.filter((a) => {
    if (gate(TASK_WORKFLOW[a], a, t.state, { roles: actor.roles, involved: actor.isAssignee }, 'task')) return false;
    if (a === 'escalate' && t.escalationLevel >= policy.escalationChain.length) return false;
    return true;
  });
}

export function transitionTask(
  t: TaskSnapshot,
  input: TaskActionInput,
  actor: TaskActorContext,
  now: Date,
  policy: HazardPolicy,
): TaskOutcome {
  const gated = gate(TASK_WORKFLOW[input.action], input.action, t.state, { roles: actor.roles, involved: actor.isAssignee }, 'task');
  if (gated) return refuse(gated);
  switch (input.action) {
    case 'progress':
    case 'submit': {
      const progress = nextProgress(t, input);
      if ('code' in progress) return refuse(progress);
      if (input.action === 'progress') {
        return {
          ok: true,
          decision: { to: 'in_progress', patch: { state: 'in_progress', progress }, data: { progress }, note: input.note ?? null },
        };
      }
      const missing = notDone(t.done, progress, t.evidenceKinds);
      if (missing) return refuse(missing);
      return {
        ok: true,
        decision: {
          to: 'submitted',
          patch: { state: 'submitted', progress, submittedAt: now },
          data: { progress },
          note: input.note ?? null,
        },
      };
    }
    case 'accept':
      return { ok: true, decision: { to: 'done', patch: { state: 'done', completedAt: now }, data: {}, note: input.note ?? null } };
    case 'return': {
      // As for hazards: waiting for review is not the assignee's lateness; the deadline moves on by it.
      const waited = t.submittedAt ? Math.max(0, now.getTime() - t.submittedAt.getTime()) : 0;
      const dueAt = new Date(t.dueAt.getTime() + waited);
      return {
        ok: true,
        decision: {
          to: 'returned',
          patch: { state: 'returned', submittedAt: null, dueAt, escalationLevel: 0 },
          count: 'returnCount',
          data: { dueAt: dueAt.toISOString() },
          note: input.reason,
        },
      };
    }
    case 'escalate': {
      const max = policy.escalationChain.length;
      if (t.escalationLevel >= max) return refuse(refusal('task_escalation_at_top', { level: t.escalationLevel }, 'action'));
      if (actor.roles.has('system') && !actor.roles.has('reviewer')) {
        if (levelEarned(escalationClock(t), now, policy) <= t.escalationLevel) {
          return refuse(refusal('task_escalation_not_due', { level: t.escalationLevel }, 'action'));
        }
      }
      const level = t.escalationLevel + 1;
      return {
        ok: true,
        decision: {
          to: t.state,
          patch: { escalationLevel: level, escalatedAt: now },
          data: { level, to: policy.escalationChain[level - 1] },
          note: input.note ?? null,
        },
      };
    }
    case 'cancel':
      return { ok: true, decision: { to: 'cancelled', patch: { state: 'cancelled' }, data: {}, note: input.reason } };
  }
}
