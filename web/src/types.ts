/** Shapes of the API (/api/v1) as the SPA uses them. */

// The vocabularies are the server's own modules (pure data, no I/O), so the SPA and the API can
// never disagree about a role, a permission or a kind.
export { ROLES, ROLE_DEFINITIONS as ROLE_INFO, type Role, type Permission, type ScopeKind } from '../../src/platform/authz/roles.ts';
export {
  ORG_UNIT_KINDS,
  ORG_UNIT_PARENT_KINDS,
  PLACE_TYPES,
  RISK_LEVELS,
  DEPARTMENT_KINDS,
  type OrgUnitKind,
} from '../../src/features/registry/vocabulary.ts';
import type { Role, Permission } from '../../src/platform/authz/roles.ts';
import type { OrgUnitKind } from '../../src/features/registry/vocabulary.ts';

export type TenantKind = 'district' | 'oversight' | 'platform';

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  tokenType: 'Bearer';
}

export interface RoleAssignment {
  role: Role;
  orgUnitId: string | null;
  departmentId: string | null;
  companyId: string | null;
}

export interface Me {
  user: { id: string; username: string; displayName: string; phone: string | null };
  tenant: { id: string; slug: string; name: string; kind: TenantKind; timeZone: string };
  roles: RoleAssignment[];
  permissions: Permission[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface OrgNode {
  id: string;
  parentId: string | null;
  kind: OrgUnitKind;
  name: string;
  code: string | null;
  children: OrgNode[];
}

export interface Versioned {
  id: string;
  version: number;
  createdAt?: string;
  updatedAt?: string;
}

export interface OrgUnit extends Versioned {
  parentId: string | null;
  kind: OrgUnitKind;
  name: string;
  code: string | null;
  address: string | null;
  depth: number;
}

export interface Place extends Versioned {
  orgUnitId: string;
  name: string;
  type: string;
  keyUnitLevel: number | null;
  riskLevel: string;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  contactName: string | null;
  contactPhone: string | null;
}

export interface Company extends Versioned {
  name: string;
  creditCode: string | null;
  contactName: string | null;
  contactPhone: string | null;
  address: string | null;
  compoundIds: string[];
}

export interface Department extends Versioned {
  name: string;
  kind: string;
  contactName: string | null;
  contactPhone: string | null;
}

export interface User extends Versioned {
  username: string;
  displayName: string;
  phone: string | null;
  status: 'active' | 'disabled';
  roles: RoleAssignment[];
}

export interface FieldError {
  path: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string;
  errors?: FieldError[];
}
