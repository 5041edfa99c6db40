import { ROLE_DEFINITIONS } from '../../platform/authz/roles.ts';
import { type Principal, pathInOrgScope, scopeOf } from '../../platform/authz/scope.ts';
import type { Actor, ActorContext, Party } from './workflow.ts';

/** Paths the membership test needs: the hazard's area and each org-unit party's unit. */
export interface HazardPlace {
  orgUnitPath: string;
  reporterId: string;
}
export type PartyWithPath = Party & { orgUnitPath: string | null };

/**
 * Is the principal one of the people who answer for this party? Only scoped assignments count: a
 * committee member (tenant-wide) supervises every hazard but is a member of no party, so the
 * committee can always verify independently. Place owners have no accounts: the staff of the
 * place's area act for them.
 */
export function isPartyMember(principal: Principal, party: PartyWithPath, hazard: HazardPlace): boolean {
  return principal.assignments.some((a) => {
    const def = ROLE_DEFINITIONS[a.role];
    if (def.scope === 'tenant' || !def.permissions.includes('hazards.rectify')) return false;
    switch (party.kind) {
      case 'company':
        return a.companyId !== null && a.companyId === party.companyId;
      case 'department':
        return a.departmentId !== null && a.departmentId === party.departmentId;
      case 'org_unit':
        return a.orgUnitPath !== null && party.orgUnitPath?.startsWith(a.orgUnitPath) === true;
      case 'place_owner':
        return a.orgUnitPath !== null && hazard.orgUnitPath.startsWith(a.orgUnitPath);
      default:
        return false;
    }
  });
}

export function actorContext(principal: Principal, hazard: HazardPlace, parties: readonly PartyWithPath[]): ActorContext {
  const roles = new Set<Actor>();
  if (pathInOrgScope(scopeOf(principal, 'hazards.route'), hazard.orgUnitPath)) roles.add('router');
  const lead = parties.find((p) => p.lead);
  if (lead && isPartyMember(principal, lead, hazard)) roles.add('lead');
  return {
    userId: principal.userId,
    roles,
    isReporter: hazard.reporterId === principal.userId,
    inAnyParty: parties.some((p) => isPartyMember(principal, p, hazard)),
  };
}

/** The escalation sweep: the system, no user, no party. */
export const SYSTEM_ACTOR: ActorContext = { userId: null, roles: new Set<Actor>(['system']), isReporter: false, inAnyParty: false };
