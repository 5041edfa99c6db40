import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { hazardCategories, hazards, lookbackItems, lookbacks, orgUnits, users } from '../../../db/schema/index.ts';
import type { Db } from '../../../platform/db/types.ts';
import { keyset } from '../../../platform/http/pagination.ts';
import type { LookbackCriteria, LookbackResult } from './schemas.ts';

const summaryColumns = {
  id: lookbacks.id,
  title: lookbacks.title,
  criteria: lookbacks.criteria,
  createdBy: lookbacks.createdBy,
  createdByName: users.displayName,
  createdAt: lookbacks.createdAt,
};

type Counts = Record<'total' | LookbackResult, number>;

/** Items per result for each look-back, in one grouped query. */
async function countsOf(tx: Db, tenantId: string, ids: string[]): Promise<Map<string, Counts>> {
  const out = new Map<string, Counts>(ids.map((id) => [id, { total: 0, pending: 0, confirmed: 0, rebound: 0 }]));
  if (!ids.length) return out;
  const rows = await tx
    .select({ lookbackId: lookbackItems.lookbackId, result: lookbackItems.result, n: sql<number>`count(*)::int` })
    .from(lookbackItems)
    .where(and(eq(lookbackItems.tenantId, tenantId), inArray(lookbackItems.lookbackId, ids)))
    .groupBy(lookbackItems.lookbackId, lookbackItems.result);
  for (const r of rows) {
    const counts = out.get(r.lookbackId)!;
    counts[r.result] += r.n;
    counts.total += r.n;
  }
  return out;
}

const summaries = (
  rows: { id: string; title: string; criteria: unknown; createdBy: string; createdByName: string; createdAt: Date }[],
  counts: Map<string, Counts>,
) =>
  rows.map((r) => ({
    id: r.id,
    title: r.title,
    criteria: r.criteria as LookbackCriteria,
    createdBy: r.createdBy,
    createdByName: r.createdByName,
    createdAt: r.createdAt.toISOString(),
    counts: counts.get(r.id)!,
  }));

/** A page of the tenant's look-backs, newest first, with their progress. */
export async function listLookbacks(tx: Db, tenantId: string, query: { limit: number; cursor?: string | undefined }) {
  const ks = keyset(lookbacks.createdAt, lookbacks.id, { ...query, order: 'desc' });
  const rows = await tx
    .select({ ...summaryColumns, total: ks.total })
    .from(lookbacks)
    .innerJoin(users, eq(users.id, lookbacks.createdBy))
    .where(and(eq(lookbacks.tenantId, tenantId), ks.where))
    .orderBy(...ks.orderBy)
    .limit(query.limit + 1);
  const page = ks.page(rows, (r) => r.createdAt.toISOString());
  const counts = await countsOf(
    tx,
    tenantId,
    page.items.map((r) => r.id),
  );
  return { items: summaries(page.items, counts), nextCursor: page.nextCursor, total: page.total };
}

/** One look-back with every drawn hazard and its re-check, or null when not in the tenant. */
export async function loadLookback(tx: Db, tenantId: string, id: string) {
  const [row] = await tx
    .select(summaryColumns)
    .from(lookbacks)
    .innerJoin(users, eq(users.id, lookbacks.createdBy))
    .where(and(eq(lookbacks.tenantId, tenantId), eq(lookbacks.id, id)));
  if (!row) return null;
  const items = await tx
    .select({
      hazardId: lookbackItems.hazardId,
      number: hazards.number,
      categoryName: hazardCategories.name,
      orgUnitName: orgUnits.name,
      closedAt: hazards.closedAt,
      result: lookbackItems.result,
      checkedBy: lookbackItems.checkedBy,
      checkedAt: lookbackItems.checkedAt,
      note: lookbackItems.note,
    })
    .from(lookbackItems)
    .innerJoin(hazards, eq(hazards.id, lookbackItems.hazardId))
    .innerJoin(hazardCategories, eq(hazardCategories.id, hazards.categoryId))
    .innerJoin(orgUnits, eq(orgUnits.id, hazards.orgUnitId))
    .where(and(eq(lookbackItems.tenantId, tenantId), eq(lookbackItems.lookbackId, id)))
    .orderBy(asc(hazards.number));
  const [summary] = summaries([row], await countsOf(tx, tenantId, [id]));
  return {
    ...summary!,
    items: items.map((i) => ({
      ...i,
      closedAt: i.closedAt?.toISOString() ?? null,
      checkedAt: i.checkedAt?.toISOString() ?? null,
    })),
  };
}
