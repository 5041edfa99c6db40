import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { ApiError, notFound } from '../errors.ts';
import type { Resource } from '../problems/resources.ts';
import type { Db } from './types.ts';

type VersionedTable = PgTable & { id: PgColumn; version: PgColumn; updatedAt: PgColumn };

/**
 * Optimistic concurrency for every PATCH: the update applies only if the row is in scope (`where`,
 * which must include the tenant) AND still at the version the client read. Otherwise 404 (not
 * visible) or 409 (someone changed it since).
 */
export async function updateVersioned<T extends VersionedTable>(
  tx: Db,
  table: T,
  where: SQL,
  version: number,
  values: Record<string, unknown>,
  resource: Resource,
): Promise<T['$inferSelect']> {
  const rows = (await tx
    .update(table)
    .set({ ...values, version: sql`${table.version} + 1`, updatedAt: sql`now()` } as never)
    .where(and(where, eq(table.version, version)))
    .returning()) as T['$inferSelect'][];
  if (rows[0]) return rows[0];
  const [current] = await tx
    .select({ version: table.version })
    .from(table as PgTable)
    .where(where);
  if (!current) throw notFound(resource);
  throw new ApiError('version_conflict', { params: { resource, current: Number(current.version) } });
}

/** Deletes one row in scope, or 404. Foreign keys that still point at it answer 409 (still_referenced). */
export async function deleteInScope<T extends PgTable & { id: PgColumn }>(tx: Db, table: T, where: SQL, resource: Resource) {
  const rows = await tx.delete(table).where(where).returning({ id: table.id });
  if (!rows.length) throw notFound(resource);
}
