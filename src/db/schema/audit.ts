import { bigint, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './tenants.ts';

/**
 * Append-only audit trail: logins, failed logins, denied requests and every change. The app role is
 * granted INSERT and SELECT only (see the tenancy migration); nothing can rewrite history.
 * tenant_id is null only for events that belong to no known tenant (a login to an unknown slug).
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: uuid().references(() => tenants.id, { onDelete: 'restrict' }),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid(),
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    requestId: text(),
    ip: text(),
    status: integer(),
    detail: jsonb(),
  },
  (t) => [index().on(t.tenantId, t.at), index().on(t.targetType, t.targetId)],
);

/**
 * Failed-login counters, keyed by a hash of (tenant slug, username) and by client address. Not
 * tenant-owned: throttling must work the same whether the tenant exists or not (no enumeration).
 */
export const loginThrottle = pgTable('login_throttle', {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  windowStartedAt: timestamp({ withTimezone: true }).notNull(),
  lockedUntil: timestamp({ withTimezone: true }),
});
