import { TZDate } from '@date-fns/tz';
import { and, asc, eq } from 'drizzle-orm';
import { assessmentAdjustments, assessmentScores, assessments, tenants } from '../db/schema/index.ts';
import { addAdjustment } from '../features/assessments/adjustments.ts';
import { computeMonth } from '../features/assessments/compute.ts';
import { monthsUpTo, previousMonth } from '../features/assessments/months.ts';
import { publishMonth } from '../features/assessments/publish.ts';
import type { AdjustmentKind, UnitKind } from '../features/assessments/vocabulary.ts';
import { periodAt, periodOfKey } from '../features/duties/recurrence.ts';
import { inTenant } from '../platform/db/tenancy.ts';
import type { DatabaseProvider, Db } from '../platform/db/types.ts';
import type { ObjectStore } from '../platform/storage/object-store.ts';
import { photo, principalOf } from './support.ts';

/**
 * Issue 6's demo data: each demo district's monthly assessment (月度考核) as its committee would
 * have run it. The last six full months, oldest first (so each month's jump flags have the month
 * before), computed a couple of days after the month ended by the committee staff, adjusted where
 * something happened that the figures do not show (a community's drill, a fire), and published by
 * the committee admin, which sends the district's score to the demo-city oversight office; then
 * the current month computed as a draft, under review. Through the same functions as the routes
 * (computeMonth, addAdjustment, publishMonth), so it holds what the API would hold. Idempotent: a
 * district with any assessment is left alone.
 */

const MONTHS = 6;

interface DemoAdjustment {
  /** Months before the current one (1 = last month). */
  monthsAgo: number;
  kind: UnitKind;
  /** Which unit of its kind, in the order of the month's ranking (0 = first, -1 = last). */
  pick: number;
  adjustment: AdjustmentKind;
  points: number;
  reason: string;
  /** A photo of what happened, attached as the adjustment's evidence. */
  photo?: string;
}

/** One or two things per district that a committee would weigh besides the figures. */
const ADJUSTMENTS: Record<string, DemoAdjustment[]> = {
  'demo-a': [
    {
      monthsAgo: 4,
      kind: 'community',
      pick: -1,
      adjustment: 'bonus',
      points: 3,
      reason: '组织高层住宅消防疏散演练，居民参与 200 余人，经区消安委办公室现场观摩认定',
      photo: '疏散演练现场.png',
    },
    {
      monthsAgo: 2,
      kind: 'company',
      pick: 0,
      adjustment: 'deduction',
      points: 5,
      reason: '暗访发现消防控制室夜间仅 1 人值班且值班记录补写，责令限期整改',
    },
  ],
  'demo-b': [
    {
      monthsAgo: 3,
      kind: 'street',
      pick: 0,
      adjustment: 'deduction',
      points: 4,
      reason: '辖区沿街商铺发生一般火灾 1 起（无人员伤亡），暴露出“九小场所”排查不到位',
    },
    {
      monthsAgo: 1,
      kind: 'community',
      pick: 1,
      adjustment: 'bonus',
      points: 2,
      reason: '建成微型消防站并开展夜间拉动演练，响应时间 3 分钟内',
      photo: '微型消防站演练.png',
    },
  ],
};

/** A wall-clock moment `days` days after the month ended, at `hour` local, never later than `limit`. */
function afterMonthEnd(month: string, timeZone: string, days: number, hour: number, limit: Date): Date {
  const end = new TZDate(periodOfKey('monthly', month, timeZone).endsAt.getTime(), timeZone);
  const at = new TZDate(end.getFullYear(), end.getMonth(), end.getDate() + days, hour, 0, timeZone);
  return new Date(Math.min(at.getTime(), limit.getTime()));
}

export interface DemoAssessmentCounts {
  published: number;
  drafts: number;
  adjustments: number;
}

export async function seedDemoAssessments(
  provider: DatabaseProvider,
  db: Db,
  store: ObjectStore,
  now: Date,
): Promise<DemoAssessmentCounts> {
  const districts = await inTenant(provider, db, null, (tx) =>
    tx
      .select({ id: tenants.id, slug: tenants.slug, timeZone: tenants.timeZone })
      .from(tenants)
      .where(eq(tenants.kind, 'district'))
      .orderBy(tenants.slug),
  );
  const counts: DemoAssessmentCounts = { published: 0, drafts: 0, adjustments: 0 };
  for (const district of districts) {
    const seeded = await inTenant(provider, db, district.id, async (tx) => {
      const [any] = await tx.select({ id: assessments.id }).from(assessments).where(eq(assessments.tenantId, district.id)).limit(1);
      return Boolean(any);
    });
    if (seeded) continue;
    const current = periodAt('monthly', now, district.timeZone).key;
    const planned = ADJUSTMENTS[district.slug] ?? [];

    for (const [i, month] of monthsUpTo(previousMonth(current), MONTHS).entries()) {
      // Computed on the 2nd of the next month, adjusted the day after, published on the 5th (or
      // as soon as the seed's clock allows, for last month early in this one).
      const computedAt = afterMonthEnd(month, district.timeZone, 1, 9, now);
      const adjustedAt = afterMonthEnd(month, district.timeZone, 2, 15, now);
      const publishedAt = afterMonthEnd(month, district.timeZone, 4, 10, now);
      const monthsAgo = MONTHS - i;
      await inTenant(provider, db, district.id, async (tx) => {
        const staff = await principalOf(tx, district.id, 'committee_staff');
        const admin = await principalOf(tx, district.id, 'committee_admin');
        const { assessmentId } = await computeMonth(tx, district.id, month, computedAt, {
          userId: staff.userId,
          note: `${month} 月度考核`,
        });
        for (const a of planned.filter((x) => x.monthsAgo === monthsAgo)) {
          const units = await tx
            .select({ unitId: assessmentScores.unitId })
            .from(assessmentScores)
            .where(and(eq(assessmentScores.assessmentId, assessmentId), eq(assessmentScores.unitKind, a.kind)))
            .orderBy(asc(assessmentScores.rank), asc(assessmentScores.unitName));
          const unit = units.at(a.pick);
          if (!unit) continue;
          const evidenceIds = a.photo ? [await photo(tx, store, district.id, staff.userId, adjustedAt, [230, 120, 40], a.photo)] : [];
          const { id } = await addAdjustment(tx, staff, month, {
            unitId: unit.unitId,
            kind: a.adjustment,
            points: a.points,
            reason: a.reason,
            evidenceIds,
          });
          // Made the day after computing, not at the seed's run.
          await tx.update(assessmentAdjustments).set({ createdAt: adjustedAt }).where(eq(assessmentAdjustments.id, id));
          counts.adjustments++;
        }
        const [reviewed] = await tx
          .select({ revision: assessments.revision, version: assessments.version })
          .from(assessments)
          .where(eq(assessments.id, assessmentId));
        await publishMonth(tx, district.id, month, reviewed!, admin.userId, publishedAt);
        counts.published++;
      });
    }

    // The month under way: a draft as of now, for the committee to look at.
    await inTenant(provider, db, district.id, async (tx) => {
      const staff = await principalOf(tx, district.id, 'committee_staff');
      await computeMonth(tx, district.id, current, now, { userId: staff.userId, note: `${current} 月度考核（进行中）` });
      counts.drafts++;
    });
  }
  return counts;
}
