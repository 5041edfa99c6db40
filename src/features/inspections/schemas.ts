import * as z from 'zod';
import { IsoWeekKey, LocalDay, MonthKey, QuarterKey } from '../../platform/http/calendar.ts';
import { listQuery, page } from '../../platform/http/pagination.ts';
import { Version } from '../../platform/http/route.ts';
import { issue, issueKey } from '../../platform/problems/catalog.ts';
import { SEVERITIES } from '../hazards/vocabulary.ts';
import {
  INSPECTION_KINDS,
  INSPECTION_STATUSES,
  INSPECTION_TARGETS,
  ITEM_RESULTS,
  MAX_CHECKLIST_ITEMS,
  MAX_ITEM_PHOTOS,
} from './vocabulary.ts';

/** Request fields. */
const code = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: issueKey('template_code_format') });
const itemKey = z.string().regex(/^[a-z0-9][a-z0-9_]{0,62}$/, { error: issueKey('checklist_item_key_format') });
const name = z.string().trim().min(2).max(100);
const description = z.string().trim().max(2000);
const version = z.number().int().min(1);

export const ChecklistItemInput = z
  .strictObject({
    key: itemKey.describe('检查项代码，在模板各版本间保持不变 / stable across versions, so results compare over time'),
    category: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .describe('不合格时上报的隐患类别代码 / the hazard category code a failure is reported under'),
    text: z.string().trim().min(2).max(200),
    hint: z.string().trim().max(500).default(''),
    photoRequired: z.boolean().default(false).describe('不合格时须附照片 / a failure needs at least one photo'),
    weight: z.number().int().min(1).max(100),
    severity: z.enum(SEVERITIES).default('general'),
  })
  .meta({ id: 'ChecklistItemInput' });

/** A checklist: 1–100 items with keys unique within it. Category codes are checked against the district's list by the handler. */
export const ChecklistInput = z
  .array(ChecklistItemInput)
  .min(1)
  .max(MAX_CHECKLIST_ITEMS)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((item, i) => {
      if (seen.has(item.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], ...issue('listed_twice') });
      seen.add(item.key);
    });
  });

const exampleItems = [
  {
    key: 'fire_lane',
    category: 'fire_lane',
    text: '消防车通道畅通，无占用',
    hint: '标线标识清晰',
    photoRequired: true,
    weight: 20,
    severity: 'general',
  },
  {
    key: 'extinguishers',
    category: 'extinguisher',
    text: '灭火器配置且在有效期内',
    hint: '',
    photoRequired: true,
    weight: 10,
    severity: 'general',
  },
];

export const CreateInspectionTemplate = z
  .strictObject({
    code: code.optional().describe('模板代码，本区内唯一；不填则自动生成 / unique in the district; generated when omitted'),
    name,
    target: z.enum(INSPECTION_TARGETS),
    description: description.default(''),
    items: ChecklistInput,
  })
  .meta({
    id: 'CreateInspectionTemplate',
    example: { name: '沿街商铺消防安全检查表', target: 'nine_small', description: '沿街门面房专项检查。', items: exampleItems },
  });

export const UpdateInspectionTemplate = z
  .strictObject({
    version,
    name: name.optional(),
    description: description.optional(),
    active: z.boolean().optional().describe('停用后不能再用于新的检查 / an inactive template starts no new inspection'),
  })
  .meta({ id: 'UpdateInspectionTemplate', example: { version: 1, name: '九小场所消防安全检查表（2026版）', active: true } });

export const CreateTemplateVersion = z
  .strictObject({
    version: version.describe('模板的版本（乐观锁），不是检查表版本号 / the template row’s version, as read'),
    items: ChecklistInput,
  })
  .meta({ id: 'CreateTemplateVersion', example: { version: 1, items: exampleItems } });

export const CreateInspection = z
  .strictObject({
    templateId: z.uuid().describe('使用模板的当前版本 / the template’s current version is used'),
    placeId: z.uuid().optional().describe('被检查的场所 / the place inspected'),
    orgUnitId: z.uuid().optional().describe('被检查的小区或楼栋（不检查场所时） / the compound or building inspected, when not a place'),
    jointDepartmentIds: z
      .array(z.uuid())
      .max(10)
      .default([])
      .superRefine((ids, ctx) => {
        ids.forEach((id, i) => {
          if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: [i], ...issue('listed_twice') });
        });
      })
      .describe('联合检查的参与部门 / the departments taking part in a joint inspection'),
  })
  .superRefine((v, ctx) => {
    if (!v.placeId && !v.orgUnitId)
      ctx.addIssue({ code: 'custom', path: ['placeId'], ...issue('one_of', { fields: 'placeId, orgUnitId' }) });
    if (v.placeId && v.orgUnitId)
      ctx.addIssue({ code: 'custom', path: ['orgUnitId'], ...issue('one_of', { fields: 'placeId, orgUnitId' }) });
  })
  .meta({
    id: 'CreateInspection',
    example: {
      templateId: '7d0c3f52-9a1e-4b6d-8c2f-5e4a3b2c1d09',
      placeId: '2b8e6f14-3c7a-4d9e-a5b1-0f6c8d7e9a21',
      jointDepartmentIds: ['4c1d9e72-5b3a-4f8e-9d6c-1a2b3c4d5e6f'],
    },
  });

export const RecordResult = z
  .strictObject({
    result: z.enum(ITEM_RESULTS),
    note: z
      .string()
      .trim()
      .min(1)
      .max(1000)
      .optional()
      .describe('现场情况，不合格时写入隐患描述 / what was found; part of the hazard’s description'),
    evidenceIds: z
      .array(z.uuid())
      .max(MAX_ITEM_PHOTOS)
      .default([])
      .describe(
        '本人已确认上传的照片，仅用于不合格项，完成检查时作为隐患的上报照片 / your confirmed uploads; failed items only: they become the hazard’s report photos',
      ),
  })
  .superRefine((v, ctx) => {
    const ids = v.evidenceIds;
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['evidenceIds', i], ...issue('listed_twice') });
    });
    if (v.result !== 'fail' && ids.length)
      ctx.addIssue({ code: 'custom', path: ['evidenceIds'], ...issue('photos_only_for_failed_items') });
  })
  .meta({
    id: 'RecordInspectionResult',
    example: { result: 'fail', note: '3号楼东侧消防车道停放私家车3辆', evidenceIds: ['5e9a1c37-2d4b-4f6e-8a1c-9b7d3e5f2a40'] },
  });

export const CancelInspection = z
  .strictObject({
    version,
    reason: z
      .string()
      .trim()
      .min(2, { error: issueKey('reason_required') })
      .max(1000),
  })
  .meta({ id: 'CancelInspection', example: { version: 2, reason: '场所已停业关闭，无法检查' } });

export const ItemKeyParam = z.strictObject({
  id: z.uuid(),
  // Any text: an unknown key is a 404 of the checklist, after the inspection itself was found.
  itemKey: z.string().min(1).max(100),
});

/** Answers. */
export const ChecklistItem = z
  .object({
    key: z.string(),
    category: z.string(),
    text: z.string(),
    hint: z.string(),
    photoRequired: z.boolean(),
    weight: z.number().int(),
    severity: z.enum(SEVERITIES),
  })
  .meta({ id: 'ChecklistItem' });

export const InspectionTemplate = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    target: z.enum(INSPECTION_TARGETS),
    targetLabel: z.string(),
    description: z.string(),
    active: z.boolean(),
    currentVersion: z.number().int().describe('新检查使用的检查表版本号 / the checklist version new inspections use'),
    itemCount: z.number().int(),
    version: Version,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'InspectionTemplate' });

export const InspectionTemplateDetail = InspectionTemplate.extend({
  currentVersionId: z.uuid(),
  items: z.array(ChecklistItem).describe('当前版本的检查项 / the current version’s items'),
}).meta({ id: 'InspectionTemplateDetail' });

export const InspectionTemplatePage = page(InspectionTemplate).meta({ id: 'InspectionTemplatePage' });

export const InspectionTemplateListQuery = listQuery(['name', 'createdAt'] as const, {
  target: z.enum(INSPECTION_TARGETS).optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

export const TemplateVersion = z
  .object({
    id: z.uuid(),
    templateId: z.uuid(),
    number: z.number().int(),
    current: z.boolean(),
    items: z.array(ChecklistItem),
    createdBy: z.uuid().nullable().describe('null = shipped with the product'),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'InspectionTemplateVersion' });

export const TemplateVersionPage = page(TemplateVersion).meta({ id: 'InspectionTemplateVersionPage' });

export const TemplateVersionListQuery = listQuery(['number'] as const, {});

export const ItemResult = z
  .object({
    result: z.enum(ITEM_RESULTS),
    note: z.string().nullable(),
    evidenceIds: z.array(z.uuid()),
    hazardId: z.uuid().nullable().describe('不合格项完成检查后生成的隐患 / the hazard a failed item became on completion'),
    recordedBy: z.uuid().nullable(),
    recordedAt: z.iso.datetime(),
  })
  .meta({ id: 'InspectionItemResult' });

const NamedRef = z.object({ id: z.uuid(), name: z.string() });

export const Inspection = z
  .object({
    id: z.uuid(),
    kind: z.enum(INSPECTION_KINDS),
    status: z.enum(INSPECTION_STATUSES),
    template: z.object({
      id: z.uuid(),
      code: z.string(),
      name: z.string(),
      target: z.enum(INSPECTION_TARGETS),
      versionId: z.uuid(),
      versionNumber: z.number().int(),
    }),
    planId: z.uuid().nullable(),
    periodKey: z.string().nullable(),
    placeId: z.uuid().nullable(),
    placeName: z.string().nullable(),
    orgUnitId: z.uuid().describe('the compound or building inspected, or the place’s org unit'),
    orgUnitName: z.string(),
    inspector: NamedRef.nullable(),
    jointDepartments: z.array(NamedRef).describe('联合检查的参与部门 / the departments of a joint inspection'),
    dueOn: z.iso.date().nullable(),
    startedAt: z.iso.datetime().nullable(),
    completedAt: z.iso.datetime().nullable(),
    score: z.number().nullable().describe('0–100；全部不适用时为空 / null until completed, and when every item is n/a'),
    failedCount: z.number().int(),
    version: Version,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Inspection' });

export const InspectionDetail = Inspection.extend({
  items: z
    .array(ChecklistItem.extend({ result: ItemResult.nullable() }))
    .describe('the checklist of the version used, each item with its result'),
  recordedCount: z.number().int(),
  availableActions: z.array(z.enum(['record', 'complete', 'cancel'])).describe('what the caller may do now'),
}).meta({ id: 'InspectionDetail' });

export const InspectionPage = page(Inspection).meta({ id: 'InspectionPage' });

export const InspectionListQuery = listQuery(['createdAt'] as const, {
  status: z.enum(INSPECTION_STATUSES).optional(),
  kind: z.enum(INSPECTION_KINDS).optional(),
  orgUnitId: z.uuid().optional().describe('inspections in this unit or any unit below it'),
  placeId: z.uuid().optional(),
  templateId: z.uuid().optional(),
  from: LocalDay.optional().describe('created on or after this day (the district’s calendar)'),
  to: LocalDay.optional().describe('created on or before this day (the district’s calendar)'),
  planId: z.uuid().optional().describe('the inspections a plan made (GET /inspection-plans)'),
  periodKey: z
    .union([LocalDay, IsoWeekKey, MonthKey, QuarterKey])
    .optional()
    .describe('with planId: one period of the plan (2026-11, 2026-W48, 2026-11-24, 2026-Q4)'),
  dueBefore: LocalDay.optional().describe('due before this day (due_on < dueBefore); inspections without a due day are left out'),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('true: still open (planned or in progress) and due before today in the district’s calendar; false: everything else'),
});
