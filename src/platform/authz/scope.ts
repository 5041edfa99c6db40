import { type Permission, ROLE_DEFINITIONS, type Role } from './roles.ts';

/** One role a user holds and where. `orgUnitPath` is resolved when the principal is loaded. */
export interface Assignment {
  role: Role;
  orgUnitId: string | null;
  orgUnitPath: string | null;
  departmentId: string | null;
  companyId: string | null;
}

export interface Principal {
  userId: string;
  tenantId: string;
  sessionId: string;
  username: string;
  assignments: readonly Assignment[];
}

/**
 * Where a permission reaches, as the union of the assignments that grant it:
 * the whole tenant, or some org subtrees (by path prefix) and some companies' compounds.
 * `none` when no assignment grants it: callers must already have failed the function check.
 */
export type Scope =
  | { kind: 'tenant' }
  | { kind: 'partial'; orgPaths: readonly string[]; companyIds: readonly string[]; departmentIds: readonly string[] }
  | { kind: 'none' };

export function hasPermission(principal: Principal, permission: Permission): boolean {
  return principal.assignments.some((a) => ROLE_DEFINITIONS[a.role].permissions.includes(permission));
}

export function permissionsOfPrincipal(principal: Principal): Permission[] {
  return [...new Set(principal.assignments.flatMap((a) => ROLE_DEFINITIONS[a.role].permissions))].sort();
}

export function scopeOf(principal: Principal, permission: Permission): Scope {
  const orgPaths = new Set<string>();
  const companyIds = new Set<string>();
  const departmentIds = new Set<string>();
  let granted = false;
  for (const a of principal.assignments) {
    const def = ROLE_DEFINITIONS[a.role];
    if (!def.permissions.includes(permission)) continue;
    granted = true;
    if (def.scope === 'tenant' || def.tenantWide?.includes(permission)) return { kind: 'tenant' };
    if (a.orgUnitPath && !def.ownReportsOnly?.includes(permission)) orgPaths.add(a.orgUnitPath);
    if (a.companyId) companyIds.add(a.companyId);
    if (a.departmentId) departmentIds.add(a.departmentId);
  }
  if (!granted) return { kind: 'none' };
  return { kind: 'partial', orgPaths: [...orgPaths], companyIds: [...companyIds], departmentIds: [...departmentIds] };
}

/** True when `path` (an org unit's materialised path) lies inside one of the scope's subtrees. */
export function pathInOrgScope(scope: Scope, path: string): boolean {
  if (scope.kind === 'tenant') return true;
  if (scope.kind === 'none') return false;
  return scope.orgPaths.some((p) => path.startsWith(p));
}
