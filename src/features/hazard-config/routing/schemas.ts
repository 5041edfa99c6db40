import * as z from 'zod';
import { listQuery, page } from '../../../platform/http/pagination.ts';
import { Version } from '../../../platform/http/route.ts';
import { issue } from '../../../platform/problems/catalog.ts';
import { PARTY_KINDS } from '../../hazards/vocabulary.ts';
import { partyProblems } from './party.ts';

const ref = z.uuid().nullable();
const rectifyDays = z.number().int().min(1).max(90).nullable();
const priority = z.number().int().min(-1000).max(1000);

export const RoutingRule = z
  .object({
    id: z.uuid(),
    categoryId: z.uuid().nullable(),
    orgUnitId: z.uuid().nullable(),
    partyKind: z.enum(PARTY_KINDS),
    partyOrgUnitId: z.uuid().nullable(),
    partyCompanyId: z.uuid().nullable(),
    partyDepartmentId: z.uuid().nullable(),
    assistDepartmentId: z.uuid().nullable(),
    rectifyDays: z.number().int().nullable(),
    priority: z.number().int(),
    version: Version,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'RoutingRule' });

export const RoutingRulePage = page(RoutingRule).meta({ id: 'RoutingRulePage' });

export const RoutingRuleListQuery = listQuery(['createdAt', 'priority'] as const, {
  categoryId: z.uuid().optional().describe('只列此类别的规则 / rules of this category'),
  partyKind: z.enum(PARTY_KINDS).optional(),
});

export const CreateRoutingRule = z
  .strictObject({
    categoryId: ref.optional().describe('为空则适用于所有类别 / null = every category'),
    orgUnitId: ref.optional().describe('适用区域（含下级）；为空则全区 / area (subtree); null = the whole district'),
    partyKind: z.enum(PARTY_KINDS),
    partyOrgUnitId: ref.optional(),
    partyCompanyId: ref.optional(),
    partyDepartmentId: ref.optional(),
    assistDepartmentId: ref.optional().describe('协办职能部门（行业监管）/ assisting department'),
    rectifyDays: rectifyDays.optional().describe('整改天数；为空则按类别或严重程度 / days; null = by category or severity'),
    priority: priority.optional().describe('同等具体时，优先级高者优先 / breaks ties between equally specific rules'),
  })
  .superRefine((v, ctx) => {
    for (const p of partyProblems(v.partyKind, v)) ctx.addIssue({ code: 'custom', path: [p.path], ...issue(p.code) });
  })
  .meta({
    id: 'CreateRoutingRule',
    example: {
      categoryId: '00000000-0000-4000-8000-000000000002',
      orgUnitId: '00000000-0000-4000-8000-000000000001',
      partyKind: 'department',
      partyDepartmentId: '00000000-0000-4000-8000-000000000003',
      assistDepartmentId: null,
      rectifyDays: 5,
      priority: 10,
    },
  });

/** Changing partyKind clears the party targets the request does not give. */
export const UpdateRoutingRule = z
  .strictObject({
    version: Version,
    categoryId: ref.optional(),
    orgUnitId: ref.optional(),
    partyKind: z.enum(PARTY_KINDS).optional(),
    partyOrgUnitId: ref.optional(),
    partyCompanyId: ref.optional(),
    partyDepartmentId: ref.optional(),
    assistDepartmentId: ref.optional(),
    rectifyDays: rectifyDays.optional(),
    priority: priority.optional(),
  })
  .meta({ id: 'UpdateRoutingRule', example: { version: 1, priority: 20, rectifyDays: 3 } });

export const SuggestQuery = z.strictObject({
  categoryId: z.uuid().optional().describe('隐患类别 / the hazard’s category'),
  orgUnitId: z.uuid().optional().describe('隐患所在单位 / the hazard’s org unit'),
});

const ProposedParty = z.object({
  kind: z.enum(PARTY_KINDS),
  orgUnitId: z.uuid().nullable(),
  companyId: z.uuid().nullable(),
  departmentId: z.uuid().nullable(),
});

export const RoutingProposal = z
  .object({
    ruleId: z.uuid().nullable().describe('命中的规则；无则为空 / the matching rule, if any'),
    lead: ProposedParty.nullable().describe('建议的牵头责任方；无匹配规则时为空 / proposed lead party'),
    assisting: z.array(ProposedParty),
    dueInDays: z
      .number()
      .int()
      .nullable()
      .describe('建议整改天数：规则的，否则类别的；都没有则按严重程度 / rule’s days, else the category’s, else null (by severity)'),
  })
  .meta({ id: 'RoutingProposal' });
