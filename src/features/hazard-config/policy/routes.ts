import type { OpenAPIHono } from '@hono/zod-openapi';
import { and, eq, sql } from 'drizzle-orm';
import { hazardPolicies } from '../../../db/schema/index.ts';
import { tenantTimeZone } from '../../../platform/db/time-zone.ts';
import { ApiError } from '../../../platform/errors.ts';
import { auditChange } from '../../../platform/http/audit.ts';
import type { AppEnv } from '../../../platform/http/env.ts';
import { defineRoute, json, jsonBody } from '../../../platform/http/route.ts';
import { DEFAULT_POLICY } from '../../hazards/policy.ts';
import { forgetPolicy, loadStoredPolicy } from '../policy-store.ts';
import { HazardPolicyView, PutHazardPolicy } from './schemas.ts';

const tags = ['hazard-policy'];

const get = defineRoute({
  method: 'get',
  path: '/hazard-policy',
  operationId: 'getHazardPolicy',
  tags,
  summary: '隐患处置时限与升级策略 / The district’s deadlines and escalation chain (defaults if never saved)',
  permission: 'hazards.read',
  responses: { 200: json(HazardPolicyView, 'the policy in force') },
});

const put = defineRoute({
  method: 'put',
  path: '/hazard-policy',
  operationId: 'saveHazardPolicy',
  tags,
  summary: '保存隐患处置策略 / Save the policy (version 0 creates it; stale version → 409)',
  permission: 'hazards.configure',
  request: { body: jsonBody(PutHazardPolicy) },
  responses: { 200: json(HazardPolicyView, 'saved') },
  errors: ['version_conflict'],
});

const stale = (current: number) => new ApiError('version_conflict', { params: { resource: 'hazard_policy', current } });

export function registerHazardPolicyRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(get, async (c) => {
    const tx = c.get('tx');
    const { tenantId } = c.get('principal');
    const policy = (await loadStoredPolicy(tx, tenantId)) ?? { ...DEFAULT_POLICY, version: 0 };
    return c.json({ ...policy, escalationChain: [...policy.escalationChain], timeZone: await tenantTimeZone(tx, tenantId) }, 200);
  });

  app.openapi(put, async (c) => {
    const tx = c.get('tx');
    const { tenantId } = c.get('principal');
    const { version, ...values } = c.req.valid('json');
    let saved: { version: number } | undefined;
    if (version === 0) {
      // Create; a concurrent first save makes this one stale rather than overwriting it.
      [saved] = await tx
        .insert(hazardPolicies)
        .values({ tenantId, ...values })
        .onConflictDoNothing({ target: hazardPolicies.tenantId })
        .returning({ version: hazardPolicies.version });
    } else {
      [saved] = await tx
        .update(hazardPolicies)
        .set({ ...values, version: sql`${hazardPolicies.version} + 1`, updatedAt: sql`now()` })
        .where(and(eq(hazardPolicies.tenantId, tenantId), eq(hazardPolicies.version, version)))
        .returning({ version: hazardPolicies.version });
    }
    if (!saved) throw stale((await loadStoredPolicy(tx, tenantId))?.version ?? 0);
    forgetPolicy(tx, tenantId);
    await auditChange(c, 'hazard_policy.saved', { type: 'hazard_policy', id: tenantId }, { ...values, version: saved.version });
    return c.json({ ...values, version: saved.version, timeZone: await tenantTimeZone(tx, tenantId) }, 200);
  });
}
