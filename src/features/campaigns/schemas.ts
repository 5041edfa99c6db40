import * as z from 'zod';
import { LocalDay } from '../../platform/http/calendar.ts';
import { listQuery, page } from '../../platform/http/pagination.ts';
import { Version } from '../../platform/http/route.ts';
import { issue, issueKey } from '../../platform/problems/catalog.ts';
import { ASSIGNEE_KINDS, CAMPAIGN_STATUSES, EVIDENCE_KINDS } from '../tasks/vocabulary.ts';
import { SUGGESTED_ASSIGNEES, TEMPLATE_CODES } from './templates.ts';

/** Request fields. */
const name = z.string().trim().min(1).max(100);
const goal = z.string().trim().min(1).max(2000);
const phaseGoal = z.string().trim().min(1).max(1000).nullable();
const localDate = LocalDay;

export const MAX_PHASES = 10;

/** A lead or responsible unit: an org unit (street, community…), a department or a property company. */
export const UnitRef = z.strictObject({ kind: z.enum(ASSIGNEE_KINDS), id: z.uuid() });

const PhaseInput = z.strictObject({
  name,
  goal: phaseGoal.optional(),
  startsOn: localDate,
  endsOn: localDate,
});

/** Phases come in order: each ends on or after its start, and starts after the previous one ends. */
function inOrder(phases: readonly { startsOn: string; endsOn: string }[], ctx: z.RefinementCtx) {
  phases.forEach((p, i) => {
    if (p.startsOn > p.endsOn) {
      ctx.addIssue({ code: 'custom', path: [i, 'endsOn'], ...issue('end_before_start', { start: p.startsOn }) });
    }
    const previous = phases[i - 1];
    if (previous && p.startsOn <= previous.endsOn) {
      ctx.addIssue({ code: 'custom', path: [i, 'startsOn'], ...issue('phase_overlaps_previous', { previousEndsOn: previous.endsOn }) });
    }
  });
}

const phaseList = <T extends z.ZodType<{ startsOn: string; endsOn: string }>>(item: T) =>
  z
    .array(item)
    .min(1)
    .max(MAX_PHASES)
    .superRefine((phases, ctx) => inOrder(phases as { startsOn: string; endsOn: string }[], ctx));

/** The same unit named twice in one list is a mistake, not a wish. */
function distinctUnits(units: readonly { kind: string; id: string }[], ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  units.forEach((u, i) => {
    const key = `${u.kind}:${u.id}`;
    if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i, 'id'], ...issue('listed_twice') });
    seen.add(key);
  });
}
const unitList = (max: number) => z.array(UnitRef).max(max).superRefine(distinctUnits);

export const CreateCampaign = z
  .strictObject({
    templateCode: z.enum(TEMPLATE_CODES).optional().describe('从模板创建：模板补全未提供的名称、目标和阶段 / create from a template'),
    startsOn: localDate.optional().describe('从模板创建时第一阶段的开始日期 / with a template: the first phase starts on this day'),
    name: name.optional(),
    goal: goal.optional(),
    scopeOrgUnitId: z.uuid().nullable().optional().describe('覆盖范围，空 = 全区 / the area it covers; null = the whole district'),
    phases: phaseList(PhaseInput).optional(),
    leads: unitList(20).default([]).describe('牵头单位 / lead units'),
    responsible: unitList(100).default([]).describe('责任单位 / responsible units'),
  })
  .superRefine((v, ctx) => {
    // Without a template, name, goal and phases are required and startsOn means nothing; with one,
    // the phases come either given or dated from startsOn: exactly one of the two.
    const required = (path: string) => ctx.addIssue({ code: 'custom', path: [path], ...issue('required') });
    if (!v.templateCode) {
      if (v.name === undefined) required('name');
      if (v.goal === undefined) required('goal');
      if (v.phases === undefined) required('phases');
      if (v.startsOn !== undefined) ctx.addIssue({ code: 'custom', path: ['startsOn'], ...issue('not_applicable') });
    } else if ((v.phases === undefined) === (v.startsOn === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['startsOn'], ...issue('one_of', { fields: 'startsOn, phases' }) });
    }
  })
  .meta({
    id: 'CreateCampaign',
    description:
      '两种写法：给出 name、goal、phases（明确日期）；或给出 templateCode 和 startsOn，由模板补全名称、目标和各阶段日期。/ Either explicit name, goal and phases, or a templateCode with startsOn: the template fills in what is missing.',
    example: {
      templateCode: 'erqi-community',
      startsOn: '2025-11-18',
      name: '2025年村(社区)消防安全专项整治',
      scopeOrgUnitId: null,
      leads: [{ kind: 'department', id: '6f1c2a4e-8b3d-4f5a-9c7e-2d1b0a9f8e71' }],
      responsible: [
        { kind: 'org_unit', id: '3c9a7e15-4d2b-4f8e-a1c6-7b0d5e2f9a36' },
        { kind: 'company', id: '9e2d5b71-6c4a-4b3f-8e1d-0a7c6f5b4e29' },
      ],
    },
  });
export type CreateCampaign = z.output<typeof CreateCampaign>;

export const UpdateCampaign = z
  .strictObject({
    version: Version,
    name: name.optional(),
    goal: goal.optional(),
    status: z.enum(CAMPAIGN_STATUSES).optional().describe('归档代替删除 / archive instead of delete'),
    scopeOrgUnitId: z.uuid().nullable().optional(),
  })
  .meta({
    id: 'UpdateCampaign',
    example: { version: 3, goal: '全面排查整治社区用电、用气、用火风险隐患，完善长效机制。', status: 'archived' },
  });

const PhaseReplacement = PhaseInput.extend({
  id: z.uuid().optional().describe('已有阶段的 id（保持不变）；新阶段不填 / an existing phase keeps its id; omit for a new one'),
});

export const PutCampaignPhases = z
  .strictObject({
    version: Version.describe('专项行动的版本 / the campaign’s version'),
    phases: phaseList(PhaseReplacement).superRefine((phases, ctx) => {
      const seen = new Set<string>();
      phases.forEach((p, i) => {
        if (p.id && seen.has(p.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], ...issue('listed_twice') });
        if (p.id) seen.add(p.id);
      });
    }),
  })
  .meta({
    id: 'PutCampaignPhases',
    example: {
      version: 2,
      phases: [
        { id: '5a8e2c71-3b4d-4e6f-9a1c-8d7b6e5f4a32', name: '工作部署', startsOn: '2025-11-18', endsOn: '2025-11-25' },
        { id: 'c4d7e1a9-2f6b-4c8e-b3a5-1e9d0f7c6b58', name: '集中排查整治', startsOn: '2025-11-26', endsOn: '2026-01-10' },
        { name: '巩固提升', goal: '开展“回头看”，确保整改到位、闭环管理。', startsOn: '2026-01-11', endsOn: '2026-03-31' },
      ],
    },
  });

/** Answers. */
export const CampaignPhase = z
  .object({
    id: z.uuid(),
    ordinal: z.number().int(),
    name: z.string(),
    goal: z.string().nullable(),
    startsOn: z.iso.date(),
    endsOn: z.iso.date(),
  })
  .meta({ id: 'CampaignPhase' });

export const CampaignUnit = z.object({ kind: z.enum(ASSIGNEE_KINDS), id: z.uuid(), name: z.string() }).meta({ id: 'CampaignUnit' });

export const Campaign = z
  .object({
    id: z.uuid(),
    name: z.string(),
    goal: z.string(),
    scopeOrgUnitId: z.uuid().nullable(),
    scopeOrgUnitName: z.string().nullable(),
    templateCode: z.string().nullable(),
    status: z.enum(CAMPAIGN_STATUSES),
    phases: z.array(CampaignPhase),
    currentPhaseId: z.uuid().nullable().describe('按本区当地日期所处的阶段 / the phase the district’s today falls in'),
    startsOn: z.iso.date().nullable(),
    endsOn: z.iso.date().nullable(),
    leads: z.array(CampaignUnit),
    responsible: z.array(CampaignUnit),
    version: Version,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Campaign' });

export const CampaignPage = page(Campaign).meta({ id: 'CampaignPage' });

export const CampaignListQuery = listQuery(['createdAt', 'name'] as const, {
  status: z.enum(CAMPAIGN_STATUSES).optional(),
});

export const CampaignPhases = z
  .object({
    campaignId: z.uuid(),
    version: Version.describe('专项行动的版本，PUT 时带回 / the campaign’s version, to send back with PUT'),
    currentPhaseId: z.uuid().nullable(),
    phases: z.array(CampaignPhase),
  })
  .meta({ id: 'CampaignPhases' });

const DoneDefinition = z
  .object({
    checklist: z.array(z.string()),
    target: z.object({ count: z.number().int(), unit: z.string() }).nullable(),
    evidence: z.array(z.enum(EVIDENCE_KINDS)),
  })
  .meta({ id: 'TemplateDoneDefinition' });

export const CampaignTemplate = z
  .object({
    code: z.string(),
    name: z.string(),
    goal: z.string(),
    source: z.string(),
    phases: z.array(
      z.object({
        ordinal: z.number().int(),
        name: z.string(),
        goal: z.string(),
        length: z.object({ unit: z.enum(['days', 'months']), count: z.number().int() }),
        lengthLabel: z.string().describe('如 “8天”“3个月”'),
        startsOn: z.iso.date().optional().describe('仅在请求给出 startsOn 时 / only when the request gives startsOn'),
        endsOn: z.iso.date().optional(),
      }),
    ),
    leads: z.array(z.string()).describe('方案中的牵头单位（名称，创建时由本区选择具体单位） / as the plan names them'),
    responsible: z.array(z.string()),
    tasks: z.array(
      z.object({
        title: z.string(),
        description: z.string(),
        phaseOrdinal: z.number().int(),
        assignees: z.enum(SUGGESTED_ASSIGNEES),
        assigneesLabel: z.string(),
        done: DoneDefinition,
        weight: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'CampaignTemplate' });

export const CampaignTemplateList = z.object({ items: z.array(CampaignTemplate) }).meta({ id: 'CampaignTemplateList' });

export const TemplateCodeParam = z.strictObject({
  code: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, { error: issueKey('template_code_format') }),
});

export const TemplatePreviewQuery = z.strictObject({
  startsOn: localDate.optional().describe('给出时按此开始日期算出各阶段日期 / when given, each phase is dated from this day'),
});
