import { TZDate } from '@date-fns/tz';
import { endOfDay } from 'date-fns';
import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/pg-core';
import type { Context } from 'hono';
import type * as z from 'zod';
import { campaignPhases, campaigns, evidence, taskAssignments, tasks } from '../../db/schema/index.ts';
import type { Principal } from '../../platform/authz/scope.ts';
import { tenantTimeZone } from '../../platform/db/time-zone.ts';
import type { Db, NoColumns } from '../../platform/db/types.ts';
import { ApiError, type FieldError, notFound } from '../../platform/errors.ts';
import type { AppEnv } from '../../platform/http/env.ts';
import { FIELD_ISSUES } from '../../platform/problems/catalog.ts';
import type { Localized } from '../../platform/problems/language.ts';
import { attachEvidence } from '../evidence/attach.ts';
import { rememberPolicy, storedPolicyColumn } from '../hazard-config/policy-store.ts';
import type { HazardPolicy } from '../hazards/policy.ts';
import { GENESIS } from '../timeline/chain.ts';
import { commitToRow } from '../timeline/commit.ts';
import { refusalError } from '../timeline/refusal.ts';
import { chainedRow, insertEvents, lastSeqColumn } from '../timeline/store.ts';
import { taskActorContext } from './actor.ts';
import type { CreateTask, TaskTransitionRequest } from './schemas.ts';
import { taskInScope } from './scope-sql.ts';
import type { AssigneeSelector } from './selector.ts';
import { resolveAssignees } from './selector-sql.ts';
import { selectTasks, type TaskRow } from './store.ts';
import type { DoneDefinition, EvidenceKind } from './vocabulary.ts';
import { type TaskActorContext, type TaskDecision, type TaskRefusal, transitionTask } from './workflow.ts';

/** The end of a calendar day (YYYY-MM-DD) in the district's time zone: deadlines are whole days. */
export function endOfLocalDay(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(endOfDay(new TZDate(y, m - 1, d, timeZone)).getTime());
}

/** What one assignment says, however it came (a person's request or a duty's period). */
export interface AssignmentInput {
  campaignId: string | null;
  phaseId: string | null;
  title: string;
  description: string;
  dueAt: Date;
  done: DoneDefinition;
  weight: number;
  assignees: AssigneeSelector;
  /** Set when generated from a recurring duty: (duty, period) is unique, so a repeat inserts nothing. */
  duty?: { id: string; periodKey: string };
}

/** Rows per INSERT: well inside Postgres's 65,535 bind parameters for both tables. */
const CHUNK = 1000;

/**
 * Fan-out: one assignment, one task per assignee, each task's timeline started with its `assign`
 * event, all in the caller's transaction (all or none). Three statements whatever the number of
 * assignees, plus one per 1,000. Returns null when a duty's period was generated already.
 */
export async function fanOut(
  tx: Db,
  tenantId: string,
  assigner: Principal | null,
  now: Date,
  input: AssignmentInput,
): Promise<{ assignmentId: string; tasks: { id: string; assignee: Awaited<ReturnType<typeof resolveAssignees>>[number] }[] } | null> {
  const assignees = await resolveAssignees(tx, assigner, tenantId, input.assignees);
  const assignmentId = crypto.randomUUID();
  const inserted = await tx
    .insert(taskAssignments)
    .values({
      id: assignmentId,
      tenantId,
      campaignId: input.campaignId,
      phaseId: input.phaseId,
      dutyId: input.duty?.id ?? null,
      periodKey: input.duty?.periodKey ?? null,
      title: input.title,
      description: input.description,
      dueAt: input.dueAt,
      done: input.done,
      weight: input.weight,
      assignees: input.assignees,
      createdBy: assigner?.userId ?? null,
      createdAt: now,
    })
    // Only the (duty, period) key may collide: any other violation is a bug and must surface.
    .onConflictDoNothing({ target: [taskAssignments.tenantId, taskAssignments.dutyId, taskAssignments.periodKey] })
    .returning({ id: taskAssignments.id });
  if (!inserted.length) return null;

  const progress = { checked: input.done.checklist.map(() => false), count: 0 };
  const made = await Promise.all(
    assignees.map(async (a) => {
      const id = crypto.randomUUID();
      const event = await chainedRow(
        tenantId,
        {
          subjectType: 'task',
          subjectId: id,
          seq: 1,
          at: now,
          actorUserId: assigner?.userId ?? null,
          action: 'assign',
          fromState: null,
          toState: 'assigned',
          note: input.title,
          data: {
            assignmentId,
            dueAt: input.dueAt.toISOString(),
            assignee: { kind: a.kind, id: a.orgUnitId ?? a.departmentId ?? a.companyId, name: a.name },
          },
          evidenceIds: [],
        },
        GENESIS,
      );
      const row = {
        id,
        tenantId,
        assignmentId,
        kind: a.kind,
        orgUnitId: a.orgUnitId,
        departmentId: a.departmentId,
        companyId: a.companyId,
        progress,
        dueAt: input.dueAt,
        chainHead: event.hash,
        createdAt: now,
        updatedAt: now,
      };
      return { row, event, assignee: a };
    }),
  );
  for (let i = 0; i < made.length; i += CHUNK) {
    const part = made.slice(i, i + CHUNK);
    await tx.insert(tasks).values(part.map((m) => m.row));
    await insertEvents(
      tx,
      part.map((m) => m.event),
    );
  }
  return { assignmentId, tasks: made.map((m) => ({ id: m.row.id, assignee: m.assignee })) };
}

/** POST /tasks: check what the request names, work out the deadline, fan out. */
export async function createTasks(c: Context<AppEnv>, input: z.output<typeof CreateTask>) {
  const principal = c.get('principal');
  const tx = c.get('tx');
  const tenantId = principal.tenantId;
  const now = c.get('deps').clock();
  const timeZone = await tenantTimeZone(tx, tenantId);
  let phaseEndsOn: string | null = null;
  if (input.campaignId) {
    const [campaign] = await tx
      .select({ id: campaigns.id })
      .from(campaigns)
      .where(and(eq(campaigns.tenantId, tenantId), eq(campaigns.id, input.campaignId)));
    if (!campaign) throw notFound('campaign', 'campaignId');
  }
  if (input.phaseId) {
    const [phase] = await tx
      .select({ endsOn: campaignPhases.endsOn })
      .from(campaignPhases)
      .where(
        and(eq(campaignPhases.tenantId, tenantId), eq(campaignPhases.id, input.phaseId), eq(campaignPhases.campaignId, input.campaignId!)),
      );
    if (!phase) throw notFound('phase', 'phaseId');
    phaseEndsOn = phase.endsOn;
  }
  const dueOn = input.dueOn ?? phaseEndsOn!;
  const dueAt = endOfLocalDay(dueOn, timeZone);
  if (dueAt.getTime() <= now.getTime()) {
    // The phase's last day is the due date when none is given: then the phase is what to change.
    throw new ApiError('task_due_date_passed', { params: { dueOn }, field: input.dueOn ? 'dueOn' : 'phaseId' });
  }
  const result = await fanOut(tx, tenantId, principal, now, {
    campaignId: input.campaignId ?? null,
    phaseId: input.phaseId ?? null,
    title: input.title,
    description: input.description,
    dueAt,
    done: input.done,
    weight: input.weight,
    assignees: input.assignees,
  });
  return result!;
}

/** Loads a task the caller can see, or 404; with `extra` columns read in the same statement. */
export async function visibleTask<E extends SelectedFields = NoColumns>(tx: Db, principal: Principal, id: string, extra = {} as E) {
  const [row] = await selectTasks(tx, and(eq(tasks.id, id), taskInScope(principal)), extra);
  if (!row) throw notFound('task');
  return row;
}

const kindOf = (contentType: string): EvidenceKind => (contentType.startsWith('image/') ? 'photo' : 'document');

/** The kinds of evidence the task holds, plus those of the files this action brings (if usable). */
async function evidenceKinds(
  tx: Db,
  tenantId: string,
  taskId: string,
  userId: string | null,
  adding: readonly string[],
): Promise<Set<EvidenceKind>> {
  const attached = and(eq(evidence.subjectType, 'task'), eq(evidence.subjectId, taskId));
  const incoming =
    adding.length && userId
      ? and(inArray(evidence.id, [...adding]), eq(evidence.uploadedBy, userId), isNull(evidence.subjectId))
      : undefined;
  const rows = await tx
    .select({ contentType: evidence.contentType })
    .from(evidence)
    .where(and(eq(evidence.tenantId, tenantId), eq(evidence.status, 'confirmed'), incoming ? or(attached, incoming) : attached));
  return new Set(rows.map((r) => kindOf(r.contentType)));
}

/** A refusal of the task workflow over HTTP; what is missing from the definition of done is listed field by field. */
function taskRefusalError(r: TaskRefusal): ApiError {
  if (!r.issues?.length) return refusalError(r);
  const errors = r.issues.map(
    (i): FieldError => ({ path: i.path, code: i.code, message: (FIELD_ISSUES[i.code].message as (p: object) => Localized)(i.params) }),
  );
  return new ApiError(r.code, { params: r.params, errors } as never);
}

export interface TaskTransitionContext {
  tenantId: string;
  actor: TaskActorContext;
  now: Date;
  policy: HazardPolicy;
}

/** One task transition, all or nothing, through the same commit as hazards (see timeline/commit.ts). */
export async function applyTaskTransition(
  tx: Db,
  /** With its last event number when the caller read it along (lastSeqColumn). */
  row: TaskRow & { lastSeq?: number },
  input: TaskTransitionRequest,
  ctx: TaskTransitionContext,
): Promise<{ decision: TaskDecision; head: string }> {
  const { tenantId, actor, now, policy } = ctx;
  const evidenceIds = 'evidenceIds' in input && input.evidenceIds ? input.evidenceIds : [];
  const kinds = await evidenceKinds(tx, tenantId, row.id, actor.userId, evidenceIds);
  const snapshot = { ...row, evidenceKinds: kinds };
  const outcome = transitionTask(snapshot, input, actor, now, policy);
  if (!outcome.ok) throw taskRefusalError(outcome.refusal);
  const decision = outcome.decision;
  const subject = { type: 'task' as const, id: row.id };
  const counter = decision.count ? { returnCount: sql`${tasks.returnCount} + 1` } : {};
  const head = await commitToRow(
    tx,
    tenantId,
    tasks,
    {
      subject,
      prevHead: row.chainHead,
      at: now,
      actorUserId: actor.userId,
      action: input.action,
      fromState: row.state,
      toState: decision.to,
      note: decision.note,
      data: decision.data,
      evidenceIds,
      lastSeq: row.lastSeq,
    },
    input.version,
    { ...decision.patch, ...counter },
  );
  if (evidenceIds.length && actor.userId) {
    await attachEvidence(tx, { tenantId, userId: actor.userId, subject, evidenceIds, stage: 'work', maxFiles: policy.maxFilesPerHazard });
  }
  return { decision, head };
}

/** The transition endpoint's whole job, for a signed-in caller. */
export async function transitionTaskAsCaller(c: Context<AppEnv>, id: string, input: TaskTransitionRequest): Promise<void> {
  const principal = c.get('principal');
  const tx = c.get('tx');
  // The task with the district's policy and its last event number, in one statement.
  const row = await visibleTask(tx, principal, id, {
    policy: storedPolicyColumn(tasks.tenantId),
    lastSeq: lastSeqColumn('task', tasks.tenantId, tasks.id),
  });
  const policy = rememberPolicy(tx, principal.tenantId, row.policy);
  await applyTaskTransition(tx, row, input, {
    tenantId: principal.tenantId,
    actor: taskActorContext(principal, row),
    now: c.get('deps').clock(),
    policy,
  });
}
