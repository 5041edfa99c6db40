import { and, eq, inArray } from 'drizzle-orm';
import { assessmentScores, assessments } from '../../db/schema/index.ts';
import type { Principal } from '../../platform/authz/scope.ts';
import { listIn } from '../../platform/collections.ts';
import type { Db } from '../../platform/db/types.ts';
import { ApiError } from '../../platform/errors.ts';
import { addMonths, monthsOfQuarter, monthsUpTo } from './months.ts';
import { rankScores } from './rubric.ts';
import { unitVisibility } from './store.ts';
import type { UnitKind } from './vocabulary.ts';

/**
 * Rankings (排名) and trends from published months only: a draft under review is not a result. A
 * quarter (the property companies' quarterly notice) is the mean of its three published months,
 * and 0 when any month was vetoed; it exists once all three are published.
 */

interface PublishedScore {
  month: string;
  unitId: string;
  unitName: string;
  parentName: string | null;
  final: number | null;
  rank: number | null;
  vetoed: boolean;
  flags: number;
}

async function publishedScores(tx: Db, tenantId: string, kind: UnitKind, months: readonly string[]): Promise<PublishedScore[]> {
  const rows = await tx
    .select({
      month: assessments.month,
      unitId: assessmentScores.unitId,
      unitName: assessmentScores.unitName,
      parentName: assessmentScores.parentName,
      final: assessmentScores.final,
      rank: assessmentScores.rank,
      vetoed: assessmentScores.vetoed,
      flags: assessmentScores.flags,
    })
    .from(assessmentScores)
    .innerJoin(assessments, eq(assessments.id, assessmentScores.assessmentId))
    .where(
      and(
        eq(assessments.tenantId, tenantId),
        eq(assessments.status, 'published'),
        inArray(assessments.month, [...months]),
        eq(assessmentScores.unitKind, kind),
      ),
    );
  return rows.map((r) => ({ ...r, flags: r.flags.length }));
}

/** Which of these months the district has published (whatever kinds of unit they scored). */
async function publishedMonths(tx: Db, tenantId: string, months: readonly string[]): Promise<Set<string>> {
  const rows = await tx
    .selectDistinct({ month: assessments.month })
    .from(assessments)
    .where(and(eq(assessments.tenantId, tenantId), eq(assessments.status, 'published'), inArray(assessments.month, [...months])));
  return new Set(rows.map((r) => r.month));
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function quarterOf(rows: readonly PublishedScore[], months: readonly string[]): PublishedScore[] | null {
  const published = new Set(rows.map((r) => r.month));
  if (!months.every((m) => published.has(m))) return null;
  const byUnit = new Map<string, PublishedScore[]>();
  for (const r of rows) listIn(byUnit, r.unitId).push(r);
  const units = [...byUnit.values()].map((list) => {
    const last = list.reduce((a, b) => (a.month > b.month ? a : b));
    const scored = list.filter((r) => r.final !== null);
    const vetoed = list.some((r) => r.vetoed);
    const final = vetoed ? 0 : scored.length ? round2(scored.reduce((s, r) => s + (r.final as number), 0) / scored.length) : null;
    return { ...last, final, vetoed, rank: null as number | null, flags: list.reduce((s, r) => s + r.flags, 0) };
  });
  for (const [row, rank] of rankScores(units)) row.rank = rank;
  return units;
}

export async function ranking(
  tx: Db,
  principal: Principal,
  q: { kind: UnitKind; month?: string | undefined; quarter?: string | undefined; months: number },
) {
  const visible = await unitVisibility(tx, principal);
  let current: PublishedScore[];
  let previous: PublishedScore[];
  let period: string;
  let trendEnd: string;
  if (q.quarter) {
    const months = monthsOfQuarter(q.quarter);
    const prevMonths = months.map((m) => addMonths(m, -3));
    const rows = await publishedScores(tx, principal.tenantId, q.kind, [...prevMonths, ...months]);
    const now = quarterOf(
      rows.filter((r) => months.includes(r.month)),
      months,
    );
    if (now) current = now;
    else {
      // No rows of this kind for a month: unpublished, or published with no unit of the kind.
      const published = await publishedMonths(tx, principal.tenantId, months);
      const unpublished = months.filter((m) => !published.has(m));
      if (unpublished.length) throw new ApiError('ranking_quarter_incomplete', { params: { quarter: q.quarter, unpublished } });
      current = [];
    }
    previous =
      quarterOf(
        rows.filter((r) => prevMonths.includes(r.month)),
        prevMonths,
      ) ?? [];
    period = q.quarter;
    trendEnd = months[2]!;
  } else {
    const month = q.month!;
    const rows = await publishedScores(tx, principal.tenantId, q.kind, [addMonths(month, -1), month]);
    current = rows.filter((r) => r.month === month);
    previous = rows.filter((r) => r.month !== month);
    period = month;
    trendEnd = month;
  }
  const before = new Map(previous.map((r) => [r.unitId, r]));
  const items = current
    .filter((r) => visible(r.unitId, q.kind))
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.unitName.localeCompare(b.unitName, 'zh-CN'))
    .map((r) => {
      const p = before.get(r.unitId);
      return {
        unitId: r.unitId,
        unitName: r.unitName,
        parentName: r.parentName,
        final: r.final,
        rank: r.rank,
        vetoed: r.vetoed,
        flags: r.flags,
        previousFinal: p?.final ?? null,
        previousRank: p?.rank ?? null,
        change: r.final !== null && p?.final != null ? round2(r.final - p.final) : null,
      };
    });
  const months = monthsUpTo(trendEnd, q.months);
  const history = new Map((await publishedScores(tx, principal.tenantId, q.kind, months)).map((h) => [`${h.month}:${h.unitId}`, h.final]));
  const series = items.map((item) => ({
    unitId: item.unitId,
    unitName: item.unitName,
    values: months.map((m) => history.get(`${m}:${item.unitId}`) ?? null),
  }));
  return { kind: q.kind, period, published: true, items, trend: { months, series } };
}
