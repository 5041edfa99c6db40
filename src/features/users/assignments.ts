import { and, eq, inArray } from 'drizzle-orm';
import { companies, departments, orgUnits } from '../../db/schema/index.ts';
import { ROLE_DEFINITIONS } from '../../platform/authz/roles.ts';
import type { Db } from '../../platform/db/types.ts';
import { ApiError, type FieldError } from '../../platform/errors.ts';
import type { RoleAssignmentInput } from './schemas.ts';

export interface CheckedAssignment {
  role: RoleAssignmentInput['role'];
  orgUnitId: string | null;
  departmentId: string | null;
  companyId: string | null;
}

/**
 * Each role carries exactly the scope its definition asks for (a station needs an org unit, a
 * department user a department, a property manager a company, committee roles none), and only
 * district roles can be given in a district. Pure: the shape; `resolveScopes` checks existence.
 */
export function checkAssignmentShapes(inputs: readonly RoleAssignmentInput[]): CheckedAssignment[] {
  const errors: FieldError[] = [];
  const out = inputs.map((a, i) => {
    const def = ROLE_DEFINITIONS[a.role];
    const given = { orgUnitId: a.orgUnitId ?? null, departmentId: a.departmentId ?? null, companyId: a.companyId ?? null };
    const wanted = { tenant: null, org_unit: 'orgUnitId', department: 'departmentId', company: 'companyId' }[def.scope];
    if (def.tenantKind !== 'district') {
      errors.push({ path: `roles.${i}.role`, message: '该角色不能在区级单位中分配 / not a district role' });
    }
    for (const key of ['orgUnitId', 'departmentId', 'companyId'] as const) {
      if (key === wanted && !given[key]) errors.push({ path: `roles.${i}.${key}`, message: '该角色必须指定管辖范围 / scope required' });
      if (key !== wanted && given[key]) errors.push({ path: `roles.${i}.${key}`, message: '该角色不适用此范围 / scope not applicable' });
    }
    return { role: a.role, ...given };
  });
  const keys = out.map((a) => JSON.stringify(a));
  if (new Set(keys).size !== keys.length) errors.push({ path: 'roles', message: '角色重复 / duplicate role assignment' });
  if (errors.length) throw new ApiError('validation_failed', '角色分配有误 / invalid role assignments', { errors });
  return out;
}

/** Every referenced scope must exist in the caller's tenant (RLS would hide others anyway): else 404. */
export async function resolveScopes(tx: Db, tenantId: string, assignments: readonly CheckedAssignment[]): Promise<void> {
  const want = (key: keyof CheckedAssignment) => [...new Set(assignments.map((a) => a[key]).filter((v): v is string => !!v))];
  const checks = [
    { key: 'orgUnitId' as const, table: orgUnits, ids: want('orgUnitId') },
    { key: 'departmentId' as const, table: departments, ids: want('departmentId') },
    { key: 'companyId' as const, table: companies, ids: want('companyId') },
  ];
  for (const { key, table, ids } of checks) {
    if (!ids.length) continue;
    const found = await tx
      .select({ id: table.id })
      .from(table)
      .where(and(eq(table.tenantId, tenantId), inArray(table.id, ids)));
    const missing = ids.filter((id) => !found.some((f) => f.id === id));
    if (missing.length) {
      throw new ApiError('not_found', '指定的管辖范围不存在 / scope not found', {
        errors: missing.map(() => ({ path: `roles.${key}`, message: 'not found' })),
      });
    }
  }
}
