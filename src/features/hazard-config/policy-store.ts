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

/**
 * Policies a transaction has read, by tenant: a transition and the answer after it ask twice, and
 * each ask is a round trip on Workers. Keyed by the transaction, which ends with its request; a
 * write of the policy forgets it (forgetPolicy).
 */
const read = new WeakMap<Db, Map<string, HazardPolicy>>();

/** The policy the hazard loop runs on for a tenant: its stored row, else DEFAULT_POLICY. */
export async function loadPolicy(tx: Db, tenantId: string): Promise<HazardPolicy> {
  const known = read.get(tx)?.get(tenantId);
  if (known) return known;
  const stored = await loadStoredPolicy(tx, tenantId);
  const { version: _version, ...policy } = stored ?? { ...DEFAULT_POLICY, version: 0 };
  const policies = read.get(tx) ?? new Map<string, HazardPolicy>();
  policies.set(tenantId, policy);
  read.set(tx, policies);
  return policy;
}

/** After a write of the tenant's policy: the next loadPolicy in `tx` reads it again. */
export function forgetPolicy(tx: Db, tenantId: string): void {
  read.get(tx)?.delete(tenantId);
}
