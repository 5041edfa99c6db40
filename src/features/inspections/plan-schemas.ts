import * as z from 'zod';
import { LocalDay } from '../../platform/http/calendar.ts';
import { listQuery, page } from '../../platform/http/pagination.ts';
import { Version } from '../../platform/http/route.ts';
import { FREQUENCIES } from '../duties/recurrence.ts';
import { INSPECTION_TARGETS } from './vocabulary.ts';

/** Requests and answers of the inspection plans (检查计划). */

const name = z.string().trim().min(2).max(100);
const frequency = z
  .enum(FREQUENCIES)
  .describe('daily 每日; weekly 每周 (ISO weeks, Monday to Sunday); monthly 每月; quarterly 每季度 — in the district’s calendar');
const area = z
  .uuid()
  .nullable()
  .describe(
    '检查范围：该单位及其下级（街道、社区、小区…）；为空表示全区 / the area: this org unit and everything below it; null = the whole district',
  );

export const CreateInspectionPlan = z
  .strictObject({
    name,
    templateId: z
      .uuid()
      .describe(
        '检查表模板，其检查对象决定检查哪些对象：九小场所、三合一场所、重点单位 → 该类型的场所；无物业小区 → 无物业企业管理的小区；高层住宅小区 → 有高层建筑的小区 / ' +
          'the template; its target decides what is inspected: places of that type, compounds without a property company, or compounds with a high-rise',
      ),
    frequency,
    orgUnitId: area.default(null),
    startsOn: LocalDay.describe('the first day the plan applies (the district’s calendar); the period holding it is its first'),
  })
  .meta({
    id: 'CreateInspectionPlan',
    example: {
      name: '东湖社区九小场所月度检查',
      templateId: '7d0c3f52-9a1e-4b6d-8c2f-5e4a3b2c1d09',
      frequency: 'monthly',
      orgUnitId: '3f6a2c81-7d4e-4b9a-8e1f-2c5d7a9b0e14',
      startsOn: '2026-12-01',
    },
  });

export const UpdateInspectionPlan = z
  .strictObject({
    version: Version,
    name: name.optional(),
    active: z
      .boolean()
      .optional()
      .describe('停用后不再生成计划检查；已生成的检查不变 / inactive plans generate nothing; inspections already made stay'),
    orgUnitId: area.optional(),
    frequency: frequency.optional(),
  })
  .meta({ id: 'UpdateInspectionPlan', example: { version: 1, name: '东湖社区九小场所季度检查', frequency: 'quarterly', active: true } });

const PlanPeriodView = z
  .object({
    key: z.string().describe('monthly 2026-11, weekly 2026-W48, daily 2026-11-24, quarterly 2026-Q4'),
    startsOn: z.iso.date(),
    dueOn: z.iso.date().describe('the period’s last day: the planned inspections’ due day'),
  })
  .meta({ id: 'InspectionPlanPeriod' });

export const InspectionPlan = z
  .object({
    id: z.uuid(),
    name: z.string(),
    template: z.object({
      id: z.uuid(),
      code: z.string(),
      name: z.string(),
      target: z.enum(INSPECTION_TARGETS),
      targetLabel: z.string(),
      active: z.boolean(),
    }),
    frequency: z.enum(FREQUENCIES),
    frequencyLabel: z.string(),
    orgUnitId: z.uuid().nullable().describe('the area; null = the whole district'),
    orgUnitName: z.string().nullable(),
    startsOn: z.iso.date(),
    active: z.boolean(),
    createdBy: z.uuid(),
    currentPeriod: PlanPeriodView.nullable().describe('the period running now; null when the plan is inactive or has not started'),
    version: Version,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'InspectionPlan' });

export const InspectionPlanDetail = InspectionPlan.extend({
  targets: z.number().int().describe('how many places or compounds the plan covers now'),
  progress: z
    .object({
      total: z.number().int(),
      planned: z.number().int(),
      inProgress: z.number().int(),
      completed: z.number().int(),
      cancelled: z.number().int(),
    })
    .describe('the current period’s inspections of this plan that the caller can see, by status'),
}).meta({ id: 'InspectionPlanDetail' });

export const InspectionPlanPage = page(InspectionPlan).meta({ id: 'InspectionPlanPage' });

export const InspectionPlanListQuery = listQuery(['createdAt', 'name'] as const, {
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  frequency: z.enum(FREQUENCIES).optional(),
  templateId: z.uuid().optional(),
});
