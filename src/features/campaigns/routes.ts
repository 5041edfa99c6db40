import type { OpenAPIHono } from '@hono/zod-openapi';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import type * as z from 'zod';
import { campaignPhases, campaigns, taskAssignments } from '../../db/schema/index.ts';
import type { Principal } from '../../platform/authz/scope.ts';
import { tenantTimeZone } from '../../platform/db/time-zone.ts';
import { updateVersioned } from '../../platform/db/versioned.ts';
import { ApiError, notFound, notFoundAt } from '../../platform/errors.ts';
import { auditChange } from '../../platform/http/audit.ts';
import type { AppEnv } from '../../platform/http/env.ts';
import { keyset } from '../../platform/http/pagination.ts';
import { defineRoute, IdParam, json, jsonBody } from '../../platform/http/route.ts';
import { registerCampaignBulletinRoutes } from './bulletin.ts';
import { registerCampaignDashboardRoutes } from './dashboard.ts';
import {
  Campaign,
  CampaignListQuery,
  CampaignPage,
  CampaignPhases,
  CampaignTemplate,
  CampaignTemplateList,
  CreateCampaign,
  PutCampaignPhases,
  TemplateCodeParam,
  TemplatePreviewQuery,
  UpdateCampaign,
} from './schemas.ts';
import { createCampaign, requireReferences } from './service.ts';
import {
  type CampaignRow,
  campaignInTenant,
  currentPhase,
  localToday,
  phasesOf,
  presentCampaigns,
  presentPhase,
  selectCampaigns,
  visibleCampaign,
} from './store.ts';
import {
  CAMPAIGN_TEMPLATES,
  lengthLabel,
  phasesFrom,
  SUGGESTED_ASSIGNEE_LABELS,
  type CampaignTemplate as Template,
  templateByCode,
} from './templates.ts';

const tags = ['campaigns'];

const listTemplates = defineRoute({
  method: 'get',
  path: '/campaign-templates',
  operationId: 'listCampaignTemplates',
  tags,
  summary: '专项行动模板 / Campaign templates: phases as lengths, lead units by name, suggested tasks',
  permission: 'tasks.read',
  responses: { 200: json(CampaignTemplateList, 'every template') },
});

const getTemplate = defineRoute({
  method: 'get',
  path: '/campaign-templates/{code}',
  operationId: 'getCampaignTemplate',
  tags,
  summary: '专项行动模板详情 / One template; with ?startsOn= its phases are dated from that day',
  permission: 'tasks.read',
  request: { params: TemplateCodeParam, query: TemplatePreviewQuery },
  responses: { 200: json(CampaignTemplate, 'the template') },
});

const list = defineRoute({
  method: 'get',
  path: '/campaigns',
  operationId: 'listCampaigns',
  tags,
  summary: '专项行动列表 / The district’s campaigns, each with its phases and the current one',
  permission: 'tasks.read',
  request: { query: CampaignListQuery },
  responses: { 200: json(CampaignPage, 'a page of campaigns') },
});

const create = defineRoute({
  method: 'post',
  path: '/campaigns',
  operationId: 'createCampaign',
  tags,
  summary: '新建专项行动 / Create a campaign, explicitly or from a template (retry-safe with Idempotency-Key)',
  permission: 'campaigns.manage',
  request: { body: jsonBody(CreateCampaign) },
  responses: { 201: json(Campaign, 'created') },
  errors: ['not_found'],
});

const get = defineRoute({
  method: 'get',
  path: '/campaigns/{id}',
  operationId: 'getCampaign',
  tags,
  summary: '专项行动详情 / A campaign',
  permission: 'tasks.read',
  request: { params: IdParam },
  responses: { 200: json(Campaign, 'the campaign') },
});

const update = defineRoute({
  method: 'patch',
  path: '/campaigns/{id}',
  operationId: 'updateCampaign',
  tags,
  summary: '修改专项行动 / Update or archive a campaign (version-guarded; stale → 409). Campaigns are archived, never deleted.',
  permission: 'campaigns.manage',
  request: { params: IdParam, body: jsonBody(UpdateCampaign) },
  responses: { 200: json(Campaign, 'updated') },
  errors: ['version_conflict'],
});

const getPhases = defineRoute({
  method: 'get',
  path: '/campaigns/{id}/phases',
  operationId: 'getCampaignPhases',
  tags,
  summary: '专项行动阶段 / The phases of a campaign, with the campaign’s version',
  permission: 'tasks.read',
  request: { params: IdParam },
  responses: { 200: json(CampaignPhases, 'the phases, in order') },
});

const putPhases = defineRoute({
  method: 'put',
  path: '/campaigns/{id}/phases',
  operationId: 'replaceCampaignPhases',
  tags,
  summary: '调整专项行动阶段 / Replace the phases (version-guarded by the campaign’s version; stale → 409)',
  description:
    '整体替换阶段列表：已有阶段带 id（id 保持不变），新阶段不带 id；未列出的阶段被删除，但已有任务引用的阶段不能删除（409）。' +
    ' / Replaces the list: existing phases carry their id (kept stable), new ones none; a phase left out is removed, unless a task assignment references it (409).',
  permission: 'campaigns.manage',
  request: { params: IdParam, body: jsonBody(PutCampaignPhases) },
  responses: { 200: json(CampaignPhases, 'the phases after the change') },
  errors: ['version_conflict', 'campaign_archived', 'campaign_phase_in_use'],
});

function presentTemplate(t: Template, startsOn?: string) {
  const dated = startsOn ? phasesFrom(t, startsOn) : null;
  return {
    code: t.code,
    name: t.name,
    goal: t.goal,
    source: t.source,
    phases: t.phases.map((p, i) => ({
      ordinal: i + 1,
      name: p.name,
      goal: p.goal,
      length: p.length,
      lengthLabel: lengthLabel(p.length),
      ...(dated ? { startsOn: dated[i]!.startsOn, endsOn: dated[i]!.endsOn } : {}),
    })),
    leads: [...t.leads],
    responsible: [...t.responsible],
    tasks: t.tasks.map((task) => ({ ...task, assigneesLabel: SUGGESTED_ASSIGNEE_LABELS[task.assignees], done: { ...task.done } })),
  };
}

const byId = (principal: Principal, id: string) => and(campaignInTenant(principal), eq(campaigns.id, id))!;

type Ctx = Context<AppEnv>;

async function today(c: Ctx): Promise<string> {
  return localToday(c.get('deps').clock(), await tenantTimeZone(c.get('tx'), c.get('principal').tenantId));
}

async function answer(c: Ctx, row: CampaignRow) {
  const [view] = await presentCampaigns(c.get('tx'), c.get('principal').tenantId, [row], await today(c));
  return view!;
}

async function phasesAnswer(c: Ctx, campaignId: string, version: number) {
  const phases = await phasesOf(c.get('tx'), c.get('principal').tenantId, [campaignId]);
  return { campaignId, version, currentPhaseId: currentPhase(phases, await today(c))?.id ?? null, phases: phases.map(presentPhase) };
}

async function replacePhases(c: Ctx, id: string, body: z.output<typeof PutCampaignPhases>): Promise<number> {
  const tx = c.get('tx');
  const principal = c.get('principal');
  const campaign = await visibleCampaign(tx, principal, id);
  if (campaign.status === 'archived') throw new ApiError('campaign_archived');
  // The version guard first: it also locks the campaign, so two replacements take turns.
  const { version } = await updateVersioned(tx, campaigns, byId(principal, id), body.version, {}, 'campaign');

  const existing = await phasesOf(tx, principal.tenantId, [id]);
  const existingIds = new Set(existing.map((p) => p.id));
  const unknown = body.phases.flatMap((p, i) =>
    p.id && !existingIds.has(p.id) ? [{ path: `phases.${i}.id`, resource: 'phase' as const }] : [],
  );
  if (unknown.length) throw notFoundAt(unknown);

  const keptIds = new Set(body.phases.flatMap((p) => (p.id ? [p.id] : [])));
  const removed = existing.filter((p) => !keptIds.has(p.id));
  if (removed.length) {
    const referenced = new Set(
      (
        await tx
          .selectDistinct({ phaseId: taskAssignments.phaseId })
          .from(taskAssignments)
          .where(
            and(
              eq(taskAssignments.tenantId, principal.tenantId),
              inArray(
                taskAssignments.phaseId,
                removed.map((p) => p.id),
              ),
            ),
          )
      ).map((r) => r.phaseId),
    );
    const blocked = removed.filter((p) => referenced.has(p.id));
    if (blocked.length) {
      throw new ApiError('campaign_phase_in_use', {
        params: { phases: blocked.map((p) => ({ id: p.id, name: p.name })) },
        field: 'phases',
      });
    }
    await tx.delete(campaignPhases).where(
      and(
        eq(campaignPhases.tenantId, principal.tenantId),
        inArray(
          campaignPhases.id,
          removed.map((p) => p.id),
        ),
      ),
    );
  }

  // Ordinals are unique per campaign: park the kept phases on negative ordinals, then renumber.
  if (keptIds.size) {
    await tx
      .update(campaignPhases)
      .set({ ordinal: sql`-${campaignPhases.ordinal}` })
      .where(and(eq(campaignPhases.tenantId, principal.tenantId), eq(campaignPhases.campaignId, id)));
  }
  const fresh: (typeof campaignPhases.$inferInsert)[] = [];
  for (const [i, p] of body.phases.entries()) {
    const values = { ordinal: i + 1, name: p.name, goal: p.goal ?? null, startsOn: p.startsOn, endsOn: p.endsOn };
    if (p.id) {
      await tx
        .update(campaignPhases)
        .set(values)
        .where(and(eq(campaignPhases.tenantId, principal.tenantId), eq(campaignPhases.id, p.id)));
    } else {
      fresh.push({ tenantId: principal.tenantId, campaignId: id, ...values });
    }
  }
  if (fresh.length) await tx.insert(campaignPhases).values(fresh);

  await auditChange(
    c,
    'campaign.phases_replaced',
    { type: 'campaign', id },
    {
      version,
      removed: removed.map((p) => ({ id: p.id, name: p.name })),
      phases: body.phases.map((p) => ({ id: p.id ?? null, name: p.name, startsOn: p.startsOn, endsOn: p.endsOn })),
    },
  );
  return version;
}

export function registerCampaignRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(listTemplates, (c) => c.json({ items: CAMPAIGN_TEMPLATES.map((t) => presentTemplate(t)) }, 200));

  app.openapi(getTemplate, (c) => {
    const template = templateByCode(c.req.valid('param').code);
    if (!template) throw notFound('campaign_template');
    return c.json(presentTemplate(template, c.req.valid('query').startsOn), 200);
  });

  app.openapi(list, async (c) => {
    const query = c.req.valid('query');
    const principal = c.get('principal');
    const tx = c.get('tx');
    const ks = keyset(query.sort === 'name' ? campaigns.name : campaigns.createdAt, campaigns.id, query);
    const rows = await selectCampaigns(
      tx,
      and(campaignInTenant(principal), query.status ? eq(campaigns.status, query.status) : undefined, ks.where),
      { total: ks.total },
    )
      .orderBy(...ks.orderBy)
      .limit(query.limit + 1);
    const result = ks.page(rows, (r) => (query.sort === 'name' ? r.name : r.createdAt.toISOString()));
    return c.json(
      {
        items: await presentCampaigns(tx, principal.tenantId, result.items, await today(c)),
        nextCursor: result.nextCursor,
        total: result.total,
      },
      200,
    );
  });

  app.openapi(create, async (c) => {
    const id = await createCampaign(c.get('tx'), c.get('principal'), c.get('deps').clock(), c.req.valid('json'), (campaignId, detail) =>
      auditChange(c, 'campaign.created', { type: 'campaign', id: campaignId }, detail),
    );
    return c.json(await answer(c, await visibleCampaign(c.get('tx'), c.get('principal'), id)), 201);
  });

  app.openapi(get, async (c) => {
    const row = await visibleCampaign(c.get('tx'), c.get('principal'), c.req.valid('param').id);
    return c.json(await answer(c, row), 200);
  });

  app.openapi(update, async (c) => {
    const { id } = c.req.valid('param');
    const { version, ...changes } = c.req.valid('json');
    const tx = c.get('tx');
    const principal = c.get('principal');
    await visibleCampaign(tx, principal, id);
    if (changes.scopeOrgUnitId) {
      await requireReferences(tx, principal.tenantId, [{ path: 'scopeOrgUnitId', kind: 'org_unit', id: changes.scopeOrgUnitId }]);
    }
    await updateVersioned(tx, campaigns, byId(principal, id), version, changes, 'campaign');
    await auditChange(c, 'campaign.updated', { type: 'campaign', id }, changes);
    return c.json(await answer(c, await visibleCampaign(tx, principal, id)), 200);
  });

  app.openapi(getPhases, async (c) => {
    const row = await visibleCampaign(c.get('tx'), c.get('principal'), c.req.valid('param').id);
    return c.json(await phasesAnswer(c, row.id, row.version), 200);
  });

  app.openapi(putPhases, async (c) => {
    const { id } = c.req.valid('param');
    const version = await replacePhases(c, id, c.req.valid('json'));
    return c.json(await phasesAnswer(c, id, version), 200);
  });

  registerCampaignDashboardRoutes(app);
  registerCampaignBulletinRoutes(app);
}
