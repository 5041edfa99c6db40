import type { AssigneeKind } from './vocabulary.ts';

/**
 * Who a task fans out to, as the assigner says it: every street, the communities of one street
 * (or all), some org units, some or all departments, some or all property companies. Kept with
 * the assignment, so the board can say "to every street" instead of listing 23 names.
 */
export type AssigneeSelector =
  | { kind: 'streets' }
  | { kind: 'communities'; streetId: string | null }
  | { kind: 'org_units'; ids: string[] }
  | { kind: 'departments'; ids: string[] | null }
  | { kind: 'companies'; ids: string[] | null };

export interface Assignee {
  kind: AssigneeKind;
  orgUnitId: string | null;
  departmentId: string | null;
  companyId: string | null;
  name: string;
}

/** The org unit kinds a "streets" and a "communities" selection take. */
export const STREET_KINDS = ['street', 'town'] as const;
export const COMMUNITY_KINDS = ['community', 'village'] as const;
