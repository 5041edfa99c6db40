import { auditEvents } from '../../db/schema/index.ts';
import type { Db } from '../db/types.ts';
import { storable } from '../text.ts';

export interface AuditEvent {
  tenantId: string | null;
  actorUserId?: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  status?: number;
  detail?: Record<string, unknown>;
}

/**
 * Where an audited action came from: a request (its id, which the caller also sees, and the
 * caller's address) or a scheduled job (`job:<name>`, no address). The writer needs nothing else
 * from HTTP, so a job writes its audit rows the same way a request does.
 */
export interface AuditOrigin {
  requestId: string | null;
  ip: string | null;
}

/** The origin of what a scheduled job does. */
export const jobOrigin = (job: string): AuditOrigin => ({ requestId: `job:${job}`, ip: null });

/** The detail with every string storable: an audit row records what was tried, so it must never fail on it. */
function storableDetail(value: unknown): unknown {
  if (typeof value === 'string') return storable(value);
  if (Array.isArray(value)) return value.map(storableDetail);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storable(k), storableDetail(v)]));
  }
  return value;
}

/** Appends one event. Call it inside the transaction of the change it records. */
export async function recordAudit(tx: Db, origin: AuditOrigin, event: AuditEvent): Promise<void> {
  await auditInsert(tx, origin, event);
}

/** recordAudit's INSERT, not yet sent: to go in one statement with the change it records (together). */
export function auditInsert(tx: Db, origin: AuditOrigin, event: AuditEvent) {
  return tx.insert(auditEvents).values({
    tenantId: event.tenantId,
    actorUserId: event.actorUserId ?? null,
    action: event.action,
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
    requestId: origin.requestId,
    ip: origin.ip,
    status: event.status ?? null,
    detail: event.detail ? (storableDetail(event.detail) as Record<string, unknown>) : null,
  });
}
