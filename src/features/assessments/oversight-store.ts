import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../platform/db/types.ts';
import type { DistrictAggregates } from './district-score.ts';
import { previousMonth } from './months.ts';
import type { IndicatorScore } from './rubric.ts';

/**
 * What an oversight office reads: the current published district scores of its jurisdiction.
 * The code names the jurisdiction itself (firegrid_jurisdiction of the office, the districts below
 * it) and reads only district_scores, the one table an oversight policy opens; the database's
 * oversight_read policy would hold the same line if this query forgot it.
 */

export interface DistrictScoreRow {
  tenantId: string;
  name: string;
  slug: string;
  month: string;
  revision: number;
  score: number | null;
  indicators: IndicatorScore[];
  aggregates: DistrictAggregates;
  publishedAt: Date;
}

const inJurisdiction = (officeId: string) => sql`ds.tenant_id in (select firegrid_jurisdiction(${officeId}::uuid))`;

export async function districtScores(tx: Db, officeId: string, months: readonly string[]): Promise<DistrictScoreRow[]> {
  if (!months.length) return [];
  const rows = await queryRows<DistrictScoreRow>(
    tx,
    sql`select ds.tenant_id as "tenantId", t.name, t.slug, ds.month, ds.revision, ds.score, ds.indicators, ds.aggregates, ds.published_at as "publishedAt"
        from district_scores ds join tenants t on t.id = ds.tenant_id
        where ${inJurisdiction(officeId)} and ds.current and ds.month in (${sql.join(
          months.map((m) => sql`${m}`),
          sql`, `,
        )})
        order by ds.month, ds.score desc nulls last, t.name`,
  );
  return rows.map((r) => ({ ...r, publishedAt: new Date(r.publishedAt) }));
}

export async function jurisdictionDistricts(tx: Db, officeId: string): Promise<{ tenantId: string; name: string; slug: string }[]> {
  return queryRows(
    tx,
    sql`select t.id as "tenantId", t.name, t.slug from tenants t
        where t.kind = 'district' and t.id in (select firegrid_jurisdiction(${officeId}::uuid)) order by t.name`,
  );
}

export interface RankedDistrict extends DistrictScoreRow {
  rank: number | null;
  previousScore: number | null;
  change: number | null;
}

/** The month's ranking of the jurisdiction's districts, with the change against the month before. */
export async function rankDistricts(
  tx: Db,
  officeId: string,
  month: string,
): Promise<{ ranked: RankedDistrict[]; unpublished: { tenantId: string; name: string }[] }> {
  const rows = await districtScores(tx, officeId, [previousMonth(month), month]);
  const previous = new Map(rows.filter((r) => r.month !== month).map((r) => [r.tenantId, r.score]));
  const current = rows.filter((r) => r.month === month);
  let rank = 0;
  let last: number | null = null;
  const ranked = current.map((r, i) => {
    if (r.score !== null && r.score !== last) rank = i + 1;
    last = r.score;
    const before = previous.get(r.tenantId) ?? null;
    return {
      ...r,
      rank: r.score === null ? null : rank,
      previousScore: before,
      change: r.score !== null && before !== null ? Math.round((r.score - before) * 100) / 100 : null,
    };
  });
  const published = new Set(current.map((r) => r.tenantId));
  const unpublished = (await jurisdictionDistricts(tx, officeId))
    .filter((d) => !published.has(d.tenantId))
    .map(({ tenantId, name }) => ({ tenantId, name }));
  return { ranked, unpublished };
}
