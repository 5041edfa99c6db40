/** Shapes of the API (/api/v1) as the SPA uses them. */

export const ROLES = [
  'committee_admin',
  'committee_staff',
  'station_staff',
  'community_staff',
  'grid_member',
  'department_staff',
  'property_manager',
  'volunteer',
  'oversight_viewer',
  'platform_operator',
] as const;
export type Role = (typeof ROLES)[number];

export type TenantKind = 'district' | 'oversight' | 'platform';
export type ScopeKind = 'tenant' | 'org_unit' | 'department' | 'company';

/** Which tenant kind a role lives in and what scope each assignment of it carries. */
export const ROLE_INFO: Record<Role, { tenantKind: TenantKind; scope: ScopeKind }> = {
  committee_admin: { tenantKind: 'district', scope: 'tenant' },
  committee_staff: { tenantKind: 'district', scope: 'tenant' },
  station_staff: { tenantKind: 'district', scope: 'org_unit' },
  community_staff: { tenantKind: 'district', scope: 'org_unit' },
  grid_member: { tenantKind: 'district', scope: 'org_unit' },
  department_staff: { tenantKind: 'district', scope: 'department' },
  property_manager: { tenantKind: 'district', scope: 'company' },
  volunteer: { tenantKind: 'district', scope: 'org_unit' },
  oversight_viewer: { tenantKind: 'oversight', scope: 'tenant' },
  platform_operator: { tenantKind: 'platform', scope: 'tenant' },
};

export type Permission =
  | 'registry.read'
  | 'org_units.write'
  | 'places.write'
  | 'departments.write'
  | 'companies.write'
  | 'companies.write_contact'
  | 'users.read'
  | 'users.write'
  | 'tenants.manage';

export const ORG_UNIT_KINDS = ['street', 'town', 'community', 'village', 'compound', 'building'] as const;
export type OrgUnitKind = (typeof ORG_UNIT_KINDS)[number];

/** Which kinds may hang below which (`null` = top level, below the district). */
export const ORG_UNIT_PARENT_KINDS: Record<OrgUnitKind, readonly (OrgUnitKind | null)[]> = {
  street: [null],
  town: [null],
  community: ['street', 'town'],
  village: ['street', 'town'],
  compound: ['community', 'village'],
  building: ['compound'],
};

export const PLACE_TYPES = [
  'nine_small',
  'three_in_one',
  'key_unit',
  'high_rise',
  'group_rental',
  'elderly_care',
  'school_dorm',
  'hospital_ward',
  'market',
  'warehouse',
  'other',
] as const;
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export const DEPARTMENT_KINDS = [
  'housing',
  'urban_management',
  'market_regulation',
  'civil_affairs',
  'emergency',
  'police',
  'housing_office',
  'city_operations',
  'fire_rescue',
  'other',
] as const;

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
