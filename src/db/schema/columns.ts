import { integer, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './tenants.ts';

/** Primary key: random UUIDs, so ids reveal nothing about volume or order across tenants. */
export const id = () => uuid().primaryKey().defaultRandom();

/**
 * The owning district. Every table with this column gets RLS ENABLED + FORCED and the
 * tenant_isolation policy in a custom migration (see drizzle/*_tenancy.sql); a test fails otherwise.
 */
export const tenantId = () =>
  uuid()
    .notNull()
    .references(() => tenants.id, { onDelete: 'restrict' });

export const timestamps = () => ({
  // Millisecond precision: a JS Date holds no more, and keyset cursors must round-trip exactly.
  createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

/** Optimistic concurrency: every PATCH must present the version it read; stale → 409. */
export const version = () => integer().notNull().default(1);
