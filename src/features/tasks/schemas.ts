import * as z from 'zod';
import { LocalDay } from '../../platform/http/calendar.ts';
import { listQuery, page } from '../../platform/http/pagination.ts';
import { Version } from '../../platform/http/route.ts';
import { issue, issueKey } from '../../platform/problems/catalog.ts';
import { ASSIGNEE_KINDS, EVIDENCE_KINDS, TASK_STATES } from './vocabulary.ts';
import { TASK_ACTIONS } from './workflow.ts';

const note = z.string().trim().min(1).max(2000);
const reason = z
  .string()
  .trim()
  .min(2, { error: issueKey('reason_required') })
  .max(2000);
const evidenceIds = z.array(z.uuid()).max(50);
const ids = z.array(z.uuid()).min(1).max(1000);

export const DoneDefinitionSchema = z
  .strictObject({
    checklist: z.array(z.string().trim().min(1).max(200)).max(30).default([]),
    target: z
      .strictObject({ count: z.number().int().min(1).max(100_000), unit: z.string().trim().min(1).max(20) })
      .nullable()
      .default(null),
    evidence: z
      .array(z.enum(EVIDENCE_KINDS))
      .max(2)
      .default([])
      .refine((v) => new Set(v).size === v.length, issue('listed_twice')),
  })
  .describe('完成标准: checklist items to tick, a number to reach, evidence kinds to attach (any mix; empty = submitting is enough)')
  .meta({ id: 'DoneDefinition' });

export const AssigneeSelectorSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('streets') }),
    z.strictObject({ kind: z.literal('communities'), streetId: z.uuid().nullable().default(null) }),
    z.strictObject({ kind: z.literal('org_units'), ids }),
    z.strictObject({ kind: z.literal('departments'), ids: ids.nullable().default(null) }),
    z.strictObject({ kind: z.literal('companies'), ids: ids.nullable().default(null) }),
  ])
  .describe(
    'who the task fans out to: every street; every community (of one street); listed org units; all or listed departments; all or listed property companies',
  )
  .meta({ id: 'AssigneeSelector' });

export const CreateTask = z
  .strictObject({
    campaignId: z.uuid().nullable().optional(),
    phaseId: z.uuid().nullable().optional().describe('a phase of the campaign; its last day is the default due date'),
    title: z.string().trim().min(2).max(200),
    description: z.string().trim().max(4000).default(''),
    dueOn: LocalDay.optional().describe('the last day (the district’s calendar): due at the end of that day'),
    done: DoneDefinitionSchema.default({ checklist: [], target: null, evidence: [] }),
    weight: z.number().int().min(1).max(100).default(1),
    assignees: AssigneeSelectorSchema,
  })
  .refine((v) => v.dueOn || v.phaseId, { path: ['dueOn'], ...issue('task_due_required') })
  .refine((v) => !v.phaseId || v.campaignId, { path: ['campaignId'], ...issue('phase_needs_campaign') })
  .meta({
    id: 'CreateTask',
    example: {
      campaignId: '00000000-0000-4000-8000-000000000011',
      phaseId: '00000000-0000-4000-8000-000000000012',
      title: '制定本街道专项整治实施方案',
      description: '结合辖区消防风险特点，明确组织领导、重点任务、整治标准、时间节点、责任分工和保障措施。',
      dueOn: '2026-12-05',
      done: { checklist: ['成立工作专班', '印发实施方案'], target: null, evidence: ['document'] },
      weight: 5,
      assignees: { kind: 'org_units', ids: ['00000000-0000-4000-8000-000000000013'] },
    },
  });

const Assignee = z.object({
  kind: z.enum(ASSIGNEE_KINDS),
  orgUnitId: z.uuid().nullable(),
  departmentId: z.uuid().nullable(),
  companyId: z.uuid().nullable(),
  name: z.string(),
});

export const Task = z
  .object({
    id: z.uuid(),
    assignmentId: z.uuid(),
    campaignId: z.uuid().nullable(),
    campaignName: z.string().nullable(),
    phaseId: z.uuid().nullable(),
    phaseName: z.string().nullable(),
    dutyId: z.uuid().nullable(),
    periodKey: z.string().nullable(),
    title: z.string(),
    description: z.string(),
    done: DoneDefinitionSchema,
    weight: z.number().int(),
    assignee: Assignee,
    state: z.enum(TASK_STATES),
    progress: z.object({ checked: z.array(z.boolean()), count: z.number().int() }),
    dueAt: z.iso.datetime(),
    submittedAt: z.iso.datetime().nullable(),
    completedAt: z.iso.datetime().nullable(),
    overdue: z.boolean(),
    onTime: z.boolean().nullable().describe('done: submitted by the deadline; null while not done'),
    escalationLevel: z.number().int(),
    returnCount: z.number().int(),
    version: Version,
  })
  .meta({ id: 'Task' });

export const TaskDetail = Task.extend({
  availableActions: z.array(z.enum(TASK_ACTIONS)).describe('what the caller may do now'),
  evidence: z.array(z.object({ id: z.uuid(), fileName: z.string(), contentType: z.string(), stage: z.string().nullable() })),
}).meta({ id: 'TaskDetail' });

export const TaskPage = page(Task).meta({ id: 'TaskPage' });

export const CreatedTasks = z
  .object({ assignmentId: z.uuid(), count: z.number().int(), tasks: z.array(z.object({ id: z.uuid(), assignee: Assignee })) })
  .meta({ id: 'CreatedTasks' });

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const TaskListQuery = listQuery(['dueAt', 'createdAt'] as const, {
  state: z.enum(TASK_STATES).optional(),
  open: bool.optional().describe('true = the assignee still owes work (assigned, in progress, returned)'),
  overdue: bool.optional(),
  campaignId: z.uuid().optional(),
  phaseId: z.uuid().optional(),
  dutyId: z.uuid().optional(),
  assignmentId: z.uuid().optional(),
  orgUnitId: z.uuid().optional().describe('tasks given to this unit or any unit below it'),
  departmentId: z.uuid().optional(),
  companyId: z.uuid().optional(),
  assignedToMe: bool.optional().describe('tasks of the units the caller works for'),
  toReview: bool.optional().describe('submitted tasks the caller may accept or return'),
  dueFrom: LocalDay.optional(),
  dueTo: LocalDay.optional(),
  q: z.string().trim().min(1).max(100).optional(),
});

export const TaskTransitionRequest = z
  .discriminatedUnion('action', [
    z.strictObject({
      action: z.literal('progress'),
      version: Version,
      note: note.optional(),
      checked: z.array(z.boolean()).max(30).optional(),
      count: z.number().int().min(0).max(100_000).optional(),
      evidenceIds: evidenceIds.optional(),
    }),
    z.strictObject({
      action: z.literal('submit'),
      version: Version,
      note: note.optional(),
      checked: z.array(z.boolean()).max(30).optional(),
      count: z.number().int().min(0).max(100_000).optional(),
      evidenceIds: evidenceIds.optional(),
    }),
    z.strictObject({ action: z.literal('accept'), version: Version, note: note.optional() }),
    z.strictObject({ action: z.literal('return'), version: Version, reason }),
    z.strictObject({ action: z.literal('escalate'), version: Version, note: note.optional() }),
    z.strictObject({ action: z.literal('cancel'), version: Version, reason }),
  ])
  .meta({
    id: 'TaskTransition',
    example: {
      action: 'submit',
      version: 3,
      note: '实施方案已印发',
      checked: [true, true],
      evidenceIds: ['00000000-0000-4000-8000-000000000014'],
    },
  });
export type TaskTransitionRequest = z.infer<typeof TaskTransitionRequest>;
