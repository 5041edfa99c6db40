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

const TARGET_FIELDS = ['partyOrgUnitId', 'partyCompanyId', 'partyDepartmentId'] as const satisfies readonly (keyof PartyTargets)[];

/** One field of a party that does not fit its kind, with the field-level code that says why. */
export interface PartyProblem {
  path: keyof PartyTargets;
  code: 'required' | 'not_applicable';
}

/**
 * A party names exactly the target its kind needs (none for the place's owner, who is found from
 * the hazard's place). Returns one problem per offending field; empty when the party is well formed.
 */
export function partyProblems(kind: PartyKind, targets: { [K in keyof PartyTargets]?: string | null | undefined }): PartyProblem[] {
  const needed = PARTY_TARGET_FIELD[kind];
  const problems: PartyProblem[] = [];
  for (const field of TARGET_FIELDS) {
    const set = targets[field] != null;
    if (field === needed && !set) problems.push({ path: field, code: 'required' });
    else if (field !== needed && set) problems.push({ path: field, code: 'not_applicable' });
  }
  return problems;
}
