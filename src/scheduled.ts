import { computeEndedMonthDrafts } from './features/assessments/drafts.ts';
import { forgetQuietThrottles } from './features/auth/throttle-cleanup.ts';
import { generateDuties } from './features/duties/generate.ts';
import { cleanupEvidence } from './features/evidence/cleanup.ts';
import { runEscalationSweep } from './features/hazards/escalation.ts';
import { generatePlannedInspections } from './features/inspections/generate.ts';
import { runTaskEscalationSweep } from './features/tasks/escalation.ts';
import type { AppDeps } from './platform/http/env.ts';
import { forgetOldIdempotencyKeys } from './platform/http/idempotency-cleanup.ts';

/**
 * Every periodic job, in one place: run by the Workers cron trigger (wrangler.toml) and by the Node
 * host's timer. Each job is idempotent, so overlapping or repeated runs change nothing twice; one
 * job failing does not stop the others.
 */
export async function runScheduledJobs(deps: Pick<AppDeps, 'database' | 'evidence' | 'logError'>, now: Date) {
  const jobs = {
    escalation: () => runEscalationSweep(deps.database, now, deps.logError),
    taskEscalation: () => runTaskEscalationSweep(deps.database, now, deps.logError),
    duties: () => generateDuties(deps.database, now, deps.logError),
    plannedInspections: () => generatePlannedInspections(deps.database, now, deps.logError),
    assessmentDrafts: () => computeEndedMonthDrafts(deps.database, now, deps.logError),
    evidenceCleanup: () => cleanupEvidence(deps.database, deps.evidence, now),
    throttleCleanup: () => forgetQuietThrottles(deps.database, now),
    idempotencyCleanup: () => forgetOldIdempotencyKeys(deps.database, now),
  };
  const results: Record<string, unknown> = {};
  for (const [name, job] of Object.entries(jobs)) {
    try {
      results[name] = await job();
    } catch (error) {
      deps.logError(`scheduled job ${name} failed`, error);
      results[name] = { failed: true };
    }
  }
  return results;
}
