import { and, eq } from 'drizzle-orm';
import { assessments } from '../../db/schema/index.ts';
import { jobOrigin, recordAudit } from '../../platform/audit/audit.ts';
import { inTenant } from '../../platform/db/tenancy.ts';
import type { DatabaseProvider } from '../../platform/db/types.ts';
import { periodAt, periodOfKey } from '../duties/recurrence.ts';
import { activeDistricts } from '../tenants/districts.ts';
import { computeMonth } from './compute.ts';
import { previousMonth } from './months.ts';

export interface DraftRunResult {
  tenants: number;
  computed: number;
  failures: number;
}

/**
 * The scheduled job: once a district's month has ended (in its own calendar), compute its draft
 * for the committee to review — unless the month already has a complete draft or a published
 * revision. A draft computed on demand before the month ended is recomputed, since it stopped
 * short of the month's end. One transaction per district; a failure is logged and retried next run.
 */
export async function computeEndedMonthDrafts(
  provider: DatabaseProvider,
  now: Date,
  logError: (message: string, error: unknown) => void,
): Promise<DraftRunResult> {
  const handle = provider.acquire();
  const result: DraftRunResult = { tenants: 0, computed: 0, failures: 0 };
  try {
    for (const district of await activeDistricts(provider, handle.db)) {
      result.tenants++;
      const month = previousMonth(periodAt('monthly', now, district.timeZone).key);
      const endsAt = periodOfKey('monthly', month, district.timeZone).endsAt;
      try {
        const computed = await inTenant(provider, handle.db, district.id, async (tx) => {
          const revisions = await tx
            .select({ status: assessments.status, asOf: assessments.asOf })
            .from(assessments)
            .where(and(eq(assessments.tenantId, district.id), eq(assessments.month, month)));
          const complete = revisions.some((r) => r.status !== 'draft' || r.asOf.getTime() === endsAt.getTime());
          if (complete) return false;
          const made = await computeMonth(tx, district.id, month, now, { userId: null });
          await recordAudit(tx, jobOrigin('assessment-drafts'), {
            tenantId: district.id,
            action: made.created ? 'assessment.revision_created' : 'assessment.recomputed',
            targetType: 'assessment',
            targetId: made.assessmentId,
            detail: { month, revision: made.revision, by: 'scheduled job' },
          });
          return true;
        });
        if (computed) result.computed++;
      } catch (error) {
        result.failures++;
        logError(`assessment draft of ${month} for district ${district.id} failed`, error);
      }
    }
    return result;
  } finally {
    await handle.release();
  }
}
