import * as z from 'zod';
import { Instant, LocalDay } from '../../platform/http/calendar.ts';
import { listQuery, page } from '../../platform/http/pagination.ts';
import { Version } from '../../platform/http/route.ts';
import { issue, issueKey } from '../../platform/problems/catalog.ts';
import { HAZARD_OUTCOMES, HAZARD_SOURCES, HAZARD_STATES, PARTY_KINDS, SEVERITIES } from './vocabulary.ts';
import { ACTIONS } from './workflow.ts';

const note = z.string().trim().min(1).max(2000);
const reason = z
  .string()
  .trim()
  .min(2, { error: issueKey('reason_required') })
  .max(2000);
const evidenceIds = z.array(z.uuid()).max(50);

/** The one target each kind of party names (a place's owner is found from the hazard's place). */
const PARTY_TARGET = { company: 'companyId', department: 'departmentId', org_unit: 'orgUnitId', place_owner: null } as const;
const TARGETS = ['companyId', 'departmentId', 'orgUnitId'] as const;

export const PartyInput = z
  .strictObject({
    kind: z.enum(PARTY_KINDS),
    orgUnitId: z.uuid().nullable().optional(),
    companyId: z.uuid().nullable().optional(),
    departmentId: z.uuid().nullable().optional(),
  })
  .superRefine((p, ctx) => {
    for (const key of TARGETS) {
      const wanted = PARTY_TARGET[p.kind] === key;
      if (wanted !== Boolean(p[key])) ctx.addIssue({ code: 'custom', path: [key], ...issue(wanted ? 'required' : 'not_applicable') });
    }
  });
export type PartyInput = z.infer<typeof PartyInput>;

const PartyOut = z.object({
  lead: z.boolean(),
  kind: z.enum(PARTY_KINDS),
  orgUnitId: z.uuid().nullable(),
  companyId: z.uuid().nullable(),
  departmentId: z.uuid().nullable(),
  name: z.string().describe('the party’s name as shown to users'),
});

export const Hazard = z
  .object({
    id: z.uuid(),
    number: z.string(),
    categoryId: z.uuid(),
    categoryName: z.string(),
    orgUnitId: z.uuid(),
    orgUnitName: z.string(),
    placeId: z.uuid().nullable(),
    placeName: z.string().nullable(),
    description: z.string(),
    severity: z.enum(SEVERITIES),
    source: z.enum(HAZARD_SOURCES),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    state: z.enum(HAZARD_STATES),
    outcome: z.enum(HAZARD_OUTCOMES).nullable(),
    reporterId: z.uuid(),
    reportedAt: z.iso.datetime(),
    routedAt: z.iso.datetime().nullable(),
    respondBy: z.iso.datetime().nullable(),
    dueAt: z.iso.datetime().nullable(),
    closedAt: z.iso.datetime().nullable(),
    overdue: z.boolean(),
    escalationLevel: z.number().int(),
    reopenCount: z.number().int(),
    rejectCount: z.number().int(),
    extensionCount: z.number().int(),
    pendingExtension: z.object({ until: z.string(), reason: z.string(), requestedBy: z.string(), requestedAt: z.string() }).nullable(),
    duplicateOfId: z.uuid().nullable(),
    parties: z.array(PartyOut),
    version: Version,
  })
  .meta({ id: 'Hazard' });

export const HazardDetail = Hazard.extend({
  availableActions: z.array(z.enum(ACTIONS)).describe('what the caller may do now'),
  evidence: z.array(z.object({ id: z.uuid(), fileName: z.string(), contentType: z.string(), stage: z.string().nullable() })),
  pendingLookbacks: z.array(z.object({ id: z.uuid(), title: z.string() })).describe('look-back samples waiting for this hazard’s re-check'),
}).meta({ id: 'HazardDetail' });

export const HazardPage = page(Hazard).meta({ id: 'HazardPage' });

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const HazardListQuery = listQuery(['reportedAt', 'dueAt'] as const, {
  state: z.enum(HAZARD_STATES).optional(),
  open: bool.optional().describe('true = not closed'),
  categoryId: z.uuid().optional(),
  orgUnitId: z.uuid().optional().describe('the whole subtree below this unit'),
  placeId: z.uuid().optional(),
  severity: z.enum(SEVERITIES).optional(),
  source: z.enum(HAZARD_SOURCES).optional(),
  overdue: bool.optional(),
  assigneeCompanyId: z.uuid().optional(),
  assigneeDepartmentId: z.uuid().optional(),
  assignedToMe: bool.optional().describe('hazards whose lead party the caller belongs to'),
  reportedByMe: bool.optional(),
  reportedFrom: LocalDay.optional(),
  reportedTo: LocalDay.optional(),
  q: z.string().trim().min(1).max(100).optional(),
});

export const CreateHazard = z
  .strictObject({
    categoryId: z.uuid(),
    placeId: z.uuid().nullable().optional(),
    orgUnitId: z.uuid().nullable().optional().describe('required when no place is given'),
    description: z.string().trim().min(2).max(2000),
    severity: z.enum(SEVERITIES),
    source: z.enum(HAZARD_SOURCES).default('grid'),
    latitude: z.number().min(-90).max(90).nullable().optional(),
    longitude: z.number().min(-180).max(180).nullable().optional(),
    evidenceIds: evidenceIds.default([]),
  })
  .refine((v) => v.placeId || v.orgUnitId, { path: ['orgUnitId'], ...issue('hazard_location_required') })
  .meta({
    id: 'CreateHazard',
    example: {
      categoryId: '00000000-0000-4000-8000-000000000001',
      orgUnitId: '00000000-0000-4000-8000-000000000002',
      description: '3号楼一楼楼道电动车飞线充电',
      severity: 'general',
      source: 'grid',
      evidenceIds: [],
    },
  });

/** One schema per action: each action takes exactly its own fields (field-level allow-list). */
export const TransitionRequest = z
  .discriminatedUnion('action', [
    z.strictObject({
      action: z.literal('route'),
      version: Version,
      lead: PartyInput,
      assisting: z.array(PartyInput).max(5).default([]),
      dueAt: Instant.optional(),
      note: note.optional(),
    }),
    z.strictObject({ action: z.literal('accept'), version: Version, note: note.optional() }),
    z.strictObject({
      action: z.literal('submit'),
      version: Version,
      note,
      evidenceIds: evidenceIds.min(1, { error: issueKey('hazard_after_photos_required') }),
    }),
    z.strictObject({ action: z.literal('verify'), version: Version, note: note.optional(), evidenceIds: evidenceIds.optional() }),
    z.strictObject({ action: z.literal('reject'), version: Version, reason }),
    z.strictObject({ action: z.literal('reopen'), version: Version, reason }),
    z.strictObject({ action: z.literal('extend-request'), version: Version, until: Instant, reason }),
    z.strictObject({ action: z.literal('extend-approve'), version: Version, note: note.optional() }),
    z.strictObject({ action: z.literal('extend-deny'), version: Version, reason }),
    z.strictObject({ action: z.literal('escalate'), version: Version, note: note.optional() }),
    z.strictObject({
      action: z.literal('close-as'),
      version: Version,
      outcome: z.enum(['duplicate', 'not_a_hazard', 'enforcement']),
      reason,
    }),
    z.strictObject({ action: z.literal('link-duplicate'), version: Version, originalId: z.uuid(), note: note.optional() }),
    z.strictObject({
      action: z.literal('recheck'),
      version: Version,
      lookbackId: z.uuid(),
      result: z.enum(['confirmed', 'rebound']),
      note,
      evidenceIds: evidenceIds.optional(),
    }),
  ])
  .meta({
    id: 'HazardTransition',
    example: {
      action: 'route',
      version: 1,
      lead: { kind: 'company', companyId: '00000000-0000-4000-8000-000000000003' },
      assisting: [{ kind: 'department', departmentId: '00000000-0000-4000-8000-000000000004' }],
    },
  });
export type TransitionRequest = z.infer<typeof TransitionRequest>;
