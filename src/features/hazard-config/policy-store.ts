import { eq } from 'drizzle-orm';
import { hazardPolicies } from '../../db/schema/index.ts';
import type { Db } from '../../platform/db/types.ts';
import { DEFAULT_POLICY, type HazardPolicy } from '../hazards/policy.ts';

/** The stored policy row of a tenant, with its version, or null when it still runs on the defaults. */
export async function loadStoredPolicy(tx: Db, tenantId: string): Promise<(HazardPolicy & { version: number }) | null> {
  const [row] = await tx
    .select({
      respondHours: hazardPolicies.respondHours,
      rectifyDaysGeneral: hazardPolicies.rectifyDaysGeneral,
      rectifyDaysMajor: hazardPolicies.rectifyDaysMajor,
      escalationChain: hazardPolicies.escalationChain,
      escalationIntervalHours: hazardPolicies.escalationIntervalHours,
      maxFilesPerHazard: hazardPolicies.maxFilesPerHazard,
      version: hazardPolicies.version,
    })
    .from(hazardPolicies)
    .where(eq(hazardPolicies.tenantId, tenantId));
  return row ?? null;
}

/** The policy the hazard loop runs on for a tenant: its stored row, else DEFAULT_POLICY. */
export async function loadPolicy(tx: Db, tenantId: string): Promise<HazardPolicy> {
  const stored = await loadStoredPolicy(tx, tenantId);
  if (!stored) return DEFAULT_POLICY;
  const { version: _version, ...policy } = stored;
  return policy;
}
