import { describe, expect, it } from 'vitest';
import { actorContext, type HazardPlace, isPartyMember, type PartyWithPath, SYSTEM_ACTOR } from '../../src/features/hazards/actor.ts';
import { availableActions, type HazardSnapshot } from '../../src/features/hazards/workflow.ts';
import { ROLE_DEFINITIONS, ROLES, type Role } from '../../src/platform/authz/roles.ts';
import type { Assignment, Principal } from '../../src/platform/authz/scope.ts';

/** Who a principal is to a hazard: router (area), lead (party), reporter, in any party. */

const STREET_A = '/aaaaaaaa-0000-4000-8000-000000000001/';
const COMMUNITY_A1 = `${STREET_A}aaaaaaaa-0000-4000-8000-000000000011/`;
const COMPOUND_A1 = `${COMMUNITY_A1}aaaaaaaa-0000-4000-8000-000000000111/`;
const COMMUNITY_A2 = `${STREET_A}aaaaaaaa-0000-4000-8000-000000000012/`;
const STREET_B = '/bbbbbbbb-0000-4000-8000-000000000002/';
const COMMUNITY_B1 = `${STREET_B}bbbbbbbb-0000-4000-8000-000000000021/`;
const COMPANY_X = 'cccccccc-0000-4000-8000-000000000001';
const COMPANY_Y = 'cccccccc-0000-4000-8000-000000000002';
const DEPT_FIRE = 'dddddddd-0000-4000-8000-000000000001';
const DEPT_MARKET = 'dddddddd-0000-4000-8000-000000000002';
const idOf = (path: string) => path.split('/').filter(Boolean).at(-1)!;

function assignment(role: Role, where: { path?: string; companyId?: string; departmentId?: string } = {}): Assignment {
  const scope = ROLE_DEFINITIONS[role].scope;
  return {
    role,
    orgUnitId: scope === 'org_unit' ? idOf(where.path ?? STREET_A) : null,
    orgUnitPath: scope === 'org_unit' ? (where.path ?? STREET_A) : null,
    departmentId: scope === 'department' ? (where.departmentId ?? DEPT_FIRE) : null,
    companyId: scope === 'company' ? (where.companyId ?? COMPANY_X) : null,
  };
}
let n = 0;
function principal(...assignments: Assignment[]): Principal {
  n += 1;
  return { userId: `user-${n}`, tenantId: 't', sessionId: `s-${n}`, username: `u${n}`, assignments };
}
const as = (role: Role, where?: Parameters<typeof assignment>[1]) => principal(assignment(role, where));

const companyParty = (companyId: string, lead = true): PartyWithPath => ({
  lead,
  kind: 'company',
  companyId,
  departmentId: null,
  orgUnitId: null,
  orgUnitPath: null,
});
const departmentParty = (departmentId: string, lead = true): PartyWithPath => ({
  lead,
  kind: 'department',
  departmentId,
  companyId: null,
  orgUnitId: null,
  orgUnitPath: null,
});
const orgUnitParty = (path: string, lead = true): PartyWithPath => ({
  lead,
  kind: 'org_unit',
  orgUnitId: idOf(path),
  orgUnitPath: path,
  companyId: null,
  departmentId: null,
});
const ownerParty = (lead = true): PartyWithPath => ({
  lead,
  kind: 'place_owner',
  orgUnitId: null,
  orgUnitPath: null,
  companyId: null,
  departmentId: null,
});

/** A hazard in compound A1 (community A1, street A), reported by a grid member. */
const HAZARD: HazardPlace = { orgUnitPath: COMPOUND_A1, reporterId: 'grid-reporter' };
const IN_B: HazardPlace = { orgUnitPath: COMMUNITY_B1, reporterId: 'grid-reporter' };

const submitted: HazardSnapshot = {
  submittedAt: null,
  state: 'submitted',
  outcome: null,
  severity: 'general',
  hasLeadParty: true,
  respondBy: new Date('2028-03-02T02:00:00Z'),
  dueAt: new Date('2028-03-08T15:59:59.999Z'),
  escalationLevel: 0,
  pendingExtension: null,
  categoryRectifyDays: null,
};
const roles = (p: Principal, hazard: HazardPlace, parties: PartyWithPath[]) => [...actorContext(p, hazard, parties).roles].sort();

describe('isPartyMember / actorContext', () => {
  it('a property manager of company X is lead for a company-X lead party, not for company Y', () => {
    const pm = as('property_manager', { companyId: COMPANY_X });
    expect(isPartyMember(pm, companyParty(COMPANY_X), HAZARD)).toBe(true);
    expect(isPartyMember(pm, companyParty(COMPANY_Y), HAZARD)).toBe(false);
    expect(actorContext(pm, HAZARD, [companyParty(COMPANY_X)])).toMatchObject({ isReporter: false, inAnyParty: true });
    expect(roles(pm, HAZARD, [companyParty(COMPANY_X)])).toEqual(['lead']);
    expect(roles(pm, HAZARD, [companyParty(COMPANY_Y)])).toEqual([]);
    expect(actorContext(pm, HAZARD, [companyParty(COMPANY_Y)]).inAnyParty).toBe(false);
    // a company party is not answered by its manager through any other kind of party
    expect(isPartyMember(pm, orgUnitParty(COMPOUND_A1), HAZARD)).toBe(false);
    expect(isPartyMember(pm, ownerParty(), HAZARD)).toBe(false);
  });

  it('department staff answer for their department, not another one, wherever the hazard is', () => {
    const fire = as('department_staff', { departmentId: DEPT_FIRE });
    expect(isPartyMember(fire, departmentParty(DEPT_FIRE), HAZARD)).toBe(true);
    expect(isPartyMember(fire, departmentParty(DEPT_FIRE), IN_B)).toBe(true);
    expect(isPartyMember(fire, departmentParty(DEPT_MARKET), HAZARD)).toBe(false);
    expect(roles(fire, HAZARD, [departmentParty(DEPT_FIRE)])).toEqual(['lead']);
    expect(isPartyMember(fire, companyParty(COMPANY_X), HAZARD)).toBe(false);
    expect(isPartyMember(fire, ownerParty(), HAZARD)).toBe(false);
  });

  it('community staff answer for an org-unit party their community contains (itself or below), not a sibling or the street above', () => {
    const a1 = as('community_staff', { path: COMMUNITY_A1 });
    expect(isPartyMember(a1, orgUnitParty(COMMUNITY_A1), HAZARD)).toBe(true);
    expect(isPartyMember(a1, orgUnitParty(COMPOUND_A1), HAZARD)).toBe(true);
    expect(isPartyMember(a1, orgUnitParty(COMMUNITY_A2), HAZARD)).toBe(false);
    expect(isPartyMember(a1, orgUnitParty(STREET_A), HAZARD)).toBe(false);
    expect(isPartyMember(a1, orgUnitParty(COMMUNITY_B1), HAZARD)).toBe(false);
    // community staff route nothing: lead only
    expect(roles(a1, HAZARD, [orgUnitParty(COMMUNITY_A1)])).toEqual(['lead']);
  });

  it('station staff of the street above are members of the street’s org-unit parties, and routers for its hazards', () => {
    const station = as('station_staff', { path: STREET_A });
    expect(isPartyMember(station, orgUnitParty(STREET_A), HAZARD)).toBe(true);
    expect(isPartyMember(station, orgUnitParty(COMMUNITY_A1), HAZARD)).toBe(true);
    expect(isPartyMember(station, orgUnitParty(COMMUNITY_B1), HAZARD)).toBe(false);
    expect(roles(station, HAZARD, [orgUnitParty(COMMUNITY_A1)])).toEqual(['lead', 'router']);
    // …so when the street's own community fixes it, the station cannot verify it
    const ctx = actorContext(station, HAZARD, [orgUnitParty(COMMUNITY_A1)]);
    expect(ctx.inAnyParty).toBe(true);
    expect(availableActions(submitted, ctx)).not.toContain('verify');
    // when a property company fixes it, the station can
    const ctx2 = actorContext(station, HAZARD, [companyParty(COMPANY_X)]);
    expect([...ctx2.roles]).toEqual(['router']);
    expect(availableActions(submitted, ctx2)).toContain('verify');
    // a station of another street is neither router nor member here
    const other = as('station_staff', { path: STREET_B });
    expect(roles(other, HAZARD, [orgUnitParty(COMMUNITY_A1)])).toEqual([]);
    expect(roles(other, IN_B, [companyParty(COMPANY_X)])).toEqual(['router']);
  });

  it('a committee admin (tenant-wide) is router everywhere but never a party member, so the committee can always verify', () => {
    for (const role of ['committee_admin', 'committee_staff'] as const) {
      const committee = as(role);
      const everyParty = [
        companyParty(COMPANY_X),
        departmentParty(DEPT_FIRE, false),
        orgUnitParty(STREET_A, false),
        orgUnitParty('/', false),
        ownerParty(false),
      ];
      for (const p of everyParty) expect(isPartyMember(committee, p, HAZARD), `${role} ${p.kind}`).toBe(false);
      for (const hazard of [HAZARD, IN_B]) {
        const ctx = actorContext(committee, hazard, everyParty);
        expect([...ctx.roles]).toEqual(['router']);
        expect(ctx.inAnyParty).toBe(false);
        expect(availableActions(submitted, ctx)).toEqual(expect.arrayContaining(['verify', 'reject']));
      }
    }
  });

  it('a tenant-wide role never makes its holder a party member, whatever their assignment fields', () => {
    for (const role of ROLES.filter((r) => ROLE_DEFINITIONS[r].scope === 'tenant')) {
      const odd: Assignment = { role, orgUnitId: 'x', orgUnitPath: '/', companyId: COMPANY_X, departmentId: DEPT_FIRE };
      const p = principal(odd);
      for (const party of [companyParty(COMPANY_X), departmentParty(DEPT_FIRE), orgUnitParty(COMMUNITY_A1), ownerParty()]) {
        expect(isPartyMember(p, party, HAZARD), `${role} ${party.kind}`).toBe(false);
      }
    }
  });

  it('place-owner parties are answered by the staff whose area covers the hazard', () => {
    const owner = ownerParty();
    expect(isPartyMember(as('community_staff', { path: COMMUNITY_A1 }), owner, HAZARD)).toBe(true);
    expect(isPartyMember(as('community_staff', { path: COMPOUND_A1 }), owner, HAZARD)).toBe(true);
    expect(isPartyMember(as('station_staff', { path: STREET_A }), owner, HAZARD)).toBe(true);
    expect(isPartyMember(as('community_staff', { path: COMMUNITY_A2 }), owner, HAZARD)).toBe(false);
    expect(isPartyMember(as('station_staff', { path: STREET_B }), owner, HAZARD)).toBe(false);
    expect(isPartyMember(as('community_staff', { path: COMMUNITY_A1 }), owner, IN_B)).toBe(false);
    // nobody without an area, and nobody without hazards.rectify
    expect(isPartyMember(as('property_manager'), owner, HAZARD)).toBe(false);
    expect(isPartyMember(as('department_staff'), owner, HAZARD)).toBe(false);
    expect(isPartyMember(as('grid_member', { path: COMMUNITY_A1 }), owner, HAZARD)).toBe(false);
    expect(isPartyMember(as('volunteer', { path: COMMUNITY_A1 }), owner, HAZARD)).toBe(false);
  });

  it('roles without hazards.rectify are members of nothing (grid members, volunteers, oversight)', () => {
    for (const role of ['grid_member', 'volunteer', 'oversight_viewer', 'platform_operator'] as const) {
      const p = as(role, { path: COMMUNITY_A1 });
      for (const party of [orgUnitParty(COMMUNITY_A1), orgUnitParty(COMPOUND_A1), ownerParty()])
        expect(isPartyMember(p, party, HAZARD)).toBe(false);
      expect(roles(p, HAZARD, [orgUnitParty(COMMUNITY_A1)])).toEqual([]);
    }
  });

  it('an org-unit party without a path is answered by nobody', () => {
    const broken: PartyWithPath = { ...orgUnitParty(COMMUNITY_A1), orgUnitPath: null };
    expect(isPartyMember(as('community_staff', { path: COMMUNITY_A1 }), broken, HAZARD)).toBe(false);
    expect(isPartyMember(as('station_staff', { path: STREET_A }), broken, HAZARD)).toBe(false);
  });

  it('lead comes from the lead party only; assisting parties count for independence', () => {
    const parties = [companyParty(COMPANY_X, true), departmentParty(DEPT_MARKET, false)];
    const market = actorContext(as('department_staff', { departmentId: DEPT_MARKET }), HAZARD, parties);
    expect([...market.roles]).toEqual([]);
    expect(market.inAnyParty).toBe(true);
    const pm = actorContext(as('property_manager', { companyId: COMPANY_X }), HAZARD, parties);
    expect([...pm.roles]).toEqual(['lead']);
    // before routing there are no parties: nobody is lead or in a party
    expect(actorContext(as('property_manager', { companyId: COMPANY_X }), HAZARD, [])).toMatchObject({ inAnyParty: false });
    expect(roles(as('community_staff', { path: COMMUNITY_A1 }), HAZARD, [])).toEqual([]);
  });

  it('several assignments add up: the roles of each count', () => {
    const both = principal(assignment('station_staff', { path: STREET_B }), assignment('property_manager', { companyId: COMPANY_X }));
    expect(roles(both, HAZARD, [companyParty(COMPANY_X)])).toEqual(['lead']);
    expect(roles(both, IN_B, [companyParty(COMPANY_X)])).toEqual(['lead', 'router']);
    // router and lead at once: in the party, so not independent
    expect(availableActions(submitted, actorContext(both, IN_B, [companyParty(COMPANY_X)]))).not.toContain('verify');
  });

  it('the reporter flag: whoever reported cannot verify, even from the committee', () => {
    const committee = as('committee_admin');
    const reportedByCommittee: HazardPlace = { ...HAZARD, reporterId: committee.userId };
    const ctx = actorContext(committee, reportedByCommittee, [companyParty(COMPANY_X)]);
    expect(ctx).toMatchObject({ userId: committee.userId, isReporter: true, inAnyParty: false });
    expect(availableActions(submitted, ctx)).not.toContain('verify');
    expect(availableActions(submitted, ctx)).not.toContain('reject');
    expect(actorContext(committee, HAZARD, [companyParty(COMPANY_X)]).isReporter).toBe(false);
  });

  it('the system actor is the sweep: no user, no party, only the system role', () => {
    expect(SYSTEM_ACTOR).toMatchObject({ userId: null, isReporter: false, inAnyParty: false });
    expect([...SYSTEM_ACTOR.roles]).toEqual(['system']);
  });
});
