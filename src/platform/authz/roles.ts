/**
 * Roles and what they may do: one table, as data (deny by default). Function-level checks ask
 * `hasPermission`; object-level checks narrow queries to the scope each assignment grants
 * (see scope.ts); field-level checks are the strict request schemas, chosen per permission.
 */

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

export const ROLE_LABELS: Record<Role, string> = {
  committee_admin: '消安委管理员',
  committee_staff: '消安委工作人员',
  station_staff: '镇街消防工作站',
  community_staff: '社区/村工作人员',
  grid_member: '网格员',
  department_staff: '职能部门',
  property_manager: '物业企业',
  volunteer: '志愿者',
  oversight_viewer: '上级消安委',
  platform_operator: '平台运维',
};

export const PERMISSIONS = [
  'registry.read',
  'org_units.write',
  'places.write',
  'departments.write',
  'companies.write',
  /** Field-level: a property company may keep its own contact details up to date, nothing else. */
  'companies.write_contact',
  'users.read',
  'users.write',
  'tenants.manage',
  /** The hazard loop (隐患闭环). Object-level rules (whose hazard, which party) live in its workflow. */
  'hazards.read',
  'hazards.report',
  'hazards.route',
  'hazards.rectify',
  'hazards.verify',
  'hazards.configure',
  'lookbacks.manage',
  'evidence.upload',
  /**
   * Task tracking (任务督办): read the tasks of one's scope; work on the tasks given to one's own
   * unit; assign tasks (district-wide, or to the org units of one's own area) and accept or
   * return what was submitted; keep campaigns and recurring duties (the committee).
   */
  'tasks.read',
  'tasks.work',
  'tasks.assign',
  'campaigns.manage',
  'duties.manage',
  /**
   * Inspections (检查 / 联合检查): read those of one's scope (a department: those it ran or took
   * part in; a property company: those of its compounds); run them (record item results,
   * complete, cancel); keep checklist templates and inspection plans (the committee).
   */
  'inspections.read',
  'inspections.run',
  'inspections.configure',
  /** Patrols (巡查): check in at places and compounds; read the check-ins (and the coverage) of one's scope. */
  'patrols.read',
  'patrols.create',
  /**
   * The facility register (消防设施台账) and maintenance records (维保记录): read the register of
   * one's scope (a property company: the compounds it manages); keep it; upload maintenance
   * records (property companies); accept or return them (the station over its street, the committee).
   */
  'facilities.read',
  'facilities.write',
  /**
   * Field-level: what the integrity rate (设施完好率) and the maintenance due dates are worked out
   * from: a facility's status, kind, unit and last maintenance, and deleting it. The register's
   * keepers (the station, the committee) hold it; a property company keeps the other fields of
   * its compounds' facilities (location, count, expiry) and registers new ones.
   */
  'facilities.write_status',
  'maintenance.submit',
  'maintenance.review',
  /**
   * The monthly assessment (月度考核): read scores (the committee: every unit, drafts too; a station,
   * community or company: the published scorecards of its own units); compute, adjust and publish
   * months and keep the rubrics (the committee).
   */
  'assessments.read',
  'assessments.manage',
  /** Oversight offices: the published scores and counts of the districts of their jurisdiction, nothing else. */
  'oversight.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What kind of scope an assignment of this role must carry. */
export type ScopeKind = 'tenant' | 'org_unit' | 'department' | 'company';

/** Which tenant kind a role lives in: district roles never appear in an oversight or platform tenant. */
export type TenantKindOfRole = 'district' | 'oversight' | 'platform';

interface RoleDefinition {
  tenantKind: TenantKindOfRole;
  scope: ScopeKind;
  permissions: readonly Permission[];
  /**
   * Permissions this role holds district-wide whatever its own scope: departments act by trade
   * (行业), not by area, so they read the whole registry of the district.
   */
  tenantWide?: readonly Permission[];
  /**
   * Permissions this role holds only over what it reported itself: grid members and volunteers
   * see the hazards they reported, not everything in their grid.
   */
  ownReportsOnly?: readonly Permission[];
}

const REGISTRY_EDITOR = ['registry.read', 'org_units.write', 'places.write'] as const;
/**
 * companies.write implies the contact-only permission: PATCH /companies/{id} requires the lesser
 * one, and the handler widens the writable fields for holders of companies.write.
 */
const COMPANY_EDITOR = ['companies.write', 'companies.write_contact'] as const;
const REPORTER = ['hazards.read', 'hazards.report', 'evidence.upload'] as const;
const FIXER = [...REPORTER, 'hazards.rectify'] as const;
const ROUTER = [...FIXER, 'hazards.route', 'hazards.verify'] as const;
const INSPECTOR = ['inspections.read', 'inspections.run'] as const;
const COMMITTEE = [
  ...ROUTER,
  'hazards.configure',
  'lookbacks.manage',
  'tasks.read',
  'tasks.assign',
  'campaigns.manage',
  'duties.manage',
  ...INSPECTOR,
  'inspections.configure',
  'assessments.read',
  'assessments.manage',
] as const;
const TASK_WORKER = ['tasks.read', 'tasks.work'] as const;
/** Patrols: grid members and volunteers read only their own (ownReportsOnly); the committee reads, never checks in. */
const PATROLLER = ['patrols.read', 'patrols.create'] as const;
/** The register's keepers who also review the companies' maintenance records. */
const FACILITY_REVIEWER = ['facilities.read', 'facilities.write', 'facilities.write_status', 'maintenance.review'] as const;

export const ROLE_DEFINITIONS: Record<Role, RoleDefinition> = {
  committee_admin: {
    tenantKind: 'district',
    scope: 'tenant',
    permissions: [
      ...REGISTRY_EDITOR,
      'departments.write',
      ...COMPANY_EDITOR,
      'users.read',
      'users.write',
      ...COMMITTEE,
      'patrols.read',
      ...FACILITY_REVIEWER,
    ],
  },
  committee_staff: {
    tenantKind: 'district',
    scope: 'tenant',
    permissions: [
      ...REGISTRY_EDITOR,
      'departments.write',
      ...COMPANY_EDITOR,
      'users.read',
      ...COMMITTEE,
      'patrols.read',
      ...FACILITY_REVIEWER,
    ],
  },
  station_staff: {
    tenantKind: 'district',
    scope: 'org_unit',
    permissions: [
      ...REGISTRY_EDITOR,
      ...ROUTER,
      ...TASK_WORKER,
      'tasks.assign',
      ...INSPECTOR,
      ...PATROLLER,
      ...FACILITY_REVIEWER,
      'assessments.read',
    ],
  },
  community_staff: {
    tenantKind: 'district',
    scope: 'org_unit',
    permissions: [...REGISTRY_EDITOR, ...FIXER, ...TASK_WORKER, ...INSPECTOR, ...PATROLLER, 'facilities.read', 'assessments.read'],
  },
  grid_member: {
    tenantKind: 'district',
    scope: 'org_unit',
    permissions: ['registry.read', ...REPORTER, ...PATROLLER],
    ownReportsOnly: ['hazards.read', 'patrols.read'],
  },
  department_staff: {
    tenantKind: 'district',
    scope: 'department',
    permissions: ['registry.read', ...FIXER, ...TASK_WORKER, ...INSPECTOR, 'facilities.read'],
    // The register is read by trade too: the housing office (房管中心) supervises every company's upkeep.
    tenantWide: ['registry.read', 'facilities.read'],
  },
  property_manager: {
    tenantKind: 'district',
    scope: 'company',
    permissions: [
      'registry.read',
      'companies.write_contact',
      ...FIXER,
      ...TASK_WORKER,
      'inspections.read',
      ...PATROLLER,
      'facilities.read',
      'facilities.write',
      'maintenance.submit',
      'assessments.read',
    ],
  },
  // Volunteers read the registry of their area so they can say where a hazard is.
  volunteer: {
    tenantKind: 'district',
    scope: 'org_unit',
    permissions: ['registry.read', ...REPORTER, ...PATROLLER],
    ownReportsOnly: ['hazards.read', 'patrols.read'],
  },
  oversight_viewer: { tenantKind: 'oversight', scope: 'tenant', permissions: ['oversight.read'] },
  platform_operator: { tenantKind: 'platform', scope: 'tenant', permissions: ['tenants.manage'] },
};

export function permissionsOf(role: Role): readonly Permission[] {
  return ROLE_DEFINITIONS[role].permissions;
}
