import { eq, type SQLWrapper, sql } from 'drizzle-orm';
import { hazardPolicies } from '../../db/schema/index.ts';
import { jsonObject } from '../../platform/db/json.ts';
import type { Db } from '../../platform/db/types.ts';
import { DEFAULT_POLICY, type HazardPolicy } from '../hazards/policy.ts';

const storedFields = {
  respondHours: hazardPolicies.respondHours,
  rectifyDaysGeneral: hazardPolicies.rectifyDaysGeneral,
  rectifyDaysMajor: hazardPolicies.rectifyDaysMajor,
  escalationChain: hazardPolicies.escalationChain,
  escalationIntervalHours: hazardPolicies.escalationIntervalHours,
  maxFilesPerHazard: hazardPolicies.maxFilesPerHazard,
  version: hazardPolicies.version,
};
type StoredPolicy = HazardPolicy & { version: number };

/** The stored policy row of a tenant, with its version, or null when it still runs on the defaults. */
export async function loadStoredPolicy(tx: Db, tenantId: string): Promise<StoredPolicy | null> {
  const [row] = await tx.select(storedFields).from(hazardPolicies).where(eq(hazardPolicies.tenantId, tenantId));
  return row ?? null;
}

/**
 * The stored policy of the row's tenant as a JSON column (null: the defaults), so a read that
 * needs it anyway brings it along (`{ policy: storedPolicyColumn(hazards.tenantId) }`); hand
 * it to rememberPolicy.
 */
export const storedPolicyColumn = (tenantId: SQLWrapper) =>
  sql<StoredPolicy | null>`(select ${jsonObject(storedFields)} from ${hazardPolicies} where ${hazardPolicies.tenantId} = ${tenantId})`;

/**
 * Policies a transaction has read, by tenant: a transition and the answer after it ask twice, and
 * each ask is a round trip on Workers. Keyed by the transaction, which ends with its request; a
 * write of the policy forgets it (forgetPolicy).
 */
const read = new WeakMap<Db, Map<string, HazardPolicy>>();

/** The policy the hazard loop runs on for a tenant: its stored row, else DEFAULT_POLICY. */
export async function loadPolicy(tx: Db, tenantId: string): Promise<HazardPolicy> {
  return read.get(tx)?.get(tenantId) ?? rememberPolicy(tx, tenantId, await loadStoredPolicy(tx, tenantId));
}

/** The policy from a stored row the caller read (storedPolicyColumn), remembered for the rest of `tx`. */
export function rememberPolicy(tx: Db, tenantId: string, stored: StoredPolicy | null): HazardPolicy {
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
