import { and, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import { hazards, orgUnits } from '../../../db/schema/index.ts';
import type { Db } from '../../../platform/db/types.ts';

export interface SampleCriteria {
  tenantId: string;
  start: Date;
  end: Date;
  /** The materialised path of the area; null for the whole district. */
  orgUnitPath: string | null;
  categoryId: string | null;
  size?: number | undefined;
  percent?: number | undefined;
}

/** How many to draw: `size` capped at the population, or `percent` of it rounded up (at least one). */
export function sampleSize(population: number, pick: { size?: number | undefined; percent?: number | undefined }): number {
  if (pick.size !== undefined) return Math.min(pick.size, population);
  return Math.ceil((population * (pick.percent ?? 0)) / 100);
}

/**
 * A uniformly random sample of the hazards closed as fixed (已整改销号) within [start, end] in the
 * area and category: only those count as rectified, so only those can rebound (反弹回潮).
 */
export async function drawSample(tx: Db, c: SampleCriteria): Promise<{ population: number; hazards: { id: string; number: string }[] }> {
  const where: SQL = and(
    eq(hazards.tenantId, c.tenantId),
    eq(hazards.state, 'closed'),
    eq(hazards.outcome, 'fixed'),
    gte(hazards.closedAt, c.start),
    lte(hazards.closedAt, c.end),
    c.categoryId ? eq(hazards.categoryId, c.categoryId) : undefined,
    c.orgUnitPath
      ? sql`${hazards.orgUnitId} in (select ${orgUnits.id} from ${orgUnits}
          where ${orgUnits.tenantId} = ${c.tenantId} and ${orgUnits.path} like ${`${c.orgUnitPath}%`})`
      : undefined,
  )!;
  const [counted] = await tx.select({ n: sql<number>`count(*)::int` }).from(hazards).where(where);
  const population = counted!.n;
  const n = sampleSize(population, c);
  if (n === 0) return { population, hazards: [] };
  const drawn = await tx.select({ id: hazards.id, number: hazards.number }).from(hazards).where(where).orderBy(sql`random()`).limit(n);
  drawn.sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0));
  return { population, hazards: drawn };
}
