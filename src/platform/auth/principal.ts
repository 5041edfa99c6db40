import { and, eq, gt, isNull } from 'drizzle-orm';
import { orgUnits, roleAssignments, sessions, users } from '../../db/schema/index.ts';
import type { Assignment, Principal } from '../authz/scope.ts';
import type { Db } from '../db/types.ts';
import type { AccessClaims } from './jwt.ts';

/**
 * Loads who is calling, fresh on every request: the session must be live and the user active, so
 * logging out or disabling a user ends access at once, not when the token expires. Roles are read
 * here, not from the token, for the same reason. One query; RLS already limits it to the tenant.
 */
export async function loadPrincipal(tx: Db, claims: AccessClaims, now: Date): Promise<Principal | null> {
  const rows = await tx
    .select({
      username: users.username,
      role: roleAssignments.role,
      orgUnitId: roleAssignments.orgUnitId,
      orgUnitPath: orgUnits.path,
      departmentId: roleAssignments.departmentId,
      companyId: roleAssignments.companyId,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
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
    userId: claims.userId,
    tenantId: claims.tenantId,
    sessionId: claims.sessionId,
    username: first.username,
    assignments,
  };
}
