import { and, eq, inArray } from 'drizzle-orm';
import { companies, departments, orgUnits } from '../../db/schema/index.ts';
import { ROLE_DEFINITIONS, type Role } from '../../platform/authz/roles.ts';
import type { Db } from '../../platform/db/types.ts';
import { ApiError, type FieldError } from '../../platform/errors.ts';
import { PROBLEMS } from '../../platform/problems/catalog.ts';
import type { Resource } from '../../platform/problems/resources.ts';

/** A role assignment as a request gives it (schemas.ts validates its shape with this rule). */
export interface RoleAssignmentInput {
  role: Role;
  orgUnitId?: string | null | undefined;
  departmentId?: string | null | undefined;
  companyId?: string | null | undefined;
}

export interface CheckedAssignment {
  role: Role;
  orgUnitId: string | null;
  departmentId: string | null;
  companyId: string | null;
}

const SCOPE_KEYS = ['orgUnitId', 'departmentId', 'companyId'] as const;

/** What is wrong with a list of role assignments, as field-level codes at their paths (below `roles`). */
export interface AssignmentIssue {
  path: (string | number)[];
  code: 'role_not_for_districts' | 'role_scope_required' | 'not_applicable' | 'listed_twice';
}

/**
 * Each role carries exactly the scope its definition asks for (a station needs an org unit, a
 * department user a department, a property manager a company, committee roles none), and only
 * district roles can be given in a district; no assignment twice. Pure: the request schema reports
 * these as field errors; `resolveScopes` checks that the scopes exist.
 */
export function assignmentIssues(inputs: readonly RoleAssignmentInput[]): AssignmentIssue[] {
  const issues: AssignmentIssue[] = [];
  inputs.forEach((a, i) => {
    const def = ROLE_DEFINITIONS[a.role];
    if (!def) return;
    const wanted = { tenant: null, org_unit: 'orgUnitId', department: 'departmentId', company: 'companyId' }[def.scope];
    if (def.tenantKind !== 'district') issues.push({ path: [i, 'role'], code: 'role_not_for_districts' });
    for (const key of SCOPE_KEYS) {
      if (key === wanted && !a[key]) issues.push({ path: [i, key], code: 'role_scope_required' });
      if (key !== wanted && a[key]) issues.push({ path: [i, key], code: 'not_applicable' });
    }
  });
  const keys = inputs.map((a) => JSON.stringify(toAssignment(a)));
  if (new Set(keys).size !== keys.length) issues.push({ path: [], code: 'listed_twice' });
  return issues;
}

const toAssignment = (a: RoleAssignmentInput): CheckedAssignment => ({
  role: a.role,
  orgUnitId: a.orgUnitId ?? null,
  departmentId: a.departmentId ?? null,
  companyId: a.companyId ?? null,
});

/** The assignments as stored (absent scopes as null); the request schema has checked their shapes. */
export const toAssignments = (inputs: readonly RoleAssignmentInput[]): CheckedAssignment[] => inputs.map(toAssignment);

const SCOPE_TABLES = [
  { key: 'orgUnitId', table: orgUnits, resource: 'org_unit' },
  { key: 'departmentId', table: departments, resource: 'department' },
  { key: 'companyId', table: companies, resource: 'company' },
] as const satisfies readonly { key: (typeof SCOPE_KEYS)[number]; table: unknown; resource: Resource }[];

/**
 * Every referenced scope must exist in the caller's tenant (RLS would hide others anyway): else 404
 * naming each assignment whose scope is missing (`roles.<i>.<key>`).
 */
export async function resolveScopes(tx: Db, tenantId: string, assignments: readonly CheckedAssignment[]): Promise<void> {
  const errors: FieldError[] = [];
  let first: Resource | undefined;
  for (const { key, table, resource } of SCOPE_TABLES) {
    const ids = [...new Set(assignments.map((a) => a[key]).filter((v): v is string => !!v))];
    if (!ids.length) continue;
    const found = await tx
      .select({ id: table.id })
      .from(table)
      .where(and(eq(table.tenantId, tenantId), inArray(table.id, ids)));
    const known = new Set(found.map((f) => f.id));
    const message = PROBLEMS.not_found.detail({ resource });
    assignments.forEach((a, i) => {
      const id = a[key];
      if (id && !known.has(id)) {
        first ??= resource;
        errors.push({ path: `roles.${i}.${key}`, code: 'not_found', message });
      }
    });
  }
  if (first) throw new ApiError('not_found', { params: { resource: first }, errors });
}
