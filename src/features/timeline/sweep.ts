import { inTenant } from '../../platform/db/tenancy.ts';
import type { DatabaseProvider, Db } from '../../platform/db/types.ts';
import { ApiError } from '../../platform/errors.ts';
import { loadPolicy } from '../hazard-config/policy-store.ts';
import { ESCALATION_LEVEL_LABELS, type HazardPolicy } from '../hazards/policy.ts';
import { activeDistricts, type District } from '../tenants/districts.ts';

export interface SweepResult {
  tenants: number;
  /** Hazards or tasks raised at least one level. */
  items: number;
  events: number;
  /** Left for the next run: someone was acting on them at the same moment. */
  conflicts: number;
  failures: number;
}

/** What the sweep needs of one kind of subject (hazards, tasks). */
export interface Escalating<Row extends { escalationLevel: number; version: number; chainHead: string }> {
  what: string;
  /** The district's subjects below the level their lateness has earned: one query, so an idle run is cheap. */
  due(tx: Db, district: District, policy: HazardPolicy, now: Date): Promise<{ id: string }[]>;
  load(tx: Db, district: District, id: string): Promise<Row | undefined>;
  /** The level the subject has earned at `now`. */
  earned(row: Row, policy: HazardPolicy, now: Date): number;
  /** Records one `escalate` step as the system; returns the new chain head. */
  escalate(tx: Db, row: Row, note: string, district: District, policy: HazardPolicy, now: Date): Promise<string>;
}

/**
 * The escalation sweep (跟踪督办), one mechanism for hazards and tasks: every overdue subject of
 * every active district is raised to the level its lateness has earned, one recorded `escalate`
 * event per level, by the system. Each subject goes in its own transaction, guarded by its version
 * like any user action, so one being worked on right now is simply left for the next run, and one
 * that fails is logged without stopping the others. Running it twice changes nothing the second time.
 */
export async function runSweep<Row extends { escalationLevel: number; version: number; chainHead: string }>(
  provider: DatabaseProvider,
  now: Date,
  logError: (message: string, error: unknown) => void,
  kind: Escalating<Row>,
): Promise<SweepResult> {
  const handle = provider.acquire();
  const result: SweepResult = { tenants: 0, items: 0, events: 0, conflicts: 0, failures: 0 };
  try {
    const districts = await activeDistricts(provider, handle.db);
    for (const district of districts) {
      result.tenants++;
      const { policy, due } = await inTenant(provider, handle.db, district.id, async (tx) => {
        const policy = await loadPolicy(tx, district.id);
        return { policy, due: await kind.due(tx, district, policy, now) };
      });
      for (const { id } of due) {
        try {
          const events = await inTenant(provider, handle.db, district.id, async (tx) => {
            let row = await kind.load(tx, district, id);
            if (!row) return 0;
            let written = 0;
            const target = kind.earned(row, policy, now);
            while (row.escalationLevel < target) {
              const level: number = row.escalationLevel + 1;
              const name = policy.escalationChain[level - 1] ?? '';
              const note = `逾期自动升级至${ESCALATION_LEVEL_LABELS[name] ?? name} / overdue: escalated to ${name}`;
              const head = await kind.escalate(tx, row, note, district, policy, now);
              row = { ...row, escalationLevel: level, version: row.version + 1, chainHead: head };
              written++;
            }
            return written;
          });
          if (events) result.items++;
          result.events += events;
        } catch (error) {
          if (error instanceof ApiError && (error.code === 'version_conflict' || error.code === 'concurrent_update')) result.conflicts++;
          else {
            result.failures++;
            logError(`escalation of ${kind.what} ${id} failed`, error);
          }
        }
      }
    }
    return result;
  } finally {
    await handle.release();
  }
}
