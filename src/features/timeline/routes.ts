import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import * as z from 'zod';
import type { Permission } from '../../platform/authz/roles.ts';
import type { AppEnv } from '../../platform/http/env.ts';
import { defineRoute, IdParam, json } from '../../platform/http/route.ts';
import { verifyChain } from './chain.ts';
import { ChainVerdict, TimelineEvent } from './schemas.ts';
import { eventsOf } from './store.ts';
import type { SubjectType } from './vocabulary.ts';

const pascal = (words: string[]) => words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');

/** `/maintenance-records` → `MaintenanceRecord`: the singular noun of a collection path, for operationIds. */
const nounOfPath = (path: string) => {
  const words = (path.split('/').at(-1) ?? '').split('-');
  words[words.length - 1] = words.at(-1)!.replace(/s$/, '');
  return pascal(words);
};

/** `maintenance_record` → `MaintenanceRecord`. */
const nounOfType = (type: SubjectType) => pascal(type.split('_'));

/**
 * GET /x/workflow: a workflow's rules as data (states, actions, who may act), the same table the
 * code runs. Register it before the /x/{id} routes, which would otherwise take "workflow" for an id.
 */
export function registerWorkflowRoute(
  app: OpenAPIHono<AppEnv>,
  r: { path: `/${string}`; tag: string; permission: Permission; summary: string; rules: object },
) {
  const route = defineRoute({
    method: 'get',
    path: `${r.path}/workflow`,
    // getHazardWorkflow, getTaskWorkflow, getMaintenanceRecordWorkflow
    operationId: `get${nounOfPath(r.path)}Workflow`,
    tags: [r.tag],
    summary: r.summary,
    permission: r.permission,
    responses: { 200: json(z.object({ actions: z.record(z.string(), z.unknown()) }), 'the workflow table') },
  });
  app.openapi(route, (c) => c.json({ actions: r.rules as Record<string, unknown> }, 200));
}

/**
 * GET /x/{id}/timeline and /x/{id}/timeline/verify, declared once for every subject with a
 * timeline. `visible` loads the subject the caller may see (or throws 404): the timeline is
 * exactly as visible as its subject.
 */
export function registerTimelineRoutes(
  app: OpenAPIHono<AppEnv>,
  r: {
    path: `/${string}`;
    type: SubjectType;
    tag: string;
    permission: Permission;
    what: string;
    visible: (c: Context<AppEnv>, id: string) => Promise<{ id: string; chainHead: string }>;
  },
) {
  const tags = [r.tag];
  // getHazardTimeline / verifyHazardTimeline, and the same for tasks and maintenance records.
  const noun = nounOfType(r.type);
  const timeline = defineRoute({
    method: 'get',
    path: `${r.path}/{id}/timeline`,
    operationId: `get${noun}Timeline`,
    tags,
    summary: `${r.what}记录 / The timeline (append-only, hash-chained)`,
    permission: r.permission,
    request: { params: IdParam },
    responses: { 200: json(z.object({ items: z.array(TimelineEvent) }), 'every event, oldest first') },
  });
  const verify = defineRoute({
    method: 'get',
    path: `${r.path}/{id}/timeline/verify`,
    operationId: `verify${noun}Timeline`,
    tags,
    summary: `校验${r.what}记录 / Recompute the hash chain and say whether anything was altered`,
    permission: r.permission,
    request: { params: IdParam },
    responses: { 200: json(ChainVerdict, 'the verdict') },
  });

  app.openapi(timeline, async (c) => {
    const row = await r.visible(c, c.req.valid('param').id);
    const events = await eventsOf(c.get('tx'), c.get('principal').tenantId, { type: r.type, id: row.id });
    return c.json(
      {
        items: events.map(({ event: e, actorName }) => ({
          seq: e.seq,
          at: e.at.toISOString(),
          actor: e.actorUserId ? { id: e.actorUserId, displayName: actorName ?? '' } : null,
          action: e.action,
          fromState: e.fromState,
          toState: e.toState,
          note: e.note,
          data: e.data,
          evidenceIds: e.evidenceIds,
          hash: e.hash,
        })),
      },
      200,
    );
  });

  app.openapi(verify, async (c) => {
    const row = await r.visible(c, c.req.valid('param').id);
    const events = await eventsOf(c.get('tx'), c.get('principal').tenantId, { type: r.type, id: row.id });
    return c.json(
      await verifyChain(
        events.map((e) => e.event),
        row.chainHead,
      ),
      200,
    );
  });
}
