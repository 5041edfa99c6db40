import type { Context } from 'hono';
import { auditEvents } from '../../db/schema/index.ts';
import type { Db } from '../db/types.ts';
import type { AppEnv } from '../http/env.ts';

export interface AuditEvent {
  tenantId: string | null;
  actorUserId?: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  status?: number;
  detail?: Record<string, unknown>;
}

/** Appends one event. Call it inside the transaction of the change it records. */
export async function recordAudit(tx: Db, c: Context<AppEnv>, event: AuditEvent): Promise<void> {
  await tx.insert(auditEvents).values({
    tenantId: event.tenantId,
    actorUserId: event.actorUserId ?? null,
    action: event.action,
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
    requestId: c.get('requestId'),
    ip: c.get('clientIp') ?? null,
    status: event.status ?? null,
    detail: event.detail ?? null,
  });
}

/** The audit event of a change made by the signed-in principal, in its request transaction. */
export function auditChange(
  c: Context<AppEnv>,
  action: string,
  target: { type: string; id: string },
  detail?: Record<string, unknown>,
): Promise<void> {
  const principal = c.get('principal');
  return recordAudit(c.get('tx'), c, {
    tenantId: principal.tenantId,
    actorUserId: principal.userId,
    action,
    targetType: target.type,
    targetId: target.id,
    ...(detail ? { detail } : {}),
  });
}
