import * as z from 'zod';
import { LocalDay } from '../../platform/http/calendar.ts';
import { listQuery, page } from '../../platform/http/pagination.ts';
import { Version } from '../../platform/http/route.ts';
import { issue, issueKey } from '../../platform/problems/catalog.ts';
import { DUE_STATUSES } from '../facilities/rules.ts';
import { FACILITY_KINDS, MAINTENANCE_FREQUENCIES, MAINTENANCE_RESULTS, MAINTENANCE_STATES } from '../facilities/vocabulary.ts';
import { MAINTENANCE_ACTIONS } from './workflow.ts';

const note = z.string().trim().min(1).max(2000);
const reason = z
  .string()
  .trim()
  .min(2, { error: issueKey('reason_required') })
  .max(2000);
const evidenceIds = z.array(z.uuid()).max(20);
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

const Check = z.strictObject({
  item: z.string().trim().min(1).max(200),
  result: z.enum(['ok', 'fault']),
  note: z.string().trim().max(500).nullable().default(null),
});

export const CreateMaintenanceRecord = z
  .strictObject({
    orgUnitId: z.uuid().describe('the compound (one your company manages)'),
    facilityId: z.uuid().nullable().optional().describe('one facility of that compound; omitted = every facility of the kind there'),
    kind: z.enum(FACILITY_KINDS),
    performedOn: LocalDay.describe('the day the maintenance was done: not in the future, at most 366 days ago (district calendar)'),
    checks: z.array(Check).min(1).max(50),
    result: z.enum(MAINTENANCE_RESULTS).describe('fault when any check found a fault, else normal'),
    contractor: z.string().trim().min(1).max(200).describe('维保单位 / who did the work'),
    note: note.optional(),
    evidenceIds: evidenceIds.default([]).describe('your confirmed uploads: photos and the contractor’s PDF report'),
  })
  .superRefine((v, ctx) => {
    const faulty = v.checks.some((c) => c.result === 'fault');
    if (faulty !== (v.result === 'fault')) {
      ctx.addIssue({
        code: 'custom',
        path: ['result'],
        ...issue('maintenance_result_mismatch', { expected: faulty ? 'fault' : 'normal' }),
      });
    }
  })
  .meta({
    id: 'CreateMaintenanceRecord',
    example: {
      orgUnitId: '00000000-0000-4000-8000-000000000021',
      facilityId: null,
      kind: 'hydrant',
      performedOn: '2026-11-20',
      checks: [
        { item: '室外消火栓出水压力（≥0.14MPa）', result: 'ok', note: '0.25MPa' },
        { item: '栓口、阀门无锈蚀渗漏', result: 'ok', note: null },
      ],
      result: 'normal',
      contractor: '示范消防设施维保有限公司',
      note: '11月消火栓月度维保',
      evidenceIds: [],
    },
  });

export const MaintenanceRecord = z
  .object({
    id: z.uuid(),
    companyId: z.uuid(),
    companyName: z.string(),
    orgUnitId: z.uuid(),
    compoundName: z.string(),
    facilityId: z.uuid().nullable(),
    kind: z.enum(FACILITY_KINDS),
    performedOn: z.iso.date(),
    checks: z.array(z.object({ item: z.string(), result: z.enum(['ok', 'fault']), note: z.string().nullable() })),
    result: z.enum(MAINTENANCE_RESULTS),
    contractor: z.string(),
    state: z.enum(MAINTENANCE_STATES),
    conflict: z
      .object({ hazardIds: z.array(z.uuid()), inspectionIds: z.array(z.uuid()) })
      .nullable()
      .describe('set when a "normal" record contradicts an open hazard or a recently failed inspection item there'),
    hazardId: z.uuid().nullable().describe('the hazard a reported fault opened'),
    submittedBy: z.uuid(),
    version: Version,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'MaintenanceRecord' });

export const MaintenanceRecordDetail = MaintenanceRecord.extend({
  availableActions: z.array(z.enum(MAINTENANCE_ACTIONS)).describe('what the caller may do now'),
  evidence: z.array(z.object({ id: z.uuid(), fileName: z.string(), contentType: z.string(), stage: z.string().nullable() })),
  returnReason: z.string().nullable().describe('why it was returned, while it is'),
}).meta({ id: 'MaintenanceRecordDetail' });

export const MaintenanceRecordPage = page(MaintenanceRecord).meta({ id: 'MaintenanceRecordPage' });

export const MaintenanceRecordListQuery = listQuery(['performedOn', 'createdAt'] as const, {
  companyId: z.uuid().optional(),
  orgUnitId: z.uuid().optional().describe('records of compounds in this unit’s subtree'),
  facilityId: z.uuid().optional(),
  state: z.enum(MAINTENANCE_STATES).optional(),
  kind: z.enum(FACILITY_KINDS).optional(),
  result: z.enum(MAINTENANCE_RESULTS).optional(),
  from: LocalDay.optional().describe('performed on or after'),
  to: LocalDay.optional().describe('performed on or before'),
  conflict: bool.optional().describe('true = flagged as contradicting an open hazard or a failed inspection'),
  toReview: bool.optional().describe('submitted records the caller may accept or return'),
});

export const MaintenanceTransitionRequest = z
  .discriminatedUnion('action', [
    z.strictObject({ action: z.literal('accept'), version: Version, note: note.optional() }),
    z.strictObject({ action: z.literal('return'), version: Version, reason }),
    z.strictObject({ action: z.literal('resubmit'), version: Version, note, evidenceIds: evidenceIds.optional() }),
  ])
  .meta({ id: 'MaintenanceTransition', example: { action: 'return', version: 1, reason: '缺少维保单位出具的检测报告（PDF）' } });
export type MaintenanceTransitionRequest = z.infer<typeof MaintenanceTransitionRequest>;

export const MaintenancePolicies = z
  .object({
    items: z.array(
      z.object({
        kind: z.enum(FACILITY_KINDS),
        frequency: z.enum(MAINTENANCE_FREQUENCIES),
        isDefault: z.boolean().describe('true = nothing stored: the default applies'),
      }),
    ),
  })
  .meta({ id: 'MaintenancePolicies' });

export const PutMaintenancePolicies = z
  .strictObject({
    frequencies: z
      .partialRecord(z.enum(FACILITY_KINDS), z.enum(MAINTENANCE_FREQUENCIES))
      .describe('每类设施的维保周期；未列出的恢复默认 / per kind; kinds left out go back to the default'),
  })
  .meta({
    id: 'PutMaintenancePolicies',
    example: { frequencies: { hydrant: 'monthly', extinguisher: 'monthly', sprinkler: 'quarterly' } },
  });

export const DueRow = z
  .object({
    compoundId: z.uuid(),
    compoundName: z.string(),
    companyId: z.uuid(),
    companyName: z.string(),
    kind: z.enum(FACILITY_KINDS),
    frequency: z.enum(MAINTENANCE_FREQUENCIES),
    lastPerformedOn: z.iso.date().nullable().describe('the company’s last submitted or accepted record of this kind there'),
    status: z.enum(DUE_STATUSES),
    dueOn: z.iso.date().describe('ok: end of the next period; due: end of this period; overdue: the first deadline missed'),
    periodKey: z.string(),
  })
  .meta({ id: 'MaintenanceDue' });

export const DueQuery = z.strictObject({
  companyId: z.uuid().optional(),
  orgUnitId: z.uuid().optional().describe('compounds in this unit’s subtree'),
  status: z.enum(DUE_STATUSES).optional(),
});
