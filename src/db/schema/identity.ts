import { sql } from 'drizzle-orm';
import { check, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ROLES } from '../../platform/authz/roles.ts';
import { id, tenantId, timestamps, version } from './columns.ts';
import { companies, departments, orgUnits } from './registry.ts';

export const userStatus = pgEnum('user_status', ['active', 'disabled']);
export const role = pgEnum('role', ROLES);

export const users = pgTable(
  'users',
  {
    id: id(),
    tenantId: tenantId(),
    username: text().notNull(),
    displayName: text().notNull(),
    phone: text(),
    status: userStatus().notNull().default('active'),
    /** PHC-style string: algorithm and parameters travel with each hash (see platform/auth/password.ts). */
    passwordHash: text().notNull(),
    version: version(),
    ...timestamps(),
  },
  (t) => [uniqueIndex('users_tenant_username_uq').on(t.tenantId, t.username), index().on(t.tenantId)],
);

/**
 * One row per role a user holds, with the scope it holds it in. A scope is at most one of: an org
 * unit (the subtree below it), a department, a property company. No scope = the whole tenant.
 */
export const roleAssignments = pgTable(
  'role_assignments',
  {
    id: id(),
    tenantId: tenantId(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: role().notNull(),
    orgUnitId: uuid().references(() => orgUnits.id, { onDelete: 'restrict' }),
    departmentId: uuid().references(() => departments.id, { onDelete: 'restrict' }),
    companyId: uuid().references(() => companies.id, { onDelete: 'restrict' }),
    createdAt: timestamps().createdAt,
  },
  (t) => [
    index().on(t.tenantId),
    index().on(t.userId),
    index().on(t.orgUnitId),
    index().on(t.departmentId),
    index().on(t.companyId),
    check('role_assignments_one_scope', sql`num_nonnulls(${t.orgUnitId}, ${t.departmentId}, ${t.companyId}) <= 1`),
  ],
);

/** A login session = one refresh-token family. Revoking it ends every token of the family at once. */
export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    tenantId: tenantId(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    revokeReason: text(),
  },
  (t) => [index().on(t.tenantId), index().on(t.userId)],
);

/** Refresh tokens are stored as SHA-256 hashes; a token is used once, then replaced. */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: id(),
    tenantId: tenantId(),
    sessionId: uuid()
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    tokenHash: text().notNull().unique(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    usedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.tenantId), index().on(t.sessionId)],
);
