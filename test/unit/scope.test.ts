import { describe, expect, it } from 'vitest';
import { PERMISSIONS, type Permission, ROLE_DEFINITIONS, ROLES, type Role } from '../../src/platform/authz/roles.ts';
import {
  type Assignment,
  hasPermission,
  type Principal,
  pathInOrgScope,
  permissionsOfPrincipal,
  scopeOf,
} from '../../src/platform/authz/scope.ts';

const STREET_A = '/aaaaaaaa-0000-4000-8000-000000000001/';
const COMMUNITY_A1 = `${STREET_A}aaaaaaaa-0000-4000-8000-000000000011/`;
const COMPOUND_A1 = `${COMMUNITY_A1}aaaaaaaa-0000-4000-8000-000000000111/`;
const STREET_B = '/bbbbbbbb-0000-4000-8000-000000000002/';
const COMMUNITY_B1 = `${STREET_B}bbbbbbbb-0000-4000-8000-000000000021/`;
const COMPANY = 'cccccccc-0000-4000-8000-000000000003';
const DEPARTMENT = 'dddddddd-0000-4000-8000-000000000004';

/** An assignment of `role` with the scope its definition asks for. */
function assignment(role: Role, where: { path?: string; companyId?: string; departmentId?: string } = {}): Assignment {
  const scope = ROLE_DEFINITIONS[role].scope;
  const path = where.path ?? STREET_A;
  return {
    role,
    orgUnitId: scope === 'org_unit' ? `id-of-${path}` : null,
    orgUnitPath: scope === 'org_unit' ? path : null,
    departmentId: scope === 'department' ? (where.departmentId ?? DEPARTMENT) : null,
    companyId: scope === 'company' ? (where.companyId ?? COMPANY) : null,
  };
}
const principal = (...assignments: Assignment[]): Principal => ({
  userId: 'u',
  tenantId: 't',
  sessionId: 's',
  username: 'someone',
  assignments,
});
const as = (role: Role, where?: Parameters<typeof assignment>[1]) => principal(assignment(role, where));

describe('the role table (deny by default)', () => {
  /** Who holds each permission: written out by hand, so a change to roles.ts must be made twice, knowingly. */
  const HOLDERS: Record<Permission, Role[]> = {
    'registry.read': [
      'committee_admin',
      'committee_staff',
      'station_staff',
      'community_staff',
      'grid_member',
      'department_staff',
      'property_manager',
      'volunteer',
    ],
    'org_units.write': ['committee_admin', 'committee_staff', 'station_staff', 'community_staff'],
    'places.write': ['committee_admin', 'committee_staff', 'station_staff', 'community_staff'],
    'departments.write': ['committee_admin', 'committee_staff'],
    'companies.write': ['committee_admin', 'committee_staff'],
    'companies.write_contact': ['committee_admin', 'committee_staff', 'property_manager'],
    'users.read': ['committee_admin', 'committee_staff'],
    'users.write': ['committee_admin'],
    'tenants.manage': ['platform_operator'],
    'hazards.read': [
      'committee_admin',
      'committee_staff',
      'station_staff',
      'community_staff',
      'grid_member',
      'department_staff',
      'property_manager',
      'volunteer',
    ],
    'hazards.report': [
      'committee_admin',
      'committee_staff',
      'station_staff',
      'community_staff',
      'grid_member',
      'department_staff',
      'property_manager',
      'volunteer',
    ],
    'hazards.route': ['committee_admin', 'committee_staff', 'station_staff'],
    'hazards.rectify': ['committee_admin', 'committee_staff', 'station_staff', 'community_staff', 'department_staff', 'property_manager'],
    'hazards.verify': ['committee_admin', 'committee_staff', 'station_staff'],
    'hazards.configure': ['committee_admin', 'committee_staff'],
    'lookbacks.manage': ['committee_admin', 'committee_staff'],
    'evidence.upload': [
      'committee_admin',
      'committee_staff',
      'station_staff',
      'community_staff',
      'grid_member',
      'department_staff',
      'property_manager',
      'volunteer',
    ],
    // Tasks go to units: grid members and volunteers report hazards but are given no tasks.
    'tasks.read': ['committee_admin', 'committee_staff', 'station_staff', 'community_staff', 'department_staff', 'property_manager'],
    'tasks.work': ['station_staff', 'community_staff', 'department_staff', 'property_manager'],
    'tasks.assign': ['committee_admin', 'committee_staff', 'station_staff'],
    'campaigns.manage': ['committee_admin', 'committee_staff'],
    'duties.manage': ['committee_admin', 'committee_staff'],
    'inspections.read': ['committee_admin', 'committee_staff', 'station_staff', 'community_staff', 'department_staff', 'property_manager'],
    'inspections.run': ['committee_admin', 'committee_staff', 'station_staff', 'community_staff', 'department_staff'],
    'inspections.configure': ['committee_admin', 'committee_staff'],
    // Patrols: the committee reads every check-in but makes none; grid members and volunteers read their own.
    'patrols.read': [
      'committee_admin',
      'committee_staff',
      'station_staff',
      'community_staff',
      'grid_member',
      'property_manager',
      'volunteer',
    ],
    'patrols.create': ['station_staff', 'community_staff', 'grid_member', 'property_manager', 'volunteer'],
    // The register: property companies keep their own compounds' and upload records; the station and the committee review them.
    'facilities.read': ['committee_admin', 'committee_staff', 'station_staff', 'community_staff', 'department_staff', 'property_manager'],
    'facilities.write': ['committee_admin', 'committee_staff', 'station_staff', 'property_manager'],
    // Field level: status, kind, unit, last maintenance and deleting; a company keeps the rest of its rows.
    'facilities.write_status': ['committee_admin', 'committee_staff', 'station_staff'],
    'maintenance.submit': ['property_manager'],
    'maintenance.review': ['committee_admin', 'committee_staff', 'station_staff'],
    'assessments.read': ['committee_admin', 'committee_staff', 'station_staff', 'community_staff', 'property_manager'],
    'assessments.manage': ['committee_admin', 'committee_staff'],
    'oversight.read': ['oversight_viewer'],
  };

  it.each(PERMISSIONS.map((p) => [p]))('%s is held by exactly the expected roles', (permission) => {
    const holders = ROLES.filter((role) => hasPermission(as(role), permission));
    expect(holders).toEqual(HOLDERS[permission]);
  });

  it('a principal with no assignment may do nothing and reaches nothing', () => {
    const nobody = principal();
    for (const p of PERMISSIONS) {
      expect(hasPermission(nobody, p)).toBe(false);
      expect(scopeOf(nobody, p)).toEqual({ kind: 'none' });
    }
    expect(permissionsOfPrincipal(nobody)).toEqual([]);
    expect(pathInOrgScope(scopeOf(nobody, 'registry.read'), STREET_A)).toBe(false);
  });

  it('only district roles live in districts', () => {
    const district = ROLES.filter((r) => ROLE_DEFINITIONS[r].tenantKind === 'district');
    expect(ROLES.filter((r) => !district.includes(r))).toEqual(['oversight_viewer', 'platform_operator']);
  });
});

describe('scopeOf registry.read, per role', () => {
  const EXPECTED_KIND: Record<Role, 'tenant' | 'partial' | 'none'> = {
    committee_admin: 'tenant',
    committee_staff: 'tenant',
    station_staff: 'partial',
    community_staff: 'partial',
    grid_member: 'partial',
    department_staff: 'tenant',
    property_manager: 'partial',
    volunteer: 'partial',
    oversight_viewer: 'none',
    platform_operator: 'none',
  };
  it.each(ROLES.map((r) => [r]))('%s', (role) => {
    expect(scopeOf(as(role), 'registry.read').kind).toBe(EXPECTED_KIND[role]);
  });
});

describe('committee roles', () => {
  it('reach the whole tenant for every permission they hold', () => {
    for (const role of ['committee_admin', 'committee_staff'] as const) {
      for (const p of ROLE_DEFINITIONS[role].permissions) {
        expect(scopeOf(as(role), p), `${role} ${p}`).toEqual({ kind: 'tenant' });
      }
      const scope = scopeOf(as(role), 'org_units.write');
      expect(pathInOrgScope(scope, STREET_B)).toBe(true);
      expect(pathInOrgScope(scope, COMPOUND_A1)).toBe(true);
    }
    expect(scopeOf(as('committee_staff'), 'users.write')).toEqual({ kind: 'none' });
  });
});

describe('org-unit roles', () => {
  it('a station reaches its street subtree by path, nothing beside it', () => {
    const scope = scopeOf(as('station_staff', { path: STREET_A }), 'org_units.write');
    expect(scope).toEqual({ kind: 'partial', orgPaths: [STREET_A], companyIds: [], departmentIds: [] });
    expect(pathInOrgScope(scope, STREET_A)).toBe(true);
    expect(pathInOrgScope(scope, COMMUNITY_A1)).toBe(true);
    expect(pathInOrgScope(scope, COMPOUND_A1)).toBe(true);
    expect(pathInOrgScope(scope, STREET_B)).toBe(false);
    expect(pathInOrgScope(scope, COMMUNITY_B1)).toBe(false);
  });

  it('a path prefix only matches whole segments (street 1 does not reach street 10)', () => {
    const scope = scopeOf(as('station_staff', { path: '/s1/' }), 'registry.read');
    expect(pathInOrgScope(scope, '/s1/c1/')).toBe(true);
    expect(pathInOrgScope(scope, '/s10/')).toBe(false);
    expect(pathInOrgScope(scope, '/s10/c1/')).toBe(false);
  });

  it('a community member does not reach its parent street nor a sibling community', () => {
    const scope = scopeOf(as('grid_member', { path: COMMUNITY_A1 }), 'registry.read');
    expect(pathInOrgScope(scope, COMPOUND_A1)).toBe(true);
    expect(pathInOrgScope(scope, STREET_A)).toBe(false);
    expect(pathInOrgScope(scope, `${STREET_A}aaaaaaaa-0000-4000-8000-000000000012/`)).toBe(false);
    expect(hasPermission(as('grid_member', { path: COMMUNITY_A1 }), 'places.write')).toBe(false);
  });

  it('a volunteer reads the registry of its own area only (to say where a hazard is) and writes none of it', () => {
    const volunteer = as('volunteer', { path: COMMUNITY_A1 });
    expect(scopeOf(volunteer, 'registry.read')).toEqual({ kind: 'partial', orgPaths: [COMMUNITY_A1], companyIds: [], departmentIds: [] });
    expect(pathInOrgScope(scopeOf(volunteer, 'registry.read'), COMPOUND_A1)).toBe(true);
    expect(pathInOrgScope(scopeOf(volunteer, 'registry.read'), COMMUNITY_B1)).toBe(false);
    expect(permissionsOfPrincipal(volunteer)).toEqual([
      'evidence.upload',
      'hazards.read',
      'hazards.report',
      'patrols.create',
      'patrols.read',
      'registry.read',
    ]);
  });

  it('grid members and volunteers read only the hazards they reported, not their whole grid', () => {
    for (const role of ['grid_member', 'volunteer'] as const) {
      const scope = scopeOf(as(role, { path: COMMUNITY_A1 }), 'hazards.read');
      expect(scope).toEqual({ kind: 'partial', orgPaths: [], companyIds: [], departmentIds: [] });
    }
    expect(scopeOf(as('community_staff', { path: COMMUNITY_A1 }), 'hazards.read')).toMatchObject({ orgPaths: [COMMUNITY_A1] });
  });
});

describe('department and company roles', () => {
  it('department staff read the whole registry (tenant-wide), write none of it, and work hazards of their department', () => {
    const dept = as('department_staff');
    expect(scopeOf(dept, 'registry.read')).toEqual({ kind: 'tenant' });
    expect(pathInOrgScope(scopeOf(dept, 'registry.read'), COMMUNITY_B1)).toBe(true);
    const held = [
      'registry.read',
      'hazards.read',
      'hazards.report',
      'hazards.rectify',
      'evidence.upload',
      'tasks.read',
      'tasks.work',
      'facilities.read',
      'inspections.read',
      'inspections.run',
    ];
    // Inspections by department: those it ran or took part in (inspection scope-sql), never an area.
    expect(scopeOf(dept, 'inspections.read')).toEqual({ kind: 'partial', orgPaths: [], companyIds: [], departmentIds: [DEPARTMENT] });
    // The facility register is read by trade, like the registry (the housing office oversees every company's upkeep).
    expect(scopeOf(dept, 'facilities.read')).toEqual({ kind: 'tenant' });
    expect(scopeOf(dept, 'hazards.rectify')).toEqual({ kind: 'partial', orgPaths: [], companyIds: [], departmentIds: [DEPARTMENT] });
    // Tasks are read by trade too, but only the department's own, unlike the registry.
    expect(scopeOf(dept, 'tasks.read')).toEqual({ kind: 'partial', orgPaths: [], companyIds: [], departmentIds: [DEPARTMENT] });
    for (const p of PERMISSIONS.filter((x) => !held.includes(x))) {
      expect(hasPermission(dept, p), p).toBe(false);
      expect(scopeOf(dept, p), p).toEqual({ kind: 'none' });
    }
  });

  it('a property manager reaches its company only, and no org path directly', () => {
    const pm = as('property_manager', { companyId: COMPANY });
    const read = scopeOf(pm, 'registry.read');
    expect(read).toEqual({ kind: 'partial', orgPaths: [], companyIds: [COMPANY], departmentIds: [] });
    expect(pathInOrgScope(read, STREET_A)).toBe(false);
    expect(scopeOf(pm, 'companies.write_contact')).toEqual({ kind: 'partial', orgPaths: [], companyIds: [COMPANY], departmentIds: [] });
    expect(hasPermission(pm, 'companies.write')).toBe(false);
    expect(scopeOf(pm, 'companies.write')).toEqual({ kind: 'none' });
  });
});

describe('several assignments', () => {
  it('two org scopes union their subtrees', () => {
    const p = principal(assignment('station_staff', { path: STREET_A }), assignment('community_staff', { path: COMMUNITY_B1 }));
    const scope = scopeOf(p, 'registry.read');
    expect(scope.kind).toBe('partial');
    expect(scope.kind === 'partial' && [...scope.orgPaths].sort()).toEqual([STREET_A, COMMUNITY_B1].sort());
    expect(pathInOrgScope(scope, COMPOUND_A1)).toBe(true);
    expect(pathInOrgScope(scope, `${COMMUNITY_B1}x/`)).toBe(true);
    expect(pathInOrgScope(scope, STREET_B)).toBe(false);
  });

  it('a grid member who is also a property manager gets both the subtree and the company', () => {
    const p = principal(assignment('grid_member', { path: COMMUNITY_A1 }), assignment('property_manager', { companyId: COMPANY }));
    expect(scopeOf(p, 'registry.read')).toEqual({ kind: 'partial', orgPaths: [COMMUNITY_A1], companyIds: [COMPANY], departmentIds: [] });
    // the company scope does not lend its write permission to the grid assignment, nor the reverse
    expect(scopeOf(p, 'companies.write_contact')).toEqual({ kind: 'partial', orgPaths: [], companyIds: [COMPANY], departmentIds: [] });
    expect(permissionsOfPrincipal(p)).toEqual([
      'assessments.read',
      'companies.write_contact',
      'evidence.upload',
      'facilities.read',
      'facilities.write',
      'hazards.read',
      'hazards.rectify',
      'hazards.report',
      'inspections.read',
      'maintenance.submit',
      'patrols.create',
      'patrols.read',
      'registry.read',
      'tasks.read',
      'tasks.work',
    ]);
    // The register too: the company's compounds, not the grid member's community.
    expect(scopeOf(p, 'facilities.read')).toEqual({ kind: 'partial', orgPaths: [], companyIds: [COMPANY], departmentIds: [] });
    // The company's tasks only: being a grid member of the community lends no task reading.
    expect(scopeOf(p, 'tasks.read')).toEqual({ kind: 'partial', orgPaths: [], companyIds: [COMPANY], departmentIds: [] });
  });

  it('one tenant-wide assignment makes the permission tenant-wide, whatever the order', () => {
    const a = principal(assignment('station_staff', { path: STREET_A }), assignment('committee_staff'));
    const b = principal(assignment('committee_staff'), assignment('station_staff', { path: STREET_A }));
    expect(scopeOf(a, 'places.write')).toEqual({ kind: 'tenant' });
    expect(scopeOf(b, 'places.write')).toEqual({ kind: 'tenant' });
    // a volunteer assignment next to a station one adds its area to reading only, never to writing
    const c = principal(assignment('volunteer', { path: STREET_B }), assignment('station_staff', { path: STREET_A }));
    expect(scopeOf(c, 'registry.read')).toEqual({ kind: 'partial', orgPaths: [STREET_B, STREET_A], companyIds: [], departmentIds: [] });
    expect(scopeOf(c, 'places.write')).toEqual({ kind: 'partial', orgPaths: [STREET_A], companyIds: [], departmentIds: [] });
  });

  it('a department assignment widens registry.read only, not the writes of another assignment', () => {
    const p = principal(assignment('department_staff'), assignment('community_staff', { path: COMMUNITY_A1 }));
    expect(scopeOf(p, 'registry.read')).toEqual({ kind: 'tenant' });
    const write = scopeOf(p, 'places.write');
    expect(write).toEqual({ kind: 'partial', orgPaths: [COMMUNITY_A1], companyIds: [], departmentIds: [] });
    expect(pathInOrgScope(write, STREET_B)).toBe(false);
  });
});
