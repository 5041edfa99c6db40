import type { OpenAPIHono } from '@hono/zod-openapi';
import { and, sql } from 'drizzle-orm';
import { hazards } from '../../db/schema/index.ts';
import { tenantTimeZone } from '../../platform/db/time-zone.ts';
import type { AppEnv } from '../../platform/http/env.ts';
import { keyset } from '../../platform/http/pagination.ts';
import { defineRoute, IdParam, json, jsonBody } from '../../platform/http/route.ts';
import { ATTACH_ERRORS } from '../evidence/attach.ts';
import { rememberPolicy, storedPolicyColumn } from '../hazard-config/policy-store.ts';
import { registerTimelineRoutes, registerWorkflowRoute } from '../timeline/routes.ts';
import { actorContext } from './actor.ts';
import { listFilters } from './list.ts';
import { CreateHazard, Hazard, HazardDetail, HazardListQuery, HazardPage, TransitionRequest } from './schemas.ts';
import { hazardInScope } from './scope-sql.ts';
import { createHazard, snapshotOf, transitionAsCaller, visibleHazard } from './service.ts';
import { evidenceColumn, partiesColumn, pendingLookbacksColumn, presentHazard, selectHazards } from './store.ts';
import { availableActions, REFUSALS, WORKFLOW } from './workflow.ts';
import { workflowTable } from './workflow-doc.ts';

const tags = ['hazards'];

/** The refusals of the pure workflow (workflow.ts) and the checks the service adds around it (service.ts). */
const TRANSITION_ERRORS = [
  ...REFUSALS,
  'hazard_party_needs_place',
  'hazard_duplicate_of_itself',
  'hazard_original_is_duplicate',
  'lookback_item_already_checked',
  'version_conflict',
] as const;

const list = defineRoute({
  method: 'get',
  path: '/hazards',
  operationId: 'listHazards',
  tags,
  summary: '隐患列表 / The hazard board of the caller’s scope',
  permission: 'hazards.read',
  request: { query: HazardListQuery },
  responses: { 200: json(HazardPage, 'a page of hazards') },
});

const create = defineRoute({
  method: 'post',
  path: '/hazards',
  operationId: 'reportHazard',
  tags,
  summary: '上报隐患 / Report a hazard (retry-safe with Idempotency-Key)',
  permission: 'hazards.report',
  request: { body: jsonBody(CreateHazard) },
  responses: { 201: json(Hazard, 'reported') },
  errors: ['not_found', 'hazard_category_inactive', ...ATTACH_ERRORS],
});

const get = defineRoute({
  method: 'get',
  path: '/hazards/{id}',
  operationId: 'getHazard',
  tags,
  summary: '隐患详情 / A hazard, with what the caller may do next',
  permission: 'hazards.read',
  request: { params: IdParam },
  responses: { 200: json(HazardDetail, 'the hazard') },
});

const transitions = defineRoute({
  method: 'post',
  path: '/hazards/{id}/transitions',
  operationId: 'transitionHazard',
  tags,
  summary: '流转 / Take a workflow action (version-guarded; stale → 409)',
  description: workflowTable(),
  permission: 'hazards.read',
  request: { params: IdParam, body: jsonBody(TransitionRequest) },
  responses: { 200: json(HazardDetail, 'the hazard after the action') },
  errors: [...TRANSITION_ERRORS, ...ATTACH_ERRORS],
});

export function registerHazardRoutes(app: OpenAPIHono<AppEnv>) {
  registerWorkflowRoute(app, {
    path: '/hazards',
    tag: 'hazards',
    permission: 'hazards.read',
    summary: '隐患闭环流程规则 / The workflow: states, actions, who may act',
    rules: WORKFLOW,
  });

  app.openapi(list, async (c) => {
    const query = c.req.valid('query');
    const principal = c.get('principal');
    const tx = c.get('tx');
    const now = c.get('deps').clock();
    const timeZone = await tenantTimeZone(tx, principal.tenantId);
    // Hazards without a deadline (not yet routed) sort after every dated one.
    const ks = keyset(
      query.sort === 'dueAt' ? sql`coalesce(${hazards.dueAt}, 'infinity'::timestamptz)` : hazards.reportedAt,
      hazards.id,
      query,
      'timestamp',
    );
    const rows = await selectHazards(tx, and(hazardInScope(principal), ...listFilters(query, principal, now, timeZone), ks.where), {
      total: ks.total,
      parties: partiesColumn,
    })
      .orderBy(...ks.orderBy)
      .limit(query.limit + 1);
    const result = ks.page(rows, (r) => (query.sort === 'dueAt' ? (r.dueAt?.toISOString() ?? 'infinity') : r.reportedAt.toISOString()));
    return c.json(
      { items: result.items.map((r) => presentHazard(r, r.parties, now)), nextCursor: result.nextCursor, total: result.total },
      200,
    );
  });

  const detail = async (c: Parameters<Parameters<typeof app.openapi>[1]>[0], id: string) => {
    const principal = c.get('principal');
    const tx = c.get('tx');
    // The hazard, its parties, files, waiting look-backs and the district's policy in one statement.
    const row = await visibleHazard(tx, principal, id, undefined, {
      parties: partiesColumn,
      evidence: evidenceColumn,
      pendingLookbacks: pendingLookbacksColumn,
      policy: storedPolicyColumn(hazards.tenantId),
    });
    const { parties, policy: storedPolicy, ...hazard } = row;
    const actor = actorContext(principal, { orgUnitPath: row.orgUnitPath, reporterId: row.reporterId }, parties);
    const policy = rememberPolicy(tx, principal.tenantId, storedPolicy);
    // A look-back is a surprise re-check: only an independent router learns the hazard is sampled.
    const independentRouter = actor.roles.has('router') && !actor.inAnyParty && !actor.isReporter;
    const pendingLookbacks = independentRouter ? row.pendingLookbacks : [];
    return {
      ...presentHazard(hazard, parties, c.get('deps').clock()),
      // A re-check answers a look-back sample: offered only while one is waiting for it.
      availableActions: availableActions(snapshotOf(row, parties), actor, policy).filter(
        (a) => a !== 'recheck' || pendingLookbacks.length > 0,
      ),
      evidence: row.evidence,
      pendingLookbacks,
    };
  };

  app.openapi(create, async (c) => {
    const id = await createHazard(c, c.req.valid('json'));
    const { availableActions: _a, evidence: _e, pendingLookbacks: _l, ...hazard } = await detail(c as never, id);
    return c.json(hazard, 201);
  });

  app.openapi(get, async (c) => c.json(await detail(c as never, c.req.valid('param').id), 200));

  app.openapi(transitions, async (c) => {
    const { id } = c.req.valid('param');
    await transitionAsCaller(c, id, c.req.valid('json'));
    return c.json(await detail(c as never, id), 200);
  });

  registerTimelineRoutes(app, {
    path: '/hazards',
    type: 'hazard',
    tag: 'hazards',
    permission: 'hazards.read',
    what: '处置',
    visible: (c, id) => visibleHazard(c.get('tx'), c.get('principal'), id),
  });
}
