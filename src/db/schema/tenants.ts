import { type AnyPgColumn, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * A tenant is a realm that people log into with its slug:
 * - district: a 区消防安全委员会, the owner of all registry and work data;
 * - oversight: a city/provincial 消安委 office over the districts whose parent it is;
 * - platform: the operators of firegrid itself.
 * Not tenant-owned itself (no tenant_id): the app role may read it to resolve a login slug.
 */
export const tenantKind = pgEnum('tenant_kind', ['district', 'oversight', 'platform']);
export const tenantStatus = pgEnum('tenant_status', ['active', 'suspended']);

export const tenants = pgTable('tenants', {
  id: uuid().primaryKey().defaultRandom(),
  slug: text().notNull().unique(),
  name: text().notNull(),
  kind: tenantKind().notNull(),
  parentId: uuid().references((): AnyPgColumn => tenants.id, { onDelete: 'restrict' }),
  timeZone: text().notNull().default('Asia/Shanghai'),
  status: tenantStatus().notNull().default('active'),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
