import type { PartyKind } from '../../hazards/vocabulary.ts';

/** The three target columns of a responsible party; which one is set depends on the kind. */
export interface PartyTargets {
  partyOrgUnitId: string | null;
  partyCompanyId: string | null;
  partyDepartmentId: string | null;
}

export const PARTY_TARGET_FIELD: Record<PartyKind, keyof PartyTargets | null> = {
  org_unit: 'partyOrgUnitId',
  company: 'partyCompanyId',
  department: 'partyDepartmentId',
  place_owner: null,
};

const FIELD_LABELS: Record<keyof PartyTargets, string> = {
  partyOrgUnitId: '责任属地（partyOrgUnitId）',
  partyCompanyId: '责任物业企业（partyCompanyId）',
  partyDepartmentId: '责任职能部门（partyDepartmentId）',
};

/**
 * A party names exactly the target its kind needs (none for the place's owner, who is found from
 * the hazard's place). Returns one problem per offending field; empty when the party is well formed.
 */
export function partyProblems(
  kind: PartyKind,
  targets: { [K in keyof PartyTargets]?: string | null | undefined },
): { path: string; message: string }[] {
  const needed = PARTY_TARGET_FIELD[kind];
  const problems: { path: string; message: string }[] = [];
  for (const field of Object.keys(FIELD_LABELS) as (keyof PartyTargets)[]) {
    const set = targets[field] != null;
    if (field === needed && !set) {
      problems.push({ path: field, message: `责任方类型为 ${kind} 时必须指定${FIELD_LABELS[field]} / ${field} is required for ${kind}` });
    } else if (field !== needed && set) {
      problems.push({ path: field, message: `责任方类型为 ${kind} 时不能指定${FIELD_LABELS[field]} / ${field} must be null for ${kind}` });
    }
  }
  return problems;
}
