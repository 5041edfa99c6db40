import * as z from 'zod';
import { LocalDay } from '../../platform/http/calendar.ts';
import { listQuery, page } from '../../platform/http/pagination.ts';
import { Version } from '../../platform/http/route.ts';
import { issue } from '../../platform/problems/catalog.ts';
import { AssigneeSelectorSchema, DoneDefinitionSchema } from '../tasks/schemas.ts';
import { FREQUENCIES } from './recurrence.ts';

const name = z.string().trim().min(2).max(100);
const description = z.string().trim().max(4000);
const weight = z.number().int().min(1).max(100);
const day = LocalDay;

export const CreateDuty = z
  .strictObject({
    name,
    description: description.default(''),
    frequency: z.enum(FREQUENCIES).describe('daily 每日; weekly 每周 (ISO weeks, Monday to Sunday); monthly 每月; quarterly 每季度'),
    assignees: AssigneeSelectorSchema,
    done: DoneDefinitionSchema.default({ checklist: [], target: null, evidence: [] }),
    weight: weight.default(1),
    startsOn: day.describe('the first day it applies (the district’s calendar); the period holding it is the first one'),
    endsOn: day.nullable().optional().describe('the last day it applies; the period holding it is the last one; none = open-ended'),
    campaignId: z.uuid().nullable().optional().describe('the campaign it belongs to (e.g. daily patrols during a 100-day campaign)'),
  })
  .superRefine((v, ctx) => {
    if (v.endsOn && v.endsOn < v.startsOn) {
      ctx.addIssue({ code: 'custom', path: ['endsOn'], ...issue('end_before_start', { start: v.startsOn }) });
    }
  })
  .meta({
    id: 'CreateDuty',
    example: {
      name: '重点区域每日巡查',
      description: '对辖区重点区域（老旧小区、九小场所、群租房）开展每日消防巡查，发现隐患即时上报。',
      frequency: 'daily',
      assignees: { kind: 'communities', streetId: '00000000-0000-4000-8000-000000000021' },
      done: { checklist: ['完成重点区域巡查', '填写巡查记录'], target: null, evidence: ['photo'] },
      weight: 2,
      startsOn: '2026-12-01',
      endsOn: '2027-03-10',
      campaignId: '00000000-0000-4000-8000-000000000022',
    },
  });

export const UpdateDuty = z
  .strictObject({
    version: Version,
    name: name.optional(),
    description: description.optional(),
    active: z
      .boolean()
      .optional()
      .describe('停用代替删除；重新启用时从今天起计，停用期间不补生成 / deactivate instead of delete; reactivating starts again today'),
    endsOn: day.nullable().optional(),
    done: DoneDefinitionSchema.optional(),
    weight: weight.optional(),
    assignees: AssigneeSelectorSchema.optional(),
  })
  .meta({ id: 'UpdateDuty', example: { version: 2, name: '每周消防安全学习', endsOn: '2027-12-31', assignees: { kind: 'streets' } } });

export const Duty = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    frequency: z.enum(FREQUENCIES),
    frequencyLabel: z.string(),
    assignees: AssigneeSelectorSchema,
    done: DoneDefinitionSchema,
    weight: z.number().int(),
    startsOn: z.iso.date(),
    endsOn: z.iso.date().nullable(),
    active: z.boolean(),
    campaignId: z.uuid().nullable(),
    campaignName: z.string().nullable(),
    version: Version,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Duty' });

const PeriodView = z.object({ key: z.string(), label: z.string(), startsAt: z.iso.datetime(), dueAt: z.iso.datetime() });

export const DutyInstanceSummary = z
  .object({
    periodKey: z.string(),
    assignmentId: z.uuid(),
    title: z.string(),
    dueAt: z.iso.datetime(),
    generatedAt: z.iso.datetime(),
    total: z.number().int(),
    done: z.number().int().describe('accepted'),
    submitted: z.number().int().describe('awaiting review'),
    open: z.number().int().describe('the assignee still owes work (assigned, in progress, returned), overdue or not'),
    overdue: z.number().int().describe('open and past the due time (part of open)'),
    cancelled: z.number().int(),
  })
  .meta({ id: 'DutyInstanceSummary' });

export const DutyDetail = Duty.extend({
  currentPeriod: PeriodView.nullable().describe(
    'the period running now, in the district’s time zone; null when inactive or outside its dates',
  ),
  recent: z.array(DutyInstanceSummary).describe('the most recent generated periods, newest first, counting the tasks the caller can see'),
}).meta({ id: 'DutyDetail' });

export const DutyPage = page(Duty).meta({ id: 'DutyPage' });

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const DutyListQuery = listQuery(['createdAt', 'name'] as const, {
  active: bool.optional(),
  frequency: z.enum(FREQUENCIES).optional(),
  campaignId: z.uuid().optional(),
  q: z.string().trim().min(1).max(100).optional().describe('名称包含 / name contains'),
});

export const DutyDetailQuery = z.strictObject({
  periods: z.coerce.number().int().min(1).max(60).default(8).describe('how many recent periods to summarise'),
});
