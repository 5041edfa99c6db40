import { and, eq } from 'drizzle-orm';
import { hazardCategories, orgUnits, routingRules } from '../../../db/schema/index.ts';
import type { Db } from '../../../platform/db/types.ts';
import { notFound } from '../../../platform/errors.ts';
import type { PartyKind } from '../../hazards/vocabulary.ts';
import { pickRule } from './pick.ts';

export interface ProposedParty {
  kind: PartyKind;
  orgUnitId: string | null;
  companyId: string | null;
  departmentId: string | null;
}

export interface RoutingProposal {
  ruleId: string | null;
  lead: ProposedParty | null;
  assisting: ProposedParty[];
  /** The rule's days, else the category's, else null (the policy's days by severity apply). */
  dueInDays: number | null;
}

/**
 * What the district's routing rules propose for a hazard of this category in this org unit.
 * Both ids must belong to the tenant (404 naming the field). For the hazard service and the
 * suggest route alike.
 */
export async function suggestRouting(
  tx: Db,
  tenantId: string,
  categoryId: string | null,
  orgUnitId: string | null,
): Promise<RoutingProposal> {
  let orgUnitPath: string | null = null;
  if (orgUnitId) {
    const [unit] = await tx
      .select({ path: orgUnits.path })
      .from(orgUnits)
      .where(and(eq(orgUnits.tenantId, tenantId), eq(orgUnits.id, orgUnitId)));
    if (!unit) throw notFound('org_unit', 'orgUnitId');
    orgUnitPath = unit.path;
  }
  let categoryDays: number | null = null;
  if (categoryId) {
    const [category] = await tx
      .select({ rectifyDays: hazardCategories.rectifyDays })
      .from(hazardCategories)
      .where(and(eq(hazardCategories.tenantId, tenantId), eq(hazardCategories.id, categoryId)));
    if (!category) throw notFound('hazard_category', 'categoryId');
    categoryDays = category.rectifyDays;
  }
  // A district has tens of rules: rank them all in code, where the ranking is unit-tested.
  const rules = await tx
    .select({
      id: routingRules.id,
      categoryId: routingRules.categoryId,
      orgUnitPath: orgUnits.path,
      priority: routingRules.priority,
      partyKind: routingRules.partyKind,
      partyOrgUnitId: routingRules.partyOrgUnitId,
      partyCompanyId: routingRules.partyCompanyId,
      partyDepartmentId: routingRules.partyDepartmentId,
      assistDepartmentId: routingRules.assistDepartmentId,
      rectifyDays: routingRules.rectifyDays,
    })
    .from(routingRules)
    .leftJoin(orgUnits, eq(orgUnits.id, routingRules.orgUnitId))
    .where(eq(routingRules.tenantId, tenantId));
  const rule = pickRule(rules, { categoryId, orgUnitPath });
  if (!rule) return { ruleId: null, lead: null, assisting: [], dueInDays: categoryDays };
  return {
    ruleId: rule.id,
    lead: {
      kind: rule.partyKind,
      orgUnitId: rule.partyOrgUnitId,
      companyId: rule.partyCompanyId,
      departmentId: rule.partyDepartmentId,
    },
    assisting: rule.assistDepartmentId
      ? [{ kind: 'department', orgUnitId: null, companyId: null, departmentId: rule.assistDepartmentId }]
      : [],
    dueInDays: rule.rectifyDays ?? categoryDays,
  };
}
