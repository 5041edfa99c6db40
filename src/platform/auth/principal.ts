import { and, eq, gt, isNull } from 'drizzle-orm';
import { orgUnits, roleAssignments, sessions, tenants, users } from '../../db/schema/index.ts';
import type { Assignment, Principal } from '../authz/scope.ts';
import type { Db } from '../db/types.ts';
import type { AccessClaims } from './jwt.ts';

/** The caller's tenant as every request knows it: its time zone counts its calendar days. */
export interface TenantFacts {
  id: string;
  slug: string;
  name: string;
  kind: 'district' | 'oversight' | 'platform';
  timeZone: string;
}

/** What a request knows of its caller beyond the principal: the tenant, and the user's own details. */
export interface CallerFacts {
  tenant: TenantFacts;
  displayName: string;
  phone: string | null;
}

/**
 * Loads who is calling, fresh on every request: the session must be live and the user active, so
 * logging out or disabling a user ends access at once, not when the token expires. Roles are read
 * here, not from the token, for the same reason. One query (one row per role; RLS already limits
 * it to the tenant), which also brings what most requests ask next: the tenant's time zone and the
 * user's name, so no route reads them again.
 */
export async function loadPrincipal(
  tx: Db,
  claims: AccessClaims,
  now: Date,
): Promise<{ principal: Principal; caller: CallerFacts } | null> {
  const rows = await tx
    .select({
      username: users.username,
      displayName: users.displayName,
      phone: users.phone,
      tenantSlug: tenants.slug,
      tenantName: tenants.name,
      tenantKind: tenants.kind,
      timeZone: tenants.timeZone,
      role: roleAssignments.role,
      orgUnitId: roleAssignments.orgUnitId,
      orgUnitPath: orgUnits.path,
      departmentId: roleAssignments.departmentId,
      companyId: roleAssignments.companyId,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(tenants, eq(tenants.id, sessions.tenantId))
    .leftJoin(roleAssignments, eq(roleAssignments.userId, users.id))
    .leftJoin(orgUnits, eq(orgUnits.id, roleAssignments.orgUnitId))
    .where(
      and(
        eq(sessions.id, claims.sessionId),
        eq(sessions.userId, claims.userId),
        eq(sessions.tenantId, claims.tenantId),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        eq(users.status, 'active'),
      ),
    );
  const first = rows[0];
  if (!first) return null;
  const assignments: Assignment[] = rows.flatMap((r) =>
    r.role
      ? [
          {
            role: r.role,
            orgUnitId: r.orgUnitId,
            orgUnitPath: r.orgUnitPath,
            departmentId: r.departmentId,
            companyId: r.companyId,
          },
        ]
      : [],
  );
  return {
    principal: {
      userId: claims.userId,
      tenantId: claims.tenantId,
      sessionId: claims.sessionId,
      username: first.username,
      assignments,
    },
    caller: {
      tenant: { id: claims.tenantId, slug: first.tenantSlug, name: first.tenantName, kind: first.tenantKind, timeZone: first.timeZone },
      displayName: first.displayName,
      phone: first.phone,
    },
  };
}
