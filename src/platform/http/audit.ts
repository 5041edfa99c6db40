import type { Context } from 'hono';
import { type AuditOrigin, recordAudit } from '../audit/audit.ts';
import type { AppEnv } from './env.ts';

/** The origin of what a request does: its id and the caller's address. */
export const requestOrigin = (c: Context<AppEnv>): AuditOrigin => ({ requestId: c.get('requestId'), ip: c.get('clientIp') ?? null });

/** The audit event of a change made by the signed-in principal, in its request transaction. */
export function auditChange(
  c: Context<AppEnv>,
  action: string,
  target: { type: string; id: string },
  detail?: Record<string, unknown>,
): Promise<void> {
  const principal = c.get('principal');
  return recordAudit(c.get('tx'), requestOrigin(c), {
    tenantId: principal.tenantId,
    actorUserId: principal.userId,
    action,
    targetType: target.type,
    targetId: target.id,
    ...(detail ? { detail } : {}),
  });
}
